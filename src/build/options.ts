/**
 * What one build is asked to do. The CLI decides it; `.eleventy.ts` reads it
 * back from the environment, the one channel that also reaches a config
 * loaded by Eleventy's own CLI (`npx tsx node_modules/.bin/eleventy`).
 */
import path from "node:path";

export interface BuildOptions {
  /** Absolute path of the content folder (articles and site.json). */
  contentDir: string;
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
  /** Include `draft: true` articles (the dev server does; production never). */
  includeDrafts: boolean;
  /** Eleventy watches the content folder (default); false when the dev server's ContentWatch does. */
  eleventyWatchesContent?: boolean;
}

const ENV = {
  contentDir: "NEWSMIRROR_CONTENT",
  displayRoot: "NEWSMIRROR_DISPLAY_ROOT",
  includeDrafts: "NEWSMIRROR_DRAFTS",
  eleventyWatchesContent: "NEWSMIRROR_ELEVENTY_WATCHES_CONTENT",
} as const;

export function readBuildOptions(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BuildOptions {
  return {
    contentDir: path.resolve(cwd, env[ENV.contentDir] || "content"),
    displayRoot: path.resolve(cwd, env[ENV.displayRoot] || "."),
    includeDrafts: env[ENV.includeDrafts] === "1",
    eleventyWatchesContent: env[ENV.eleventyWatchesContent] !== "0",
  };
}

export function writeBuildOptions(options: BuildOptions, env: NodeJS.ProcessEnv = process.env): void {
  env[ENV.contentDir] = options.contentDir;
  env[ENV.displayRoot] = options.displayRoot;
  env[ENV.includeDrafts] = options.includeDrafts ? "1" : "0";
  env[ENV.eleventyWatchesContent] = options.eleventyWatchesContent === false ? "0" : "1";
}
