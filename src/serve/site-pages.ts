/**
 * The pages that show an article, for the dev server's page updates: its
 * own page, every listing page that carries its teaser (home, sections and
 * their `page_N`, archive months), and every feed that carries its text. Each is rendered by the same template function a full
 * build uses, with the same data, so the bytes are those a full build would
 * write (tests/dev-server.test.ts compares the two).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Article, ArticleMeta } from "../article/article.ts";
import { loadArticleTemplate } from "../pages/article-pages.ts";
import { TEMPLATES_DIR } from "../package.ts";
import type { NewsSite } from "../site/news-site.ts";
import { feedFiles, feedSpecs, withBodies, type FullArticles } from "../site/feeds.ts";
import { buildListings, type ListingPage } from "../site/listings.ts";
import type { SiteSettings } from "../settings/settings.ts";

export interface SitePage {
  /** Site path: `/culture/`, `/feed.xml`, `/202107/28/alpha.html`. */
  url: string;
  /** Path of the file below the output folder: `culture/index.html`. */
  file: string;
  content: string;
}

interface ListingData {
  site: SiteSettings;
  newsSite: NewsSite;
  page: { url: string };
  listing?: ListingPage;
}
type Render = (data: ListingData) => string;

async function template(name: string): Promise<Render> {
  const module = (await import(pathToFileURL(path.join(TEMPLATES_DIR, name)).href)) as { render: Render };
  return module.render;
}

/** Eleventy's `page.url` for a permalink: `/culture/index.html` and `/culture/` are both `/culture/`. */
export function urlOfPermalink(permalink: string): string {
  return permalink.replace(/(^|\/)index\.html$/, "$1");
}

/** The output file of a permalink, as Eleventy writes it: a folder gets `index.html`. */
export function fileOfPermalink(permalink: string): string {
  const relative = permalink.replace(/^\/+/, "");
  return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
}

/**
 * A body-only edit of `edited`: the site's pages and data as they are now.
 * `articles` are all articles as loaded now, `before` the news site of the
 * last update; only bodies differ (the caller checks), so addresses, order,
 * dates and every sitemap stay as they were. The listings are computed
 * again, for the teasers they carry, and only the feeds that carry an
 * edited article: a feed holds whole bodies, and rendering every feed was
 * half the time of an update at 4,000 articles. `full` gives the feeds' bodies.
 */
export async function updateForBodyEdits(
  edited: readonly Article[],
  articles: readonly ArticleMeta[],
  before: NewsSite,
  site: SiteSettings,
  full: FullArticles,
): Promise<{ pages: SitePage[]; newsSite: NewsSite }> {
  const files = new Set(edited.map((a) => a.file));
  const shows = (list: readonly ArticleMeta[]) => list.some((a) => files.has(a.file));
  const listings = buildListings(articles, {
    perPage: site.perPage,
    timeZone: site.timeZone,
    sectionNames: site.sectionNames,
  });
  const feeds = feedSpecs(articles, listings, site);
  const feedPages = feedFiles(
    await withBodies(
      feeds.filter((feed) => shows(feed.articles)),
      full,
    ),
    site,
    before.urls,
    before.buildTimeMs,
  );
  const replaced = new Map(feedPages.map((f) => [f.url, f]));
  const newsSite: NewsSite = {
    ...before,
    ...listings,
    feeds,
    files: before.files.map((f) => replaced.get(f.url) ?? f),
  };

  const pages: SitePage[] = [];
  const renderArticle = await loadArticleTemplate();
  for (const article of edited) {
    pages.push({
      url: article.url,
      file: fileOfPermalink(article.url),
      content: renderArticle({ article, site, urls: newsSite.urls, dev: newsSite.dev }),
    });
  }
  if (shows(newsSite.home.articles)) {
    const render = await template("home.11ty.ts");
    pages.push({ url: "/", file: "index.html", content: render({ site, newsSite, page: { url: "/" } }) });
  }
  const listingPages = newsSite.pages.filter((listing) => shows(listing.articles));
  if (listingPages.length > 0) {
    const render = await template("listing.11ty.ts");
    for (const listing of listingPages) {
      const url = urlOfPermalink(listing.url);
      pages.push({
        url,
        file: fileOfPermalink(listing.url),
        content: render({ site, newsSite, listing, page: { url } }),
      });
    }
  }
  for (const file of feedPages) pages.push({ url: file.url, file: fileOfPermalink(file.url), content: file.content });
  return { pages, newsSite };
}
