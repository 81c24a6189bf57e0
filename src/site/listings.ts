/**
 * Every listing page of the site, computed once per build from the articles
 * (already newest first): the home page, one paginated listing per section
 * and per parent section, one per archive month, and the archive index.
 * Templates paginate over these descriptors; nothing here renders markup.
 *
 * Pagination follows gov.cn: `/{section}/index.html`, `/{section}/page_2.html`, …
 * The work is linear in the number of articles: each article is appended to
 * its sections and its month once, and pages are slices of those lists.
 */
import type { ArticleMeta } from "../article/article.ts";
import { twoDigits } from "../time/format.ts";
import { publishedMonth } from "./article-times.ts";
import { TERM_FOLDERS, termsOf, type Term, type TermKind } from "./terms.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { wordsFor } from "./words.ts";

/** `topic` and `author`: a term's pages; `topics` and `authors`: the index of every term of the kind (src/site/terms.ts). */
export type ListingKind = "home" | "section" | "archive" | TermKind | `${TermKind}s`;

export interface ListingLink {
  title: string;
  /** Site path of the listing's first page, e.g. `/statecouncil/`. */
  url: string;
  count: number;
}

/** One page of one listing. */
export interface ListingPage {
  kind: ListingKind;
  /** `statecouncil/weifenghe` for a section, `2021/07` for a month, a term's slug, `` for home and a term index. */
  key: string;
  title: string;
  /** Site path of this page's file: `/statecouncil/index.html`, `/statecouncil/page_2.html`. */
  url: string;
  /** 1-based. */
  pageNumber: number;
  pageCount: number;
  /** Site paths of every page of this listing, shared by all its pages. */
  pageUrls: readonly string[];
  articles: readonly ArticleMeta[];
  /** Sections directly below this one (section listings, first page only). */
  subsections: readonly ListingLink[];
  /** Sections above this one, outermost first (for a breadcrumb). */
  parents: readonly ListingLink[];
  /** The page's language (its `lang`, its words): see listingLanguage. */
  language: string;
}

export interface ArchiveYear {
  year: number;
  months: (ListingLink & { month: number })[];
}

export interface SiteListings {
  home: ListingPage;
  /** Section and archive-month pages, in a stable order. */
  pages: ListingPage[];
  /** Every section (parents included) with all its articles, in path order. */
  sections: Section[];
  /** Top-level sections. */
  topSections: Section[];
  /** Archive months, newest first, grouped by year. */
  archive: ArchiveYear[];
  /** Topics (front matter `tags`) and authors, in slug order (src/site/terms.ts). */
  topics: Term[];
  authors: Term[];
}

export interface Section {
  path: string;
  title: string;
  url: string;
  articles: ArticleMeta[];
}

export interface ListingOptions {
  perPage: number;
  timeZone: string;
  /** The site's language (settings `language`): the home page's, the archive's, and a mixed listing's; `en` if not given. */
  language?: string;
  sectionNames?: Readonly<Record<string, string>>;
}

/** The listing options a site's settings give. */
export function listingOptionsOf(
  site: Pick<SiteSettings, "perPage" | "timeZone" | "sectionNames" | "language">,
): ListingOptions {
  return { perPage: site.perPage, timeZone: site.timeZone, sectionNames: site.sectionNames, language: site.language };
}

/** `statecouncil/weifenghe` → its name from settings, else `Weifenghe`. */
export function sectionTitle(sectionPath: string, names: Readonly<Record<string, string>> = {}): string {
  const named = names[sectionPath];
  if (named) return named;
  const last = sectionPath.slice(sectionPath.lastIndexOf("/") + 1);
  return last
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * A listing's language: the one its articles share (a section of Chinese articles in an English site is a Chinese
 * page), else the site's. The home page and the archive follow the whole site, so they take the site's language.
 */
export function listingLanguage(articles: readonly ArticleMeta[], siteLanguage: string): string {
  const first = articles[0]?.language;
  if (first === undefined) return siteLanguage;
  for (const article of articles) if (article.language !== first) return siteLanguage;
  return first;
}

/** `/culture/index.html`, `/culture/page_2.html`, … for a listing rooted at `/culture/`. */
export function pageUrl(root: string, pageNumber: number): string {
  return pageNumber === 1 ? `${root}index.html` : `${root}page_${pageNumber}.html`;
}

/** `statecouncil/weifenghe` → `statecouncil`, `statecouncil/weifenghe`. */
function sectionAndParents(section: string): string[] {
  const parts = section.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function paginate(
  base: Omit<ListingPage, "url" | "pageNumber" | "pageCount" | "pageUrls" | "articles">,
  root: string,
  articles: readonly ArticleMeta[],
  perPage: number,
): ListingPage[] {
  const pageCount = Math.max(1, Math.ceil(articles.length / perPage));
  const pageUrls = Array.from({ length: pageCount }, (_, i) => pageUrl(root, i + 1));
  // Every field named, not spread from `base`: 600 pages at each dev save, and a spread costs five times as much.
  return pageUrls.map((url, i) => ({
    kind: base.kind,
    key: base.key,
    title: base.title,
    url,
    pageNumber: i + 1,
    pageCount,
    pageUrls,
    articles: articles.slice(i * perPage, (i + 1) * perPage),
    subsections: i === 0 ? base.subsections : [],
    parents: base.parents,
    language: base.language,
  }));
}

/** Where an article is listed: its section and the sections above it, and its archive month (`2021/07`). */
interface Placement {
  timeZone: string;
  sections: readonly string[];
  month: string;
}

/** Each article's placement (an article is never changed once made), for the time zone it was found in. */
const placements = new WeakMap<ArticleMeta, Placement>();

function placementOf(article: ArticleMeta, timeZone: string): Placement {
  let placement = placements.get(article);
  if (placement?.timeZone !== timeZone) {
    const { year, month } = publishedMonth(article, timeZone);
    const sections = article.section ? sectionAndParents(article.section) : [];
    placement = { timeZone, sections, month: `${year}/${twoDigits(month)}` };
    placements.set(article, placement);
  }
  return placement;
}

export function buildListings(articles: readonly ArticleMeta[], options: ListingOptions): SiteListings {
  const { perPage, timeZone } = options;
  const names = options.sectionNames ?? {};
  const siteLanguage = options.language ?? "en";
  const words = wordsFor(siteLanguage);
  const bySection = new Map<string, ArticleMeta[]>();
  const byMonth = new Map<string, ArticleMeta[]>();
  for (const article of articles) {
    const { sections, month } = placementOf(article, timeZone);
    for (const section of sections) {
      const list = bySection.get(section);
      if (list) list.push(article);
      else bySection.set(section, [article]);
    }
    const list = byMonth.get(month);
    if (list) list.push(article);
    else byMonth.set(month, [article]);
  }

  const sections: Section[] = [...bySection.keys()].sort().map((path) => ({
    path,
    title: sectionTitle(path, names),
    url: `/${path}/`,
    articles: bySection.get(path)!,
  }));
  const link = (s: Section): ListingLink => ({ title: s.title, url: s.url, count: s.articles.length });
  const children = new Map<string, ListingLink[]>();
  const byPath = new Map(sections.map((s) => [s.path, s]));
  for (const s of sections) {
    const cut = s.path.lastIndexOf("/");
    if (cut === -1) continue;
    const parent = s.path.slice(0, cut);
    const list = children.get(parent);
    if (list) list.push(link(s));
    else children.set(parent, [link(s)]);
  }

  const pages: ListingPage[] = [];
  for (const s of sections) {
    const parents = sectionAndParents(s.path)
      .slice(0, -1)
      .map((p) => link(byPath.get(p)!));
    pages.push(
      ...paginate(
        {
          kind: "section",
          key: s.path,
          title: s.title,
          subsections: children.get(s.path) ?? [],
          parents,
          language: listingLanguage(s.articles, siteLanguage),
        },
        s.url,
        s.articles,
        perPage,
      ),
    );
  }

  const months = [...byMonth.keys()].sort().reverse();
  const archive: ArchiveYear[] = [];
  for (const key of months) {
    const [yearText, monthText] = key.split("/") as [string, string];
    const year = Number(yearText);
    const month = Number(monthText);
    const title = words.monthTitle(year, month);
    const root = `/archive/${key}/`;
    const list = byMonth.get(key)!;
    const base = { kind: "archive" as const, key, title, subsections: [], parents: [], language: siteLanguage };
    pages.push(...paginate(base, root, list, perPage));
    const last = archive[archive.length - 1];
    const entry = { title, url: root, count: list.length, month };
    if (last && last.year === year) last.months.push(entry);
    else archive.push({ year, months: [entry] });
  }

  const topics = termsOf(articles, "topic");
  const authors = termsOf(articles, "author");
  for (const terms of [topics, authors]) pages.push(...termPages(terms, perPage, siteLanguage));

  const home: ListingPage = {
    kind: "home",
    key: "",
    title: words.latestNews,
    url: "/index.html",
    pageNumber: 1,
    pageCount: 1,
    pageUrls: ["/index.html"],
    articles: articles.slice(0, perPage),
    subsections: sections.filter((s) => !s.path.includes("/")).map(link),
    parents: [],
    language: siteLanguage,
  };
  return {
    home,
    pages,
    sections,
    topSections: sections.filter((s) => !s.path.includes("/")),
    archive,
    topics,
    authors,
  };
}

/** The pages of each term (paginated like a section's), then the index of them all (`/topics/`), when there are any. */
function termPages(terms: readonly Term[], perPage: number, siteLanguage: string): ListingPage[] {
  const first = terms[0];
  if (!first) return [];
  const words = wordsFor(siteLanguage);
  const pages: ListingPage[] = [];
  for (const term of terms) {
    const language = listingLanguage(term.articles, siteLanguage);
    const base = { kind: term.kind, key: term.slug, title: term.name, subsections: [], parents: [], language };
    pages.push(...paginate(base, term.url, term.articles, perPage));
  }
  const folder = TERM_FOLDERS[first.kind];
  const url = pageUrl(`/${folder}/`, 1);
  pages.push({
    kind: `${first.kind}s`,
    key: "",
    title: first.kind === "topic" ? words.topics : words.authors,
    url,
    pageNumber: 1,
    pageCount: 1,
    pageUrls: [url],
    articles: [],
    subsections: terms.map((t) => ({ title: t.name, url: t.url, count: t.articles.length })),
    parents: [],
    language: siteLanguage,
  });
  return pages;
}

/**
 * The numbered links of a pager: always the first and last page and a few
 * around the current one, with gaps (`null`) between — a constant amount of
 * markup per page however long the listing.
 */
export function pagerNumbers(pageNumber: number, pageCount: number, around = 2): (number | null)[] {
  const shown = new Set<number>([1, pageCount]);
  for (let n = pageNumber - around; n <= pageNumber + around; n++) if (n >= 1 && n <= pageCount) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === "number" && n - prev > 1) out.push(null);
    out.push(n);
  }
  return out;
}
