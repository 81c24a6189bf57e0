/**
 * Article pages: newsmirror renders and writes them itself instead of
 * handing Eleventy a template paginated over every article.
 *
 * Why (issue 8, profiled at 4,000 articles): Eleventy's work for each page of
 * a paginated template (a data cascade, a page object, its bookkeeping and
 * asynchronous write) cost more than rendering the page, and it all ran on
 * one thread. Here the pages are rendered with the same template function
 * (`templates/article.ts`) and written with synchronous calls, each output
 * folder made once, on a worker thread, while Eleventy renders the listings,
 * feeds and sitemaps on the main one. Small sites are written in-process:
 * starting a worker costs about half a second.
 *
 * Every page goes under the output folder at the article's URL; the URL is
 * checked to stay inside it.
 */
import { statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Article } from "../article/article.ts";
import { BuildHelper } from "./helper.ts";
import { DEFAULT_TEMPLATE } from "./helper-start.js";
import { writePages, type ArticlePagesJob, type RenderArticlePage } from "./page-writer.ts";

/** The article page template (`templates/article.ts`): a plain module, not an Eleventy template. */
export const ARTICLE_TEMPLATE = DEFAULT_TEMPLATE;

/** Below this many articles, and with no worker running, pages are written on this thread alone. */
export const WORKER_THRESHOLD = 1000;

export type { ArticlePagesJob, RenderArticlePage };

/** The template's render function, imported again when the file changed (as Eleventy re-imports its templates). */
export async function loadArticleTemplate(template = ARTICLE_TEMPLATE): Promise<RenderArticlePage> {
  const { mtimeMs } = statSync(template);
  // An integer: a dot in the query would read as a file extension to some loaders (vitest).
  const module = (await import(`${pathToFileURL(template).href}?newsmirror=${Math.round(mtimeMs * 1000)}`)) as { render: RenderArticlePage };
  return module.render;
}

export interface WritePagesOptions {
  /** The build's worker (src/build/helper.ts); null: this thread only; absent: a large site gets a worker for this call. */
  helper?: BuildHelper | null;
  /** This thread joins in when this resolves (when Eleventy has written its pages). */
  hereFrom?: Promise<unknown>;
  /** Told as pages are written, for the progress line. */
  onPages?: (count: number) => void;
  /** Stops the writing (a newer build replaces this one); the promise then rejects. */
  signal?: AbortSignal;
}

/** Writes every article's page; resolves with the number written. */
export async function writeArticlePages(articles: readonly Article[], job: ArticlePagesJob, options: WritePagesOptions = {}): Promise<number> {
  const folders = new Set<string>();
  if (options.helper === null || (!options.helper && articles.length < WORKER_THRESHOLD)) {
    const written = writePages(await loadArticleTemplate(), articles, job, folders);
    options.onPages?.(written);
    return written;
  }
  // A worker started now imports the template as it is now (the dev server's rebuild after a template edit).
  const helper = options.helper ?? new BuildHelper(ARTICLE_TEMPLATE);
  try {
    let render: RenderArticlePage | undefined;
    const hereFrom = (options.hereFrom ?? Promise.resolve()).then(async () => (render = await loadArticleTemplate()));
    const { onPages, signal } = options;
    return await helper.writePages(articles, job, (chunk) => writePages(render!, chunk, job, folders), { hereFrom, ...(onPages ? { onPages } : {}), ...(signal ? { signal } : {}) });
  } finally {
    if (!options.helper) await helper.close();
  }
}
