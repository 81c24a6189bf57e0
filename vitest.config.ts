import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "**/node_modules/**"], // a browser's: npm run test:e2e
    // The sample site, built once for the tests that only read it (inject("sampleSite")).
    globalSetup: ["tests/setup/sample-site.ts"],
    // Builds run in-process (tests/helpers/cli.ts); Eleventy imports the TypeScript templates itself, through tsx.
    execArgv: ["--import", "tsx/esm"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
