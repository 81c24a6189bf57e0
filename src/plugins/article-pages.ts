/**
 * Article pages (src/build/article-pages.ts) in Eleventy's build cycle: when
 * a build starts, the loaded articles' pages start being written into its
 * output on a second thread, and the build ends only when they are all
 * written, so production builds and the dev server's full rebuilds write
 * the same pages. A save of the article template starts a rebuild, as a
 * template's would.
 */
import path from "node:path";
import type { Article } from "../article/article.ts";
import type { BuildOptions } from "../build/options.ts";
import { ARTICLE_TEMPLATE, writeArticlePages } from "../build/article-pages.ts";
import type { BuildHelper } from "../build/helper.ts";
import { articlesOf, settingsOf } from "./articles.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import { articlePagesProgress } from "./progress.ts";

/** Article pages written by the last finished build in this process. */
let lastWritten = 0;
/** The production build's worker; null when the build runs on one thread; undefined outside a build (the dev server decides). */
let buildHelper: BuildHelper | null | undefined;

export function useBuildHelper(helper: BuildHelper | null | undefined): void {
  buildHelper = helper;
}

export function articlePagesWritten(): number {
  return lastWritten;
}

export default function articlePages(options: BuildOptions) {
  return (eleventyConfig: EleventyConfig): void => {
    const articles = articlesOf(eleventyConfig);
    const settings = settingsOf(eleventyConfig);
    let writing: Promise<number> | undefined;
    let eleventyDone = () => {};
    let stop = new AbortController();
    eleventyConfig.addWatchTarget(ARTICLE_TEMPLATE);
    eleventyConfig.on("eleventy.before", async ({ directories }: { directories: { output: string } }) => {
      // A dev-server rebuild after one that failed: that one's writing stops first, so it cannot overwrite newer pages.
      stop.abort();
      await writing?.catch(() => undefined);
      stop = new AbortController();
      const { signal } = stop;
      articlePagesProgress.total(0);
      // This thread writes pages too once Eleventy has written its own; a worker starts at once.
      const hereFrom = new Promise<void>((resolve) => (eleventyDone = resolve));
      // Not awaited: Eleventy goes on to its own pages. A content error surfaces from Eleventy's data, as before.
      writing = articles().then((list: Article[]) => {
        articlePagesProgress.total(list.length);
        const job = { outputDir: path.resolve(directories.output), site: settings(), relativeLinks: options.relativeLinks ?? false };
        return writeArticlePages(list, job, { helper: buildHelper, hereFrom, onPages: articlePagesProgress.written, signal });
      });
      writing.catch(() => undefined); // awaited (and thrown) after Eleventy's pages
    });
    eleventyConfig.on("eleventy.after", async () => {
      eleventyDone();
      lastWritten = (await writing) ?? 0;
    });
  };
}
