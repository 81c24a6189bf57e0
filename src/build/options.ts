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
  /** A dev-server build: its pages admit the server's live-reload script (src/security/csp.ts). */
  dev?: boolean;
  /** Make every internal link relative (`build --relative`; also the `relativeLinks` setting). */
  relativeLinks?: boolean;
  /** "Now" for the news sitemap, in Unix ms (`build --build-time`, SOURCE_DATE_EPOCH); default the real time. */
  buildTimeMs?: number;
  /** Folder of encoded photo variants kept between builds (default `.cache/images`). */
  imageCacheDir?: string;
  /** Articles per search-index bundle (`build --search-bundle`; default SEARCH_BUNDLE_SIZE). */
  searchBundleSize?: number;
}

const ENV = {
  contentDir: "NEWSMIRROR_CONTENT",
  displayRoot: "NEWSMIRROR_DISPLAY_ROOT",
  includeDrafts: "NEWSMIRROR_DRAFTS",
  dev: "NEWSMIRROR_DEV",
  relativeLinks: "NEWSMIRROR_RELATIVE",
  buildTimeMs: "NEWSMIRROR_BUILD_TIME_MS",
  imageCacheDir: "NEWSMIRROR_IMAGE_CACHE",
  searchBundleSize: "NEWSMIRROR_SEARCH_BUNDLE",
} as const;

export function readBuildOptions(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BuildOptions {
  return {
    contentDir: path.resolve(cwd, env[ENV.contentDir] || "content"),
    displayRoot: path.resolve(cwd, env[ENV.displayRoot] || "."),
    includeDrafts: env[ENV.includeDrafts] === "1",
    dev: env[ENV.dev] === "1",
    relativeLinks: env[ENV.relativeLinks] === "1",
    buildTimeMs: env[ENV.buildTimeMs] ? Number(env[ENV.buildTimeMs]) : undefined,
    imageCacheDir: path.resolve(cwd, env[ENV.imageCacheDir] || ".cache/images"),
    ...(env[ENV.searchBundleSize] ? { searchBundleSize: Number(env[ENV.searchBundleSize]) } : {}),
  };
}

export function writeBuildOptions(options: BuildOptions, env: NodeJS.ProcessEnv = process.env): void {
  env[ENV.contentDir] = options.contentDir;
  env[ENV.displayRoot] = options.displayRoot;
  env[ENV.includeDrafts] = options.includeDrafts ? "1" : "0";
  env[ENV.dev] = options.dev ? "1" : "0";
  env[ENV.relativeLinks] = options.relativeLinks ? "1" : "0";
  env[ENV.buildTimeMs] = options.buildTimeMs === undefined ? "" : String(options.buildTimeMs);
  if (options.imageCacheDir) env[ENV.imageCacheDir] = options.imageCacheDir;
  env[ENV.searchBundleSize] = options.searchBundleSize === undefined ? "" : String(options.searchBundleSize);
}
