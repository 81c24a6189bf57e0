/**
 * How the search index is split into Pagefind bundles: one bundle per
 * publication month (the month of the article's address, `/…/202107/28/…`,
 * in the site's time zone), at `/pagefind/2021-07/`. A month's bundle
 * changes only when one of its articles does, so a build after a small
 * change re-indexes only the months it touched, and the archive's old
 * months are never indexed again.
 *
 * Pagefind holds a whole bundle in memory while it writes it, so a month
 * with more than `size` articles is split into parts (`/pagefind/2021-07/`,
 * `/pagefind/2021-07-p2/`, …), oldest first by publication time then
 * address: an article published later changes only the month's last part.
 *
 * The search page loads Pagefind's UI once, from `/pagefind/`, and merges
 * every bundle in the browser (Pagefind's `mergeIndex`).
 */
import type { ArticleMeta } from "../article/article.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { twoDigits } from "../time/format.ts";
import { wallClock } from "../time/instant.ts";

export const SEARCH_FOLDER = "pagefind";

/** Articles per bundle at most, by default: about 1 GiB for Pagefind while it writes one. */
export const SEARCH_BUNDLE_SIZE = 10_000;

/** Pagefind's UI script and styles, written once for all bundles (relative to the site's top). */
export const SEARCH_SHARED_FILES: readonly string[] = [
  `${SEARCH_FOLDER}/pagefind-ui.js`,
  `${SEARCH_FOLDER}/pagefind-ui.css`,
];

export interface SearchBundle {
  /** `2021-07`, `2021-07-p2`: unique in the site, and stable while its articles are. */
  key: string;
  /** Relative to the site's top, posix, ending with "/": `pagefind/2021-07/`. */
  folder: string;
  /** Newest first. */
  articles: ArticleMeta[];
}

export interface SearchPlan {
  /** Every bundle of the site, newest first; a site with no articles has one empty bundle, so the page still works. */
  bundles: SearchBundle[];
  /** The files the search step writes outside bundle folders (relative paths). */
  shared: string[];
}

/** The bundle a site with no articles has: the search page then finds nothing, rather than failing to load. */
const EMPTY_KEY = "empty";

export function planSearch(
  articles: readonly ArticleMeta[],
  settings: Pick<SiteSettings, "timeZone">,
  bundleSize = SEARCH_BUNDLE_SIZE,
): SearchPlan {
  const months = new Map<string, ArticleMeta[]>();
  for (const article of articles) {
    const { year, month } = wallClock(article.published.epochMs, settings.timeZone);
    const key = `${year}-${twoDigits(month)}`;
    const list = months.get(key);
    if (list) list.push(article);
    else months.set(key, [article]);
  }
  const bundles: SearchBundle[] = [];
  for (const month of [...months.keys()].sort().reverse()) {
    const oldestFirst = months.get(month)!.sort(byPublicationThenUrl);
    const parts = Math.ceil(oldestFirst.length / bundleSize);
    for (let part = parts; part >= 1; part--) {
      const key = part === 1 ? month : `${month}-p${part}`;
      const share = oldestFirst.slice((part - 1) * bundleSize, part * bundleSize).reverse();
      bundles.push({ key, folder: `${SEARCH_FOLDER}/${key}/`, articles: share });
    }
  }
  if (bundles.length === 0) bundles.push({ key: EMPTY_KEY, folder: `${SEARCH_FOLDER}/${EMPTY_KEY}/`, articles: [] });
  return { bundles, shared: [...SEARCH_SHARED_FILES] };
}

function byPublicationThenUrl(a: ArticleMeta, b: ArticleMeta): number {
  return a.published.epochMs - b.published.epochMs || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

/** Site paths of the bundles (`/pagefind/2021-07/`, …), newest first: what the search page merges. */
export function searchBundlePaths(plan: SearchPlan): string[] {
  return plan.bundles.map((bundle) => `/${bundle.folder}`);
}
