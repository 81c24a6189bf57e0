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
  /** Folder of encoded photo variants kept between builds (default `.cache/images`). */
  imageCacheDir?: string;
}

const ENV = {
  contentDir: "NEWSMIRROR_CONTENT",
  displayRoot: "NEWSMIRROR_DISPLAY_ROOT",
  includeDrafts: "NEWSMIRROR_DRAFTS",
  imageCacheDir: "NEWSMIRROR_IMAGE_CACHE",
} as const;

export function readBuildOptions(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BuildOptions {
  return {
    contentDir: path.resolve(cwd, env[ENV.contentDir] || "content"),
    displayRoot: path.resolve(cwd, env[ENV.displayRoot] || "."),
    includeDrafts: env[ENV.includeDrafts] === "1",
    imageCacheDir: path.resolve(cwd, env[ENV.imageCacheDir] || ".cache/images"),
  };
}

export function writeBuildOptions(options: BuildOptions, env: NodeJS.ProcessEnv = process.env): void {
  env[ENV.contentDir] = options.contentDir;
  env[ENV.displayRoot] = options.displayRoot;
  env[ENV.includeDrafts] = options.includeDrafts ? "1" : "0";
  if (options.imageCacheDir) env[ENV.imageCacheDir] = options.imageCacheDir;
}
