/**
 * Host configuration, written by every production build at the output root beside the site
 * (docs/deploying.md), from one list of rules so that the hosts answer alike:
 *
 * - `/_headers`, read by Netlify and Cloudflare Pages;
 * - `/nginx.conf`, directives to include inside the nginx `server` block that serves the site.
 *
 * Every file gets the site-wide Content-Security-Policy as a header (src/security/csp.ts: the union of the
 * pages' own, plus `frame-ancestors 'self'`, which only a header can carry), `X-Content-Type-Options: nosniff`
 * and a `Referrer-Policy`. Caching: photo variants are named by their content hash (src/images/encode.ts), so
 * they are cached for a year, `immutable`; everything else is cached for five minutes. That includes
 * `/assets/`: its names (`site.css`, `search.js`) are not fingerprinted, and a stylesheet kept longer than
 * the pages would style a changed page with the old rules. (Pagefind's folder holds both hashed fragments
 * and its entry file, which changes with every index: five minutes too.)
 *
 * Addresses are paths on the host, with the base URL's path (`/mirror/photos/`), as `_redirects` has them
 * (src/site/aliases.ts). The dev server writes neither file.
 */
import type { ArticleMeta } from "../article/article.ts";
import { remoteImageSources, siteWidePolicy } from "../security/csp.ts";
import { aliasesOf, NGINX_MAP_FILE, REDIRECTS_FILE } from "./aliases.ts";
import { keyOf, lazyFile, type OutputFile } from "./output-file.ts";
import type { SiteUrls } from "./urls.ts";
import { textOrder } from "../order.ts";

export const HEADERS_FILE = "/_headers";
export const NGINX_CONF_FILE = "/nginx.conf";

/** The files of host configuration and of redirects: a host serves none of them (nginx.conf answers them 404). */
export const HOST_ONLY_FILES: readonly string[] = [HEADERS_FILE, REDIRECTS_FILE, NGINX_CONF_FILE, NGINX_MAP_FILE];

/** Cache-Control of files whose names change with their content: a year, never revalidated. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Cache-Control of everything else (pages, feeds, sitemaps, assets, the search index): five minutes. */
export const SHORT = "public, max-age=300";
/** Referrer-Policy: the browsers' default, said outright so that no host's setting replaces it. */
export const REFERRER_POLICY = "strict-origin-when-cross-origin";

/** The folder whose files are immutable: the photo variants (site path). */
export const IMMUTABLE_FOLDER = "/photos/";

/**
 * Cloudflare Pages reads at most 100 rules and 2,000 characters a line; the CSP line is the long one. Past that
 * the host drops the line, and with it the policy: the build writes it all the same (a policy no host reads is
 * no worse than none) and says so in the file.
 */
const CLOUDFLARE_LINE_LIMIT = 2000;

/** The headers every file gets, in the order they are written. */
export function securityHeaders(articles: readonly ArticleMeta[]): [name: string, value: string][] {
  const origins = articles.flatMap((article) => remoteImageSources(article.remoteImages));
  return [
    ["Content-Security-Policy", siteWidePolicy(origins)],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", REFERRER_POLICY],
  ];
}

/**
 * `_headers`. Cloudflare applies every rule that matches, in the file's order, and joins two values of one
 * header with a comma: `/*` sets the short Cache-Control, and the photos' rule, after it, first detaches it
 * (`! Cache-Control`, which removes what earlier rules set) and then sets its own, so a photo gets one value.
 * Netlify skips the detach line (a line without a colon) and gives a path the value of its most specific rule.
 */
function headersFile(headers: readonly [string, string][], urls: SiteUrls): string {
  const lines = [
    "# newsmirror: HTTP headers for Netlify and Cloudflare Pages, made by the build (docs/deploying.md).",
    "# Read from the folder the host publishes: under a base URL with a path, move it to that folder's top.",
  ];
  const all = headers.map(([name, value]) => `  ${name}: ${value}`);
  if (all.some((line) => line.length > CLOUDFLARE_LINE_LIMIT))
    lines.push(`# A line is longer than Cloudflare Pages reads (${CLOUDFLARE_LINE_LIMIT} characters): it drops it.`);
  lines.push(
    `${urls.rooted("/*")}`,
    ...all,
    `  Cache-Control: ${SHORT}`,
    "",
    "# Photo variants are named by their content: cached for good.",
    `${urls.rooted(`${IMMUTABLE_FOLDER}*`)}`,
    "  ! Cache-Control",
    `  Cache-Control: ${IMMUTABLE}`,
  );
  return `${lines.join("\n")}\n`;
}

/** A quoted nginx string: the values here hold no `"`, `\` or `$` (CSP sources and aliases are checked plain). */
function quoted(value: string): string {
  if (/["\\$\n]/.test(value)) throw new Error(`cannot be written as an nginx string: ${value}`);
  return `"${value}"`;
}

/**
 * `nginx.conf`: directives for inside a `server` block whose `root` is the output folder (or, under a base URL
 * with a path, the folder that holds it at that path). A location with an `add_header` of its own inherits none
 * of the server's, so each location here carries every header; `always` gives the 404 page its headers too.
 */
function nginxFile(headers: readonly [string, string][], articles: readonly ArticleMeta[], urls: SiteUrls): string {
  const headerLines = (cacheControl: string) =>
    [...headers, ["Cache-Control", cacheControl] as const]
      .map(([name, value]) => `    add_header ${name} ${quoted(value)} always;`)
      .join("\n");
  const redirects = aliasesOf(articles)
    .map(({ alias, article }) => [urls.rooted(alias), urls.rooted(article.url)] as const)
    .sort(([a], [b]) => textOrder(a, b));
  const root = urls.rooted("/");
  return `# newsmirror: nginx configuration for the site, made by the build (docs/deploying.md).
# Include it inside the server block that serves the site, after its root; the server needs no location ${root} of its own:
#   server { listen 80; server_name example.org; root /srv/mirror/_site; include /srv/mirror/_site/nginx.conf; }
# Each location repeats every header: one with an add_header of its own inherits none of the server's.

error_page 404 ${quoted(urls.rooted("/404.html"))};

# Host configuration, not pages.
${HOST_ONLY_FILES.map((file) => `location = ${quoted(urls.rooted(file))} { return 404; }`).join("\n")}
${
  redirects.length > 0
    ? `\n# The articles' old addresses (front matter aliases).\n${redirects.map(([from, to]) => `location = ${quoted(from)} { return 301 ${quoted(to)}; }`).join("\n")}\n`
    : ""
}
# Photo variants are named by their content: cached for good.
location ${quoted(urls.rooted(IMMUTABLE_FOLDER))} {
${headerLines(IMMUTABLE)}
}

location ${quoted(root)} {
${headerLines(SHORT)}
}
`;
}

/** `_headers` and `nginx.conf` for the articles of a production build. */
export function hostConfigFiles(articles: readonly ArticleMeta[], urls: SiteUrls): OutputFile[] {
  const headers = securityHeaders(articles);
  const headersText = headersFile(headers, urls);
  const nginxText = nginxFile(headers, articles, urls);
  // Made of the articles' remote photos and aliases and of the settings (build inputs): keyed by the text itself.
  return [
    lazyFile(HEADERS_FILE, keyOf(["_headers", headersText]), () => headersText),
    lazyFile(NGINX_CONF_FILE, keyOf(["nginx.conf", nginxText]), () => nginxText),
  ];
}
