/**
 * Term pages: topics (front matter `tags`) and authors (`author`), one mechanism for both. A term is a name
 * articles share; its pages are `/{folder}/{slug}/index.html`, `page_2.html`, … like a section's
 * (src/site/listings.ts), and `/{folder}/` lists every term of its kind.
 *
 * Slugs. A term's slug is made from its name alone, never from the other terms of the site, so an article's page
 * (which links its topics and authors) depends on nothing but the article, and two builds of any content agree:
 *
 * - a name of plain words (letters, digits, spaces and hyphens, once NFKC-folded, lower-cased and stripped of
 *   accents) is its words joined by `-`: `Hong Kong` → `hong-kong`. Names that differ only in case, spacing,
 *   hyphens or accents (`Hong Kong`, `hong-kong`; `José`, `Jose`) are one term, shown by the spelling most of its
 *   articles use (on a tie the first in code-point order);
 * - any other name (punctuation, another script, longer than MAX_READABLE) keeps what it has of plain words and
 *   adds `--` and 8 hex digits of a SHA-256 of its folded spelling: `C++` → `c--cedb1bac`, `中国` →
 *   `x--f0e95216`. A plain slug never holds `--`, so the two kinds cannot meet, and two such names meet only if
 *   their hashes do.
 *
 * Slugs are ASCII: a file name and an address that are the same bytes on every file system and host, with nothing
 * to percent-encode.
 */
import { createHash } from "node:crypto";
import type { ArticleMeta } from "../article/article.ts";

export type TermKind = "topic" | "author";

/** The folder of each kind's pages, below the site's root. */
export const TERM_FOLDERS: Readonly<Record<TermKind, string>> = { topic: "topics", author: "authors" };

export interface Term {
  kind: TermKind;
  slug: string;
  /** The spelling most of its articles use. */
  name: string;
  /** Site path of its first page: `/topics/hong-kong/`. */
  url: string;
  /** Its articles, newest first. */
  articles: ArticleMeta[];
}

/** Characters of plain words a slug keeps whole. */
const MAX_READABLE = 60;
const PLAIN = /^[a-z0-9]+(?:[\s-]+[a-z0-9]+)*$/;

const folded = (name: string) => name.normalize("NFKC").toLowerCase().trim();

/** `Hong Kong` → `hong-kong`; `C++` → `c--cedb1bac` (see the top of this file). */
export function termSlug(name: string): string {
  const spelling = folded(name);
  const plain = spelling.normalize("NFKD").replace(/\p{M}/gu, "");
  if (PLAIN.test(plain) && plain.length <= MAX_READABLE) return plain.split(/[\s-]+/).join("-");
  let readable = (plain.match(/[a-z0-9]+/g) ?? []).join("-");
  if (readable.length > MAX_READABLE) readable = readable.slice(0, MAX_READABLE).replace(/-+$/, "");
  const hash = createHash("sha256").update(spelling).digest("hex").slice(0, 8);
  return `${readable || "x"}--${hash}`;
}

/** Each name's slug, made once per name in a process (tags repeat across thousands of articles). */
const slugs = new Map<string, string>();

export function slugOf(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = termSlug(name);
    if (slugs.size > 100_000) slugs.clear();
    slugs.set(name, slug);
  }
  return slug;
}

/** Site path of a term's first page. */
export function termUrl(kind: TermKind, name: string): string {
  return `/${TERM_FOLDERS[kind]}/${slugOf(name)}/`;
}

/**
 * The terms an article is filed under: at most MAX_TERMS of each kind, the first it names. The rest of its tags stay
 * keywords (meta tags, JSON-LD, feed categories) without pages: each topic's feed carries the article with all its
 * tags as categories, so an article of 20,000 tags made 40,000 feeds of 20,000 categories each (quadratic: 20 s at
 * 2,000 tags, hours at 20,000).
 */
export const MAX_TERMS = 30;

/** The names an article is filed under, of a kind: its first MAX_TERMS tags, its authors. */
export function namesOf(article: ArticleMeta, kind: TermKind): readonly string[] {
  const names = kind === "topic" ? article.tags : (article.authors ?? []);
  return names.length > MAX_TERMS ? names.slice(0, MAX_TERMS) : names;
}

/** Every term of a kind, in slug order, each with its articles in the order given (newest first). */
export function termsOf(articles: readonly ArticleMeta[], kind: TermKind): Term[] {
  const bySlug = new Map<string, { articles: ArticleMeta[]; spellings: Map<string, number> }>();
  for (const article of articles) {
    const names = namesOf(article, kind);
    if (names.length === 0) continue;
    const seen = new Set<string>();
    for (const name of names) {
      const slug = slugOf(name);
      let term = bySlug.get(slug);
      if (!term) bySlug.set(slug, (term = { articles: [], spellings: new Map() }));
      // An article naming one topic twice (`Hong Kong`, `hong kong`) is listed once.
      if (!seen.has(slug)) term.articles.push(article);
      seen.add(slug);
      term.spellings.set(name, (term.spellings.get(name) ?? 0) + 1);
    }
  }
  return [...bySlug.keys()].sort().map((slug) => {
    const { articles: list, spellings } = bySlug.get(slug)!;
    let name = "";
    let most = 0;
    for (const [spelling, count] of spellings) {
      if (count > most || (count === most && spelling < name)) [name, most] = [spelling, count];
    }
    return { kind, slug, name, url: `/${TERM_FOLDERS[kind]}/${slug}/`, articles: list };
  });
}
