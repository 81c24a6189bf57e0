/**
 * The news site around the articles (src/site/news-site.ts): listings,
 * feeds, sitemaps and robots.txt, computed once per build into one global,
 * `newsSite`, which the page templates paginate over.
 */
import { assembleNewsSiteFromMeta } from "../site/news-site.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function newsSite(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.addGlobalData("newsSite", async () => {
    const { articles, settings, full } = await context.content();
    return assembleNewsSiteFromMeta(articles, settings, context.options, full);
  });
}
