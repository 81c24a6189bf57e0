/**
 * One production build: check the output folder is one newsmirror may
 * replace and lock it, validate all content (every problem reported at
 * once, nothing written), then let Eleventy render into a staging folder,
 * then publish it in place of the old site.
 */
import Eleventy from "@11ty/eleventy";
import path from "node:path";
import { forgetLoader, handOverArticles, loaderFor } from "../plugins/articles.ts";
import { articlePagesWritten, useBuildHelper } from "../plugins/article-pages.ts";
import { progressStep } from "../plugins/progress.ts";
import { ARTICLE_TEMPLATE, WORKER_THRESHOLD } from "./article-pages.ts";
import { BuildHelper } from "./helper.ts";
import type { LoadOptions } from "../article/load.ts";
import { photoCacheFor, type PhotoStats } from "../images/encode.ts";
import { ContentError, NewsmirrorError, type ContentProblem } from "../errors.ts";
import type { Article } from "../article/article.ts";
import { readSettings, type SiteSettings } from "../site/settings.ts";
import { writeBuildOptions, type BuildOptions } from "./options.ts";
import { abandonNow, createStaging, discardStaging, onStopSignals, publishStaging, recoverInterrupted } from "./output.ts";
import { exists, isWithin, realPathOf, shownPath } from "../folders.ts";
import { FolderWriteError, writeFailure } from "./disk-failures.ts";
import { checkCacheFolder, checkOutputFolder, writeSiteMarker, type FolderContext } from "./output-guard.ts";
import { lockOutputFolder } from "./output-lock.ts";
import { CONFIG_FILE, PACKAGE_ROOT, TEMPLATES_DIR } from "./paths.ts";
import { releaseMemory } from "./memory.ts";
import { searchRecord, writeSearchIndex, type SearchReport } from "./search.ts";

export interface BuildRequest extends BuildOptions {
  outputDir: string;
  /** Write the Pagefind search index (default true). */
  search?: boolean;
  /** 1: everything on this thread; 2: a worker thread too; default: a worker for WORKER_THRESHOLD articles or more. */
  threads?: 1 | 2;
  /** Where the user works (default: displayRoot): the output-folder rules protect it, and messages name paths from it. */
  cwd?: string;
  /** Told once, in one line, when another build holds the output folder and this one waits for it. */
  onWait?: (message: string) => void;
  /** The caller holds the output folder's lock already (the dev server holds its folder's for its whole life). */
  lockHeld?: boolean;
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
  /** Why a build meant for two threads ran on one (its worker could not start), if it did. */
  oneThread?: string;
}

/** Checks the content folder; throws ContentError with every problem. */
export async function validateContent(options: BuildOptions): Promise<{ articles: number; warnings: ContentProblem[] }> {
  const { articles, warnings } = await loadValidContent(options);
  return { articles: articles.length, warnings };
}

/** The content folder's settings and articles; throws ContentError with every problem, site.json's and the articles'. */
export async function loadValidContent(options: BuildOptions, parallel?: LoadOptions["parallel"]): Promise<{ settings: SiteSettings; articles: Article[]; warnings: ContentProblem[] }> {
  const display = path.relative(options.displayRoot, options.contentDir) || ".";
  const checked = readSettings(options.contentDir, display);
  const { settings } = checked;
  const { articles, problems, warnings } = await loaderFor(options.contentDir).load({ ...options, settings, ...(parallel ? { parallel } : {}) });
  if (checked.problems.length + problems.length > 0) throw new ContentError([...checked.problems, ...problems]);
  // An empty folder is a new site (it builds); said, since a wrong --input is the likelier cause.
  if (articles.length === 0) warnings.push({ file: display, severity: "warning", message: noArticles(options.includeDrafts) });
  return { settings, articles, warnings };
}

function noArticles(includeDrafts: boolean): string {
  return `no articles (no .md files below it${includeDrafts ? "" : ", or only drafts"}); check --input, or write one with newsmirror new`;
}

/** Eleventy resolves its input, config and passthrough paths against the working directory. */
function inPackageRoot(): void {
  if (process.cwd() !== PACKAGE_ROOT) process.chdir(PACKAGE_ROOT);
}

type Content = Awaited<ReturnType<typeof loadValidContent>>;

export async function build(request: BuildRequest): Promise<BuildReport> {
  const started = performance.now();
  const cwd = request.cwd ?? request.displayRoot;
  const folders: FolderContext = { cwd, contentDir: request.contentDir, packageRoot: PACKAGE_ROOT };
  // Checked before anything is written (the CLI checks first too, naming paths as typed).
  await checkOutputFolder("--output", request.outputDir, folders);
  if (request.imageCacheDir) await checkCacheFolder("--image-cache", request.imageCacheDir, { ...folders, outputDir: request.outputDir });
  // The swap happens where the folder really is (beside a symbolic link's target, not the link).
  const outputDir = await realPathOf(request.outputDir);
  const shown = shownPath(cwd, request.outputDir);
  let hadSite = await exists(outputDir);
  const lock = request.lockHeld
    ? { release: async () => undefined }
    : await lockOutputFolder(outputDir, { command: "build" }, { wait: true, ...(request.onWait ? { onWait: request.onWait } : {}) }).catch(async (error: unknown) => {
        throw failureReport((await writeFailure(error, outputDir)) ?? error, { cwd, outputDir, shown }, hadSite, false);
      });
  let staging: string | undefined;
  const stopHandlers = onStopSignals((signal) => {
    abandonNow(outputDir);
    process.stderr.write(`newsmirror: stopped by ${signal}; ${hadSite ? "the previous site is intact" : "nothing was written"}\n`);
  });
  // A large folder gets a second thread, which reads articles and writes their pages beside this one.
  const second: { helper?: BuildHelper } = {};
  const wanted = (files: number) => (request.threads ? request.threads === 2 : files >= WORKER_THRESHOLD);
  const startHelper = (files: number) => (wanted(files) ? (second.helper ??= new BuildHelper(ARTICLE_TEMPLATE)) : undefined);
  const closeHelper = async () => second.helper?.close();
  try {
    // First, whatever happens next: a site a killed build left aside is put back.
    await recoverInterrupted(outputDir);
    hadSite = await exists(outputDir);
    await checkOutputFolder("--output", request.outputDir, folders); // what was put back, or changed while this build waited
    let content: Content | undefined = await loadValidContent(request, startHelper);
    const articles = content.articles.length;
    const warnings = content.warnings;
    const basePath = new URL(content.settings.baseUrl).pathname;
    const relative = (request.relativeLinks ?? false) || content.settings.relativeLinks;
    useBuildHelper(second.helper ?? null);
    staging = await createStaging(outputDir);
    const pagesWritten = await writeSite(request, content, staging);
    const siteSeconds = (performance.now() - started) / 1000;
    const oneThread = second.helper?.unavailable?.message;
    await closeHelper();
    let search: SearchReport | undefined;
    if (request.search !== false) {
      // Pagefind is given records made from the loaded articles. Everything else the site needed is let go
      // first: at 100,000 articles that is 2 GiB this process would otherwise hold beside Pagefind's.
      const records = content.articles.map((article) => searchRecord(article, content!.settings));
      content = undefined;
      forgetLoader(request.contentDir);
      releaseMemory();
      search = await writeSearchIndex(staging, records, request.searchBundleSize, (bundle, of) =>
        progressStep(`search index${of > 1 ? `, bundle ${bundle} of ${of}` : ""} (${records.length.toLocaleString("en-US")} articles)`),
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
    const photos = request.imageCacheDir ? { ...photoCacheFor(request.imageCacheDir).stats } : undefined;
    return { articles, warnings, pagesWritten, seconds: (performance.now() - started) / 1000, siteSeconds, ...(search ? { search } : {}), ...(photos ? { photos } : {}), ...(oneThread ? { oneThread } : {}) };
  } catch (error) {
    await closeHelper(); // no worker writes into the folder being removed
    // Asked before the staging folder goes: a disk it filled has no space left now.
    const writesIn = [path.dirname(outputDir), ...(request.imageCacheDir ? [request.imageCacheDir] : [])];
    const disk = staging ? await writeFailure(error, outputDir, { checkSpace: true, writesIn }) : await writeFailure(error, outputDir, { writesIn });
    if (staging) await discardStaging(staging);
    throw disk ? failureReport(disk, { cwd, outputDir, shown }, hadSite, staging !== undefined) : error;
  } finally {
    stopHandlers();
    useBuildHelper(undefined);
    await lock.release();
  }
}

/** The one line for a build the disk stopped: what happened, what is left, what to do. */
function failureReport(error: unknown, where: { cwd: string; outputDir: string; shown: string }, hadSite: boolean, removed: boolean): unknown {
  if (!(error instanceof FolderWriteError)) return error;
  const left = hadSite ? "the previous site is intact" : "nothing was written";
  if (error.problem === "full") {
    return new NewsmirrorError(`the disk holding ${where.shown} is full; ${left}${removed ? " and the unfinished build was removed" : ""}; free some space and build again`, { cause: error });
  }
  // Named by the output folder when the refusal came from beside it, else (the photo cache) by the folder alone.
  const output = isWithin(path.dirname(where.outputDir), error.where) || isWithin(error.where, where.outputDir) ? `--output ${where.shown}: ` : "";
  return new NewsmirrorError(`${output}cannot write in ${shownPath(where.cwd, error.where)} (${error.reason}); ${left}`, { cause: error });
}

/** Eleventy renders the site into `staging`, article pages included (src/plugins/article-pages.ts); returns the pages written. */
async function writeSite(request: BuildRequest, content: Content, staging: string): Promise<number> {
  handOverArticles(request.contentDir, content.articles); // Eleventy's data takes this list instead of loading again
  inPackageRoot();
  writeBuildOptions(request);
  const eleventy = new Eleventy(TEMPLATES_DIR, staging, { configPath: CONFIG_FILE, quietMode: true });
  eleventy.disableLogger(); // our one summary line (or error report) replaces its output
  const results = await eleventy.write();
  return results[1].filter((r) => r.outputPath).length + articlePagesWritten();
}
