/**
 * The site's files that are not pages (feeds, sitemaps, robots.txt): each with a key of what it is made from and its
 * content rendered when first read (src/site/feeds.ts, src/site/sitemaps.ts).
 */
import { hash } from "node:crypto";

/**
 * A feed, sitemap or robots.txt: its key says what it is made from (it changes whenever its bytes can, given the
 * same build inputs: src/pipeline/site-plan.ts), so that a build computes the content only of the files it writes.
 */
export interface OutputFile {
  /** Site path of the file, e.g. `/feed.xml`. */
  url: string;
  key: string;
  /** Computed on first read (a feed's needs its articles' bodies: loadFeedBodies, src/site/feeds.ts). */
  readonly content: string;
}

/** A file whose content is rendered on first read, once. */
export function lazyFile(url: string, key: string, render: () => string): OutputFile {
  let content: string | undefined;
  return {
    url,
    key,
    get content() {
      content ??= render();
      return content;
    },
  };
}

/** A short digest of what a file is made from: its key. */
export function keyOf(parts: readonly string[]): string {
  return hash("sha256", parts.join("\n"), "base64url").slice(0, 22);
}
