import { defineConfig } from "vitest/config";

/**
 * End-to-end tests: the sample site, built and served by `newsmirror preview`
 * on 127.0.0.1, read by Debian's Chromium through playwright-core.
 * `npm run test:e2e`. One file at a time: each drives one browser.
 */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    // The live-reload test runs a dev server whose builder builds in this process: Eleventy imports the templates through tsx.
    execArgv: ["--import", "tsx/esm"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
