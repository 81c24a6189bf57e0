/**
 * Atom and JSON Feed 1.1 for the whole site and for each top-level section:
 * the newest articles with their full HTML (`bodyHtml`, rendered once by the
 * loader, never again), absolute URLs from the base URL, and times with the
 * site's UTC offset.
 *
 * Atom goes through the `feed` library (XML writing and escaping). JSON Feed
 * is a plain object: `feed` 5 writes JSON Feed 1.0 (`author`, no `language`),
 * and JSON.stringify already is the whole serializer for 1.1.
 */
import { Feed } from "feed";
import type { Article } from "../article/article.ts";
import { escapeHtml } from "../html.ts";
import { toOffsetIso } from "../time/instant.ts";
import { publishedIso, updatedIso } from "./article-times.ts";
import { articleImage } from "./metadata.ts";
import type { SiteListings } from "./listings.ts";
import type { SiteSettings } from "./settings.ts";
import { summaryOf } from "./summary.ts";
import type { SiteUrls } from "./urls.ts";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/** One feed: its articles and where it and its HTML page live. */
export interface FeedSpec {
  title: string;
  /** Site path of the HTML page the feed follows: `/` or `/culture/`. */
  home: string;
  /** Site paths of the feed files. */
  atom: string;
  json: string;
  articles: readonly Article[];
}

export interface OutputFile {
  /** Site path of the file, e.g. `/feed.xml`. */
  url: string;
  content: string;
}

/** The site feed at `/feed.xml` + `/feed.json`, and `/{section}/feed.xml` + `.json` per top-level section. */
export function feedSpecs(articles: readonly Article[], listings: SiteListings, site: SiteSettings): FeedSpec[] {
  const newest = (list: readonly Article[]) => list.slice(0, site.feedSize);
  return [
    { title: site.name, home: "/", atom: "/feed.xml", json: "/feed.json", articles: newest(articles) },
    ...listings.topSections.map((s) => ({
      title: `${s.title} - ${site.name}`,
      home: s.url,
      atom: `${s.url}feed.xml`,
      json: `${s.url}feed.json`,
      articles: newest(s.articles),
    })),
  ];
}

/**
 * A Date that prints itself with the site's offset (`2021-07-28T07:01:00+08:00`)
 * where `feed` calls toISOString(): the instant is the same, the reader sees
 * the time as the article gives it.
 */
class ZonedDate extends Date {
  constructor(
    epochMs: number,
    private readonly timeZone: string,
  ) {
    super(epochMs);
  }
  override toISOString(): string {
    return toOffsetIso(this.getTime(), this.timeZone);
  }
}

function feedUpdated(spec: FeedSpec, buildTimeMs: number): number {
  return spec.articles[0]?.updated.epochMs ?? buildTimeMs;
}

export function atomFeed(spec: FeedSpec, site: SiteSettings, urls: SiteUrls, buildTimeMs: number): string {
  const tz = site.timeZone;
  const feed = new Feed({
    id: urls.absolute(spec.home),
    title: spec.title,
    link: urls.absolute(spec.home),
    language: site.language,
    updated: new ZonedDate(feedUpdated(spec, buildTimeMs), tz),
    generator: "newsmirror",
    feedLinks: { atom: urls.absolute(spec.atom), json: urls.absolute(spec.json) },
    author: { name: site.name, link: urls.base },
  });
  for (const article of spec.articles) {
    const image = articleImage(article);
    // `feed` marks title and summary type="html": as HTML they must be escaped text.
    feed.addItem({
      title: escapeHtml(article.title),
      id: urls.absolute(article.url),
      link: urls.absolute(article.url),
      date: new ZonedDate(article.updated.epochMs, tz),
      published: new ZonedDate(article.published.epochMs, tz),
      description: escapeHtml(summaryOf(article)),
      content: article.bodyHtml,
      author: [{ name: article.source }],
      category: article.tags.map((tag) => ({ name: tag, term: tag })),
      ...(image ? { image: /^https?:/i.test(image.url) ? image.url : urls.absolute(image.url) } : {}),
    });
  }
  return feed.atom1();
}

export function jsonFeed(spec: FeedSpec, site: SiteSettings, urls: SiteUrls): string {
  const tz = site.timeZone;
  const feed = {
    version: JSON_FEED_VERSION,
    title: spec.title,
    home_page_url: urls.absolute(spec.home),
    feed_url: urls.absolute(spec.json),
    language: site.language,
    authors: [{ name: site.name, url: urls.base }],
    items: spec.articles.map((article) => {
      const image = articleImage(article);
      return {
        id: urls.absolute(article.url),
        url: urls.absolute(article.url),
        title: article.title,
        content_html: article.bodyHtml,
        summary: summaryOf(article),
        date_published: publishedIso(article, tz),
        date_modified: updatedIso(article, tz),
        authors: [{ name: article.source }],
        language: article.language,
        ...(article.tags.length > 0 ? { tags: article.tags } : {}),
        ...(image ? { image: /^https?:/i.test(image.url) ? image.url : urls.absolute(image.url) } : {}),
      };
    }),
  };
  return `${JSON.stringify(feed, null, 1)}\n`;
}

export function feedFiles(specs: readonly FeedSpec[], site: SiteSettings, urls: SiteUrls, buildTimeMs: number): OutputFile[] {
  return specs.flatMap((spec) => [
    { url: spec.atom, content: atomFeed(spec, site, urls, buildTimeMs) },
    { url: spec.json, content: jsonFeed(spec, site, urls) },
  ]);
}
