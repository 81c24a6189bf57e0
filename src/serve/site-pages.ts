/**
 * The site's files one by one, without Eleventy, for the dev server's page
 * updates: an article's page, a listing page, the home page, a feed, a
 * sitemap. Each is rendered by the same template function with the same
 * data Eleventy gives it in a whole build (its `permalink` and `pagination`
 * read from the template itself: src/pages/listing-pages.ts), so the bytes
 * are those a whole build writes (tests/dev-server.test.ts compares the two).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Article } from "../article/article.ts";
import {
  articlePageData,
  articleTemplateOf,
  loadArticleTemplate,
  type RenderArticlePage,
} from "../pages/article-pages.ts";
import { templatePages, type PageTemplate } from "../pages/listing-pages.ts";
import { BUILT_IN_TEMPLATES, type TemplateSet } from "../package.ts";
import type { NewsSite } from "../site/news-site.ts";
import { outputFileOf } from "../site/output-paths.ts";
import type { SiteSettings } from "../settings/settings.ts";

export interface SitePage {
  /** Site path: `/culture/`, `/feed.xml`, `/202107/28/alpha.html`. */
  url: string;
  /** Path of the file below the output folder: `culture/index.html`. */
  file: string;
  content: string;
}

/** The page templates (`templates/*.11ty.ts`) and the article template, imported afresh (a whole build re-imports them too). */
export class SitePages {
  private constructor(
    private readonly templates: readonly PageTemplate[],
    private readonly article: RenderArticlePage,
    /** The template set they were imported from. */
    readonly set: TemplateSet,
  ) {}

  static async load(set: TemplateSet = BUILT_IN_TEMPLATES): Promise<SitePages> {
    const names = readdirSync(set.dir).filter((name) => name.endsWith(set.file(".11ty")));
    const templates = await Promise.all(
      names.map(async (name) => (await import(pathToFileURL(path.join(set.dir, name)).href)) as PageTemplate),
    );
    return new SitePages(templates, await loadArticleTemplate(articleTemplateOf(set)), set);
  }

  /**
   * Renders the files named (paths below the output folder) of the site `newsSite` shows. `articles` are the full
   * articles whose pages are among them; a path no template or article writes is an error (a bug in the plan).
   */
  render(
    files: ReadonlySet<string>,
    parts: { site: SiteSettings; newsSite: NewsSite; articles: readonly Article[] },
  ): SitePage[] {
    const { site, newsSite } = parts;
    const pages: SitePage[] = [];
    const wanted = new Set(files);
    for (const article of parts.articles) {
      const file = outputFileOf(article.url);
      if (!wanted.delete(file)) continue;
      pages.push({
        url: article.url,
        file,
        content: this.article(articlePageData(article, { ...newsSite, site })),
      });
    }
    for (const template of this.templates) {
      if (wanted.size === 0) break;
      for (const page of templatePages(template, site, newsSite)) {
        if (wanted.delete(page.file)) pages.push({ url: page.url, file: page.file, content: page.render() });
      }
    }
    if (wanted.size > 0) throw new Error(`no template writes ${[...wanted].slice(0, 3).join(", ")}`);
    return pages;
  }
}
