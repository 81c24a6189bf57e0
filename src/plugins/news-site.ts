/**
 * The news site around the articles (src/site/news-site.ts): listings,
 * feeds, sitemaps and robots.txt, computed once per build into one global,
 * `newsSite`. Eleventy writes the pages of the templates that are not
 * paginated (home, archive index, search, 404); the listing pages and the
 * files (the templates paginated over `newsSite.pages` and `newsSite.files`)
 * are written one at a time by src/pages/listing-pages.ts once Eleventy's
 * are: all of them, or in an incremental build only those it writes.
 */
import path from "node:path";
import { writeListingPages } from "../pages/listing-pages.ts";
import { loadFeedBodies } from "../site/feeds.ts";
import { outputFileOf } from "../site/output-paths.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export default function newsSite(eleventyConfig: UserConfig, context: BuildContext): void {
  // Eleventy paginates nothing: the listing pages and files are ours to write (src/pages/listing-pages.ts).
  eleventyConfig.addGlobalData("newsSite", async () => ({
    ...(await context.newsSite()),
    pages: [],
    files: [],
    correctionPages: [],
    withdrawn: [],
  }));
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    const [site, { settings, full }] = await Promise.all([context.newsSite(), context.content()]);
    const only = context.only;
    const job = {
      outputDir: path.resolve(directories.output),
      site: settings,
      only,
      templates: context.templates,
      hashes: context.hashes,
    };
    // Only the feeds written read their articles' bodies (src/site/feeds.ts).
    await loadFeedBodies(only ? site.files.filter((file) => only.has(outputFileOf(file.url))) : site.files, full);
    const written = await writeListingPages(site, job, (pages) => context.progress.page(pages));
    context.results.listingPages = written.length;
  });
}
