/**
 * The search index, written by Pagefind into `pagefind/` in the staging
 * folder before it is published, so the search page works from any static
 * server with no remote resources: one bundle per publication year and one
 * for the newest month and one for its newest day (src/site/search-bundles.ts), and Pagefind's UI once
 * in `pagefind/`.
 *
 * Only articles are indexed, and they are given to Pagefind as records made
 * from the articles (title, dateline and body text, address, date, source)
 * rather than by Pagefind reading the built pages. At 4,000 articles in one
 * index, records took 5.8 s (2.6 s to add, 3.1 s to write) and the built
 * pages through `addDirectory` 4.9 s (2.2 + 2.7), but a month's pages cannot
 * be picked out without walking the whole site once per bundle (the CLI with
 * `--glob` per month: about 1 s a month), a split month not at all, and the
 * records carry the date and source the pages do not mark for Pagefind.
 * The article pages also carry `data-pagefind-body`, so running the
 * Pagefind CLI over the output gives an index of the same articles.
 */
import * as pagefind from "pagefind";
import { Semaphore } from "async-mutex";
import { copyFile, readdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import path from "node:path";
import type { Article, ArticleMeta } from "../article/article.ts";
import { datelinePrefix } from "../article/render.ts";
import type { WrittenFiles } from "../written-files.ts";
import { NewsmirrorError } from "../errors.ts";
import {
  SEARCH_BUNDLE_SIZE,
  SEARCH_SHARED_FILES,
  searchLanguageOf,
  type SearchBundle,
} from "../site/search-bundles.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { SearchRecordCache } from "./record-cache.ts";
import { formatChineseDay, formatDay } from "../time/format.ts";
import { isChinese } from "../language.ts";

export { planSearch, SEARCH_FOLDER, type SearchBundle, type SearchPlan } from "../site/search-bundles.ts";

export interface SearchReport {
  seconds: number;
  /** Pagefind bundles written (a year's, the newest month's or its newest day's: see src/site/search-bundles.ts). */
  bundles: number;
}

function check(step: string, errors: readonly string[]): void {
  if (errors.length > 0) throw new NewsmirrorError(`search index: ${step}: ${errors.join("; ")}`);
}

export type SearchRecord = ReturnType<typeof searchRecord>;

/** What Pagefind stores for one article: the text a reader sees under the title. */
export function searchRecord(article: Article, site: SiteSettings) {
  return {
    url: article.url,
    content: `${datelinePrefix(article.dateline, article.language)}${article.bodyText}`,
    // The article's own language: Pagefind segments Chinese words only in a Chinese index (the search page merges
    // each language's indexes: src/site/search-bundles.ts).
    language: searchLanguageOf(article.language),
    // Shown under each result as the site writes them (`Date: July 28, 2021`; in Chinese `日期: 2021年7月28日`).
    meta: resultMeta(article, site.timeZone),
  };
}

function resultMeta(article: Article, timeZone: string): Record<string, string> {
  const updated = article.updated.epochMs;
  return isChinese(article.language)
    ? { title: article.title, 日期: formatChineseDay(updated, timeZone), 来源: article.source }
    : { title: article.title, date: formatDay(updated, timeZone), source: article.source };
}

/**
 * Writes the given bundles (all of them on a full build; only those whose
 * articles changed on an incremental one), each into its folder in
 * `siteDir`, emptied first, and then the shared files (Pagefind's UI,
 * the same bytes for every bundle of one Pagefind version). Given no
 * bundles, it writes nothing and starts no Pagefind.
 *
 * One Pagefind process writes every bundle, its start-up paid once (a
 * process per bundle took 8.1 s for 72 month bundles of 4,000 articles, one
 * for all 6.6 s). Two bundles at a time, while their articles together fit
 * in `articlesAtOnce` (the --search-bundle size: Pagefind's memory is
 * bounded by the articles it holds, each index let go when written): its
 * process indexes them on two threads, and at 4,000 articles (7 bundles)
 * the step took 3.6–4.0 s where one at a time took 6.4–7.4 s.
 */
export async function writeSearchIndex(
  siteDir: string,
  bundles: readonly SearchBundle[],
  full: (articles: readonly ArticleMeta[]) => Promise<Article[]>,
  settings: SiteSettings,
  options: {
    onBundle?: (done: number, of: number) => void;
    articlesAtOnce?: number;
    /** The records of the last builds (./record-cache.ts): those of unchanged articles are not made again. */
    recordCache?: SearchRecordCache;
    /**
     * Told each bundle's files once written, for the fixity manifest (src/check/fixity.ts): hashed while Pagefind
     * writes the next bundles, not after the last.
     */
    hashes?: WrittenFiles;
    /** Aborted when the build has failed meanwhile (stopSearchIndex): no bundle is started or sent on. */
    signal?: AbortSignal;
  } = {},
): Promise<SearchReport> {
  const started = performance.now();
  if (bundles.length > 0) {
    // Once stopped (the build failed, or a bundle did), nothing more is asked of Pagefind: its npm wrapper starts a
    // new process for any call after close(), which went on writing a bundle waiting its turn into the folder the
    // failed build had removed (a full disk, 3 bundles: a staging folder left on the user's disk).
    let stopped = options.signal?.aborted ?? false;
    options.signal?.addEventListener("abort", () => (stopped = true), { once: true });
    const going = () => {
      if (stopped) throw new NewsmirrorError("search index: stopped");
    };
    // Bundles side by side, as many as their articles fit in `articlesAtOnce` (Pagefind's memory is about its
    // articles'), two at most: Pagefind's process indexes them on its own threads.
    const budget = Math.max(1, options.articlesAtOnce ?? SEARCH_BUNDLE_SIZE);
    const articlesHeld = new Semaphore(budget);
    const side = pLimit(Math.min(2, availableParallelism()));
    let done = 0;
    const write = async (bundle: SearchBundle, first: boolean) => {
      const weight = Math.min(budget, Math.max(1, bundle.articles.length));
      await articlesHeld.runExclusive(async () => {
        going();
        options.onBundle?.(++done, bundles.length);
        const make = (article: Article) => searchRecord(article, settings);
        const records = options.recordCache
          ? await options.recordCache.records(bundle, full, make)
          : (await full(bundle.articles)).map(make);
        const outputPath = path.join(siteDir, bundle.folder);
        going();
        await rm(outputPath, { recursive: true, force: true });
        await writeBundle(outputPath, records, going);
        if (first) await moveSharedFiles(outputPath, siteDir);
        await removeUnusedFiles(outputPath);
        options.hashes?.wroteFolder(siteDir, bundle.folder);
        await options.recordCache?.save(bundle, records);
      }, weight);
    };
    // A bundle that fails stops the others before the next one waiting is started (its rejection is seen first).
    const failed = (error: unknown) => {
      stopped = true;
      throw error;
    };
    try {
      await Promise.all(bundles.map((bundle, i) => side(() => write(bundle, i === 0).catch(failed))));
    } finally {
      stopped = true;
      await pagefind.close();
    }
  }
  return { seconds: (performance.now() - started) / 1000, bundles: bundles.length };
}

/**
 * Stops a search step still running (the build failed meanwhile): `stop` (the step's signal) keeps any bundle from
 * starting or going on, Pagefind's process is ended and every call waiting on it rejected, so the step settles even
 * when the process died without a word (a full disk), and nothing writes into the folder once this returns.
 */
export async function stopSearchIndex(step: Promise<unknown>, stop: AbortController): Promise<void> {
  stop.abort();
  await pagefind.close();
  await step.catch(() => undefined);
}

/** The UI the search page loads, taken from a bundle Pagefind wrote into `/pagefind/`, once for all bundles. */
async function moveSharedFiles(bundleDir: string, siteDir: string): Promise<void> {
  for (const shared of SEARCH_SHARED_FILES) {
    // Removed first: an incremental build's folder may share the old file with the published site (a hard link).
    await rm(path.join(siteDir, shared), { force: true });
    await copyFile(path.join(bundleDir, path.basename(shared)), path.join(siteDir, shared));
  }
}

/**
 * Pagefind writes its UIs (default, modular, component) and the highlighter
 * into every bundle. The search page loads its one UI from `/pagefind/`
 * and each bundle's own search engine (pagefind.js, its worker and
 * WebAssembly, the index): the rest would be 430 KB per bundle of files no
 * page asks for.
 */
async function removeUnusedFiles(bundleDir: string): Promise<void> {
  for (const name of await readdir(bundleDir)) {
    if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(name)) await rm(path.join(bundleDir, name));
  }
}

/**
 * A call to Pagefind, failed if Pagefind's process ends without answering.
 * Its npm wrapper does not notice that (a panic on a full disk, say): the
 * call never settles, nothing else keeps Node's event loop busy, and Node
 * would exit with code 13 ("unsettled top-level await") without running the
 * build's clean-up. 'beforeExit' is emitted exactly then.
 */
function untilPagefindEnds<T>(call: Promise<T>): Promise<T> {
  let onIdle = () => {};
  const ended = new Promise<never>((_, reject) => {
    onIdle = () => reject(new NewsmirrorError("search index: Pagefind's process ended without finishing the index"));
    process.once("beforeExit", onIdle);
  });
  return Promise.race([call, ended]).finally(() => process.off("beforeExit", onIdle));
}

/** Records sent to Pagefind before their answers are awaited: enough to keep it busy, few enough to hold. */
const ADD_BATCH = 250;

/** `going` throws once the step is stopped: checked before each call, since a call after close() starts Pagefind again. */
async function writeBundle(outputPath: string, records: readonly SearchRecord[], going: () => void): Promise<void> {
  going();
  const { errors, index } = await untilPagefindEnds(
    pagefind.createIndex({}).catch((error: Error) => {
      // Its binary is an optional npm dependency: missing with --omit=optional or on an unsupported platform.
      throw new NewsmirrorError(
        `search index: Pagefind could not start (${error.message.split("\n")[0]}); reinstall with \`npm ci\`, or build with --no-search`,
        { cause: error },
      );
    }),
  );
  check("start", errors);
  if (!index) throw new NewsmirrorError("search index: Pagefind did not start");
  // A batch at a time: each record is sent as a message of about three times its size, and 10,000 sent at once
  // waited in this process's memory for Pagefind to read them (100 MiB and more a bundle at 100,000 articles).
  for (let start = 0; start < records.length; start += ADD_BATCH) {
    const batch = records.slice(start, start + ADD_BATCH);
    going();
    const added = await untilPagefindEnds(Promise.all(batch.map((record) => index.addCustomRecord(record))));
    check(
      "add",
      added.flatMap((r) => r.errors),
    );
  }
  going();
  const written = await untilPagefindEnds(index.writeFiles({ outputPath }));
  check("write", written.errors);
  // Let go once written: Pagefind's process holds only the bundles being written (at most --search-bundle articles).
  going();
  await untilPagefindEnds(index.deleteIndex());
}
