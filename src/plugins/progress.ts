/**
 * Counts pages as they are written, for the CLI's progress line: the total
 * once Eleventy knows every page's URL, plus the article pages newsmirror
 * writes itself (src/plugins/article-pages.ts), then a tick per page.
 */
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function progress(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.on("eleventy.contentMap", async ({ urlToInputPath }: { urlToInputPath: Record<string, unknown> }) => {
    const { articles } = await context.content();
    context.progress.total(Object.keys(urlToInputPath).length + articles.length);
  });
  // Linters see every rendered page once, just before it is written.
  eleventyConfig.addLinter("newsmirror-progress", () => context.progress.page());
}
