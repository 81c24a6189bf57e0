/**
 * `newsmirror check` on a built site: every HTML file through html-validate
 * (a maintained, spec-based validator), every internal link and image
 * reference resolved against the files, and nothing loaded from another
 * origin. Problems are listed with the page (and line) that holds them.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import { HtmlValidate, type ConfigData } from "html-validate";
import type { ContentProblem } from "../errors.ts";

export const VALIDATOR_CONFIG: ConfigData = {
  extends: ["html-validate:standard", "html-validate:a11y"],
  rules: {
    // The desktop and mobile footers are alternatives (CSS shows one), as on gov.cn.
    "unique-landmark": "off",
  },
};

let validator: HtmlValidate | undefined;

/** Validator messages for one page's markup, as problems of `file`. */
export function validateHtml(markup: string, file: string): ContentProblem[] {
  validator ??= new HtmlValidate(VALIDATOR_CONFIG);
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
}

const REFERENCE_ATTRIBUTES: Record<string, { attr: string; loads: boolean }[]> = {
  a: [{ attr: "href", loads: false }],
  area: [{ attr: "href", loads: false }],
  link: [{ attr: "href", loads: true }],
  img: [{ attr: "src", loads: true }, { attr: "srcset", loads: true }],
  source: [{ attr: "src", loads: true }, { attr: "srcset", loads: true }],
  script: [{ attr: "src", loads: true }],
  iframe: [{ attr: "src", loads: true }],
  video: [{ attr: "src", loads: true }, { attr: "poster", loads: true }],
  audio: [{ attr: "src", loads: true }],
};

/** Links and resource references of a page, with their lines. */
export function pageReferences(markup: string): Reference[] {
  const refs: Reference[] = [];
  let line = 1;
  let counted = 0;
  const lineAt = (index: number) => {
    for (; counted < index; counted++) if (markup.charCodeAt(counted) === 10) line++;
    return line;
  };
  const parser = new Parser({
    onopentag(name, attributes) {
      for (const spec of REFERENCE_ATTRIBUTES[name] ?? []) {
        const { attr } = spec;
        // <link rel="canonical|alternate"> names an address; only stylesheets, icons and the like load.
        const loads = name === "link" ? /\b(stylesheet|icon|preload|modulepreload|manifest|prefetch)\b/i.test(attributes.rel ?? "") : spec.loads;
        const value = attributes[attr];
        if (value === undefined) continue;
        const urls = attr === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
        for (const url of urls) if (url) refs.push({ url: url.trim(), line: lineAt(parser.startIndex), loads });
      }
    },
  });
  parser.end(markup);
  return refs;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

/** The file a site-internal URL names, or undefined for URLs that leave the site. */
function targetFile(url: string, pageFile: string, outputDir: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return undefined;
  const pathname = url.replace(/[?#].*$/, "");
  if (pathname === "") return undefined; // "#top", "?q": this page
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = pathname;
  }
  const resolved = decoded.startsWith("/") ? path.join(outputDir, decoded) : path.join(path.dirname(pageFile), decoded);
  return resolved.endsWith(path.sep) || decoded.endsWith("/") ? path.join(resolved, "index.html") : resolved;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export interface SiteCheckReport {
  pages: number;
  problems: ContentProblem[];
}

/** Checks every page of a built site; `display` turns absolute paths into what the user sees. */
export interface SiteCheckOptions {
  /** Paths as the user sees them. */
  display?: (file: string) => string;
  /** The site's own address: absolute URLs under it (canonical links, say) are checked as internal. */
  baseUrl?: string;
}

export async function checkSite(outputDir: string, options: SiteCheckOptions = {}): Promise<SiteCheckReport> {
  const display = options.display ?? ((f: string) => f);
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const internal = (url: string) => {
    if (!base || !/^https?:/i.test(url)) return url;
    try {
      const u = new URL(url);
      if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) return url;
      return `/${u.pathname.slice(base.pathname.length)}${u.search}${u.hash}`;
    } catch {
      return url;
    }
  };
  const files = (await listFiles(outputDir)).sort();
  const known = new Set(files);
  const pages = files.filter((f) => f.endsWith(".html"));
  const problems: ContentProblem[] = [];
  for (const page of pages) {
    const markup = await readFile(page, "utf8");
    const shown = display(page);
    problems.push(...validateHtml(markup, shown));
    for (const ref of pageReferences(markup)) {
      if (/^(javascript|data|vbscript):/i.test(ref.url)) {
        problems.push({ file: shown, line: ref.line, message: `unsafe URL ${JSON.stringify(ref.url.slice(0, 60))}` });
        continue;
      }
      const target = targetFile(internal(ref.url), page, outputDir);
      if (target === undefined) {
        if (ref.loads && /^(https?:)?\/\//i.test(ref.url)) {
          problems.push({ file: shown, line: ref.line, message: `loads ${ref.url} from another origin; pages load nothing remote` });
        }
        continue;
      }
      const inside = path.relative(outputDir, target);
      if (inside.startsWith("..") || path.isAbsolute(inside)) {
        problems.push({ file: shown, line: ref.line, message: `${ref.loads ? "reference" : "link"} ${ref.url} points outside the site` });
      } else if (!known.has(target) && !(await isFile(target))) {
        problems.push({ file: shown, line: ref.line, message: `broken ${ref.loads ? "reference" : "link"}: ${ref.url} (no such file in the site)` });
      }
    }
  }
  return { pages: pages.length, problems };
}
