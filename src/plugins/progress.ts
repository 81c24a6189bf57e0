/**
 * Counts pages as they are written, for the CLI's progress line: the total
 * once Eleventy knows every page's URL plus the article pages newsmirror
 * writes itself, then a tick per page (per batch for article pages).
 */
import type { EleventyConfig } from "./eleventy-types.ts";

export interface ProgressListener {
  total(pages: number): void;
  page(count?: number): void;
  /** A step after the pages (the search index), shown in their place. */
  step(text: string): void;
}

let listener: ProgressListener | undefined;
/** Pages to write in this build: Eleventy's, and the article pages newsmirror writes itself. */
const totals = { eleventy: 0, articles: 0 };

/** The listener for builds in this process (the CLI's), or none. */
export function setProgressListener(next: ProgressListener | undefined): void {
  listener = next;
}

/** Tells the listener the build is on to a later step. */
export function progressStep(text: string): void {
  listener?.step(text);
}

/** The article pages this build writes (src/plugins/article-pages.ts), and as they are written. */
export const articlePagesProgress = {
  total(pages: number): void {
    totals.articles = pages;
    listener?.total(totals.eleventy + totals.articles);
  },
  written(pages: number): void {
    listener?.page(pages);
  },
};

export default function progress() {
  return (eleventyConfig: EleventyConfig): void => {
    eleventyConfig.on("eleventy.contentMap", ({ urlToInputPath }: { urlToInputPath: Record<string, unknown> }) => {
      totals.eleventy = Object.keys(urlToInputPath).length;
      listener?.total(totals.eleventy + totals.articles);
    });
    // Linters see every rendered page once, just before it is written.
    eleventyConfig.addLinter("newsmirror-progress", () => {
      listener?.page();
    });
  };
}
