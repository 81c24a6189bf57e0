/**
 * The Content-Security-Policy every page carries as a <meta>: nothing from
 * another origin (but, on an article page, the origins of the remote photos
 * it links, `images.remote: "link"`), and no script but our own inline ones, named by the
 * SHA-256 of their text (computed here from the very string the page
 * inlines, so editing a script can never leave a stale hash behind). Even if
 * content slipped markup past escaping, a browser would not run it.
 */
import { createHash } from "node:crypto";

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
