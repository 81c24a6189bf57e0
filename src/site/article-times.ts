/**
 * An article's times as ISO 8601 with the site's offset
 * (`2021-07-28T07:01:00+08:00`), and its month, each computed once per
 * article when first needed: its page head, its listings, feeds and sitemaps
 * all print them, and time-zone arithmetic is among the costliest steps of a
 * build (every listing needs the month, only the pages written the times).
 */
import type { ArticleMeta } from "../article/article.ts";
import { toOffsetIso } from "../time/format.ts";
import { wallClock } from "../time/instant.ts";

interface Times {
  timeZone: string;
  /** Each found when first asked for: a listing needs only the month, a feed only the times. */
  published?: string;
  updated?: string;
  /** The publication's year, month (1–12) and day of the month. */
  date?: { year: number; month: number; day: number };
}

const cache = new WeakMap<ArticleMeta, Times>();

function timesOf(article: ArticleMeta, timeZone: string): Times {
  let times = cache.get(article);
  if (!times || times.timeZone !== timeZone) cache.set(article, (times = { timeZone }));
  return times;
}

export function publishedIso(article: ArticleMeta, timeZone: string): string {
  const times = timesOf(article, timeZone);
  return (times.published ??= toOffsetIso(article.published.epochMs, timeZone));
}

export function updatedIso(article: ArticleMeta, timeZone: string): string {
  const times = timesOf(article, timeZone);
  return (times.updated ??= toOffsetIso(article.updated.epochMs, timeZone));
}

/** The year and month (1–12) of an article's publication in the site's time zone: its archive month, its search bundle. */
export function publishedMonth(article: ArticleMeta, timeZone: string): { year: number; month: number } {
  return publishedDate(article, timeZone);
}

/** The year, month (1–12) and day of the month of an article's publication, in the site's time zone. */
export function publishedDate(article: ArticleMeta, timeZone: string): { year: number; month: number; day: number } {
  const times = timesOf(article, timeZone);
  if (!times.date) {
    const { year, month, day } = wallClock(article.published.epochMs, timeZone);
    times.date = { year, month, day };
  }
  return times.date;
}

/**
 * When the article last changed: its `updated` time, or its latest correction's when later. A correction raises
 * the JSON-LD's dateModified, the feeds' updated times and the sitemap's lastmod; the info line keeps `updated`.
 */
export function modifiedMs(article: ArticleMeta): number {
  let latest = article.updated.epochMs;
  for (const correction of article.corrections ?? []) latest = Math.max(latest, correction.date.epochMs);
  return latest;
}

export function modifiedIso(article: ArticleMeta, timeZone: string): string {
  const ms = modifiedMs(article);
  return ms === article.updated.epochMs ? updatedIso(article, timeZone) : toOffsetIso(ms, timeZone);
}
