/**
 * Counts pages as Eleventy writes them, for the CLI's progress line: the
 * total once Eleventy knows every page's URL, then one tick per page.
 */
import type { EleventyConfig } from "./eleventy-types.ts";

export interface ProgressListener {
  total(pages: number): void;
  page(): void;
}

let listener: ProgressListener | undefined;

/** The listener for builds in this process (the CLI's), or none. */
export function setProgressListener(next: ProgressListener | undefined): void {
  listener = next;
}

export default function progress() {
  return (eleventyConfig: EleventyConfig): void => {
    eleventyConfig.on("eleventy.contentMap", ({ urlToInputPath }: { urlToInputPath: Record<string, unknown> }) => {
      listener?.total(Object.keys(urlToInputPath).length);
    });
    // Linters see every rendered page once, just before it is written.
    eleventyConfig.addLinter("newsmirror-progress", () => {
      listener?.page();
    });
  };
}
