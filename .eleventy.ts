/**
 * newsmirror's Eleventy configuration: the table of contents. Each line adds
 * one capability, implemented and tested in its own module under src/.
 *
 * Run through the newsmirror CLI (`npm run build`, `npm start`), which loads
 * TypeScript with tsx and chooses the content folder and output.
 */
import { readBuildOptions } from "./src/build/options.ts";
import articles from "./src/plugins/articles.ts";
import articlePages from "./src/plugins/article-pages.ts";
import assets from "./src/plugins/assets.ts";
import newsSite from "./src/plugins/news-site.ts";
import photos from "./src/plugins/photos.ts";
import typescriptTemplates from "./src/plugins/typescript-templates.ts";
import progress from "./src/plugins/progress.ts";
import type { EleventyConfig } from "./src/plugins/eleventy-types.ts";

export default function (eleventyConfig: EleventyConfig): void {
  const options = readBuildOptions();

  eleventyConfig.addPlugin(typescriptTemplates()); // templates/*.11ty.ts
  eleventyConfig.addPlugin(articles(options)); // content/**/*.md → typed Articles, as global data
  eleventyConfig.addPlugin(articlePages(options)); // one page per article, written on a second thread (templates/article.ts)
  eleventyConfig.addPlugin(assets({ from: "templates/assets" })); // stylesheet and logo → /assets/
  eleventyConfig.addPlugin(progress()); // pages written, for the CLI's progress line
  eleventyConfig.addPlugin(newsSite(options)); // home, sections, archive, feeds, sitemaps, robots.txt (after articles)
  eleventyConfig.addPlugin(photos(options)); // articles' photo variants, from the photo cache → /photos/
  // Edits to src/ restart the dev server's worker process (src/serve/serve.ts).
}

export const config = {
  dir: { input: "templates", includes: "_components", data: "_data" },
};
