/**
 * Counts pages as they are written, for the CLI's progress line: the total
 * once Eleventy knows every page's URL, plus the article pages newsmirror
 * writes itself (src/plugins/article-pages.ts), then a tick per page.
 */
import { outputFileOf } from "../site/output-paths.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function progress(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.on("eleventy.contentMap", async ({ urlToInputPath }: { urlToInputPath: Record<string, unknown> }) => {
    const { articles } = await context.content();
    const only = context.only;
    const articlePages = only ? articles.filter((a) => only.has(outputFileOf(a.url))).length : articles.length;
    context.progress.total(Object.keys(urlToInputPath).length + articlePages);
  });
  // Linters see every rendered page once, just before it is written.
  eleventyConfig.addLinter("newsmirror-progress", () => context.progress.page());
}
