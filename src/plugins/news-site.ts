/**
 * The news site around the articles: listings (home, sections, archive),
 * feeds, sitemaps and robots.txt, computed once per build from the
 * `articles` data into one global, `newsSite`, which the page templates
 * paginate over (templates/listing.11ty.ts, templates/files.11ty.ts, …).
 * Nothing is recomputed per page.
 */
import type { Article } from "../article/article.ts";
import type { BuildOptions } from "../build/options.ts";
import { feedFiles, feedSpecs, type FeedSpec, type OutputFile } from "../site/feeds.ts";
import { buildListings, type SiteListings } from "../site/listings.ts";
import { searchBundles } from "../site/search-bundles.ts";
import type { SiteSettings } from "../site/settings.ts";
import { newsSitemap, robotsTxt, sitemapEntries, sitemapFiles } from "../site/sitemaps.ts";
import { SiteUrls } from "../site/urls.ts";
import { articlesOf, settingsOf } from "./articles.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

export interface NewsSite extends SiteListings {
  urls: SiteUrls;
  feeds: FeedSpec[];
  /** Feeds, sitemaps and robots.txt, ready to write. */
  files: OutputFile[];
  buildTimeMs: number;
  /** Site paths of the search index's Pagefind bundles (src/site/search-bundles.ts). */
  searchBundles: string[];
}

export function assembleNewsSite(articles: readonly Article[], site: SiteSettings, options: { relativeLinks?: boolean; buildTimeMs?: number; searchBundleSize?: number }): NewsSite {
  const urls = SiteUrls.of(site, options.relativeLinks);
  const buildTimeMs = options.buildTimeMs ?? Date.now();
  const listings = buildListings(articles, { perPage: site.perPage, timeZone: site.timeZone, sectionNames: site.sectionNames });
  const feeds = feedSpecs(articles, listings, site);
  const files = [
    ...feedFiles(feeds, site, urls, buildTimeMs),
    ...sitemapFiles(sitemapEntries(articles, listings, site.timeZone), urls, site.timeZone),
    newsSitemap(articles, site, urls, buildTimeMs),
    robotsTxt(urls),
  ];
  return { ...listings, urls, feeds, files, buildTimeMs, searchBundles: searchBundles(articles.length, options.searchBundleSize) };
}

export default function newsSite(options: BuildOptions) {
  return (eleventyConfig: EleventyConfig): void => {
    const articles = articlesOf(eleventyConfig);
    const settings = settingsOf(eleventyConfig);
    eleventyConfig.addGlobalData("newsSite", async () => assembleNewsSite(await articles(), settings(), options));
  };
}
