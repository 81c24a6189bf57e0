/**
 * Articles enter Eleventy as global data, read once per build by our own
 * loader, not as one Eleventy template per Markdown file: the data cascade,
 * template compilation and per-file bookkeeping Eleventy does for each input
 * file cost more than rendering the page itself (DESIGN.md measured 2× at
 * 4,000 articles). The loader reports every bad file at once and re-reads
 * only changed files on a later build.
 */
import type { UserConfig } from "./eleventy.ts";
import type { BuildContext } from "./context.ts";

export default function articles(eleventyConfig: UserConfig, context: BuildContext): void {
  // Read once per build: listings, feeds, sitemaps and article pages (news-site.ts, article-pages.ts) share them.
  eleventyConfig.on("eleventy.before", () => context.startBuild());
  eleventyConfig.addGlobalData("site", async () => (await context.content()).settings);
  eleventyConfig.addGlobalData("articles", async () => (await context.content()).articles);
  eleventyConfig.addWatchTarget(context.options.contentDir); // for Eleventy's own --watch; newsmirror serve watches by itself
}
