/**
 * sitemap.xml (every article and listing page, with lastmod), split into a
 * sitemap index with numbered files when there are more than 50,000 URLs; the
 * Google News sitemap (articles updated in the two days before the build
 * time); robots.txt pointing at both. Linear in the number of pages.
 */
import type { ArticleMeta } from "../article/article.ts";
import { toOffsetIso } from "../time/format.ts";
import { modifiedMs, publishedIso } from "./article-times.ts";
import { keyOf, lazyFile, type OutputFile } from "./output-file.ts";
import type { SiteListings } from "./listings.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { SiteUrls } from "./urls.ts";
import type { Translations } from "./translations.ts";
import { escapeXml } from "./xml.ts";

export const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
/** Where `xhtml:link` (an article's versions in other languages) is defined. */
export const XHTML_NS = "http://www.w3.org/1999/xhtml";
/** The sitemaps.org limit per file. */
export const MAX_SITEMAP_URLS = 50_000;
/** Google News reads at most 1,000 articles per news sitemap. */
export const MAX_NEWS_URLS = 1000;
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

export interface SitemapEntry {
  /** Site path. */
  url: string;
  lastmodMs?: number;
  /** The page in every language it is in, itself included (src/site/translations.ts): `xhtml:link`s. */
  alternates?: readonly { language: string; url: string }[];
}

/** A listing's first page is addressed by its directory: `/culture/`, not `/culture/index.html`. */
export function publicPath(sitePath: string): string {
  return sitePath.endsWith("/index.html") ? sitePath.slice(0, -"index.html".length) : sitePath;
}

/** Every page a search engine should know: home, listings, archive index, articles. */
export function sitemapEntries(
  articles: readonly ArticleMeta[],
  listings: SiteListings,
  translations: Translations = new Map(),
): SitemapEntry[] {
  // Made, not spread (600 listing pages and 4,000 articles at each dev save); an article's once per article.
  const entryOf = (url: string, article: ArticleMeta | undefined): SitemapEntry =>
    article ? { url, lastmodMs: modifiedMs(article) } : { url };
  const entries: SitemapEntry[] = [entryOf("/", listings.home.articles[0]), entryOf("/archive/", articles[0])];
  for (const page of listings.pages) entries.push(entryOf(publicPath(page.url), page.articles[0]));
  for (const article of articles) {
    const others = translations.get(article.url);
    if (others) {
      // Made anew: the other versions are other articles' (their addresses can change without this one).
      const alternates = [article, ...others].map((a) => ({ language: a.language, url: a.url }));
      const entry: SitemapEntry = { ...entryOf(article.url, article), alternates };
      keyLines.set(
        entry,
        `${entry.url} ${entry.lastmodMs} ${alternates.map((a) => `${a.language}=${a.url}`).join(" ")}`,
      );
      entries.push(entry);
      continue;
    }
    let entry = articleEntries.get(article);
    if (!entry) {
      articleEntries.set(article, (entry = entryOf(article.url, article)));
      keyLines.set(entry, `${entry.url} ${entry.lastmodMs}`);
    }
    entries.push(entry);
  }
  return entries;
}

/** Each article's entry by article (never changed once made): the same object at every build of a process. */
const articleEntries = new WeakMap<ArticleMeta, SitemapEntry>();

/** An article's entry's part of its sitemap's key, made with the entry. */
const keyLines = new WeakMap<SitemapEntry, string>();

function urlset(entries: readonly SitemapEntry[], urls: SiteUrls, timeZone: string): string {
  const alternatesOf = (e: SitemapEntry) =>
    (e.alternates ?? [])
      .map(
        (a) =>
          `<xhtml:link rel="alternate" hreflang="${escapeXml(a.language)}" href="${escapeXml(urls.absolute(a.url))}"/>`,
      )
      .join("");
  const lines = entries.map(
    (e) =>
      `<url><loc>${escapeXml(urls.absolute(e.url))}</loc>${e.lastmodMs === undefined ? "" : `<lastmod>${toOffsetIso(e.lastmodMs, timeZone)}</lastmod>`}${alternatesOf(e)}</url>`,
  );
  // The xhtml namespace only where a page has versions in other languages: other sitemaps stay as they were.
  const xhtml = entries.some((e) => e.alternates) ? ` xmlns:xhtml="${XHTML_NS}"` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}"${xhtml}>\n${lines.join("\n")}\n</urlset>\n`;
}

/** What a sitemap shows besides the settings: its addresses and their times. */
const entriesKey = (entries: readonly SitemapEntry[]) =>
  keyOf(entries.map((e) => keyLines.get(e) ?? `${e.url} ${e.lastmodMs ?? ""}`));

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
  if (entries.length <= limit) {
    return [lazyFile("/sitemap.xml", entriesKey(entries), () => urlset(entries, urls, timeZone))];
  }
  const files: OutputFile[] = [];
  const index: SitemapEntry[] = [];
  for (let start = 0, n = 1; start < entries.length; start += limit, n++) {
    const chunk = entries.slice(start, start + limit);
    const url = `/sitemap-${n}.xml`;
    files.push(lazyFile(url, entriesKey(chunk), () => urlset(chunk, urls, timeZone)));
    const newest = Math.max(...chunk.map((e) => e.lastmodMs ?? -Infinity));
    index.push({ url, ...(Number.isFinite(newest) ? { lastmodMs: newest } : {}) });
  }
  const indexXml = () => {
    const lines = index.map(
      (e) =>
        `<sitemap><loc>${escapeXml(urls.absolute(e.url))}</loc>${e.lastmodMs === undefined ? "" : `<lastmod>${toOffsetIso(e.lastmodMs, timeZone)}</lastmod>`}</sitemap>`,
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${lines.join("\n")}\n</sitemapindex>\n`;
  };
  return [lazyFile("/sitemap.xml", entriesKey(index), indexXml), ...files];
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
  const news = newsArticles(articles, buildTimeMs);
  // Its articles by hash (their titles, times, languages), not the build time: the same articles, the same file.
  return lazyFile("/news-sitemap.xml", keyOf(news.map((a) => `${a.url} ${a.hash}`)), () => {
    const items = news.map(
      (a) =>
        `<url><loc>${escapeXml(urls.absolute(a.url))}</loc><news:news><news:publication><news:name>${escapeXml(site.name)}</news:name><news:language>${escapeXml(a.language)}</news:language></news:publication><news:publication_date>${publishedIso(a, site.timeZone)}</news:publication_date><news:title>${escapeXml(a.title)}</news:title></news:news></url>`,
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${items.join("\n")}${items.length ? "\n" : ""}</urlset>\n`;
  });
}

/**
 * robots.txt naming both sitemaps. Crawlers read it only at the root of a
 * host: under a path prefix it is written all the same, for the host's
 * owner to merge into theirs.
 */
export function robotsTxt(urls: SiteUrls): OutputFile {
  // Made of the settings alone (build inputs).
  return lazyFile(
    "/robots.txt",
    "robots",
    () =>
      `User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute("/sitemap.xml")}\nSitemap: ${urls.absolute("/news-sitemap.xml")}\n`,
  );
}
