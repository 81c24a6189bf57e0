/**
 * How the search index is split into Pagefind bundles: one bundle per
 * publication year (`/pagefind/2021/`), except the newest month
 * (`/pagefind/2024-12/`), whose newest day is a bundle of its own
 * (`/pagefind/2024-12-05/`). Years, months and days are those of the
 * article's address (`/…/202107/28/…`), in the site's time zone; the newest
 * day is that of the site's newest article, not the clock's, so the same
 * articles always make the same bundles.
 *
 * A bundle is re-indexed whenever one of its articles changes (Pagefind
 * takes about 1.5 ms an article), and the search page loads a part of
 * every bundle (at 20,000 articles, 72 month bundles took 3.5 to 5.5 s to
 * first results, 2 bundles 1.0 to 1.4 s). So a day's publishing and its
 * corrections re-index only the newest day: a desk filing 100 stories a day
 * re-indexes about 100 articles at each publish, where a bundle of the whole
 * month held up to 3,000 by its end. When a new day's first article
 * arrives, the day before joins its month's bundle (re-indexed once a day);
 * when a new month's does, the month before joins its year's (once a
 * month); and an old article's correction re-indexes its year.
 *
 * Pagefind holds a whole bundle in memory while it writes it, so a bundle
 * of more than `size` articles is split into parts (`/pagefind/2021/`,
 * `/pagefind/2021-p2/`, …), oldest first by publication time then
 * address: an article published later changes only the bundle's last part.
 *
 * The search page loads Pagefind's UI once, from `/pagefind/`, and merges
 * every bundle in the browser (Pagefind's `mergeIndex`).
 *
 * Each article is indexed in its own language (`searchLanguageOf`): Pagefind
 * segments Chinese words only in a Chinese index. A bundle holding articles
 * of two languages has two indexes, and Pagefind searches one per bundle:
 * the page's language, else the bundle's largest. So a site of both
 * languages names each further index for its search page
 * (`searchLanguagesOf`), and one search box finds both.
 */
import type { ArticleMeta } from "../article/article.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { twoDigits } from "../time/format.ts";
import { publishedDate } from "./article-times.ts";
import { wallClock } from "../time/instant.ts";
import { textOrder } from "../order.ts";

export const SEARCH_FOLDER = "pagefind";

/**
 * Articles per bundle at most, by default: about 0.5 GiB for Pagefind while it writes one. With 10,000 it took
 * 1.06 GiB beside the build's own 1.6 GiB (every article's text), and 100,000 articles with search peaked at
 * 2.7 GiB (issue 15); a 100,000-article site then has 25 bundles instead of 13.
 */
export const SEARCH_BUNDLE_SIZE = 5_000;

/** Pagefind's UI script and styles, written once for all bundles (relative to the site's top). */
export const SEARCH_SHARED_FILES: readonly string[] = [
  `${SEARCH_FOLDER}/pagefind-ui.js`,
  `${SEARCH_FOLDER}/pagefind-ui.css`,
];

export interface SearchBundle {
  /**
   * `2021`, `2021-p2`, `2024-12` (the newest month), `2024-12-05` (its newest day): unique in the site, and stable
   * while its articles are.
   */
  key: string;
  /** Relative to the site's top, posix, ending with "/": `pagefind/2021/`. */
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
  const bundles: SearchBundle[] = [];
  const groups = searchGroups(articles, settings.timeZone);
  const sizes = new Map([...groups].map(([name, group]) => [name, group.length]));
  for (const { key, name, part } of bundleParts(sizes, bundleSize)) {
    const group = groups.get(name)!;
    // Sorted once, by the group's last part (the first made).
    const oldestFirst = part === Math.ceil(group.length / bundleSize) ? group.sort(byPublicationThenUrl) : group;
    const share = oldestFirst.slice((part - 1) * bundleSize, part * bundleSize).reverse();
    bundles.push({ key, folder: `${SEARCH_FOLDER}/${key}/`, articles: share });
  }
  if (bundles.length === 0) bundles.push({ key: EMPTY_KEY, folder: `${SEARCH_FOLDER}/${EMPTY_KEY}/`, articles: [] });
  return { bundles, shared: [...SEARCH_SHARED_FILES] };
}

/**
 * `searchBundlePaths(planSearch(…))` from the groups' sizes alone, no article sorted: the
 * search page needs the bundles' paths, and the dev server makes it at every save.
 */
export function searchBundlePathsOf(
  articles: readonly ArticleMeta[],
  settings: Pick<SiteSettings, "timeZone">,
  bundleSize = SEARCH_BUNDLE_SIZE,
): string[] {
  const newest = newestDayOf(articles, settings.timeZone);
  const sizes = new Map<string, number>();
  for (const article of articles) {
    const key = groupOf(publishedDate(article, settings.timeZone), newest);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  const keys = bundleParts(sizes, bundleSize).map(({ key }) => key);
  return (keys.length > 0 ? keys : [EMPTY_KEY]).map((key) => `/${SEARCH_FOLDER}/${key}/`);
}

/** The language of an article's search index: the primary subtag, lower case (`zh-CN` → `zh`), as Pagefind names it. */
export function searchLanguageOf(tag: string): string {
  const dash = tag.indexOf("-");
  return (dash < 0 ? tag : tag.slice(0, dash)).toLowerCase();
}

/** A language of the site's articles, and the bundles (site paths) with an index in it. */
export interface SearchLanguage {
  language: string;
  bundles: string[];
}

/**
 * What the search page merges of a site whose articles are in more than one language: for each language, the
 * bundles with articles in it, newest first, except the index the page loads first (the newest bundle's, in the
 * page's language where that bundle has any such article, else in the language of most of its articles: Pagefind's
 * fallback; a tie is taken alphabetically). A bundle without an index in the language asked would fall back the same
 * way and give its results twice. None when every article is in the site's language: the page then merges every
 * bundle as it is (no article sorted).
 */
export function searchLanguagesOf(
  articles: readonly ArticleMeta[],
  settings: Pick<SiteSettings, "timeZone" | "language">,
  bundleSize = SEARCH_BUNDLE_SIZE,
): SearchLanguage[] {
  const own = searchLanguageOf(settings.language);
  if (articles.every((article) => article.language === settings.language || searchLanguageOf(article.language) === own))
    return [];
  const byLanguage = new Map<string, string[]>();
  planSearch(articles, settings, bundleSize).bundles.forEach((bundle, i) => {
    const counts = new Map<string, number>();
    for (const article of bundle.articles) {
      const language = searchLanguageOf(article.language);
      counts.set(language, (counts.get(language) ?? 0) + 1);
    }
    const loaded = i === 0 ? firstIndexLanguage(counts, own) : undefined;
    for (const language of counts.keys()) {
      if (language === loaded) continue;
      const list = byLanguage.get(language);
      if (list) list.push(`/${bundle.folder}`);
      else byLanguage.set(language, [`/${bundle.folder}`]);
    }
  });
  return [...byLanguage].sort(([a], [b]) => textOrder(a, b)).map(([language, bundles]) => ({ language, bundles }));
}

/** The language Pagefind loads a bundle's index in for a page in `own`: `own` where the bundle has it, else its largest. */
function firstIndexLanguage(counts: ReadonlyMap<string, number>, own: string): string | undefined {
  if (counts.has(own)) return own;
  return [...counts].sort(([a, m], [b, n]) => n - m || textOrder(a, b))[0]?.[0];
}

/**
 * The articles by year, the newest month and its newest day apart (`2024`, `2024-12`, `2024-12-05`), in the
 * articles' order.
 */
function searchGroups(articles: readonly ArticleMeta[], timeZone: string): Map<string, ArticleMeta[]> {
  const newest = newestDayOf(articles, timeZone);
  const groups = new Map<string, ArticleMeta[]>();
  for (const article of articles) {
    const key = groupOf(publishedDate(article, timeZone), newest);
    const list = groups.get(key);
    if (list) list.push(article);
    else groups.set(key, [article]);
  }
  return groups;
}

/** The group of an article published on `date`: the newest day's, the newest month's, or its year's. */
function groupOf(date: { year: number; month: number; day: number }, newest: NewestDay | undefined): string {
  if (date.year !== newest?.year || date.month !== newest.month) return String(date.year);
  return date.day === newest.day ? newest.dayKey : newest.monthKey;
}

/** Each bundle's key, group name and part (1-based), from the groups' sizes, newest first: a group's last part first. */
function bundleParts(
  sizes: ReadonlyMap<string, number>,
  bundleSize: number,
): { key: string; name: string; part: number }[] {
  const parts: { key: string; name: string; part: number }[] = [];
  // Newest first: "2024-12-05" sorts after "2024-12", and that after "2024", and their articles are newer.
  for (const name of [...sizes.keys()].sort().reverse()) {
    for (let part = Math.ceil(sizes.get(name)! / bundleSize); part >= 1; part--)
      parts.push({ key: part === 1 ? name : `${name}-p${part}`, name, part });
  }
  return parts;
}

interface NewestDay {
  year: number;
  month: number;
  day: number;
  /** `2024-12` */
  monthKey: string;
  /** `2024-12-05` */
  dayKey: string;
}

/** The publication day of the newest article, in the site's time zone; undefined for no articles. */
function newestDayOf(articles: readonly ArticleMeta[], timeZone: string): NewestDay | undefined {
  let newest: number | undefined;
  for (const article of articles) {
    if (newest === undefined || article.published.epochMs > newest) newest = article.published.epochMs;
  }
  if (newest === undefined) return undefined;
  const { year, month, day } = wallClock(newest, timeZone);
  const monthKey = `${year}-${twoDigits(month)}`;
  return { year, month, day, monthKey, dayKey: `${monthKey}-${twoDigits(day)}` };
}

function byPublicationThenUrl(a: ArticleMeta, b: ArticleMeta): number {
  return a.published.epochMs - b.published.epochMs || textOrder(a.url, b.url);
}

/** Site paths of the bundles (`/pagefind/2024-12/`, `/pagefind/2024/`, …), newest first: what the search page merges. */
export function searchBundlePaths(plan: SearchPlan): string[] {
  return plan.bundles.map((bundle) => `/${bundle.folder}`);
}
