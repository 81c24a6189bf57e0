/**
 * The search records of each bundle's articles (./search-index.ts searchRecord), kept in the build cache, a file per
 * bundle (`search-records/2021.json`), so that re-indexing a bundle reads again only its changed articles.
 *
 * Pagefind cannot change an index in place: a bundle whose articles changed is written again whole. Its records came
 * from every article's body, so one article edited in the newest month read and rendered the month's 268 articles
 * again (20,000-article bench), and an edit to an old article its year's 3,300. A record is kept with its article's
 * hash (the source file and its photos) and the build's inputs (settings, newsmirror's code: what else a record is
 * made from); a record whose article changed, or a file written under other inputs, is made again from the article.
 * An unreadable file is an empty one: the records are made again, never trusted.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article, ArticleMeta } from "../article/article.ts";
import type { SearchBundle } from "../site/search-bundles.ts";

/** A record as searchRecord makes it (kept as it is: its fields are Pagefind's). */
export type StoredRecord = Record<string, unknown> & { url: string };

interface CacheFile {
  key: string;
  /** [article url, article hash, record], in the bundle's order. */
  records: [string, string, StoredRecord][];
}

export class SearchRecordCache {
  /**
   * @param folder where the files go (the build cache's `search-records`), made when first written
   * @param key the build's inputs, summed up: a file of another key is ignored
   */
  constructor(
    private readonly folder: string,
    private readonly key: string,
  ) {}

  #fileOf(bundle: SearchBundle): string {
    return path.join(this.folder, `${bundle.key}.json`);
  }

  /**
   * The records of the bundle's articles, in its order: kept ones where their article is unchanged, the others made
   * by `make` from the full articles (read through `full`, only for those).
   */
  async records<R extends StoredRecord>(
    bundle: SearchBundle,
    full: (articles: readonly ArticleMeta[]) => Promise<Article[]>,
    make: (article: Article) => R,
  ): Promise<R[]> {
    const kept = await this.#read(bundle);
    const records: (R | undefined)[] = bundle.articles.map((article) => {
      const found = kept.get(article.url);
      return found && found[0] === article.hash ? (found[1] as R) : undefined;
    });
    const missing = bundle.articles.filter((_, i) => records[i] === undefined);
    const made = (await full(missing)).map(make);
    let next = 0;
    return records.map((record) => record ?? made[next++]!);
  }

  /** Keeps the records of a bundle just written (replacing the file atomically: a killed build leaves the old one). */
  async save(bundle: SearchBundle, records: readonly StoredRecord[]): Promise<void> {
    const content: CacheFile = {
      key: this.key,
      records: bundle.articles.map((article, i) => [article.url, article.hash, records[i]!]),
    };
    await mkdir(this.folder, { recursive: true });
    const file = this.#fileOf(bundle);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(content));
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Removes the files of bundles the site no longer has (and unfinished ones). */
  async prune(bundles: readonly SearchBundle[]): Promise<void> {
    const wanted = new Set(bundles.map((bundle) => `${bundle.key}.json`));
    const names = await readdir(this.folder).catch(() => [] as string[]);
    for (const name of names) if (!wanted.has(name)) await rm(path.join(this.folder, name), { force: true });
  }

  /** Url → [hash, record] of the bundle's file, when it is whole and of this key; else none. */
  async #read(bundle: SearchBundle): Promise<Map<string, [string, StoredRecord]>> {
    const kept = new Map<string, [string, StoredRecord]>();
    try {
      const parsed = JSON.parse(await readFile(this.#fileOf(bundle), "utf8")) as Partial<CacheFile>;
      if (parsed?.key !== this.key || !Array.isArray(parsed.records)) return kept;
      for (const entry of parsed.records) {
        if (!Array.isArray(entry) || entry.length !== 3) return new Map();
        const [url, hash, record] = entry as unknown[];
        if (typeof url !== "string" || typeof hash !== "string" || typeof record !== "object" || record === null)
          return new Map();
        if ((record as StoredRecord).url !== url) return new Map();
        kept.set(url, [hash, record as StoredRecord]);
      }
    } catch {
      return new Map(); // missing, unreadable or not JSON: every record made again
    }
    return kept;
  }
}
