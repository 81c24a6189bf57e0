import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "**/node_modules/**"], // a browser's: npm run test:e2e
    // The sample site, built once for the tests that only read it (inject("sampleSite")).
    globalSetup: ["tests/setup/sample-site.ts"],
    // Builds run in-process (tests/helpers/cli.ts); Eleventy imports the TypeScript templates itself, through tsx.
    execArgv: ["--import", "tsx/esm"],
    // Test files share a worker's modules (Eleventy, markdown-it, zod load once per worker, not once per file):
    // 49 s → 21 s for the pure unit files. Nothing in src/ keeps state between builds, and no test mocks a module.
    isolate: false,
    // One worker per core (vitest keeps one core free by default): builds run in the workers, not in child processes.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
