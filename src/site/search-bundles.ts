/**
 * How the search index is split into Pagefind bundles. Pagefind holds a
 * whole index in memory while it writes it: its process alone took about
 * 1.8 GiB for 20,000 articles, and grows with the text. So a large site's
 * index is written as bundles of at most `size` articles (newest first),
 * one Pagefind process at a time, and the search page merges them in the
 * browser (Pagefind's `mergeIndex`). A site of up to `size` articles has one
 * bundle in `/pagefind/`, as before.
 */
export const SEARCH_FOLDER = "pagefind";

/** Articles per bundle by default: about 1 GiB for Pagefind while it writes one. */
export const SEARCH_BUNDLE_SIZE = 10_000;

/** Site paths of the bundles for `count` articles: `/pagefind/`, then `/pagefind/part-2/`, `/pagefind/part-3/`, … */
export function searchBundles(count: number, size = SEARCH_BUNDLE_SIZE): string[] {
  const bundles = Math.max(1, Math.ceil(count / size));
  return Array.from({ length: bundles }, (_, i) =>
    i === 0 ? `/${SEARCH_FOLDER}/` : `/${SEARCH_FOLDER}/part-${i + 1}/`,
  );
}
