/**
 * The news site around the articles: listings (home, sections, archive),
 * feeds, sitemaps and robots.txt, computed once per build from the articles
 * into one value, `newsSite`, which the page templates paginate over
 * (templates/listing.11ty.ts, templates/files.11ty.ts, …; given to Eleventy
 * by src/plugins/news-site.ts). Nothing is recomputed per page.
 */
import type { Article, ArticleMeta } from "../article/article.ts";
import {
  feedFiles,
  feedSpecs,
  withBodies,
  FeedCache,
  type FeedSpec,
  type FullArticles,
  type OutputFile,
} from "./feeds.ts";
import { buildListings, type SiteListings } from "./listings.ts";
import { searchBundlePathsOf } from "./search-bundles.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { MAX_SITEMAP_URLS, newsSitemap, robotsTxt, SitemapCache, sitemapEntries, sitemapFiles } from "./sitemaps.ts";
import { SiteUrls } from "./urls.ts";

export interface NewsSite extends SiteListings {
  urls: SiteUrls;
  feeds: FeedSpec[];
  /** Feeds, sitemaps and robots.txt, ready to write. */
  files: OutputFile[];
  buildTimeMs: number;
  /** Site paths of the search index's Pagefind bundles, newest first (src/site/search-bundles.ts). */
  searchBundles: string[];
  /** Pages for the dev server: they admit its live-reload script (src/security/csp.ts). */
  dev: boolean;
}

export interface NewsSiteOptions {
  relativeLinks?: boolean;
  buildTimeMs?: number;
  searchBundleSize?: number;
  dev?: boolean;
  /** What earlier assemblies made, kept for the next (the dev server's page updates). */
  cache?: NewsSiteCache;
}

/**
 * What an assembly keeps for the next: the feed and sitemap files, made
 * again only where what they show differs (the dev server, at each save).
 */
export class NewsSiteCache {
  readonly feeds = new FeedCache();
  readonly sitemaps = new SitemapCache();
}

/**
 * The news site of full articles (all in memory: the dev server, tests).
 * Feeds carry the articles given.
 */
export function assembleNewsSite(articles: readonly Article[], site: SiteSettings, options: NewsSiteOptions): NewsSite {
  const parts = siteParts(articles, site, options);
  // The feeds' articles are slices of those given, full ones.
  return withFeedFiles(parts, parts.feeds as FeedSpec<Article>[], site, options.cache?.feeds);
}

/**
 * The news site of articles whose bodies may not be in memory (restored
 * from the loader's store): only the feeds carry bodies, and `full` (the
 * loader's) gives those of their items alone.
 */
export async function assembleNewsSiteFromMeta(
  articles: readonly ArticleMeta[],
  site: SiteSettings,
  options: NewsSiteOptions,
  full: FullArticles,
): Promise<NewsSite> {
  const parts = siteParts(articles, site, options);
  return withFeedFiles(parts, await withBodies(parts.feeds, full), site, options.cache?.feeds);
}

/** Everything but the feed files, which need the feeds' bodies. */
function siteParts(articles: readonly ArticleMeta[], site: SiteSettings, options: NewsSiteOptions): NewsSite {
  const urls = SiteUrls.of(site, options.relativeLinks);
  const buildTimeMs = options.buildTimeMs ?? Date.now();
  const listings = buildListings(articles, {
    perPage: site.perPage,
    timeZone: site.timeZone,
    sectionNames: site.sectionNames,
  });
  const feeds = feedSpecs(articles, listings, site);
  const files = [
    ...sitemapFiles(
      sitemapEntries(articles, listings, site.timeZone),
      urls,
      site.timeZone,
      MAX_SITEMAP_URLS,
      options.cache?.sitemaps,
    ),
    newsSitemap(articles, site, urls, buildTimeMs),
    robotsTxt(urls),
  ];
  return {
    ...listings,
    urls,
    feeds,
    files,
    buildTimeMs,
    searchBundles: searchBundlePathsOf(articles, site, options.searchBundleSize),
    dev: options.dev ?? false,
  };
}

/** The feed files first, as they always came. */
function withFeedFiles(
  parts: NewsSite,
  feeds: readonly FeedSpec<Article>[],
  site: SiteSettings,
  cache: FeedCache | undefined,
): NewsSite {
  return { ...parts, files: [...feedFiles(feeds, site, parts.urls, parts.buildTimeMs, cache), ...parts.files] };
}
