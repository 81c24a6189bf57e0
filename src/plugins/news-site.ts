/**
 * The news site around the articles (src/site/news-site.ts): listings,
 * feeds, sitemaps and robots.txt, computed once per build into one global,
 * `newsSite`, which the page templates paginate over: all of them, or in an
 * incremental build only those it writes.
 */
import { loadFeedBodies } from "../site/feeds.ts";
import { outputFileOf } from "../site/output-paths.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function newsSite(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.addGlobalData("newsSite", async () => {
    const site = await context.newsSite();
    const only = context.only;
    // An incremental build: only the listing pages and files whose keys changed (src/pipeline/site-plan.ts).
    const files = only ? site.files.filter((file) => only.has(outputFileOf(file.url))) : site.files;
    // Only the feeds written read their articles' bodies; each file is rendered here, once, as a plain value.
    await loadFeedBodies(files, (await context.content()).full);
    return {
      ...site,
      pages: only ? site.pages.filter((page) => only.has(outputFileOf(page.url))) : site.pages,
      files: files.map((file) => ({ url: file.url, key: file.key, content: file.content })),
    };
  });
}
