/**
 * sitemap.xml (every article and listing page, with lastmod), split into a
 * sitemap index with numbered files when there are more than 50,000 URLs; the
 * Google News sitemap (articles updated in the two days before the build
 * time); robots.txt pointing at both. Linear in the number of pages.
 */
import type { ArticleMeta } from "../article/article.ts";
import { toOffsetIso } from "../time/format.ts";
import { publishedIso, updatedIso } from "./article-times.ts";
import type { OutputFile } from "./feeds.ts";
import type { SiteListings } from "./listings.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { SiteUrls } from "./urls.ts";
import { escapeXml } from "./xml.ts";

export const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
/** The sitemaps.org limit per file. */
export const MAX_SITEMAP_URLS = 50_000;
/** Google News reads at most 1,000 articles per news sitemap. */
export const MAX_NEWS_URLS = 1000;
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

export interface SitemapEntry {
  /** Site path. */
  url: string;
  lastmodMs?: number;
  /** `lastmodMs` as ISO 8601 with the site's offset, when already known. */
  lastmod?: string;
  /** The article the entry is for, if it is one's: its line is made once per article and kept. */
  article?: ArticleMeta;
}

/** A listing's first page is addressed by its directory: `/culture/`, not `/culture/index.html`. */
export function publicPath(sitePath: string): string {
  return sitePath.endsWith("/index.html") ? sitePath.slice(0, -"index.html".length) : sitePath;
}

/** Every page a search engine should know: home, listings, archive index, articles. */
export function sitemapEntries(
  articles: readonly ArticleMeta[],
  listings: SiteListings,
  timeZone: string,
): SitemapEntry[] {
  // Made, not spread: 600 listing pages at each dev save.
  const entryOf = (url: string, article: ArticleMeta | undefined): SitemapEntry =>
    article ? { url, lastmodMs: article.updated.epochMs, lastmod: updatedIso(article, timeZone) } : { url };
  const entries: SitemapEntry[] = [entryOf("/", listings.home.articles[0]), entryOf("/archive/", articles[0])];
  for (const page of listings.pages) entries.push(entryOf(publicPath(page.url), page.articles[0]));
  for (const article of articles) {
    let entry = articleEntries.get(article);
    if (entry?.timeZone !== timeZone) {
      const { url, updated } = article;
      const lastmod = updatedIso(article, timeZone);
      articleEntries.set(article, (entry = { timeZone, url, lastmodMs: updated.epochMs, lastmod, article }));
    }
    entries.push(entry);
  }
  return entries;
}

/** Each article's entry by article (never changed once made), for the time zone it was made in: the same at every build. */
const articleEntries = new WeakMap<ArticleMeta, SitemapEntry & { timeZone: string }>();

/** The line of an article's entry, by article (never changed once made), with what it was made from. */
const articleLines = new WeakMap<
  ArticleMeta,
  { url: string; lastmodMs: number | undefined; base: string; timeZone: string; line: string }
>();

function entryLine(e: SitemapEntry, urls: SiteUrls, timeZone: string): string {
  const made = e.article && articleLines.get(e.article);
  if (made?.url === e.url && made.lastmodMs === e.lastmodMs && made.base === urls.base && made.timeZone === timeZone)
    return made.line;
  const line = `<url><loc>${escapeXml(urls.absolute(e.url))}</loc>${e.lastmodMs === undefined ? "" : `<lastmod>${e.lastmod ?? toOffsetIso(e.lastmodMs, timeZone)}</lastmod>`}</url>`;
  if (e.article) articleLines.set(e.article, { url: e.url, lastmodMs: e.lastmodMs, base: urls.base, timeZone, line });
  return line;
}

function urlset(entries: readonly SitemapEntry[], urls: SiteUrls, timeZone: string): string {
  const lines = entries.map((e) => entryLine(e, urls, timeZone));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n${lines.join("\n")}\n</urlset>\n`;
}

/**
 * `/sitemap.xml` alone, or, past `limit` URLs, `/sitemap.xml` as a sitemap
 * index over `/sitemap-1.xml`, `/sitemap-2.xml`, …
 */
export function sitemapFiles(
  entries: readonly SitemapEntry[],
  urls: SiteUrls,
  timeZone: string,
  limit = MAX_SITEMAP_URLS,
  cache?: SitemapCache,
): OutputFile[] {
  const kept = cache?.get(entries, urls, timeZone, limit);
  if (kept) return kept;
  const files = makeSitemapFiles(entries, urls, timeZone, limit);
  cache?.set(entries, urls, timeZone, limit, files);
  return files;
}

/**
 * The sitemap files last made, for a caller that makes them again and again
 * (the dev server, at each save): the same entries (address and lastmod,
 * in order), base URL, time zone and limit are the same bytes, and are not
 * written out again. Any difference makes them anew.
 */
export class SitemapCache {
  #made:
    | { entries: readonly SitemapEntry[]; base: string; timeZone: string; limit: number; files: OutputFile[] }
    | undefined;

  get(entries: readonly SitemapEntry[], urls: SiteUrls, timeZone: string, limit: number): OutputFile[] | undefined {
    const made = this.#made;
    if (!made || made.base !== urls.base || made.timeZone !== timeZone || made.limit !== limit) return undefined;
    if (made.entries.length !== entries.length) return undefined;
    const same = made.entries.every((e, i) => {
      const now = entries[i]!;
      return e === now || (e.url === now.url && e.lastmodMs === now.lastmodMs && e.lastmod === now.lastmod);
    });
    return same ? made.files : undefined;
  }

  set(entries: readonly SitemapEntry[], urls: SiteUrls, timeZone: string, limit: number, files: OutputFile[]): void {
    this.#made = { entries, base: urls.base, timeZone, limit, files };
  }
}

function makeSitemapFiles(
  entries: readonly SitemapEntry[],
  urls: SiteUrls,
  timeZone: string,
  limit: number,
): OutputFile[] {
  if (entries.length <= limit) return [{ url: "/sitemap.xml", content: urlset(entries, urls, timeZone) }];
  const files: OutputFile[] = [];
  const index: string[] = [];
  for (let start = 0, n = 1; start < entries.length; start += limit, n++) {
    const chunk = entries.slice(start, start + limit);
    const url = `/sitemap-${n}.xml`;
    files.push({ url, content: urlset(chunk, urls, timeZone) });
    const newest = Math.max(...chunk.map((e) => e.lastmodMs ?? -Infinity));
    index.push(
      `<sitemap><loc>${escapeXml(urls.absolute(url))}</loc>${Number.isFinite(newest) ? `<lastmod>${toOffsetIso(newest, timeZone)}</lastmod>` : ""}</sitemap>`,
    );
  }
  const indexXml = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${index.join("\n")}\n</sitemapindex>\n`;
  return [{ url: "/sitemap.xml", content: indexXml }, ...files];
}

/** Articles updated in the two days up to the build time, newest first, at most 1,000. */
export function newsArticles(articles: readonly ArticleMeta[], buildTimeMs: number): ArticleMeta[] {
  const from = buildTimeMs - NEWS_WINDOW_MS;
  return articles.filter((a) => a.updated.epochMs > from && a.updated.epochMs <= buildTimeMs).slice(0, MAX_NEWS_URLS);
}

export function newsSitemap(
  articles: readonly ArticleMeta[],
  site: SiteSettings,
  urls: SiteUrls,
  buildTimeMs: number,
): OutputFile {
  const items = newsArticles(articles, buildTimeMs).map(
    (a) =>
      `<url><loc>${escapeXml(urls.absolute(a.url))}</loc><news:news><news:publication><news:name>${escapeXml(site.name)}</news:name><news:language>${escapeXml(a.language)}</news:language></news:publication><news:publication_date>${publishedIso(a, site.timeZone)}</news:publication_date><news:title>${escapeXml(a.title)}</news:title></news:news></url>`,
  );
  return {
    url: "/news-sitemap.xml",
    content: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${items.join("\n")}${items.length ? "\n" : ""}</urlset>\n`,
  };
}

/**
 * robots.txt naming both sitemaps. Crawlers read it only at the root of a
 * host: under a path prefix it is written all the same, for the host's
 * owner to merge into theirs.
 */
export function robotsTxt(urls: SiteUrls): OutputFile {
  return {
    url: "/robots.txt",
    content: `User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute("/sitemap.xml")}\nSitemap: ${urls.absolute("/news-sitemap.xml")}\n`,
  };
}
