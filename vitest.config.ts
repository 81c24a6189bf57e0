import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "**/node_modules/**"], // a browser's: npm run test:e2e
    // Site builds run the CLI in a child process, as a user would.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
