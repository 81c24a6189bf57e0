/**
 * newsmirror's Eleventy configuration: the table of contents. Each line adds
 * one capability, implemented and tested in its own module under src/, and
 * each is handed the build's context (src/plugins/context.ts): options,
 * content, photo cache, progress and results, passed, never global.
 *
 * newsmirror's build (src/pipeline/build.ts) calls `newsmirrorSite(context)`
 * through Eleventy's programmatic `config` option. The default export is for
 * Eleventy's own CLI (`npx tsx node_modules/.bin/eleventy --config=.eleventy.ts`),
 * run in this folder, with the defaults: ./content in, drafts left out.
 */
import path from "node:path";
import type { UserConfig } from "./src/plugins/eleventy.ts";
import { createBuildContext, type BuildContext } from "./src/plugins/context.ts";
import typescriptTemplates from "./src/plugins/typescript-templates.ts";
import articles from "./src/plugins/articles.ts";
import newsSite from "./src/plugins/news-site.ts";
import articlePages from "./src/plugins/article-pages.ts";
import assets from "./src/plugins/assets.ts";
import photos from "./src/plugins/photos.ts";
import progress from "./src/plugins/progress.ts";

export function newsmirrorSite(context: BuildContext) {
  return (eleventyConfig: UserConfig): void => {
    eleventyConfig.setIncludesDirectory("_components");
    // The templates are newsmirror's own (or their compiled copy under dist/, which .gitignore lists): no folder's
    // .gitignore decides which of them are read.
    eleventyConfig.setUseGitIgnore(false);
    // Installed as a package, newsmirror's templates are themselves below a node_modules folder, which Eleventy ignores
    // by default: the home page, the archive and the 404 page went missing from a site built by an installed newsmirror.
    eleventyConfig.ignores.delete("**/node_modules/**");
    // The templates folder is the build's (context.templates): newsmirror's own, or bundled with a site's overrides of
    // them, templates/ or layouts/ beside its content folder (src/templates/overrides.ts, made by src/pipeline/build.ts).
    eleventyConfig.addPlugin(typescriptTemplates); // templates/*.11ty.ts
    eleventyConfig.addPlugin(articles, context); // content/**/*.md → typed Articles and site.json, as global data
    eleventyConfig.addPlugin(newsSite, context); // home, sections, archive, feeds, sitemaps, robots.txt
    eleventyConfig.addPlugin(articlePages, context); // one page per article (templates/article.ts), after Eleventy's pages
    eleventyConfig.addPlugin(assets, context); // stylesheet and logo → /assets/
    eleventyConfig.addPlugin(photos, context); // articles' photo variants, from the photo cache → /photos/
    eleventyConfig.addPlugin(progress, context); // pages written, for the CLI's progress line
  };
}

export default function (eleventyConfig: UserConfig): void {
  const cwd = process.cwd();
  // Eleventy's own --serve and --watch inject their live-reload client: the pages' policy must admit it.
  const dev = process.env.ELEVENTY_RUN_MODE === "serve" || process.env.ELEVENTY_RUN_MODE === "watch";
  const options = { contentDir: path.resolve(cwd, "content"), displayRoot: cwd, includeDrafts: false, dev };
  newsmirrorSite(createBuildContext(options))(eleventyConfig);
}

export const config = { dir: { input: "templates" } };
