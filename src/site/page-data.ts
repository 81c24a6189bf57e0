/**
 * What each page template is given. Eleventy's page templates
 * (templates/*.11ty.ts) get the `site` and `newsSite` globals and their own
 * `page`; the article template (templates/article.ts), called by newsmirror
 * itself (src/pages/article-pages.ts), gets one article.
 */
import type { Article, ArticleMeta } from "../article/article.ts";
import type { NewsSite } from "./news-site.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { SiteUrls } from "./urls.ts";

/** What Eleventy gives every site page's template: settings, the site-wide data, the page's own URL. */
export interface SiteData {
  site: SiteSettings;
  newsSite: NewsSite;
  page: { url: string };
}

/** What the article template renders one page from. */
export interface ArticlePageData {
  article: Article;
  site: SiteSettings;
  urls: SiteUrls;
  /** A page for the dev server: it admits the live-reload script (src/security/csp.ts). */
  dev: boolean;
  /** Not yet published at the build time (only the dev server shows such a page): a banner says so. */
  scheduled?: boolean;
  /** Its related stories (src/site/related.ts), when it shows some. */
  related?: readonly ArticleMeta[] | undefined;
  /** Its versions in other languages (src/site/translations.ts), when it has some. */
  translations?: readonly ArticleMeta[] | undefined;
  /** Its older captures, newest first (src/site/versions.ts): the "Previous versions" list under the body. */
  previousVersions?: readonly ArticleMeta[] | undefined;
  /** On an older capture's page: the latest capture, linked from its notice. */
  latestVersion?: ArticleMeta | undefined;
}
