/**
 * What the build time puts on the site. An article whose publication (`published`, else `updated`) is later than
 * the build time is scheduled: not on the site at all (the dev server shows it, under a banner). One whose
 * `expires` has come is withdrawn: out of every listing, feed, sitemap and the search index, its address keeping a
 * short notice (templates/withdrawn.11ty.ts). The same files at another build time can make another site, so what
 * is decided here is part of the build plan (src/pipeline/site-plan.ts), not of the files' stamps.
 */
import type { ArticleMeta } from "../article/article.ts";
import { textOrder } from "../order.ts";

/** The article is not yet published at `nowMs`. */
export function isScheduled(article: ArticleMeta, nowMs: number): boolean {
  return article.published.epochMs > nowMs;
}

/** The article has expired at `nowMs`. */
export function isWithdrawn(article: ArticleMeta, nowMs: number): boolean {
  return article.expires !== undefined && article.expires.epochMs <= nowMs;
}

export interface Timeline<A extends ArticleMeta> {
  /** On the site: listed, in feeds, sitemaps and search (newest first, as given). Scheduled ones too when shown. */
  articles: A[];
  /** Not yet published, soonest first. */
  scheduled: A[];
  /** Past `expires`: only a notice at their address. */
  withdrawn: A[];
}

/** The articles (newest first) split by the build time; `showScheduled` (the dev server) keeps scheduled ones in. */
export function timelineOf<A extends ArticleMeta>(
  articles: readonly A[],
  nowMs: number,
  options: { showScheduled?: boolean } = {},
): Timeline<A> {
  const live: A[] = [];
  const scheduled: A[] = [];
  const withdrawn: A[] = [];
  for (const article of articles) {
    if (isScheduled(article, nowMs)) {
      scheduled.push(article);
      if (options.showScheduled) live.push(article);
    } else if (isWithdrawn(article, nowMs)) withdrawn.push(article);
    else live.push(article);
  }
  scheduled.sort((a, b) => a.published.epochMs - b.published.epochMs || textOrder(a.url, b.url));
  withdrawn.sort((a, b) => textOrder(a.url, b.url));
  return { articles: live, scheduled, withdrawn };
}
