/**
 * "Has this file changed?", asked the same way everywhere: the article
 * cache (src/article/load.ts), the photos an article depends on
 * (src/images/article-photos.ts) and the photo cache's index of source
 * hashes (src/images/encode.ts, kept on disk in `sources.json`, so the
 * format is part of the cache: changing it makes every photo hashed again).
 */
import type { Stats } from "node:fs";

/** A file's identity for caches: it changed if its size, modification time or inode did. */
export function stampOf(info: Pick<Stats, "size" | "mtimeMs" | "ino">): string {
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}
