/**
 * Every file a build writes, claimed once, before anything is written: the
 * articles, the listings (home, sections and their `page_N`, archive
 * months), the archive index, search and 404 pages, feeds, sitemaps,
 * robots.txt, the build marker and the host configuration, and the folders the site fills itself
 * (`/assets/`, `/photos/`, `/pagefind/`). A second claim on one path stops
 * the build, naming both claimants: an article titled "Index" in section
 * `news` whose address is `/news/202107/28/index.html` and a section
 * `news/202107/28` would otherwise write one file twice, and the article
 * would be lost.
 *
 * The paths come from the same functions the build writes with
 * (src/site/listings.ts, feeds.ts, sitemaps.ts), so the registry cannot
 * drift from what is written.
 */
import type { ArticleMeta } from "../article/article.ts";
import type { ContentProblem } from "../errors.ts";
import { feedSpecs } from "./feeds.ts";
import { buildListings, listingOptionsOf, type ListingPage, type SiteListings } from "./listings.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { aliasFile, aliasesOf, NGINX_MAP_FILE, REDIRECTS_FILE } from "./aliases.ts";
import { HEADERS_FILE, NGINX_CONF_FILE } from "./host-config.ts";

/** One output file and who writes it. */
export interface Claim {
  /** Site path of the file: `/news/202107/28/index.html`. */
  path: string;
  /** Who writes it, in words: `content/a.md`, `the section listing news/202107/28`. */
  by: string;
  /** The article that writes it, if an article does. */
  article?: ArticleMeta;
  /** The alias (front matter `aliases`) whose redirect page it is, if it is one. */
  alias?: string;
}

/** Folders the site fills itself: nothing else may write inside them. */
export const SITE_FOLDERS: readonly { path: string; by: string }[] = [
  { path: "/assets/", by: "the site's stylesheet and logo (assets)" },
  { path: "/photos/", by: "the articles' photos (photos)" },
  { path: "/pagefind/", by: "the search index (pagefind)" },
];

/** Files every build writes whatever the articles. */
const SITE_FILES: readonly { path: string; by: string }[] = [
  { path: "/archive/index.html", by: "the archive index" },
  { path: "/search.html", by: "the search page" },
  { path: "/corrections/index.html", by: "the corrections page" },
  { path: "/404.html", by: "the page-not-found page" },
  { path: "/sitemap.xml", by: "the sitemap" },
  { path: "/news-sitemap.xml", by: "the news sitemap" },
  { path: "/robots.txt", by: "robots.txt" },
  { path: "/provenance.json", by: "the provenance list (provenance.json)" },
  { path: "/manifest-sha256.txt", by: "the fixity manifest (manifest-sha256.txt)" },
  { path: "/.newsmirror-site", by: "the build marker" },
  // Claimed by every build, written by production builds (src/site/host-config.ts): an alias never lands on them.
  { path: HEADERS_FILE, by: "the host's headers (_headers)" },
  { path: NGINX_CONF_FILE, by: "the nginx configuration (nginx.conf)" },
];

function listingName(page: ListingPage): string {
  const of = page.pageNumber > 1 ? `page ${page.pageNumber} of ` : "";
  if (page.kind === "home") return "the home page";
  if (page.kind === "archive") return `${of}the archive of ${page.key}`;
  if (page.kind === "topic" || page.kind === "author") return `${of}the ${page.kind} page ${page.key}`;
  if (page.kind === "topics" || page.kind === "authors") return `the index of ${page.kind}`;
  return `${of}the section listing ${page.key}`;
}

/**
 * Every file the build of these articles writes, with who writes it, in a stable order. `listings` are theirs,
 * when the caller has them already (the dev server's news site). `revisions`, the older captures of stories
 * (src/site/versions.ts), claim their own pages' addresses and nothing else: they are in no listing.
 */
export function outputClaims(
  articles: readonly ArticleMeta[],
  site: SiteSettings,
  listings: SiteListings = buildListings(articles, listingOptionsOf(site)),
  revisions: readonly ArticleMeta[] = [],
): Claim[] {
  const claims: Claim[] = [...SITE_FILES];
  for (const page of [listings.home, ...listings.pages]) claims.push({ path: page.url, by: listingName(page) });
  for (const feed of feedSpecs(articles, listings, site)) {
    const of =
      feed.home === "/"
        ? "the site's feed"
        : feed.home.startsWith("/topics/")
          ? `the feed of topic ${feed.home.slice("/topics/".length, -1)}`
          : `the feed of section ${feed.home.slice(1, -1)}`;
    claims.push({ path: feed.atom, by: of }, { path: feed.json, by: of });
  }
  for (const article of revisions.length > 0 ? [...articles, ...revisions] : articles) {
    let claim = articleClaims.get(article);
    if (!claim) articleClaims.set(article, (claim = { path: article.url, by: article.file, article }));
    claims.push(claim);
  }
  const aliases = aliasesOf(articles);
  for (const { alias, article } of aliases) claims.push({ path: aliasFile(alias), by: article.file, article, alias });
  if (aliases.length > 0)
    claims.push(
      { path: REDIRECTS_FILE, by: "the redirects of the aliases (_redirects)" },
      { path: NGINX_MAP_FILE, by: "the nginx map of the aliases" },
    );
  return claims;
}

/**
 * The problems of aliases whose page would be a folder another file lies in, or lie in a folder that is another file
 * (`/a.htm` and `/a.htm/b.htm`): a file system holds only one of the two. Articles' and listings' addresses cannot
 * meet so (an article's ends in `.html` below its section's date folders); an alias is any path.
 */
function aliasFolderProblems(claims: readonly Claim[], files: ReadonlyMap<string, Claim>): ContentProblem[] {
  const aliases = claims.filter((c): c is Claim & { alias: string } => c.alias !== undefined);
  if (aliases.length === 0) return [];
  // Each folder a claimed file lies in → the first claim in it; a folder met again has its parents already.
  const folders = new Map<string, Claim>();
  for (const claim of claims) {
    for (let cut = claim.path.lastIndexOf("/"); cut > 0; cut = claim.path.lastIndexOf("/", cut - 1)) {
      const folder = claim.path.slice(0, cut);
      if (folders.has(folder)) break;
      folders.set(folder, claim);
    }
  }
  const named = (claim: Claim) => (claim.alias ? `${claim.by} (alias ${claim.alias})` : claim.by);
  const problems: ContentProblem[] = [];
  for (const alias of aliases) {
    const inside = folders.get(alias.path);
    const message = (what: string) => ({
      file: alias.by,
      message: `aliases: ${alias.alias} ${what}; an alias must be an address nothing else has`,
    });
    if (inside) problems.push(message(`would be a folder: ${inside.path} lies in it, written by ${named(inside)}`));
    for (let cut = alias.path.lastIndexOf("/"); cut > 0; cut = alias.path.lastIndexOf("/", cut - 1)) {
      const file = files.get(alias.path.slice(0, cut));
      if (file) problems.push(message(`lies in ${file.path}, a file written by ${named(file)}`));
    }
  }
  return problems;
}

/**
 * The problems of aliases whose page differs from another file's only in case (`/Old.htm` and `/old.htm`): a file
 * system that ignores case (macOS's and Windows' by default) holds one file for both, so one address would silently
 * redirect to the other's article. Named once, by the later claim, with the file of the first.
 */
function aliasCaseProblems(claims: readonly Claim[]): ContentProblem[] {
  if (!claims.some((claim) => claim.alias !== undefined)) return [];
  const byFolded = new Map<string, Claim>();
  const problems: ContentProblem[] = [];
  for (const claim of claims) {
    const folded = claim.path.toLowerCase();
    const other = byFolded.get(folded);
    if (other === undefined) byFolded.set(folded, claim);
    else if (other.path !== claim.path && (claim.alias !== undefined || other.alias !== undefined)) {
      const [alias, rest] = claim.alias !== undefined ? [claim, other] : [other, claim];
      const what = rest.alias
        ? `${rest.alias}, an alias in ${rest.by}`
        : rest.article
          ? `${rest.path}, the address of ${rest.by}`
          : `${rest.path}, a file the site writes itself (${rest.by})`;
      problems.push({
        file: alias.by,
        message: `aliases: ${alias.alias} differs only in case from ${what}; a file system that ignores case holds one file for both, and an alias must be an address nothing else has`,
      });
    }
  }
  return problems;
}

/** The problem of an alias whose page another claim writes too: naming both files. */
function aliasProblem(claim: Claim & { alias: string }, other: Claim): ContentProblem {
  const what = other.alias
    ? other.article === claim.article
      ? `is written twice (${other.alias})`
      : `is also an alias in ${other.by}${other.alias === claim.alias ? "" : ` (${other.alias})`}`
    : other.article
      ? other.article === claim.article
        ? "is the article's own address"
        : `is the address of ${other.by}`
      : `is a file the site writes itself (${other.by})`;
  return { file: claim.by, message: `aliases: ${claim.alias} ${what}; an alias must be an address nothing else has` };
}

/** Each article's claim by article (never changed once made): the same object at every save. */
const articleClaims = new WeakMap<ArticleMeta, Claim>();

/**
 * The problems of claims that collide: two on one path, or one inside a
 * folder the site fills. `where` names the content folder, for a collision
 * no article is part of.
 */
export function claimProblems(claims: readonly Claim[], where: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  // Each path's first claim, and the claims of the paths claimed more than once (none, unless something is wrong).
  const first = new Map<string, Claim>();
  const more = new Map<string, Claim[]>();
  for (const claim of claims) {
    const had = first.get(claim.path);
    if (had === undefined) first.set(claim.path, claim);
    else {
      const list = more.get(claim.path);
      if (list) list.push(claim);
      else more.set(claim.path, [had, claim]);
    }
    const folder = SITE_FOLDERS.find((f) => claim.path.startsWith(f.path));
    if (folder)
      problems.push({
        file: claim.article?.file ?? where,
        message: `${claim.article ? "writes" : `${claim.by} writes`} ${claim.path}, inside the folder of ${folder.by}`,
      });
  }
  problems.push(...aliasFolderProblems(claims, first), ...aliasCaseProblems(claims));
  // In the order of each path's first claim.
  const twice = more.size === 0 ? [] : [...first.keys()].filter((url) => more.has(url));
  for (const url of twice) {
    const list = more.get(url)!;
    // An alias names both files; an alias only after a real page (the page is the first claim then).
    const alias = list.find((c): c is Claim & { alias: string } => c.alias !== undefined);
    if (alias) {
      const other = list.find((c) => c !== alias)!;
      problems.push(aliasProblem(alias, other));
      continue;
    }
    const articles = list.filter((c) => c.article);
    const others = list.filter((c) => !c.article);
    if (others.length === 0) {
      // Two articles at one address: their titles, ids or sections must differ.
      problems.push({
        file: articles[0]!.by,
        message: `writes the same page as ${articles
          .slice(1)
          .map((a) => a.by)
          .join(", ")} (${url}); give one a different id, title or section`,
      });
    } else if (articles.length > 0) {
      const [first, ...rest] = articles;
      const also = rest.length > 0 ? ` (so do ${rest.map((a) => a.by).join(", ")})` : "";
      problems.push({
        file: first!.by,
        message: `writes ${url}, which ${others.map((o) => o.by).join(" and ")} writes too${also}; give the article another title or id, or its section another name`,
      });
    } else {
      problems.push({ file: where, message: `${others.map((o) => o.by).join(" and ")} both write ${url}` });
    }
  }
  return problems;
}

/**
 * claimProblems for a caller that checks again and again (the dev server, at each save): claims equal to the last
 * checked (each one's path, claimant and article file, in order; the same folder named) have the same problems, and
 * are not looked through again.
 */
export class ClaimCheck {
  #last: { claims: readonly Claim[]; where: string; problems: ContentProblem[] } | undefined;

  problems(claims: readonly Claim[], where: string): ContentProblem[] {
    const last = this.#last;
    if (last?.where === where && sameClaims(last.claims, claims)) return [...last.problems];
    const problems = claimProblems(claims, where);
    this.#last = { claims, where, problems: [...problems] };
    return problems;
  }
}

function sameClaims(a: readonly Claim[], b: readonly Claim[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.path !== y.path || x.by !== y.by || !x.article !== !y.article || x.article?.file !== y.article?.file)
      return false;
  }
  return true;
}

/** The output file of a site path, as it lies below the output folder: `/news/` → `news/index.html`. */
export function outputFileOf(sitePath: string): string {
  let start = 0;
  while (sitePath.charCodeAt(start) === 47) start++; // the leading slashes: a loop, as fast as a regex is slow here
  const relative = sitePath.slice(start);
  return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
}
