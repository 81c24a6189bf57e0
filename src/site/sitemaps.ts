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
  const lastmod = (article: ArticleMeta | undefined) =>
    article ? { lastmodMs: article.updated.epochMs, lastmod: updatedIso(article, timeZone) } : {};
  const entries: SitemapEntry[] = [
    { url: "/", ...lastmod(listings.home.articles[0]) },
    { url: "/archive/", ...lastmod(articles[0]) },
  ];
  for (const page of listings.pages) entries.push({ url: publicPath(page.url), ...lastmod(page.articles[0]) });
  for (const article of articles) entries.push({ url: article.url, ...lastmod(article) });
  return entries;
}

function urlset(entries: readonly SitemapEntry[], urls: SiteUrls, timeZone: string): string {
  const lines = entries.map(
    (e) =>
      `<url><loc>${escapeXml(urls.absolute(e.url))}</loc>${e.lastmodMs === undefined ? "" : `<lastmod>${e.lastmod ?? toOffsetIso(e.lastmodMs, timeZone)}</lastmod>`}</url>`,
  );
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
