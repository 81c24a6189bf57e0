/**
 * Article pages: newsmirror renders and writes them itself instead of
 * handing Eleventy a template paginated over every article.
 *
 * Why (issue 8, profiled at 4,000 articles): Eleventy's work for each page of
 * a paginated template (a data cascade, a page object, its bookkeeping and
 * asynchronous write) cost more than rendering the page. Here the pages are
 * rendered with the same template function (`templates/article.ts`) and
 * written with synchronous calls, each output folder made once.
 *
 * A second thread once wrote half of them; measured against one thread it
 * saved 3 % of wall time at 4,000 articles and too little at 20,000 and
 * 100,000 for its 490 lines (docs/benchmarks.md, issue 14), and was removed.
 *
 * Every page goes under the output folder at the article's URL; the URL is
 * checked to stay inside it.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import type { WrittenFiles } from "../written-files.ts";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Article } from "../article/article.ts";
import { BUILT_IN_TEMPLATES, type TemplateSet } from "../package.ts";
import type { ArticlePageData } from "../site/page-data.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { SiteUrls } from "../site/urls.ts";
import type { RelatedStories } from "../site/related.ts";
import type { Translations } from "../site/translations.ts";
import type { Versions } from "../site/versions.ts";
import { isScheduled } from "../site/schedule.ts";
import { outputFileOf } from "../site/output-paths.ts";

/** The article page template of a template set: a plain module, not an Eleventy template. */
export const articleTemplateOf = (templates: TemplateSet): string =>
  path.join(templates.dir, templates.file("article"));

/** newsmirror's own article page template. */
export const ARTICLE_TEMPLATE = articleTemplateOf(BUILT_IN_TEMPLATES);

export type RenderArticlePage = (data: ArticlePageData) => string;

export interface ArticlePagesJob {
  outputDir: string;
  site: SiteSettings;
  /** Every internal link relative (`--relative`), else from the base URL's path. */
  relativeLinks: boolean;
  /** Pages for the dev server: they admit its live-reload script (src/security/csp.ts). */
  dev: boolean;
  /** "Now" for the build: in the dev server, a scheduled article's page has a banner (src/site/schedule.ts). */
  buildTimeMs?: number;
  /** Related stories by article address (src/site/related.ts). */
  related?: RelatedStories | undefined;
  /** Versions in other languages by article address (src/site/translations.ts). */
  translations?: Translations | undefined;
  /** Older captures of stories, and the latest of each (src/site/versions.ts). */
  versions?: Versions | undefined;
  /** The article template's file (default newsmirror's own, ARTICLE_TEMPLATE). */
  template?: string | undefined;
  /** Told each page's bytes, for the fixity manifest (src/check/fixity.ts). */
  hashes?: WrittenFiles | undefined;
}

/** The template's render function, imported again when the file changed (as Eleventy re-imports its templates). */
export async function loadArticleTemplate(template = ARTICLE_TEMPLATE): Promise<RenderArticlePage> {
  const { mtimeMs } = statSync(template);
  // An integer: a dot in the query would read as a file extension to some loaders (vitest).
  const module = (await import(`${pathToFileURL(template).href}?newsmirror=${Math.round(mtimeMs * 1000)}`)) as {
    render: RenderArticlePage;
  };
  return module.render;
}

/** What the site around an article gives its page: the same in a whole build and the dev server's page updates. */
export interface ArticlePageParts {
  site: SiteSettings;
  urls: SiteUrls;
  dev: boolean;
  buildTimeMs?: number | undefined;
  related?: RelatedStories | undefined;
  translations?: Translations | undefined;
  versions?: Versions | undefined;
}

/** The data the article template is given for one article (templates/article.ts). */
export function articlePageData(article: Article, parts: ArticlePageParts): ArticlePageData {
  const scheduled = parts.dev && parts.buildTimeMs !== undefined && isScheduled(article, parts.buildTimeMs);
  return {
    article,
    site: parts.site,
    urls: parts.urls,
    dev: parts.dev,
    related: parts.related?.get(article.url),
    translations: parts.translations?.get(article.url),
    previousVersions: parts.versions?.previous.get(article.url),
    latestVersion: parts.versions?.latest.get(article.url),
    ...(scheduled ? { scheduled } : {}),
  };
}

/** The file an article's page is written to; throws if its URL would leave the output folder. */
export function pageFile(outputDir: string, url: string): string {
  const file = path.join(outputDir, url);
  const inside = path.relative(outputDir, file);
  if (!url.startsWith("/") || inside.startsWith("..") || path.isAbsolute(inside) || !/\.html?$/.test(inside)) {
    throw new Error(`article page URL ${JSON.stringify(url)} is not a page inside the site`);
  }
  return file;
}

/** Pages written between turns of the event loop (each turn about 0.1 ms; 50 pages about 5 ms of rendering). */
export const YIELD_EVERY = 50;

/** Renders and writes every article's page; returns the number written. */
export async function writeArticlePages(
  articles: readonly Article[],
  job: ArticlePagesJob,
  onPages?: (count: number) => void,
): Promise<number> {
  const render = await loadArticleTemplate(job.template);
  const urls = SiteUrls.of(job.site, job.relativeLinks);
  const folders = new Set<string>();
  let written = 0;
  for (const article of articles) {
    const file = pageFile(job.outputDir, article.url);
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    const bytes = Buffer.from(render(articlePageData(article, { ...job, urls })));
    writeFileSync(file, bytes);
    job.hashes?.wrote(outputFileOf(article.url), bytes); // (the plan's name for it: src/pipeline/site-plan.ts)
    // Told in batches: the progress line redraws at most ten times a second anyway.
    if (++written % 200 === 0) onPages?.(200);
    // A turn of the event loop now and then: the search index is sent to Pagefind's process meanwhile.
    if (written % YIELD_EVERY === 0) await new Promise(setImmediate);
  }
  onPages?.(written % 200);
  return written;
}
