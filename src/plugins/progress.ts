/**
 * Counts pages as they are written, for the CLI's progress line: the total
 * once Eleventy knows every page's URL, plus the article and listing pages
 * and files newsmirror writes itself (src/plugins/article-pages.ts,
 * src/plugins/news-site.ts), then a tick per page.
 */
import { outputFileOf } from "../site/output-paths.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function progress(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.on("eleventy.contentMap", async ({ urlToInputPath }: { urlToInputPath: Record<string, unknown> }) => {
    const [{ articles, revisions }, { pages, files }] = await Promise.all([context.content(), context.newsSite()]);
    const only = context.only;
    const urls = [...articles, ...revisions, ...pages, ...files].map((a) => a.url);
    const ours = only ? urls.filter((url) => only.has(outputFileOf(url))).length : urls.length;
    context.progress.total(Object.keys(urlToInputPath).length + ours);
  });
  // Linters see every rendered page once, just before it is written.
  eleventyConfig.addLinter("newsmirror-progress", () => context.progress.page());
}
