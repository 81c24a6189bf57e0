/**
 * The Content-Security-Policy every page carries as a <meta>: nothing from
 * another origin (but, on an article page, the origins of the remote photos
 * it links, `images.remote: "link"`), and no script but our own inline ones, named by the
 * SHA-256 of their text (computed here from the very string the page
 * inlines, so editing a script can never leave a stale hash behind). Even if
 * content slipped markup past escaping, a browser would not run it.
 */
import { createHash } from "node:crypto";
import { VIEW_SWITCH_SCRIPT } from "../view-switch.ts";

/** The CSP source for one inline script: `'sha256-…'` of its exact text. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

export interface PolicyOptions {
  /** The text of every inline <script> the page carries. */
  inlineScripts: readonly string[];
  /** More script sources a page needs (`'self'` for a same-origin script file). */
  scriptSources?: readonly string[];
  /** More image sources (`data:` for Pagefind's inline icons). */
  imageSources?: readonly string[];
  /** The dev server adds its live-reload client, a same-origin script (src/serve/live-reload.ts). */
  dev?: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions): string {
  const scripts = [
    ...options.inlineScripts.map(scriptHash),
    ...(options.scriptSources ?? []),
    ...(options.dev && !options.scriptSources?.includes("'self'") ? ["'self'"] : []),
  ];
  return [
    "default-src 'self'",
    `script-src ${scripts.length > 0 ? scripts.join(" ") : "'none'"}`,
    "style-src 'self'",
    ["img-src 'self'", ...(options.imageSources ?? [])].join(" "),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
}

/**
 * What the search page adds to the policy: Pagefind's UI is two same-origin script files and WebAssembly, and
 * its search-box icon a `data:` image (templates/search.11ty.ts).
 */
export const SEARCH_PAGE_SOURCES = {
  scriptSources: ["'self'", "'wasm-unsafe-eval'"],
  imageSources: ["data:"],
} as const satisfies Pick<PolicyOptions, "scriptSources" | "imageSources">;

/** What www.gov.cn's article page adds: its toolbar's same-origin script (templates/_components/article-zh.ts). */
export const CHINESE_ARTICLE_SCRIPT_SOURCES = ["'self'"] as const;

/** The inline scripts of every page (templates/_components/page.ts). */
const PAGE_INLINE_SCRIPTS: readonly string[] = [VIEW_SWITCH_SCRIPT];

/**
 * The policy a host sends as a header with every file of a production build (src/site/host-config.ts): the
 * union of what the pages' own <meta> policies allow (every page's inline script, the search page's and the
 * Chinese article page's sources, the remote photo origins of every article showing some), plus
 * `frame-ancestors 'self'`, which a <meta> policy cannot carry. A browser enforces every policy it is given,
 * so a page keeps its own narrower one from its <meta>; the header must allow at least as much as the widest
 * page, or it would block what that page needs.
 */
export function siteWidePolicy(remoteImageOrigins: readonly string[]): string {
  const scriptSources = [...new Set<string>([...SEARCH_PAGE_SOURCES.scriptSources, ...CHINESE_ARTICLE_SCRIPT_SOURCES])];
  const imageSources = [...SEARCH_PAGE_SOURCES.imageSources, ...[...new Set(remoteImageOrigins)].sort()];
  return `${contentSecurityPolicy({ inlineScripts: PAGE_INLINE_SCRIPTS, scriptSources, imageSources })}; frame-ancestors 'self'`;
}

/** A host a CSP source can name exactly: DNS labels of letters, digits and hyphens (an IDN in its xn-- form), or IPv4. */
const PLAIN_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The CSP source allowing images from `url`'s origin and nothing wider:
 * `https://host` or `https://host:8443` (scheme, host, port). Undefined when
 * the URL is not http(s) or its host cannot be written as a plain source
 * (`*`, `;`, `'` and the like are valid in URL hosts but would widen or
 * break the policy).
 */
export function remoteImageSource(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  if (!PLAIN_HOST.test(parsed.hostname)) return undefined;
  return parsed.origin;
}

/**
 * The img-src sources for a page showing the remote photos `urls` (an
 * article with photos linked as they are, `images.remote: "link"`): each
 * origin once, sorted, so equal pages get equal policies. Per page: a page
 * allows only the hosts of the photos it shows.
 */
export function remoteImageSources(urls: readonly string[] | undefined): string[] {
  const sources = new Set<string>();
  for (const url of urls ?? []) {
    const source = remoteImageSource(url);
    if (source) sources.add(source);
  }
  return [...sources].sort();
}
