/**
 * One production build: check the output folder is one newsmirror may
 * replace and lock it, validate all content (every problem reported at
 * once, nothing written), then let Eleventy render into a staging folder,
 * then publish it in place of the old site.
 */
import Eleventy from "@11ty/eleventy";
import path from "node:path";
import { newsmirrorSite } from "../../.eleventy.ts";
import type { ArticleLoader } from "../article/load.ts";
import { NewsmirrorError, type ContentProblem } from "../errors.ts";
import { exists, isWithin, realPathOf, shownPath } from "../folders.ts";
import type { PhotoCache, PhotoStats } from "../images/encode.ts";
import { FolderWriteError, writeFailure } from "../output/disk-failures.ts";
import { checkCacheFolder, checkOutputFolder, writeSiteMarker, type FolderContext } from "../output/guard.ts";
import { lockOutputFolder } from "../output/lock.ts";
import {
  abandonNow,
  createStaging,
  discardStaging,
  onStopSignals,
  publishStaging,
  recoverInterrupted,
} from "../output/staging.ts";
import { PACKAGE_ROOT, TEMPLATES_DIR } from "../package.ts";
import {
  createBuildContext,
  NO_PROGRESS,
  type BuildContext,
  type BuildOptions,
  type ProgressListener,
  type SiteContent,
} from "../plugins/context.ts";
import { planSearch, writeSearchIndex, type SearchReport } from "../search/search-index.ts";
import { releaseMemory } from "./memory.ts";

export interface BuildRequest extends BuildOptions {
  outputDir: string;
  /** Write the Pagefind search index (default true). */
  search?: boolean;
  /** Where the user works (default: displayRoot): the output-folder rules protect it, and messages name paths from it. */
  cwd?: string;
  /** Told once, in one line, when another build holds the output folder and this one waits for it. */
  onWait?: (message: string) => void;
  /** The caller holds the output folder's lock already (the dev server holds its folder's for its whole life). */
  lockHeld?: boolean;
  /** Told as pages are written (the CLI's progress line). */
  progress?: ProgressListener;
  /** The content folder's loader to read with, and keep the cache of (the dev server's, across its builds); default a new one. */
  loader?: ArticleLoader;
  /** The photo cache to encode into (the dev server's, across its builds); default one for `imageCacheDir`. */
  photoCache?: PhotoCache;
}

export interface BuildReport {
  articles: number;
  /** Problems that did not stop the build (an article with no body). */
  warnings: ContentProblem[];
  pagesWritten: number;
  seconds: number;
  /** Until the pages were written: `seconds` without the search index. */
  siteSeconds: number;
  /** The search-index step, after the pages, included in `seconds`. */
  search?: SearchReport;
  /** Photo work of this build (counted, so tests can see a warm build encodes nothing). */
  photos?: PhotoStats;
  /** What the site was built from, for a caller that goes on from it (the dev server); let go when the search step runs. */
  content?: SiteContent;
}

export async function build(request: BuildRequest): Promise<BuildReport> {
  const started = performance.now();
  const cwd = request.cwd ?? request.displayRoot;
  const folders: FolderContext = { cwd, contentDir: request.contentDir, packageRoot: PACKAGE_ROOT };
  // Checked before anything is written (the CLI checks first too, naming paths as typed).
  await checkOutputFolder("--output", request.outputDir, folders);
  if (request.imageCacheDir)
    await checkCacheFolder("--image-cache", request.imageCacheDir, { ...folders, outputDir: request.outputDir });
  // The swap happens where the folder really is (beside a symbolic link's target, not the link).
  const outputDir = await realPathOf(request.outputDir);
  const shown = shownPath(cwd, request.outputDir);
  let hadSite = await exists(outputDir);
  const lock = request.lockHeld
    ? { release: async () => undefined }
    : await lockOutputFolder(
        outputDir,
        { command: "build" },
        { wait: true, ...(request.onWait ? { onWait: request.onWait } : {}) },
      ).catch(async (error: unknown) => {
        throw failureReport((await writeFailure(error, outputDir)) ?? error, { cwd, outputDir, shown }, hadSite, false);
      });
  let staging: string | undefined;
  const stopHandlers = onStopSignals((signal) => {
    abandonNow(outputDir);
    process.stderr.write(
      `newsmirror: stopped by ${signal}; ${hadSite ? "the previous site is intact" : "nothing was written"}\n`,
    );
  });
  const progress = request.progress ?? NO_PROGRESS;
  try {
    // First, whatever happens next: a site a killed build left aside is put back.
    await recoverInterrupted(outputDir);
    hadSite = await exists(outputDir);
    await checkOutputFolder("--output", request.outputDir, folders); // what was put back, or changed while this build waited
    // Every problem in the content is found before anything is written; Eleventy's data then takes what was read.
    let context: BuildContext | undefined = createBuildContext(request, {
      progress,
      loader: request.loader,
      photoCache: request.photoCache,
    });
    let content: SiteContent | undefined = await context.content();
    const articles = content.articles.length;
    const warnings = content.warnings;
    const basePath = new URL(content.settings.baseUrl).pathname;
    const relative = (request.relativeLinks ?? false) || content.settings.relativeLinks;
    staging = await createStaging(outputDir);
    const pagesWritten = await writeSite(context, staging);
    const siteSeconds = (performance.now() - started) / 1000;
    const photos = request.imageCacheDir ? { ...context.photoCache.stats } : undefined;
    let search: SearchReport | undefined;
    if (request.search !== false) {
      // Pagefind is given records made from the loaded articles, a month's bundle at a time.
      const { settings } = content;
      const { bundles } = planSearch(content.articles, settings, request.searchBundleSize);
      content = undefined;
      if (!request.loader) context = undefined; // the loader's cache goes with it, unless the caller keeps it
      releaseMemory();
      search = await writeSearchIndex(
        staging,
        bundles,
        async (articles) => [...articles],
        settings,
        (bundle, of) =>
          progress.step(
            `search index${of > 1 ? `, bundle ${bundle} of ${of}` : ""} (${articles.toLocaleString("en-US")} articles)`,
          ),
      );
    }
    // The build time, when given, keeps the output reproducible (SOURCE_DATE_EPOCH).
    await writeSiteMarker(staging, {
      basePath,
      builtAt: new Date(request.buildTimeMs ?? Date.now()).toISOString(),
      search: request.search !== false,
      relative,
    });
    await publishStaging(staging, outputDir);
    return {
      articles,
      warnings,
      pagesWritten,
      seconds: (performance.now() - started) / 1000,
      siteSeconds,
      ...(search ? { search } : {}),
      ...(photos ? { photos } : {}),
      ...(content ? { content } : {}),
    };
  } catch (error) {
    // Asked before the staging folder goes: a disk it filled has no space left now.
    const writesIn = [path.dirname(outputDir), ...(request.imageCacheDir ? [request.imageCacheDir] : [])];
    const disk = staging
      ? await writeFailure(error, outputDir, { checkSpace: true, writesIn })
      : await writeFailure(error, outputDir, { writesIn });
    if (staging) await discardStaging(staging);
    throw disk ? failureReport(disk, { cwd, outputDir, shown }, hadSite, staging !== undefined) : error;
  } finally {
    stopHandlers();
    await lock.release();
  }
}

/** The one line for a build the disk stopped: what happened, what is left, what to do. */
function failureReport(
  error: unknown,
  where: { cwd: string; outputDir: string; shown: string },
  hadSite: boolean,
  removed: boolean,
): unknown {
  if (!(error instanceof FolderWriteError)) return error;
  const left = hadSite ? "the previous site is intact" : "nothing was written";
  if (error.problem === "full") {
    return new NewsmirrorError(
      `the disk holding ${where.shown} is full; ${left}${removed ? " and the unfinished build was removed" : ""}; free some space and build again`,
      { cause: error },
    );
  }
  // Named by the output folder when the refusal came from beside it, else (the photo cache) by the folder alone.
  const output =
    isWithin(path.dirname(where.outputDir), error.where) || isWithin(error.where, where.outputDir)
      ? `--output ${where.shown}: `
      : "";
  return new NewsmirrorError(
    `${output}cannot write in ${shownPath(where.cwd, error.where)} (${error.reason}); ${left}`,
    { cause: error },
  );
}

/** Eleventy renders the site into `staging`, article pages included (src/plugins/article-pages.ts); returns the pages written. */
async function writeSite(context: BuildContext, staging: string): Promise<number> {
  // No config file (an empty path): the site is `newsmirrorSite` alone, whatever folder newsmirror runs in.
  const eleventy = new Eleventy(TEMPLATES_DIR, staging, {
    configPath: "",
    config: newsmirrorSite(context),
    quietMode: true,
  });
  eleventy.disableLogger(); // our one summary line (or error report) replaces its output
  const results = await eleventy.write();
  return results[1].filter((r) => r.outputPath).length + context.results.articlePages;
}
