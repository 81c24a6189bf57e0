/**
 * Writing article pages: render with the template, write with synchronous
 * calls, each output folder made once. Used on the main thread and, bundled
 * with the template, on the build's worker (src/build/helper-worker.js), so
 * it imports nothing but Node and what the template needs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Article } from "../article/article.ts";
import type { SiteSettings } from "../site/settings.ts";
import { SiteUrls } from "../site/urls.ts";
import type { ArticlePageData } from "../../templates/article.ts";

export type RenderArticlePage = (data: ArticlePageData) => string;

export interface ArticlePagesJob {
  outputDir: string;
  site: SiteSettings;
  /** Every internal link relative (`--relative`), else from the base URL's path. */
  relativeLinks: boolean;
}

/** The file an article's page is written to; throws if its URL would leave the output folder. */
export function pageFile(outputDir: string, url: string): string {
  const file = path.join(outputDir, url);
  const inside = path.relative(outputDir, file);
  if (!url.startsWith("/") || inside.startsWith("..") || path.isAbsolute(inside) || !inside.endsWith(".html")) {
    throw new Error(`article page URL ${JSON.stringify(url)} is not a page inside the site`);
  }
  return file;
}

/** Renders and writes pages synchronously; `folders` remembers the folders already made. */
export function writePages(render: RenderArticlePage, articles: readonly Article[], job: ArticlePagesJob, folders: Set<string>): number {
  const urls = SiteUrls.of(job.site, job.relativeLinks);
  for (const article of articles) {
    const file = pageFile(job.outputDir, article.url);
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    writeFileSync(file, render({ article, site: job.site, urls }));
  }
  return articles.length;
}
