/**
 * The build plan: every file a build of the site needs, by its path in the
 * output folder, each with a key that changes whenever the file's bytes can
 * (given the same build inputs, src/pipeline/build-inputs.ts):
 *
 * - an article page: the article's hash (its source file and photos);
 * - a listing page (section, archive month, each `page_N`): its place in the
 *   listing and the hashes of the articles it lists;
 * - a feed, sitemap or robots.txt: what it is made from (its `key`: src/site/feeds.ts);
 * - a photo variant: its name, which carries its content's hash;
 * - a search bundle: a whole folder, keyed by its articles' hashes.
 *
 * An incremental build writes only the files whose keys changed (Eleventy
 * writes the home, archive index, search and 404 pages and the assets every
 * time, unchanged bytes where their keys are unchanged); the dev server's
 * page updates write exactly the changed ones.
 */
import { createHash } from "node:crypto";
import type { ArticleMeta } from "../article/article.ts";
import type { PublishedFile } from "../images/article-photos.ts";
import { PHOTOS_URL } from "../images/markup.ts";
import type { ListingPage } from "../site/listings.ts";
import type { NewsSite } from "../site/news-site.ts";
import { outputFileOf } from "../site/output-paths.ts";

/** Output path (posix, relative to the output folder; a folder ends with `/`) → key. */
export type PlannedFiles = Map<string, string>;

/** The key of a file the build writes every time (its own pages and assets): never equal to another build's. */
export const ALWAYS = "*";

export interface SearchPlanPart {
  bundles: readonly { folder: string; articles: readonly ArticleMeta[] }[];
  /** Files the search step writes outside the bundles (Pagefind's UI), the same for one Pagefind version (an input). */
  shared: readonly string[];
}

/** The pages of templates that are not paginated: Eleventy writes them in every build, incremental ones included. */
export const ELEVENTY_PAGES: readonly string[] = ["index.html", "archive/index.html", "search.html", "404.html"];

const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 22);

/**
 * What a listing page shows: its place, its links, and its articles by hash (their titles, teasers, dates…). Its
 * `pageUrls` follow from its kind, key and page count (and, written out, made the keys of a section of 1,000 pages
 * cost a million strings).
 */
export function listingKey(listing: ListingPage): string {
  return digest(JSON.stringify({ ...listing, pageUrls: undefined, articles: listing.articles.map((a) => a.hash) }));
}

export function planSite(parts: {
  articles: readonly ArticleMeta[];
  newsSite: Pick<NewsSite, "home" | "pages" | "files" | "archive" | "searchBundles">;
  photos: readonly PublishedFile[];
  search?: SearchPlanPart | undefined;
}): PlannedFiles {
  const files: PlannedFiles = new Map();
  for (const article of parts.articles) files.set(outputFileOf(article.url), `article ${article.hash}`);
  const { newsSite } = parts;
  // The pages of templates/{home,archive,search,404}.11ty.ts (ELEVENTY_PAGES), by what each shows besides the settings.
  files.set("index.html", listingKey(newsSite.home));
  files.set("archive/index.html", digest(JSON.stringify(newsSite.archive)));
  files.set("search.html", digest(JSON.stringify(newsSite.searchBundles)));
  files.set("404.html", "404");
  for (const listing of newsSite.pages) files.set(outputFileOf(listing.url), listingKey(listing));
  for (const file of parts.newsSite.files) files.set(outputFileOf(file.url), file.key);
  const photos = PHOTOS_URL.replace(/^\/+/, "");
  for (const photo of parts.photos) files.set(`${photos}${photo.name}`, photo.name);
  if (parts.search) {
    for (const bundle of parts.search.bundles) {
      files.set(bundle.folder, digest(bundle.articles.map((a) => `${a.url} ${a.hash}`).join("\n")));
    }
    for (const shared of parts.search.shared) files.set(shared, "pagefind");
  }
  return files;
}

/** A state's id: its inputs, build time and every file's key; equal for a clean and an incremental build of the same. */
export function stateId(inputsDigest: string, builtAt: string, files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256").update(`${inputsDigest}\n${builtAt}\n`);
  for (const [file, key] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${file}\0${key}\n`);
  }
  return hash.digest("base64url").slice(0, 22);
}
