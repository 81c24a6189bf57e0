/**
 * The build plan: every file a build of the site needs, by its path in the
 * output folder, each with a key that changes whenever the file's bytes can
 * (given the same build inputs, src/pipeline/build-inputs.ts):
 *
 * - an article page: the article's hash (its source file and photos), the addresses and titles of the
 *   related stories it shows (src/site/related.ts), and the languages and addresses of its versions in other
 *   languages (src/site/translations.ts), which other articles decide;
 * - a listing page (section, archive month, each `page_N`): its place in the
 *   listing and the hashes of the articles it lists;
 * - a feed, sitemap or robots.txt: what it is made from (its `key`: src/site/feeds.ts);
 * - a withdrawn article's notice: the same for all; the corrections page: what it lists (src/site/corrections.ts);
 * - a photo variant: its name, which carries its content's hash;
 * - a search bundle: a whole folder, keyed by its articles' hashes.
 *
 * An incremental build writes only the files whose keys changed (and the
 * assets, every time: the inputs decide them); the dev server's page updates
 * write exactly the changed ones.
 */
import { createHash } from "node:crypto";
import { keyOf } from "../site/output-file.ts";
import type { ArticleMeta } from "../article/article.ts";
import type { PublishedFile } from "../images/article-photos.ts";
import { PHOTOS_URL } from "../images/markup.ts";
import type { ListingLink, ListingPage } from "../site/listings.ts";
import type { NewsSite } from "../site/news-site.ts";
import { outputFileOf } from "../site/output-paths.ts";
import { isScheduled } from "../site/schedule.ts";
import { capturedMs, type Versions } from "../site/versions.ts";

/** Output path (posix, relative to the output folder; a folder ends with `/`) → key. */
export type PlannedFiles = Map<string, string>;

/** The key of a file the build writes every time (its own pages and assets): never equal to another build's. */
export const ALWAYS = "*";

export interface SearchPlanPart {
  bundles: readonly { folder: string; articles: readonly ArticleMeta[] }[];
  /** Files the search step writes outside the bundles (Pagefind's UI), the same for one Pagefind version (an input). */
  shared: readonly string[];
}

/** crypto.hash, not createHash: one call, no stream object (a tenth of the cost for the short text of a listing). */
/** The key of what a file is made from, as the site's other files are keyed (src/site/output-file.ts). */
const digest = (text: string) => keyOf([text]);

/**
 * What a listing page shows: its place, its links, and its articles by hash (their titles, teasers, dates…).
 * `shared` keeps the text of the parts a listing's pages share (the same arrays: every page's URLs, the parent
 * sections), made once for a listing of any length instead of once per page.
 */
export function listingKey(listing: ListingPage, shared = new Map<object, string>()): string {
  const { articles, pageUrls, subsections, parents, kind, key, title, url, pageNumber, pageCount, language, ...rest } =
    listing;
  // A field added to ListingPage must be added here: `rest` is then not empty, and this does not compile.
  const none: Record<string, never> = rest;
  const place = [kind, key, title, url, pageNumber, pageCount, language, none];
  const text = (part: object) => {
    let json = shared.get(part);
    if (json === undefined) shared.set(part, (json = JSON.stringify(part)));
    return json;
  };
  const hashes = articles.map((a) => a.hash).join(" ");
  return digest(`${JSON.stringify(place)}\n${text(pageUrls)}\n${text(subsections)}\n${text(parents)}\n${hashes}`);
}

/** Each article's page and key by article (never changed once made): the same strings at every plan, compared at once. */
const articleEntries = new WeakMap<ArticleMeta, readonly [file: string, key: string]>();

function articleEntry(article: ArticleMeta): readonly [file: string, key: string] {
  let entry = articleEntries.get(article);
  if (!entry) articleEntries.set(article, (entry = [outputFileOf(article.url), `article ${article.hash}`]));
  return entry;
}

/** What a page shows of the story's other captures (src/site/versions.ts): their addresses and capture times. */
function versionsKey(article: ArticleMeta, versions: Versions): string {
  const previous = versions.previous.get(article.url);
  const latest = versions.latest.get(article.url);
  if (!previous && !latest) return "";
  const shown = [...(previous ?? []), ...(latest ? [latest] : [])];
  return ` versions ${digest(shown.map((a) => `${a.url}\t${capturedMs(a)}`).join("\n"))}`;
}

/** What an article page's related stories show: each one's address and title (templates/article.ts). */
function relatedKey(related: readonly ArticleMeta[]): string {
  return digest(related.map((a) => `${a.url}\t${a.title}`).join("\n"));
}

/** What an article page's language switch and alternate links show: each version's language and address. */
function translationsKey(translations: readonly ArticleMeta[]): string {
  return digest(translations.map((a) => `${a.language}\t${a.url}`).join("\n"));
}

/** The file of an article's page (below the output folder), as the plan names it. */
export function articleFile(article: ArticleMeta): string {
  return articleEntry(article)[0];
}

/**
 * The listing keys of the last plan, for a caller that plans again and again (the dev server, at each save): a
 * page in the same place, with the same links and the same articles (the same objects, in order) as in the last
 * plan has the same key, and is not hashed again.
 */
export class ListingKeys {
  #last = new Map<string, { listing: ListingPage; key: string }>();
  #next = new Map<string, { listing: ListingPage; key: string }>();

  key(listing: ListingPage, shared: Map<object, string>): string {
    const last = this.#last.get(listing.url);
    const key = last && sameListing(last.listing, listing) ? last.key : listingKey(listing, shared);
    this.#next.set(listing.url, { listing, key });
    return key;
  }

  /** Ends a plan: its keys are those the next compares with. */
  done(): void {
    this.#last = this.#next;
    this.#next = new Map();
  }
}

function sameListing(a: ListingPage, b: ListingPage): boolean {
  const { articles, pageUrls, subsections, parents, kind, key, title, url, pageNumber, pageCount, language, ...rest } =
    a;
  // A field added to ListingPage must be compared here: `rest` is then not empty, and this does not compile.
  const none: Record<string, never> = rest;
  const sameLinks = (x: readonly ListingLink[], y: readonly ListingLink[]) =>
    x === y ||
    (x.length === y.length &&
      x.every((l, i) => l.title === y[i]!.title && l.url === y[i]!.url && l.count === y[i]!.count));
  return (
    Object.keys(none).length === 0 &&
    kind === b.kind &&
    key === b.key &&
    title === b.title &&
    url === b.url &&
    pageNumber === b.pageNumber &&
    pageCount === b.pageCount &&
    language === b.language &&
    pageUrls.length === b.pageUrls.length &&
    pageUrls.every((u, i) => u === b.pageUrls[i]) &&
    sameLinks(subsections, b.subsections) &&
    sameLinks(parents, b.parents) &&
    articles.length === b.articles.length &&
    articles.every((article, i) => article === b.articles[i])
  );
}

/** `listingKeys`: the keys of the last plan, to keep those of the pages that show the same (the dev server's). */
export function planSite(
  parts: {
    articles: readonly ArticleMeta[];
    newsSite: Pick<
      NewsSite,
      | "home"
      | "pages"
      | "files"
      | "archive"
      | "searchBundles"
      | "searchLanguages"
      | "withdrawn"
      | "correctionPages"
      | "buildTimeMs"
      | "dev"
    > &
      Partial<Pick<NewsSite, "related" | "translations" | "revisions" | "versions">>;
    photos: readonly PublishedFile[];
    search?: SearchPlanPart | undefined;
  },
  listingKeys?: ListingKeys,
): PlannedFiles {
  const files: PlannedFiles = new Map();
  const { newsSite } = parts;
  const revisions = newsSite.revisions ?? [];
  for (const article of revisions.length > 0 ? [...parts.articles, ...revisions] : parts.articles) {
    const [file, key] = articleEntry(article);
    const related = newsSite.related?.get(article.url);
    const translations = newsSite.translations?.get(article.url);
    const withRelated = related ? `${key} ${relatedKey(related)}` : key;
    const withTranslations = translations ? `${withRelated} ${translationsKey(translations)}` : withRelated;
    const shown = newsSite.versions
      ? `${withTranslations}${versionsKey(article, newsSite.versions)}`
      : withTranslations;
    // The dev server shows a scheduled article under a banner: the build time decides it, not the file.
    files.set(file, newsSite.dev && isScheduled(article, newsSite.buildTimeMs) ? `${shown} scheduled` : shown);
  }
  // A withdrawn article's notice shows nothing of the article (not even its title): the same for every one.
  for (const article of newsSite.withdrawn) files.set(outputFileOf(article.url), "withdrawn");
  for (const page of newsSite.correctionPages) files.set(outputFileOf(page.url), page.key);
  // The pages of templates/{home,archive,search,404}.11ty.ts, by what each shows besides the settings.
  const shared = new Map<object, string>();
  const keyOf = (listing: ListingPage) =>
    listingKeys ? listingKeys.key(listing, shared) : listingKey(listing, shared);
  files.set("index.html", keyOf(newsSite.home));
  files.set("archive/index.html", digest(JSON.stringify(newsSite.archive)));
  files.set("search.html", digest(JSON.stringify([newsSite.searchBundles, newsSite.searchLanguages])));
  files.set("404.html", "404");
  for (const listing of newsSite.pages) files.set(outputFileOf(listing.url), keyOf(listing));
  listingKeys?.done();
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
  // The files in textOrder (a plain sort of strings is that order), hashed as one text: 23,000 entries sorted
  // through a comparator and hashed a line at a time took 30 ms of every build.
  const lines = [...files.keys()].sort().map((file) => `${file}\0${files.get(file)}\n`);
  return createHash("sha256")
    .update(`${inputsDigest}\n${builtAt}\n${lines.join("")}`)
    .digest("base64url")
    .slice(0, 22);
}
