/**
 * The URLs in a piece of HTML: which attributes carry them, `srcset`
 * candidates, and rewriting them in place. Used on article bodies (ours,
 * from markdown-it and sanitize-html), so the markup is well-formed; the
 * tags are found by htmlparser2, never by a pattern, so text that merely
 * looks like an attribute is never touched.
 */
import { Parser } from "htmlparser2";
import { escapeHtml } from "./html.ts";

/** Attributes holding a URL (or, for srcset, a list of them), by element. */
export const URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ["href"],
  area: ["href"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
};

/** Of those, the ones a reader's browser or feed reader loads by itself (not a link the reader follows). */
export function loadsResource(tag: string, attr: string): boolean {
  return (tag === "img" || tag === "source") && (attr === "src" || attr === "srcset");
}

export interface SrcsetCandidate {
  url: string;
  /** `800w`, `2x`, or "" for none. */
  descriptor: string;
}

/**
 * The candidates of a srcset value, as the HTML standard's parser splits
 * them: a URL is a run of non-space characters (trailing commas end it),
 * then descriptors up to the next comma outside parentheses.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let i = 0;
  const space = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\f" || c === "\r";
  while (i < value.length) {
    while (i < value.length && (space(value[i]) || value[i] === ",")) i++;
    if (i >= value.length) break;
    const start = i;
    while (i < value.length && !space(value[i])) i++;
    let url = value.slice(start, i);
    let descriptor = "";
    if (url.endsWith(",")) {
      url = url.replace(/,+$/, "");
    } else {
      const from = i;
      let depth = 0;
      for (; i < value.length; i++) {
        const c = value[i];
        if (c === "(") depth++;
        else if (c === ")") depth = Math.max(0, depth - 1);
        else if (c === "," && depth === 0) break;
      }
      descriptor = value.slice(from, i).trim().replace(/\s+/g, " ");
      i++;
    }
    if (url !== "") out.push({ url, descriptor });
  }
  return out;
}

export function serializeSrcset(candidates: readonly SrcsetCandidate[]): string {
  return candidates.map((c) => (c.descriptor ? `${c.url} ${c.descriptor}` : c.url)).join(", ");
}

/** What to do with one URL: the new URL, or undefined to drop it (the attribute, or the srcset candidate). */
export type UrlRewrite = (url: string, where: { tag: string; attr: string }) => string | undefined;

/**
 * `markup` with every URL in URL_ATTRIBUTES passed through `rewrite`. Tags
 * whose URLs are all unchanged keep their bytes; a changed tag is written
 * anew (attributes in their order, double-quoted, escaped). `drop` names
 * void elements (img, source) removed whole when `rewrite` took their last
 * URL: an <img> without src would be invalid and show a broken image.
 */
export function rewriteUrls(
  markup: string,
  rewrite: UrlRewrite,
  drop: { img?: "src"; source?: "srcset" } = {},
): string {
  let out = "";
  let copied = 0;
  const parser = new Parser(
    {
      onopentag(tag, attributes, isImplied) {
        const names = URL_ATTRIBUTES[tag];
        if (!names || isImplied) return;
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (markup[start] !== "<") return;
        let changed = false;
        const next: Record<string, string> = { ...attributes };
        for (const attr of names) {
          const value = attributes[attr];
          if (value === undefined) continue;
          let rewritten: string | undefined;
          if (attr === "srcset") {
            const candidates = parseSrcset(value).flatMap((c) => {
              const url = rewrite(c.url, { tag, attr });
              return url === undefined ? [] : [{ url, descriptor: c.descriptor }];
            });
            rewritten = candidates.length > 0 ? serializeSrcset(candidates) : undefined;
          } else {
            rewritten = rewrite(value, { tag, attr });
          }
          if (rewritten === value) continue;
          changed = true;
          if (rewritten === undefined) delete next[attr];
          else next[attr] = rewritten;
        }
        if (!changed) return;
        const required = drop[tag as keyof typeof drop];
        const text =
          required && next[required] === undefined ? "" : openTag(tag, next, markup.slice(start, end).endsWith("/>"));
        out += markup.slice(copied, start) + text;
        copied = end;
      },
    },
    { decodeEntities: true },
  );
  parser.end(markup);
  return copied === 0 ? markup : out + markup.slice(copied);
}

function openTag(tag: string, attributes: Record<string, string>, selfClosing: boolean): string {
  const attrs = Object.entries(attributes).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`);
  return `<${tag}${attrs.join("")}${selfClosing ? " />" : ">"}`;
}

const PROBE_ORIGIN = "https://newsmirror.invalid";
const PROBE_PAGE = `${PROBE_ORIGIN}/a/b/c/page.html`;

/**
 * Whether a URL as written in a page stays on the page's own site: a path
 * (`/photos/x.jpg`, `x.jpg`, `../x.jpg`), not another host, however
 * disguised (`//host`, `\\host`, `https:host`, with tabs or spaces), and no
 * other scheme (`data:`, `javascript:`). Resolved the way browsers resolve
 * it, by the WHATWG URL parser.
 */
export function isSameSitePath(url: string): boolean {
  if (/^[\s\u0000-\u001f]*[a-z][a-z0-9+.-]*:/i.test(url)) return false;
  try {
    return new URL(url, PROBE_PAGE).origin === PROBE_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * A root-relative address (`/news/other.html`, `/culture/?x#y`) as the site
 * path it names, query and fragment included, as a browser resolves it; or
 * undefined for any other address: relative (`other.html`, `#note`), with a
 * scheme, or another host however written (`//host`, `/\\host`, `/\t/host`).
 */
export function rootRelativePath(url: string): string | undefined {
  const trimmed = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (!trimmed.startsWith("/")) return undefined;
  try {
    const resolved = new URL(trimmed, PROBE_PAGE);
    return resolved.origin === PROBE_ORIGIN ? resolved.pathname + resolved.search + resolved.hash : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Body markup for a page's links: every root-relative address an author
 * wrote (`[inside](/news/other.html)`) or we wrote (photos, `/photos/…`) is
 * a site path, linked as the templates link theirs (src/site/urls.ts): under
 * a base-URL path prefix `/news/other.html` becomes `/mirror/news/other.html`,
 * in the relative mode `../../news/other.html`. Relative addresses and
 * other hosts are left as written.
 */
export function linkSitePaths(markup: string, link: (sitePath: string) => string): string {
  if (link("/") === "/" && link("/a/b") === "/a/b") return markup;
  return rewriteUrls(markup, (url) => {
    const sitePath = rootRelativePath(url);
    if (sitePath === undefined) return url;
    const at = sitePath.search(/[?#]/);
    return at < 0 ? link(sitePath) : link(sitePath.slice(0, at)) + sitePath.slice(at);
  });
}
