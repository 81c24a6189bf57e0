/**
 * An article's times as ISO 8601 with the site's offset
 * (`2021-07-28T07:01:00+08:00`), computed once per article: its page head,
 * its listings, feeds and sitemaps all print them, and time-zone formatting
 * (Intl) is among the costliest steps of a build.
 */
import type { ArticleMeta } from "../article/article.ts";
import { toOffsetIso } from "../time/format.ts";

interface Times {
  timeZone: string;
  published: string;
  updated: string;
}

const cache = new WeakMap<ArticleMeta, Times>();

function timesOf(article: ArticleMeta, timeZone: string): Times {
  let times = cache.get(article);
  if (!times || times.timeZone !== timeZone) {
    times = {
      timeZone,
      published: toOffsetIso(article.published.epochMs, timeZone),
      updated: toOffsetIso(article.updated.epochMs, timeZone),
    };
    cache.set(article, times);
  }
  return times;
}

export function publishedIso(article: ArticleMeta, timeZone: string): string {
  return timesOf(article, timeZone).published;
}

export function updatedIso(article: ArticleMeta, timeZone: string): string {
  return timesOf(article, timeZone).updated;
}
