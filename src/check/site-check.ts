/**
 * `newsmirror check` on a built site: every HTML file through html-validate
 * (a maintained, spec-based validator), every internal link, fragment and
 * resource reference resolved against the files (under the site's base
 * path, or relative in a `--relative` build), nothing loaded from another
 * origin (but the remote photos a page's own CSP names), every page under
 * its CSP with each inline script's hash, feeds and sitemaps parsed and
 * checked against their specifications, stylesheets' `url()` and
 * `@import`, photos decoded, and nothing in the folder but files and
 * folders. Problems are listed with the file (and line) that holds them.
 *
 * Linear in the size of the site: each file is read and parsed once; the
 * fragment links are resolved at the end against the ids every page had.
 */
import { randomUUID } from "node:crypto";
import { readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import { HtmlValidate, StaticConfigLoader, type ConfigData, type ResolvedConfig } from "html-validate";
import pLimit from "p-limit";
import sharp from "sharp";
import { isUnmarkedNewsmirrorSite, readSiteMarker, SITE_MARKER, type SiteMarker } from "../output/guard.ts";
import type { ContentProblem } from "../errors.ts";
import { isSameSitePath, rootRelativePath } from "../html-urls.ts";
import { scriptHash } from "../security/csp.ts";
import { cssReferences } from "./css.ts";
import { jsonProblems, xmlProblems, type SitemapUrl } from "./feeds.ts";
import { useLinearElementSearch } from "./linear-dom.ts";

export const VALIDATOR_CONFIG: ConfigData = {
  extends: ["html-validate:standard", "html-validate:a11y"],
  rules: {
    // The desktop and mobile footers are alternatives (CSS shows one), as on gov.cn.
    "unique-landmark": "off",
  },
};

/**
 * html-validate's static loader resolves the configuration again for every
 * page it validates (element metadata merged, its JSON schema checked): two
 * thirds of the time of a small page. Every page has the same configuration,
 * so it is resolved once (a page of the sample site: 30 ms → 10 ms).
 */
class OnceResolvedConfigLoader extends StaticConfigLoader {
  #resolved: ResolvedConfig | undefined;
  override getConfigFor(handle: string, override?: ConfigData): ResolvedConfig | Promise<ResolvedConfig> {
    if (override) return super.getConfigFor(handle, override);
    return (this.#resolved ??= super.getConfigFor(handle) as ResolvedConfig);
  }
}

let validator: HtmlValidate | undefined;

/** Validator messages for one page's markup, as problems of `file`. */
export function validateHtml(markup: string, file: string): ContentProblem[] {
  useLinearElementSearch();
  validator ??= new HtmlValidate(new OnceResolvedConfigLoader(VALIDATOR_CONFIG));
  const report = validator.validateStringSync(markup, file);
  return report.results.flatMap((result) =>
    result.messages.map((m) => ({ file, line: m.line, message: `${m.message} (${m.ruleId})` })),
  );
}

interface Reference {
  url: string;
  line: number;
  /** Loads into the page (img, script, stylesheet) rather than navigating (a). */
  loads: boolean;
  /** An image load (img, a picture's source, a video's poster), which the CSP's img-src governs. */
  image?: boolean;
}

const REFERENCE_ATTRIBUTES: Record<string, { attr: string; loads: boolean; image?: boolean }[]> = {
  a: [{ attr: "href", loads: false }],
  area: [{ attr: "href", loads: false }],
  link: [{ attr: "href", loads: true }],
  img: [
    { attr: "src", loads: true, image: true },
    { attr: "srcset", loads: true, image: true },
  ],
  source: [
    { attr: "src", loads: true },
    { attr: "srcset", loads: true },
  ],
  script: [{ attr: "src", loads: true }],
  iframe: [{ attr: "src", loads: true }],
  video: [
    { attr: "src", loads: true },
    { attr: "poster", loads: true, image: true },
  ],
  audio: [{ attr: "src", loads: true }],
};

/** Script types a browser runs (and the CSP must allow); anything else (`application/ld+json`) is data. */
const SCRIPT_TYPES = /^(|text\/javascript|module|application\/javascript|application\/ecmascript|text\/ecmascript)$/i;

export interface PageScan {
  references: Reference[];
  /** Every `id`, and `name` of `<a>`: what a `#fragment` may name. */
  ids: Set<string>;
  /** `<meta http-equiv="Content-Security-Policy">`: its policy, line, and whether it is in <head> before any script. */
  policies: { content: string; line: number; inHead: boolean; beforeScripts: boolean }[];
  /** Inline scripts a browser would run: their exact text. */
  inlineScripts: { text: string; line: number }[];
  /** `<object>`, `<embed>`, `<applet>`: what they would load. */
  embeds: { tag: string; url: string; line: number }[];
}

/** One pass over a page: its references, ids, CSP, inline scripts and embedded objects, with their lines. */
export function scanPage(markup: string): PageScan {
  const scan: PageScan = { references: [], ids: new Set(), policies: [], inlineScripts: [], embeds: [] };
  let line = 1;
  let counted = 0;
  const lineAt = (index: number) => {
    for (; counted < index; counted++) if (markup.charCodeAt(counted) === 10) line++;
    return line;
  };
  const open: string[] = [];
  let inHead = false;
  let scriptsSeen = 0;
  let script: { text: string; line: number } | undefined;
  const parser = new Parser({
    onopentag(name, attributes) {
      const at = lineAt(parser.startIndex);
      if (name === "head") inHead = true;
      if (name === "body") inHead = false;
      if (attributes.id !== undefined) scan.ids.add(attributes.id);
      if (name === "a" && attributes.name !== undefined) scan.ids.add(attributes.name);
      if (name === "meta" && attributes["http-equiv"]?.toLowerCase() === "content-security-policy") {
        scan.policies.push({ content: attributes.content ?? "", line: at, inHead, beforeScripts: scriptsSeen === 0 });
      }
      if (name === "script") {
        scriptsSeen++;
        if (attributes.src === undefined && SCRIPT_TYPES.test((attributes.type ?? "").trim()))
          script = { text: "", line: at };
      }
      if (name === "object" || name === "embed" || name === "applet") {
        scan.embeds.push({ tag: name, url: attributes.data ?? attributes.src ?? attributes.code ?? "", line: at });
      }
      for (const spec of REFERENCE_ATTRIBUTES[name] ?? []) {
        const { attr } = spec;
        // <link rel="canonical|alternate"> names an address; only stylesheets, icons and the like load.
        const loads =
          name === "link"
            ? /\b(stylesheet|icon|preload|modulepreload|manifest|prefetch)\b/i.test(attributes.rel ?? "")
            : spec.loads;
        const image = spec.image === true || (name === "source" && open.at(-1) === "picture");
        const value = attributes[attr];
        if (value === undefined) continue;
        const urls = attr === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
        for (const url of urls)
          if (url) scan.references.push({ url: url.trim(), line: at, loads, ...(image ? { image } : {}) });
      }
      open.push(name);
    },
    ontext(text) {
      if (script) script.text += text;
    },
    onclosetag(name) {
      if (name === "script" && script) {
        scan.inlineScripts.push(script);
        script = undefined;
      }
      if (name === "head") inHead = false;
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at;
    },
  });
  parser.end(markup);
  return scan;
}

/** Links and resource references of a page, with their lines. */
export function pageReferences(markup: string): Reference[] {
  return scanPage(markup).references;
}

/** A Content-Security-Policy's directives: name → its sources. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The origin a CSP source names exactly (`https://photos.example.com`), or undefined (`'self'`, `https:`, wildcards, paths). */
function exactOrigin(source: string): string | undefined {
  if (!/^https?:\/\/[^*/]+\/?$/i.test(source)) return undefined;
  try {
    return new URL(source).origin;
  } catch {
    return undefined;
  }
}

/** Checks every page of a built site; `display` turns absolute paths into what the user sees. */
export interface SiteCheckOptions {
  /** Paths as the user sees them. */
  display?: (file: string) => string;
  /** The site's own address: absolute URLs under it (canonical links, say) are checked as internal. */
  baseUrl?: string;
  /**
   * Addresses the site's settings link to (the header's App button, the
   * footer's links): the portal's own pages, which a mirror on the portal's
   * host does not carry. Chosen by the site, so not followed.
   */
  settingsLinks?: readonly string[];
  /** How the site was built (default: read from its `.newsmirror-site`). */
  marker?: Partial<Pick<SiteMarker, "basePath" | "search" | "relative">>;
}

export interface SiteCheckReport {
  pages: number;
  problems: ContentProblem[];
}

/** Whether `dir` holds a site newsmirror built: its marker, or (built before the marker existed) its whole shape. */
export async function isNewsmirrorSite(dir: string): Promise<boolean> {
  return (await readSiteMarker(dir)) !== undefined || (await isUnmarkedNewsmirrorSite(dir));
}

const IMAGE_EXTENSIONS = new Map([
  [".jpg", "jpeg"],
  [".jpeg", "jpeg"],
  [".png", "png"],
  [".webp", "webp"],
  [".avif", "heif"],
  [".gif", "gif"],
]);

/** Pages every site has. */
const REQUIRED_PAGES = [
  { name: "index.html", what: "the home page" },
  { name: "404.html", what: "the page servers show for a missing address" },
];

/**
 * Where URLs are resolved, by the WHATWG URL parser as a browser resolves
 * them: root-relative ones on a probe origin, relative ones from the page's
 * place below a top folder no URL names, so one that climbs above the
 * site's top (`../../../etc/passwd`) is seen to leave it (a host would
 * clamp it at its root; a folder opened from disk would not).
 */
const PROBE_ORIGIN = "https://newsmirror.invalid";
const SITE_TOP_PATH = `/${randomUUID()}/`;

/** A normalised relative path that climbs above where it starts. */
const leavesRoot = (normalised: string) => normalised === ".." || normalised.startsWith("../");

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The file's text, or a problem when it is not UTF-8. */
function decode(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

interface FragmentLink {
  page: string;
  line: number;
  url: string;
  target: string;
  fragment: string;
}

export async function checkSite(outputDir: string, options: SiteCheckOptions = {}): Promise<SiteCheckReport> {
  const display = options.display ?? ((f: string) => f);
  const marker = { ...((await readSiteMarker(outputDir)) ?? {}), ...options.marker };
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const settingsLinks = new Set(options.settingsLinks ?? []);
  // The path every root-relative address starts with: the marker's (the build's own), else the base URL's.
  let prefix = marker.basePath ?? base?.pathname ?? "/";
  if (!prefix.endsWith("/")) prefix += "/";
  const relativeBuild = marker.relative === true;
  const withoutSearch = marker.search === false;

  const problems: ContentProblem[] = [];
  const problem = (file: string, line: number | undefined, message: string) =>
    problems.push({ file: display(file), ...(line === undefined ? {} : { line }), message });

  // Every entry: files are checked; symbolic links and anything else that is not a file or folder are problems.
  const entries = await readdir(outputDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) files.push(full);
    else if (entry.isSymbolicLink()) {
      const to = await readlink(full).catch(() => "?");
      problem(
        full,
        undefined,
        `is a symbolic link (to ${to}); a site holds only files and folders, and a server may follow a link out of it`,
      );
    } else if (!entry.isDirectory())
      problem(full, undefined, "is not a file or a folder (a pipe, socket or device); remove it");
  }
  files.sort();
  const known = new Set(files);
  for (const required of REQUIRED_PAGES) {
    const file = path.join(outputDir, required.name);
    if (!known.has(file)) problem(file, undefined, `is missing: every site has ${required.what}; build the site again`);
  }

  /** The file a site path (below the prefix, no leading slash) names, or undefined when it leaves the site. */
  const fileOf = (sitePath: string): string | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(sitePath);
    } catch {
      decoded = sitePath;
    }
    const resolved = path.posix.normalize(decoded === "" ? "." : decoded);
    if (leavesRoot(resolved)) return undefined;
    const file = path.join(outputDir, resolved);
    return decoded === "" || decoded.endsWith("/") ? path.join(file, "index.html") : file;
  };
  type Target = { file: string; sitePath: string } | { outside: string; absolute?: boolean } | undefined;
  /** Where a URL on `page` leads: a file of the site, outside it (why), or off-site (undefined). */
  const resolve = (url: string, page: string): Target => {
    let pathname: string;
    const rooted = rootRelativePath(url);
    if (!isSameSitePath(url)) {
      // A full address (`https://…`, `//host/…`, however disguised): the site's only on its host, below its path.
      if (!base) return undefined;
      let u: URL;
      try {
        u = new URL(url, base);
      } catch {
        return undefined;
      }
      if (u.origin !== base.origin) return undefined;
      if (!u.pathname.startsWith(prefix))
        return { outside: `is on this host but outside the site's base path ${prefix}`, absolute: true };
      pathname = u.pathname;
    } else if (rooted !== undefined) {
      if (relativeBuild)
        return {
          outside: "is root-relative in a --relative build, which must open from disk (file://); make it relative",
        };
      pathname = rooted.replace(/[?#].*$/s, "");
    } else {
      // Relative (`x.html`, `../x.png`, `#top`): from the page's own address.
      const pagePath = path.relative(outputDir, page).split(path.sep).map(encodeURIComponent).join("/");
      const u = new URL(url, `${PROBE_ORIGIN}${SITE_TOP_PATH}${pagePath}`);
      if (!u.pathname.startsWith(SITE_TOP_PATH)) return { outside: "points outside the site" };
      pathname = prefix + u.pathname.slice(SITE_TOP_PATH.length);
    }
    if (!pathname.startsWith(prefix)) {
      return { outside: prefix === "/" ? "points outside the site" : `is outside the site's base path ${prefix}` };
    }
    const sitePath = pathname.slice(prefix.length);
    const file = fileOf(sitePath);
    return file === undefined ? { outside: "points outside the site" } : { file, sitePath };
  };
  const missingAllowed = (sitePath: string) => withoutSearch && /^pagefind\//.test(sitePath);
  const fileExists = (file: string) => known.has(file);

  const pageIds = new Map<string, Set<string>>();
  const fragmentLinks: FragmentLink[] = [];
  const sitemapUrls: { file: string; urls: SitemapUrl[] }[] = [];
  const images: string[] = [];
  let pages = 0;

  for (const file of files) {
    // www.gov.cn's Chinese article pages end in .htm (src/article/url.ts): pages as .html ones are.
    const ext = path
      .extname(file)
      .toLowerCase()
      .replace(/^\.htm$/, ".html");
    if (IMAGE_EXTENSIONS.has(ext)) {
      images.push(file);
      continue;
    }
    if (ext !== ".html" && ext !== ".xml" && ext !== ".json" && ext !== ".css") continue;
    const bytes = await readFile(file);
    if (ext === ".html") pages++;
    if (bytes.length === 0) {
      problem(
        file,
        undefined,
        `is empty (0 bytes); ${ext === ".html" ? "a page" : "the file"} must have content; build the site again`,
      );
      continue;
    }
    const text = decode(bytes);
    if (text === undefined) {
      problem(file, undefined, "is not valid UTF-8; every page and feed is written in UTF-8; build the site again");
      continue;
    }
    if (ext === ".xml") {
      const urls: SitemapUrl[] = [];
      for (const p of xmlProblems(text, urls)) problem(file, p.line, p.message);
      if (urls.length > 0) sitemapUrls.push({ file, urls });
      continue;
    }
    if (ext === ".json") {
      for (const p of jsonProblems(text, path.basename(file) === "feed.json")) problem(file, p.line, p.message);
      continue;
    }
    if (ext === ".css") {
      for (const ref of cssReferences(text)) {
        if (/^data:/i.test(ref.url)) continue;
        const what = ref.imports ? "@import" : "url()";
        const target = resolve(ref.url, file);
        if (target === undefined)
          problem(file, ref.line, `${what} loads ${ref.url} from another origin; the site loads nothing remote`);
        else if ("outside" in target) problem(file, ref.line, `${what} ${ref.url} ${target.outside}`);
        else if (!fileExists(target.file) && !missingAllowed(target.sitePath))
          problem(file, ref.line, `broken ${what}: ${ref.url} (no such file in the site)`);
      }
      continue;
    }

    // A page.
    problems.push(...validateHtml(text, display(file)));
    const scan = scanPage(text);
    pageIds.set(file, scan.ids);
    const policy = scan.policies[0];
    const directives = policy ? parsePolicy(policy.content) : new Map<string, string[]>();
    if (!policy)
      problem(file, undefined, "has no Content-Security-Policy <meta>; every page carries one (build the site again)");
    else {
      if (!policy.inHead || !policy.beforeScripts)
        problem(file, policy.line, "the Content-Security-Policy <meta> must be in <head>, before any script");
      const scripts = directives.get("script-src") ?? directives.get("default-src") ?? [];
      const loose = scripts.filter(
        (s) => s === "*" || /^'unsafe-(inline|eval|hashes)'$/i.test(s) || /^(https?:|data:|blob:)/i.test(s),
      );
      if (loose.length > 0)
        problem(
          file,
          policy.line,
          `the Content-Security-Policy allows scripts from ${loose.join(" ")}; only 'self' and hashes of the page's own scripts`,
        );
      for (const inline of scan.inlineScripts) {
        const hash = scriptHash(inline.text);
        if (!scripts.includes(hash))
          problem(
            file,
            inline.line,
            `inline script without its hash (${hash}) in the Content-Security-Policy's script-src; a browser will not run it`,
          );
      }
    }
    const imageOrigins = new Set(
      (directives.get("img-src") ?? []).map(exactOrigin).filter((o): o is string => o !== undefined),
    );
    for (const embed of scan.embeds) {
      problem(
        file,
        embed.line,
        `<${embed.tag}>${embed.url ? ` loading ${embed.url}` : ""}: pages embed no plugins or objects (the CSP's object-src is 'none'); remove it`,
      );
    }
    for (const ref of scan.references) {
      if (!ref.loads && settingsLinks.has(ref.url)) continue;
      if (/^(javascript|data|vbscript):/i.test(ref.url)) {
        problem(file, ref.line, `unsafe URL ${JSON.stringify(ref.url.slice(0, 60))}`);
        continue;
      }
      const target = resolve(ref.url, file);
      if (target === undefined) {
        if (ref.loads) {
          let origin: string | undefined;
          try {
            origin = new URL(ref.url, base ?? PROBE_ORIGIN).origin;
          } catch {
            origin = undefined; // unreadable: not this site's either
          }
          if (origin === "null") continue; // no host to load from (`about:blank`, `mailto:`)
          if (ref.image && origin !== undefined && imageOrigins.has(origin)) continue; // a remote photo the page's own CSP names
          problem(file, ref.line, `loads ${ref.url} from another origin; pages load nothing remote`);
        }
        continue;
      }
      if ("outside" in target) {
        // A full address elsewhere on the site's host is another site's page to link to, not one to load.
        if (!(target.absolute && !ref.loads))
          problem(file, ref.line, `${ref.loads ? "reference" : "link"} ${ref.url} ${target.outside}`);
        continue;
      }
      if (!fileExists(target.file)) {
        if (!missingAllowed(target.sitePath))
          problem(file, ref.line, `broken ${ref.loads ? "reference" : "link"}: ${ref.url} (no such file in the site)`);
        continue;
      }
      const hash = ref.url.indexOf("#");
      if (!ref.loads && hash !== -1) {
        const fragment = ref.url.slice(hash + 1);
        if (
          fragment !== "" &&
          fragment.toLowerCase() !== "top" &&
          !fragment.startsWith(":~:") &&
          /\.html?$/.test(target.file)
        ) {
          fragmentLinks.push({ page: file, line: ref.line, url: ref.url, target: target.file, fragment });
        }
      }
    }
  }

  // Fragments, now that every page's ids are known.
  for (const link of fragmentLinks) {
    const ids = pageIds.get(link.target);
    if (!ids) continue; // an empty or unreadable page, reported above
    let fragment: string;
    try {
      fragment = decodeURIComponent(link.fragment);
    } catch {
      fragment = link.fragment;
    }
    if (!ids.has(fragment) && !ids.has(link.fragment)) {
      const where = link.target === link.page ? "this page" : display(link.target);
      problem(link.page, link.line, `broken link: ${link.url} (no id "${fragment}" on ${where})`);
    }
  }

  // What the sitemaps list must be in the site.
  for (const { file, urls } of sitemapUrls) {
    for (const { url, line } of urls) {
      const target = resolve(url, file);
      if (target === undefined)
        problem(file, line, `lists ${url}, which is not on the site's address (${base?.href ?? "baseUrl"})`);
      else if ("outside" in target) problem(file, line, `lists ${url}, which ${target.outside}`);
      else if (!fileExists(target.file)) problem(file, line, `lists ${url}, which is not in the site`);
    }
  }

  // Photos: each must decode as what its name says.
  const decodeOne = async (file: string) => {
    const expected = IMAGE_EXTENSIONS.get(path.extname(file).toLowerCase());
    try {
      const info = await sharp(file).metadata();
      if (!info.width || !info.height)
        problem(file, undefined, "is not a readable image (no size); build the site again");
      else if (expected && info.format !== expected && !(expected === "heif" && info.format === "avif")) {
        problem(file, undefined, `holds ${info.format} data, not ${expected}; browsers may refuse it`);
      }
    } catch {
      problem(file, undefined, "is not a readable image (corrupt or truncated); build the site again");
    }
  };
  const decoding = pLimit(4);
  await Promise.all(images.map((file) => decoding(() => decodeOne(file))));

  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { pages, problems };
}

/** Whether `dir` holds nothing (but perhaps the marker): a build that wrote no site. */
export async function isEmptySite(dir: string): Promise<boolean> {
  return (await readdir(dir)).every((name) => name === SITE_MARKER);
}
