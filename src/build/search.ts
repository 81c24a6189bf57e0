/**
 * The search index, written by Pagefind into `pagefind/` (index, UI script
 * and styles) in the staging folder before it is published, so the search
 * page works from any static server with no remote resources.
 *
 * Only articles are indexed, and they are given to Pagefind as records made
 * from the articles already loaded for the build (title, dateline and body
 * text, address) rather than by re-reading and parsing every built page:
 * measured 3–4× faster for the indexing step at 4,000 articles, and listings,
 * home, archive and search pages are left out by construction. The article
 * pages also carry `data-pagefind-body`, so running the Pagefind CLI over
 * the output gives the same index.
 */
import * as pagefind from "pagefind";
import path from "node:path";
import type { Article } from "../article/article.ts";
import { DATELINE_SEPARATOR } from "../article/render.ts";
import { NewsmirrorError } from "../errors.ts";
import type { SiteSettings } from "../site/settings.ts";
import { toOffsetIso } from "../time/instant.ts";

export const SEARCH_FOLDER = "pagefind";

export interface SearchReport {
  seconds: number;
}

function check(step: string, errors: readonly string[]): void {
  if (errors.length > 0) throw new NewsmirrorError(`search index: ${step}: ${errors.join("; ")}`);
}

/** What Pagefind stores for one article: the text a reader sees under the title. */
export function searchRecord(article: Article, site: SiteSettings) {
  return {
    url: article.url,
    content: `${article.dateline ? `${article.dateline}${DATELINE_SEPARATOR}` : ""}${article.bodyText}`,
    // One index in the site's language: Pagefind searches only the index of
    // the search page's language, and an article in another must still be found.
    language: site.language.split("-")[0]!,
    meta: { title: article.title, date: toOffsetIso(article.updated.epochMs, site.timeZone), source: article.source },
  };
}

export async function writeSearchIndex(siteDir: string, articles: readonly Article[], site: SiteSettings): Promise<SearchReport> {
  const started = performance.now();
  try {
    const { errors, index } = await pagefind.createIndex({}).catch((error: Error) => {
      // Its binary is an optional npm dependency: missing with --omit=optional or on an unsupported platform.
      throw new NewsmirrorError(
        `search index: Pagefind could not start (${error.message.split("\n")[0]}); reinstall with \`npm ci\`, or build with --no-search`,
        { cause: error },
      );
    });
    check("start", errors);
    if (!index) throw new NewsmirrorError("search index: Pagefind did not start");
    const added = await Promise.all(articles.map((article) => index.addCustomRecord(searchRecord(article, site))));
    check("add", added.flatMap((r) => r.errors));
    const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_FOLDER) });
    check("write", written.errors);
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await pagefind.close();
  }
}
