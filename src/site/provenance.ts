/**
 * `/provenance.json`: where each mirrored article came from, for archivists and for `newsmirror archive` (which
 * records a page under its original address too). Its shape is a contract other tools read; keep it:
 *
 * ```json
 * { "site": "https://example.org/", "generated": "2021-07-28T00:00:00.000Z",
 *   "articles": [{ "url": "https://example.org/a.html", "path": "/a.html", "original_url": "http://…",
 *                  "captured": "2021-07-28T00:00:00.000Z" | null, "source_sha256": "hex" | null, "title": "…" }] }
 * ```
 *
 * Only articles with an `original_url` are listed (revisions too: each older capture is a page of its own), sorted by
 * path; every build writes the file, with an empty list when no article has one. Times are UTC, as WARC records
 * date them.
 */
import type { ArticleMeta } from "../article/article.ts";
import { textOrder } from "../order.ts";
import { keyOf, lazyFile, type OutputFile } from "./output-file.ts";
import type { SiteUrls } from "./urls.ts";

export const PROVENANCE_FILE = "/provenance.json";

/** One article's line of /provenance.json. */
export interface ProvenanceEntry {
  url: string;
  path: string;
  original_url: string;
  captured: string | null;
  source_sha256: string | null;
  title: string;
}

export interface Provenance {
  site: string;
  generated: string;
  articles: ProvenanceEntry[];
}

/** The articles' provenance, in the file's order. */
export function provenanceOf(articles: readonly ArticleMeta[], urls: SiteUrls, buildTimeMs: number): Provenance {
  const entries: ProvenanceEntry[] = [];
  for (const article of articles) {
    if (!article.originalUrl) continue;
    entries.push({
      url: urls.absolute(article.url),
      path: article.url,
      original_url: article.originalUrl,
      captured: article.captured ? new Date(article.captured.epochMs).toISOString() : null,
      source_sha256: article.sourceSha256 ?? null,
      title: article.title,
    });
  }
  entries.sort((a, b) => textOrder(a.path, b.path));
  return { site: urls.base, generated: new Date(buildTimeMs).toISOString(), articles: entries };
}

/** The file: keyed by what it says (the build time included: `generated` names it), rendered when written. */
export function provenanceFile(articles: readonly ArticleMeta[], urls: SiteUrls, buildTimeMs: number): OutputFile {
  const listed = articles.filter((a) => a.originalUrl);
  const key = keyOf(["provenance", urls.base, String(buildTimeMs), ...listed.map((a) => `${a.url} ${a.hash}`)]);
  return lazyFile(PROVENANCE_FILE, key, () => `${JSON.stringify(provenanceOf(listed, urls, buildTimeMs), null, 2)}\n`);
}
