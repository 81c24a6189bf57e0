/** Feeds, sitemaps and robots.txt: generated once (src/plugins/news-site.ts), written here as they are. */
import type { OutputFile } from "../src/site/output-file.ts";

export const data = {
  pagination: { data: "newsSite.files", size: 1, alias: "file", addAllPagesToCollections: false },
  permalink: (data: { file: OutputFile }) => data.file.url,
  eleventyExcludeFromCollections: true,
};

export function render({ file }: { file: OutputFile }): string {
  return file.content;
}
