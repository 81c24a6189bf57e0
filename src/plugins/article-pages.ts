/**
 * Article pages (src/pages/article-pages.ts) in Eleventy's build cycle:
 * written into the build's output once Eleventy has written its own pages,
 * so production builds and the dev server's whole builds write the same
 * pages. A save of the article template starts a rebuild under Eleventy's
 * own --watch, as a template's would.
 */
import path from "node:path";
import { articleTemplateOf, writeArticlePages } from "../pages/article-pages.ts";
import { outputFileOf } from "../site/output-paths.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function articlePages(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.addWatchTarget(articleTemplateOf(context.templates));
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    const { articles, revisions, settings, full, buildTimeMs } = await context.content();
    const only = context.only;
    // Older captures' pages too (src/site/versions.ts): in no listing, but each at its own address.
    const pages = revisions.length > 0 ? [...articles, ...revisions] : articles;
    const written = only ? pages.filter((article) => only.has(outputFileOf(article.url))) : pages;
    const { relativeLinks = false, dev = false } = context.options;
    const { related, translations, versions } = await context.newsSite();
    const job = {
      outputDir: path.resolve(directories.output),
      site: settings,
      relativeLinks,
      dev,
      buildTimeMs,
      related,
      translations,
      versions,
      template: articleTemplateOf(context.templates),
      hashes: context.hashes,
    };
    context.results.articlePages = await writeArticlePages(await full(written), job, (pages) =>
      context.progress.page(pages),
    );
  });
}
