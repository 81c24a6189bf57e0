/**
 * The news site around the articles (src/site/news-site.ts): listings,
 * feeds, sitemaps and robots.txt, computed once per build into one global,
 * `newsSite`, which the page templates paginate over: all of them, or in an
 * incremental build only those it writes.
 */
import { outputFileOf } from "../site/output-paths.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function newsSite(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.addGlobalData("newsSite", async () => {
    const site = await context.newsSite();
    const only = context.only;
    if (!only) return site;
    // An incremental build: only the listing pages and files whose keys changed (src/pipeline/site-plan.ts).
    return {
      ...site,
      pages: site.pages.filter((page) => only.has(outputFileOf(page.url))),
      files: site.files.filter((file) => only.has(outputFileOf(file.url))),
    };
  });
}
