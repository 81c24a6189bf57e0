import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Site builds run the CLI in a child process, as a user would.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
