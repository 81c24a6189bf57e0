/**
 * The search index, written by Pagefind into `pagefind/` (index, UI script
 * and styles) in the staging folder before it is published, so the search
 * page works from any static server with no remote resources.
 *
 * Only articles are indexed, and they are given to Pagefind as records made
 * from the articles already loaded for the build (title, dateline and body
 * text, address) rather than by re-reading and parsing every built page:
 * measured 3–4× faster for the indexing step at 4,000 articles, and listings,
 * home, archive and search pages are left out by construction. The article
 * pages also carry `data-pagefind-body`, so running the Pagefind CLI over
 * the output gives the same index.
 */
import * as pagefind from "pagefind";
import path from "node:path";
import type { Article } from "../article/article.ts";
import { DATELINE_SEPARATOR } from "../article/render.ts";
import { NewsmirrorError } from "../errors.ts";
import { SEARCH_BUNDLE_SIZE, searchBundles } from "../site/search-bundles.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { toOffsetIso } from "../time/format.ts";

export { SEARCH_FOLDER } from "../site/search-bundles.ts";

export interface SearchReport {
  seconds: number;
  /** Pagefind bundles written (see src/site/search-bundles.ts). */
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
    content: `${article.dateline ? `${article.dateline}${DATELINE_SEPARATOR}` : ""}${article.bodyText}`,
    // One index in the site's language: Pagefind searches only the index of
    // the search page's language, and an article in another must still be found.
    language: site.language.split("-")[0]!,
    meta: { title: article.title, date: toOffsetIso(article.updated.epochMs, site.timeZone), source: article.source },
  };
}

/** Writes the index of `records` (newest article first) into `siteDir`, in bundles of `bundleSize`. */
export async function writeSearchIndex(
  siteDir: string,
  records: readonly SearchRecord[],
  bundleSize = SEARCH_BUNDLE_SIZE,
  onBundle?: (bundle: number, of: number) => void,
): Promise<SearchReport> {
  const started = performance.now();
  const bundles = searchBundles(records.length, bundleSize);
  // One Pagefind process per bundle, closed before the next starts: its memory is bounded by a bundle's articles.
  for (const [i, bundle] of bundles.entries()) {
    onBundle?.(i + 1, bundles.length);
    await writeBundle(path.join(siteDir, bundle), records.slice(i * bundleSize, (i + 1) * bundleSize));
  }
  return { seconds: (performance.now() - started) / 1000, bundles: bundles.length };
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

async function writeBundle(outputPath: string, records: readonly SearchRecord[]): Promise<void> {
  try {
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
    const added = await untilPagefindEnds(Promise.all(records.map((record) => index.addCustomRecord(record))));
    check(
      "add",
      added.flatMap((r) => r.errors),
    );
    const written = await untilPagefindEnds(index.writeFiles({ outputPath }));
    check("write", written.errors);
  } finally {
    await pagefind.close();
  }
}
