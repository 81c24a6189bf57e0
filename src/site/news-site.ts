/**
 * The news site around the articles: listings (home, sections, archive),
 * feeds, sitemaps and robots.txt, computed once per build from the articles
 * into one value, `newsSite`, which the page templates paginate over
 * (templates/listing.11ty.ts, templates/files.11ty.ts, …; given to Eleventy
 * by src/plugins/news-site.ts). Nothing is recomputed per page.
 */
import type { ArticleMeta } from "../article/article.ts";
import { feedFiles, feedSpecs, type FeedSpec } from "./feeds.ts";
import type { OutputFile } from "./output-file.ts";
import { buildListings, listingOptionsOf, type SiteListings } from "./listings.ts";
import { searchBundlePathsOf, searchLanguagesOf, type SearchLanguage } from "./search-bundles.ts";
import { correctionsPages, type CorrectionsPage } from "./corrections.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { newsSitemap, robotsTxt, sitemapEntries, sitemapFiles } from "./sitemaps.ts";
import { SiteUrls } from "./urls.ts";
import { aliasFiles } from "./aliases.ts";
import { hostConfigFiles } from "./host-config.ts";
import { relatedStories, type RelatedStories } from "./related.ts";
import { isScheduled } from "./schedule.ts";
import { translationsOf, type Translations } from "./translations.ts";
import { provenanceFile } from "./provenance.ts";
import { versionsOf, type Versions } from "./versions.ts";

export interface NewsSite extends SiteListings {
  urls: SiteUrls;
  feeds: FeedSpec[];
  /**
   * Feeds, sitemaps, robots.txt, the aliases' redirects, /provenance.json and (not for the dev server) host
   * configuration, ready to write.
   */
  files: OutputFile[];
  buildTimeMs: number;
  /** Site paths of the search index's Pagefind bundles, newest first (src/site/search-bundles.ts). */
  searchBundles: string[];
  /** A site of more than one language: each language's bundles, for the search page (src/site/search-bundles.ts). */
  searchLanguages: SearchLanguage[];
  /** Pages for the dev server: they admit its live-reload script (src/security/csp.ts). */
  dev: boolean;
  /** Past `expires`: each address keeps a short notice (templates/withdrawn.11ty.ts). */
  withdrawn: readonly ArticleMeta[];
  /** `/corrections/`, when any article has a correction (templates/corrections.11ty.ts): none or one. */
  correctionPages: CorrectionsPage[];
  /** Each article's related stories, by its address (src/site/related.ts); the listed articles are the candidates. */
  related: RelatedStories;
  /** Each article's versions in other languages, by its address (src/site/translations.ts), among those on the site. */
  translations: Translations;
  /** Older captures of stories (src/site/versions.ts): their pages, and the latest's "Previous versions". */
  revisions: readonly ArticleMeta[];
  versions: Versions;
}

export interface NewsSiteOptions {
  relativeLinks?: boolean;
  buildTimeMs?: number;
  searchBundleSize?: number;
  dev?: boolean;
  /** Articles withdrawn at the build time (src/site/schedule.ts): not among `articles`. */
  withdrawn?: readonly ArticleMeta[];
  /** Older captures of the articles (`revision: true`): not among `articles`. */
  revisions?: readonly ArticleMeta[];
  /** The listings of `articles` with these settings, when the caller made them already (the build's claims). */
  listings?: SiteListings;
}

/**
 * The news site. Its files are rendered where they are read: a feed's
 * content needs its articles' bodies, which articles restored from the
 * loader's store lack; a build reads them for the feeds it writes alone
 * (loadFeedBodies, src/site/feeds.ts). Full articles (the dev server,
 * tests) need nothing more.
 */
export function assembleNewsSite(
  articles: readonly ArticleMeta[],
  site: SiteSettings,
  options: NewsSiteOptions,
): NewsSite {
  const urls = SiteUrls.of(site, options.relativeLinks);
  const revisions = options.revisions ?? [];
  const buildTimeMs = options.buildTimeMs ?? Date.now();
  const listings = options.listings ?? buildListings(articles, listingOptionsOf(site));
  const feeds = feedSpecs(articles, listings, site);
  const correctionPages = correctionsPages(articles);
  const translations = translationsOf(articles);
  const entries = sitemapEntries(articles, listings, translations);
  for (const page of correctionPages) entries.push({ url: "/corrections/", lastmodMs: page.entries[0]!.dateMs });
  const files = [
    ...feedFiles(feeds, site, urls, buildTimeMs),
    ...sitemapFiles(entries, urls, site.timeZone),
    newsSitemap(articles, site, urls, buildTimeMs),
    robotsTxt(urls),
    ...aliasFiles(articles, site, urls),
    // _headers and nginx.conf: for the host a production build is published to, not the dev server's (older
    // captures' pages are published too, with their photos' origins).
    ...(options.dev ? [] : hostConfigFiles(revisions.length > 0 ? [...articles, ...revisions] : articles, urls)),
    // Where each article was captured from (every build writes it: src/site/provenance.ts).
    provenanceFile(revisions.length > 0 ? [...articles, ...revisions] : articles, urls, buildTimeMs),
  ];
  return {
    ...listings,
    urls,
    feeds,
    files,
    buildTimeMs,
    searchBundles: searchBundlePathsOf(articles, site, options.searchBundleSize),
    searchLanguages: searchLanguagesOf(articles, site, options.searchBundleSize),
    dev: options.dev ?? false,
    withdrawn: options.withdrawn ?? [],
    revisions,
    versions: versionsOf(articles, revisions),
    correctionPages,
    // Never a scheduled article (the dev server lists them, under a banner), a draft or a withdrawn one.
    translations,
    related: relatedStories(options.dev ? articles.filter((article) => !isScheduled(article, buildTimeMs)) : articles),
  };
}
