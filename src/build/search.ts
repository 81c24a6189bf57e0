/**
 * The search index: Pagefind reads the built pages in the staging folder
 * and writes `pagefind/` (index, UI script and styles) beside them, before
 * the folder is published. Only article pages are indexed: they alone carry
 * `data-pagefind-body` (templates/article.11ty.ts), and Pagefind then skips
 * every page without it (listings, home, archive, search, 404).
 */
import * as pagefind from "pagefind";
import path from "node:path";
import { NewsmirrorError } from "../errors.ts";

export const SEARCH_FOLDER = "pagefind";

export interface SearchReport {
  seconds: number;
}

export async function writeSearchIndex(siteDir: string, language: string): Promise<SearchReport> {
  const started = performance.now();
  try {
    const { errors, index } = await pagefind.createIndex({ forceLanguage: language.split("-")[0] });
    if (!index) throw new NewsmirrorError(`search index: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new NewsmirrorError(`search index: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_FOLDER) });
    if (written.errors.length > 0) throw new NewsmirrorError(`search index: ${written.errors.join("; ")}`);
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await pagefind.close();
  }
}
