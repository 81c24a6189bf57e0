/**
 * What an archive needs to know of a built site, read from the site itself
 * (never from the content folder, which may have changed since): every file
 * a host would serve, each with its address; the build time; the article
 * pages and their titles; and, when the build wrote `/provenance.json`, each
 * article's original address.
 *
 * The address comes from the site's robots.txt, whose Sitemap lines every
 * build writes with the full base URL; the build time from the site marker,
 * where every build records the time it was built for (`--build-time`,
 * SOURCE_DATE_EPOCH or the clock). So the same folder always gives the same
 * archive, whatever the clock says when it is archived.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { readSiteMarker } from "../output/guard.ts";
import { HOST_ONLY_FILES } from "../site/host-config.ts";

/** One file of the site, as a host serves it. */
export interface SiteFile {
  /** Absolute path on disk. */
  file: string;
  /** Path below the site folder, with `/`: `statecouncil/index.html`. */
  relative: string;
  /** The address it is served at: `https://mirror.example.org/statecouncil/` for a folder's index.html. */
  url: string;
  /** The address of the file itself, when a folder's index.html is served at the folder's address too. */
  fileUrl?: string;
  bytes: number;
}

/** An article page: the lines of pages/pages.jsonl. */
export interface ArticlePage {
  url: string;
  title: string;
}

/** An article whose page is recorded a second time, under the address it was copied from. */
export interface OriginalAddress {
  /** The page's mirror address (a SiteFile's url). */
  url: string;
  originalUrl: string;
  title: string;
}

export interface BuiltSite {
  /** `https://mirror.example.org/` (with the site's path, when it has one). */
  baseUrl: string;
  /** The build time, epoch milliseconds. */
  builtAtMs: number;
  files: SiteFile[];
  articles: ArticlePage[];
  originals: OriginalAddress[];
}

/** Why a folder cannot be archived: the caller names the folder. */
export class NotArchivable extends Error {}

/** `/provenance.json`, as the build writes it (only the fields an archive reads). */
const ProvenanceSchema = z.object({
  site: z.string(),
  articles: z.array(
    z.object({
      url: z.string(),
      path: z.string(),
      original_url: z.string().nullable().optional(),
      title: z.string(),
    }),
  ),
});

/** The host's own configuration at the site's root (_headers, nginx.conf, …): read by the host, never served. */
const HOST_ONLY = new Set(HOST_ONLY_FILES.map((file) => file.slice(1)));

/**
 * Every file below `dir` a host serves: none whose name starts with a dot (the site marker), as the preview server,
 * and not the host configuration the build writes beside the site (src/site/host-config.ts).
 */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (HOST_ONLY.has(relative)) continue;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, relative)));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

/** The site's address, from robots.txt's `Sitemap: https://…/sitemap.xml`. */
function baseUrlOf(robots: string): string | undefined {
  const sitemap = /^Sitemap:\s*(\S+)sitemap\.xml\s*$/m.exec(robots)?.[1];
  if (!sitemap) return undefined;
  try {
    const url = new URL(sitemap);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A path below the site as the part of an address: each segment escaped. */
function urlPath(relative: string): string {
  return relative.split("/").map(encodeURIComponent).join("/");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };

/** The text of an attribute the build wrote (src/html.ts escapes only these five). */
function unescapeAttribute(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name]!);
}

/** An article page's title, from its `og:type` `article` and `og:title` metas; undefined for any other page. */
export function articleTitle(html: string): string | undefined {
  const end = html.indexOf("</head>");
  const head = end === -1 ? html : html.slice(0, end);
  if (!/<meta property="og:type" content="article">/.test(head)) return undefined;
  const title = /<meta property="og:title" content="([^"]*)">/.exec(head)?.[1];
  return title === undefined ? undefined : unescapeAttribute(title);
}

/** Reads the built site in `dir` (which the caller has checked is one newsmirror built). */
export async function readBuiltSite(dir: string): Promise<BuiltSite> {
  const marker = await readSiteMarker(dir);
  if (!marker) throw new NotArchivable("is not a site newsmirror built (no .newsmirror-site)");
  const builtAtMs = Date.parse(marker.builtAt);
  if (Number.isNaN(builtAtMs)) throw new NotArchivable(`its .newsmirror-site has no build time (${marker.builtAt})`);
  const robots = await readFile(path.join(dir, "robots.txt"), "utf8").catch(() => "");
  const baseUrl = baseUrlOf(robots);
  if (!baseUrl) throw new NotArchivable("has no robots.txt naming the site's sitemap, so its address is not known");

  // Sorted by path, so the WARC holds its records in one order whatever order the file system lists them in.
  const relatives = (await listFiles(dir)).sort();
  const files: SiteFile[] = [];
  const articles: ArticlePage[] = [];
  for (const relative of relatives) {
    const file = path.join(dir, relative);
    const fileUrl = new URL(urlPath(relative), baseUrl).href;
    // A folder's page is served, and linked, at the folder's address; it is recorded there and under its own name.
    const index = relative === "index.html" || relative.endsWith("/index.html");
    const url = index ? fileUrl.slice(0, -"index.html".length) : fileUrl;
    files.push({ file, relative, url, ...(index ? { fileUrl } : {}), bytes: (await stat(file)).size });
    if (/\.html?$/.test(relative)) {
      const title = articleTitle(await readFile(file, "utf8"));
      if (title !== undefined) articles.push({ url, title });
    }
  }
  return { baseUrl, builtAtMs, files, articles, originals: await originalAddresses(dir, files, baseUrl) };
}

/** The articles of `/provenance.json` that name an original address, each matched to its page in the site. */
async function originalAddresses(dir: string, files: readonly SiteFile[], baseUrl: string): Promise<OriginalAddress[]> {
  let text: string;
  try {
    text = await readFile(path.join(dir, "provenance.json"), "utf8");
  } catch {
    return []; // a site built before provenance was recorded: its pages are recorded under their own addresses only
  }
  let parsed: z.infer<typeof ProvenanceSchema>;
  try {
    parsed = ProvenanceSchema.parse(JSON.parse(text));
  } catch {
    throw new NotArchivable("has a provenance.json that is not the one a build writes");
  }
  const byRelative = new Map(files.map((f) => [f.relative, f]));
  const originals: OriginalAddress[] = [];
  for (const article of parsed.articles) {
    if (!article.original_url) continue;
    const original = URL.parse(article.original_url);
    if (original?.protocol !== "http:" && original?.protocol !== "https:")
      throw new NotArchivable(`provenance.json: ${article.path}: original_url is not an http(s) address`);
    // A site path (`/statecouncil/…`), or one under the base URL's path (`/english/statecouncil/…`).
    let sitePath: string;
    try {
      sitePath = decodeURI(article.path);
    } catch {
      throw new NotArchivable(`provenance.json: ${JSON.stringify(article.path)} is not a path of the site`);
    }
    const basePath = new URL(baseUrl).pathname;
    const page =
      byRelative.get(sitePath.replace(/^\//, "")) ??
      (sitePath.startsWith(basePath) ? byRelative.get(sitePath.slice(basePath.length)) : undefined);
    if (!page) throw new NotArchivable(`provenance.json names ${article.path}, which the site does not hold`);
    originals.push({ url: page.url, originalUrl: original!.href, title: article.title });
  }
  return originals.sort((a, b) => (a.originalUrl < b.originalUrl ? -1 : a.originalUrl > b.originalUrl ? 1 : 0));
}
