/**
 * One production build: check the output folder is one newsmirror may
 * replace and lock it, validate all content (every problem reported at
 * once, nothing written), plan every file the site needs, then write it and
 * publish it in place of the old site, in one of two ways:
 *
 * - a full build (the first, `--clean`, or after a change that can touch
 *   every page: src/pipeline/build-inputs.ts) renders everything into a new
 *   staging folder, swapped in at the end;
 * - an incremental build brings the spare copy beside the output folder (the
 *   site before last) up to date, writing only the files whose keys changed
 *   (src/pipeline/site-plan.ts, src/output/spare.ts), and swaps it in.
 *
 * Either way the published folder is only ever renamed, never written: a
 * failed or killed build leaves the last good site as it was.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { newsmirrorSite } from "../../.eleventy.ts";
import { ArticleLoader } from "../article/load.ts";
import type { ContentScan } from "../article/scan.ts";
import { NewsmirrorError, type ContentProblem } from "../errors.ts";
import { exists, isWithin, realPathOf, shownPath } from "../folders.ts";
import type { PhotoCache, PhotoStats } from "../images/encode.ts";
import { FolderWriteError, writeFailure } from "../output/disk-failures.ts";
import {
  checkCacheFolder,
  checkOutputFolder,
  readSiteMarker,
  SITE_MARKER,
  writeSiteMarker,
  type FolderContext,
} from "../output/guard.ts";
import { lockOutputFolder } from "../output/lock.ts";
import { listSpare, prepareSpare, publishSpare, spareOf, type FolderState } from "../output/spare.ts";
import {
  abandonNow,
  createStaging,
  discardStaging,
  onStopSignals,
  publishStaging,
  recoverInterrupted,
} from "../output/staging.ts";
import { PACKAGE_ROOT, type TemplateSet } from "../package.ts";
import {
  createBuildContext,
  NO_PROGRESS,
  type BuildContext,
  type BuildOptions,
  type ProgressListener,
  type SiteContent,
} from "../plugins/context.ts";
import { planSearch, stopSearchIndex, writeSearchIndex, type SearchReport } from "../search/search-index.ts";
import { SearchRecordCache } from "../search/record-cache.ts";
import { SEARCH_BUNDLE_SIZE, SEARCH_FOLDER, type SearchBundle } from "../site/search-bundles.ts";
import { outputFileOf } from "../site/output-paths.ts";
import { buildInputs, codeInputs, inputChange, inputsDigest, readerKey, type BuildInputs } from "./build-inputs.ts";
import { articleStoreOf, buildCacheOf, readManifest, writeManifest, type SiteState } from "./manifest.ts";
import { ALWAYS, planSite, stateId } from "./site-plan.ts";
import { writeWithPlugins } from "./plugin-harness.ts";
import { releaseMemory, releaseMemoryIfGrown } from "./memory.ts";
import { toOffsetIso } from "../time/format.ts";
import {
  FIXITY_MANIFEST,
  patchedManifest,
  readPublishedManifest,
  WrittenHashes,
  writeFixityManifest,
} from "../check/fixity.ts";
import { findOverrides, overrideInputs, renderError, siteTemplates } from "../templates/overrides.ts";

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
  /**
   * The build cache (`--build-cache`, default `.cache/builds`): the manifest of the last builds into this output
   * folder and the articles they read, so the next build writes only what changed (src/pipeline/site-plan.ts).
   * Without one every build is a full build, and the old site is removed rather than kept as the spare copy.
   */
  buildCacheDir?: string;
  /** A full build whatever changed (`--clean`). */
  clean?: boolean;
  /** The content folder scanned ahead, started by the caller as soon as it knew the folder (src/article/scan.ts). */
  contentScan?: Promise<ContentScan | undefined>;
  /** The article cache's bytes, read ahead by the caller (./manifest.ts readStoreAhead). */
  storeAhead?: { file: string; bytes: Promise<Buffer> } | undefined;
}

/** A full build writes its search index beside its pages up to this many articles (see build()). */
export const BESIDE_PAGES = 20_000;

/** A full build, and the change that made it one; or an incremental one, and what it did. */
export type BuildKind =
  | { full: true; reason: string }
  | {
      full: false;
      rendered: number;
      kept: number;
      copied: number;
      removed: number;
      articlesChanged: number;
      /**
       * There was no spare copy of a state the build cache knows (none kept, as a CI cache without it restores the
       * site): one was made from the output folder, a hard link a file, first (at 20,000 articles, one edit: 4.4-6.7 s against 1.8-2.3 s).
       */
      spareMade: boolean;
    };

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
  /** Full (and why) or incremental; absent without a build cache. */
  kind?: BuildKind;
  /** Said once, in one line, when the build cache could not be used (a damaged manifest or article cache). */
  notes: string[];
  /** Articles not yet published at the build time, and when the soonest is (ISO 8601, the site's offset): build again then. */
  scheduled?: { count: number; next: string };
  /** The templates the pages were rendered with: newsmirror's own, or merged with the site's (the dev server renders with them too). */
  templates?: TemplateSet;
}

export async function build(request: BuildRequest): Promise<BuildReport> {
  const started = performance.now();
  const cwd = request.cwd ?? request.displayRoot;
  const folders: FolderContext = { cwd, contentDir: request.contentDir, packageRoot: PACKAGE_ROOT };
  // Checked before anything is written (the CLI checks first too, naming paths as typed).
  await checkOutputFolder("--output", request.outputDir, folders);
  if (request.imageCacheDir)
    await checkCacheFolder("--image-cache", request.imageCacheDir, { ...folders, outputDir: request.outputDir });
  if (request.buildCacheDir)
    await checkCacheFolder(
      "--build-cache",
      request.buildCacheDir,
      { ...folders, outputDir: request.outputDir },
      { builds: true },
    );
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
  const cache = request.buildCacheDir ? buildCacheOf(request.buildCacheDir, outputDir) : undefined;
  try {
    // First, whatever happens next: a site a killed build left aside is put back.
    await recoverInterrupted(outputDir);
    hadSite = await exists(outputDir);
    await checkOutputFolder("--output", request.outputDir, folders); // what was put back, or changed while this build waited
    // Every problem in the content is found before anything is written; Eleventy's data then takes what was read.
    const code = codeInputs();
    // The site's template overrides (templates/ or layouts/ beside the content folder), bundled while the content is read.
    const overrides = findOverrides(request.contentDir, cwd);
    const overridden = overrideInputs(overrides); // each of the site's files read once: an input, and the bundles' key
    const siteSet = overrides
      ? siteTemplates(overrides, {
          buildCacheDir: request.buildCacheDir,
          displayRoot: cwd,
          inputs: inputsDigest({ ...code, ...overridden }),
        })
      : undefined;
    siteSet?.catch(() => undefined); // (awaited below; the content's problems may come first)
    // The articles read last time, kept with the manifest: an unchanged file is not read again.
    const storeFile = cache ? articleStoreOf(cache) : undefined;
    const ahead = request.storeAhead?.file === storeFile ? request.storeAhead?.bytes : undefined;
    const store = storeFile ? { file: storeFile, key: readerKey(code), ...(ahead ? { read: ahead } : {}) } : undefined;
    const loader = request.loader ?? new ArticleLoader(store ? { store } : {});
    const context = createBuildContext(request, {
      progress,
      loader,
      photoCache: request.photoCache,
      scan: request.contentScan,
    });
    // The spare copy listed while the content is read (the search bundles' folders are entries of their own).
    const spareListed = cache && !request.clean ? listSpare(outputDir, [SEARCH_FOLDER]) : undefined;
    const content = await context.content(); // (a listing left running by a failure only reads, and never rejects)
    const { settings } = content;
    const notes = content.storeNote ? [content.storeNote] : [];
    const templateSet = await siteSet;
    const warnings = templateSet ? [...templateSet.warnings, ...content.warnings] : content.warnings;
    const templates = templateSet?.templates ?? context.templates;
    const basePath = new URL(settings.baseUrl).pathname;
    const relative = (request.relativeLinks ?? false) || settings.relativeLinks;
    const searching = request.search !== false;
    const builtAt = new Date(content.buildTimeMs).toISOString();

    // The plan: every file this site needs, each with a key; the last build's tell which changed.
    const inputs = buildInputs(
      code,
      settings,
      {
        includeDrafts: request.includeDrafts,
        relativeLinks: relative,
        dev: request.dev ?? false,
        search: searching,
        searchBundleSize: request.searchBundleSize,
      },
      overridden,
    );
    const digest = inputsDigest(inputs);
    const search = searching ? planSearch(content.articles, settings, request.searchBundleSize) : undefined;
    const planned = planSite({
      articles: content.articles,
      newsSite: await context.newsSite(),
      photos: loader.photoFilesOf([...content.articles, ...content.revisions]), // a scheduled article's photos wait with it
      ...(search ? { search } : {}),
    });
    const previous = cache
      ? await previousStates(outputDir, cache, { clean: request.clean ?? false, inputs, shown })
      : undefined;
    if (previous?.note) notes.push(previous.note);
    const moved = previous?.publishedAny && movedByTimeZone(previous.publishedAny, inputs, planned);
    if (moved) notes.push(moved);

    let target: string;
    let only: Set<string> | undefined;
    let kind: BuildKind | undefined;
    if (previous && !previous.full) {
      const prepared = await prepareSpare(
        outputDir,
        {
          published: folderState(previous.published, digest),
          ...(previous.spare ? { spare: folderState(previous.spare, digest) } : {}),
        },
        planned,
        spareListed,
      );
      target = prepared.dir;
      only = prepared.render;
      // Copied again (src/plugins/assets.ts): removed first, so they are written as new files, never into a file the
      // spare may share with the published site (src/output/spare.ts shareFile).
      await rm(path.join(target, "assets"), { recursive: true, force: true });
      const writes = prepared.render;
      const changed = content.articles.filter((a) => writes.has(outputFileOf(a.url))).length;
      kind = {
        full: false,
        rendered: only.size,
        kept: prepared.kept,
        copied: prepared.copied,
        removed: prepared.removed,
        articlesChanged: changed,
        spareMade: prepared.copiedWhole,
      };
    } else {
      staging = await createStaging(outputDir);
      target = staging;
      if (previous) kind = { full: true, reason: previous.reason };
    }

    // The bytes of the pages and search bundles as written, hashed once for the fixity manifest (src/check/fixity.ts).
    // Not the dev server's folder: its page updates rewrite a few files between whole builds, and nobody publishes it.
    const fixity = request.dev !== true;
    const hashes = fixity ? new WrittenHashes() : undefined;
    // Aborted when the build fails while the search step runs beside the pages (stopSearchIndex).
    const searchStop = new AbortController();
    // Each bundle's records kept beside the manifest: re-indexing a bundle reads only its changed articles again.
    const recordCache = cache && search ? new SearchRecordCache(path.join(cache, "search-records"), digest) : undefined;
    const indexSearch = (bundles: SearchBundle[], beforeBundle?: () => void) =>
      writeSearchIndex(target, bundles, content.full, settings, {
        onBundle: (done, of) => {
          beforeBundle?.(); // what the last bundle's records left (./memory.ts)
          progress.step(
            `search index${of > 1 ? `, bundle ${done} of ${of}` : ""} (${content.articles.length.toLocaleString("en-US")} articles)`,
          );
        },
        articlesAtOnce: request.searchBundleSize ?? SEARCH_BUNDLE_SIZE,
        ...(recordCache ? { recordCache } : {}),
        ...(hashes ? { hashes } : {}),
        signal: searchStop.signal,
      });
    // The search index is written while the pages are: Pagefind works in its own process, on the other core, and
    // the page writers let the records through (4,000 articles, cold: 5.9-12.2 s against 9.4-14.8 s after the pages,
    // 5 pairs). An incremental build indexes the bundles it changes; a full one all of them, up to BESIDE_PAGES
    // articles: past that, after the pages, with their memory given back first (at 100,000 articles, 2.3 GiB).
    const early =
      search && only
        ? indexSearch(search.bundles.filter((bundle) => only.has(bundle.folder)))
        : search && content.articles.length <= BESIDE_PAGES
          ? indexSearch(search.bundles)
          : undefined;
    // Its failure is the build's once the pages are written (awaited below): until then it must not count as a
    // rejection nobody handles, which ends the process as an internal error (Pagefind's process dying on a full disk
    // while the pages are still being written).
    early?.catch(() => undefined);
    let written: Awaited<ReturnType<typeof writeSite>>;
    try {
      written = await writeSite(
        only ? { ...context, templates, only, hashes } : { ...context, templates, hashes },
        target,
      );
    } catch (error) {
      if (early) await stopSearchIndex(early, searchStop); // nothing goes on writing into the folder once the build has failed
      throw renderError(error, templates, cwd); // a site's template that threw, named by its file and line
    }
    const siteSeconds = (performance.now() - started) / 1000;
    const photos = request.imageCacheDir ? { ...context.photoCache.stats } : undefined;
    // While Pagefind writes the bundles that changed: what does not wait for them (at 20,000 articles, one article
    // edited, the build's thread waited 150 ms for Pagefind here, then did these 110 ms of work).
    // The build time, when given, keeps the output reproducible (SOURCE_DATE_EPOCH).
    const files = new Map(planned);
    for (const file of written.always) if (!files.has(file)) files.set(file, ALWAYS);
    files.set(SITE_MARKER, ALWAYS);
    if (fixity) files.set(FIXITY_MANIFEST, ALWAYS);
    const state: SiteState = { id: stateId(digest, builtAt, files), inputs, files };
    // An incremental build takes the hashes of the files it did not write from the published site's manifest.
    const published = fixity && only && previous && !previous.full ? previous.published : undefined;
    const publishedManifest = published ? readPublishedManifest(path.join(outputDir, FIXITY_MANIFEST)) : undefined;
    // The articles read, kept for the next build (a cache of the content folder: right whatever this build's fate);
    // not beside a search step that runs after the pages, which has the memory they held.
    const saved = early ? loader.save() : undefined;
    saved?.catch(() => undefined); // awaited below
    let searchReport: SearchReport | undefined;
    if (early) searchReport = await early;
    else if (search) {
      // Eleventy's pages are let go: given back before Pagefind's process starts beside this one (./memory.ts).
      if (search.bundles.length > 0) releaseMemory();
      searchReport = await indexSearch(search.bundles, releaseMemoryIfGrown);
    }
    if (only) await checkWritten(target, only);
    if (recordCache && search) await recordCache.prune(search.bundles); // the records of bundles gone
    await writeSiteMarker(target, { basePath, builtAt, search: searching, relative, state: state.id });
    // Last, over every other file, the marker included: the fixity manifest (src/check/fixity.ts). An incremental build
    // takes the hashes of the files it did not write from the published site's manifest.
    if (fixity) {
      const known =
        published && publishedManifest && only
          ? patchedManifest(
              target,
              { text: await publishedManifest, files: published.files },
              files,
              writtenBy(only, files),
              hashes,
            )
          : undefined;
      await writeFixityManifest(target, known ?? hashes);
    }
    if (cache) {
      // Before the swap: whichever folders a kill leaves, the manifest describes them.
      const kept = previous && !previous.full ? previous.published : previous?.publishedAny;
      await writeManifest(cache, outputDir, kept && kept.id !== state.id ? [state, kept] : [state]);
    }
    // The old site becomes the spare copy for the next incremental build, if it is one (its marker names its state).
    const keepSpare = cache !== undefined && (await readSiteMarker(outputDir))?.state !== undefined;
    if (staging) await publishStaging(staging, outputDir, { keepSpare });
    else await publishSpare(outputDir);
    staging = undefined;
    await (saved ?? loader.save());
    return {
      articles: content.articles.length,
      warnings,
      pagesWritten: written.pages,
      seconds: (performance.now() - started) / 1000,
      siteSeconds,
      notes,
      ...(searchReport ? { search: searchReport } : {}),
      ...(photos ? { photos } : {}),
      ...(search ? {} : { content }),
      ...(kind ? { kind } : {}),
      ...(templateSet ? { templates } : {}),
      ...(content.scheduled.length > 0
        ? {
            scheduled: {
              count: content.scheduled.length,
              next: toOffsetIso(content.scheduled[0]!.published.epochMs, settings.timeZone),
            },
          }
        : {}),
    };
  } catch (error) {
    // Asked before the staging folder goes: a disk it filled has no space left now.
    const writesIn = [
      path.dirname(outputDir),
      ...(request.imageCacheDir ? [request.imageCacheDir] : []),
      ...(request.buildCacheDir ? [request.buildCacheDir] : []),
    ];
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

/** What an incremental build wrote: its renders, and every file it writes each time (assets, the marker). */
function writtenBy(rendered: ReadonlySet<string>, files: ReadonlyMap<string, string>): Set<string> {
  const written = new Set(rendered);
  for (const [file, key] of files) if (key === ALWAYS) written.add(file);
  return written;
}

/**
 * A folder's state with keys as the spare copy compares them with this build's plan: as they are when that state was
 * built from the same inputs (the published site's always is, or the build would be a full one), else none can match
 * (each prefixed with its inputs' digest and a character no key holds). Kept as they are, 23,000 keys are not copied.
 */
function folderState(state: SiteState, digest: string): FolderState {
  const its = inputsDigest(state.inputs);
  if (its === digest) return { id: state.id, files: state.files };
  return { id: state.id, files: new Map([...state.files].map(([file, key]) => [file, `\0${its}\0${key}`])) };
}

type Previous =
  | { full: true; reason: string; note?: string; publishedAny?: SiteState }
  | { full: false; published: SiteState; spare?: SiteState; note?: undefined; publishedAny?: undefined };

/** The states of the output folder and its spare copy, when the manifest knows them and the inputs are the same. */
async function previousStates(
  outputDir: string,
  cache: string,
  how: { clean: boolean; inputs: BuildInputs; shown: string },
): Promise<Previous> {
  const marker = await readSiteMarker(outputDir);
  const manifest = await readManifest(cache, outputDir);
  const published = marker?.state ? manifest.states.get(marker.state) : undefined;
  // Kept in the manifest as the next spare copy's state, whatever kind this build is.
  const publishedAny = published ? { publishedAny: published } : {};
  if (how.clean) return { full: true, reason: "--clean", ...publishedAny };
  if (!marker) return { full: true, reason: `no earlier site in ${how.shown}` };
  if (manifest.problem) return { full: true, reason: "no usable build manifest", note: manifest.problem };
  if (!published) return { full: true, reason: `the build cache has no record of the site in ${how.shown}` };
  const change = inputChange(published.inputs, how.inputs);
  if (change) return { full: true, reason: change, ...publishedAny };
  const spareMarker = await readSiteMarker(spareOf(outputDir));
  const spare = spareMarker?.state ? manifest.states.get(spareMarker.state) : undefined;
  return { full: false, published, ...(spare ? { spare } : {}) };
}

/** An article page's path: `/section/202107/28/name.html` (English) or `/section/2021-07/28/name.htm` (Chinese). */
const ARTICLE_PAGE = /(?:^|\/)(?:\d{6}|\d{4}-\d\d)\/\d\d\/[^/]+\.html?$/;

/**
 * When the time zone changed since the published site: its article pages this site no longer has. An article's
 * address holds its date in the site's time zone, so a story published near midnight moves to another day's address,
 * and links to the old one break; said with an example and what to do (none moved: nothing said).
 */
function movedByTimeZone(published: SiteState, inputs: BuildInputs, planned: ReadonlyMap<string, string>) {
  const was = published.inputs["time zone"];
  const is = inputs["time zone"];
  if (was === undefined || was === is) return undefined;
  const gone = [...published.files.keys()].filter((file) => ARTICLE_PAGE.test(file) && !planned.has(file)).sort();
  if (gone.length === 0) return undefined;
  return `the time zone changed (${was} → ${is}) and ${gone.length} article page${gone.length === 1 ? "" : "s"} of the last build ${gone.length === 1 ? "is" : "are"} gone (e.g. /${gone[0]}): an article's address holds its date in the site's time zone, so links to the old ${gone.length === 1 ? "address" : "addresses"} break; list them in the articles' aliases, or keep the time zone`;
}

/** An incremental build wrote every file it was to write (a file the plan names but no step writes is a bug here). */
async function checkWritten(dir: string, only: ReadonlySet<string>): Promise<void> {
  for (const file of only) {
    if (!(await exists(path.join(dir, file)))) {
      throw new Error(`incremental build: ${file} was to be written but was not; build again with --clean`);
    }
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

/**
 * Eleventy renders the site into `dir`, article pages included (src/plugins/article-pages.ts); an incremental build
 * writes the files in `context.only` through the same plugins without starting Eleventy (./plugin-harness.ts). Returns the pages written and the
 * files written that the plan does not key (src/pipeline/site-plan.ts ALWAYS).
 */
async function writeSite(context: BuildContext, dir: string): Promise<{ pages: number; always: string[] }> {
  const only = context.only;
  if (only) return writeWithPlugins({ ...context, only }, dir); // the few files of an incremental build
  const { default: Eleventy } = await import("@11ty/eleventy"); // (0.26 s: only for a full build)
  // No config file (an empty path): the site is `newsmirrorSite` alone, whatever folder newsmirror runs in.
  // The templates folder named from the working folder: given as an absolute path outside it, Eleventy's file search
  // (tinyglobby) walked the whole working folder, a user's content and sites (0.6 s for 20,000 articles and their
  // site; SuperchupuDev/tinyglobby#51), where from a relative one it reads the templates folder alone (18 ms).
  const eleventy = new Eleventy(path.relative(process.cwd(), context.templates.dir) || ".", dir, {
    configPath: "",
    config: newsmirrorSite(context),
    quietMode: true,
  });
  eleventy.disableLogger(); // our one summary line (or error report) replaces its output
  const results = await eleventy.write();
  const outputs = results[1].flatMap((r) => (r.outputPath ? [toPosix(path.relative(dir, r.outputPath))] : []));
  const { articlePages, listingPages, assets } = context.results;
  return { pages: outputs.length + articlePages + listingPages, always: [...outputs, ...assets] };
}

const toPosix = (p: string) => p.split(path.sep).join("/");
