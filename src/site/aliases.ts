/**
 * Redirects from an article's old addresses (front matter `aliases`), three ways, so they work on any host:
 *
 * - a small page at each old address: a meta refresh and a canonical link to the article, a visible link, noindex;
 * - `/_redirects`, one `old new 301` line per alias (Netlify and Cloudflare Pages read it);
 * - `/nginx-redirects.map`, one `old new;` line per alias, for an nginx `map` of the host's own (docs/deploying.md).
 *
 * (A production build's `/nginx.conf` has them too, as exact-match locations: src/site/host-config.ts.)
 *
 * Addresses in the two lists are paths on the host (with the base URL's path), as the host sees requests.
 * An alias that is the address of another page, or another article's alias, stops the build
 * (src/site/output-paths.ts claims every file first).
 */
import type { ArticleMeta } from "../article/article.ts";
import { html } from "../html.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { keyOf, lazyFile, type OutputFile } from "./output-file.ts";
import type { SiteUrls } from "./urls.ts";
import { textOrder } from "../order.ts";

export const REDIRECTS_FILE = "/_redirects";
export const NGINX_MAP_FILE = "/nginx-redirects.map";

/** The site path of the file an alias's page is: `/old.htm` itself, `/old/` and `/old` → `/old/index.html`. */
export function aliasFile(alias: string): string {
  if (alias.endsWith("/")) return `${alias}index.html`;
  return /\.html?$/i.test(alias) ? alias : `${alias}/index.html`;
}

/** Every alias of the articles with its article, in the articles' order. */
export function aliasesOf(articles: readonly ArticleMeta[]): { alias: string; article: ArticleMeta }[] {
  const out: { alias: string; article: ArticleMeta }[] = [];
  for (const article of articles) for (const alias of article.aliases ?? []) out.push({ alias, article });
  return out;
}

function redirectPage(alias: string, article: ArticleMeta, site: SiteSettings, urls: SiteUrls): string {
  const href = urls.link(article.url, aliasFile(alias));
  return `<!doctype html>
${html`<html lang="${article.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<title>${article.title} - ${site.name}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="${urls.absolute(article.url)}">
<meta http-equiv="refresh" content="0; url=${href}">
</head>
<body>
<p>This article has moved to <a href="${href}">${article.title}</a>.</p>
</body>
</html>
`}`;
}

/** The redirect pages and, when there are aliases, `_redirects` and the nginx map. */
export function aliasFiles(articles: readonly ArticleMeta[], site: SiteSettings, urls: SiteUrls): OutputFile[] {
  const all = aliasesOf(articles);
  if (all.length === 0) return [];
  const files = all.map(({ alias, article }) =>
    lazyFile(aliasFile(alias), keyOf(["alias", alias, article.url, article.title, article.language]), () =>
      redirectPage(alias, article, site, urls),
    ),
  );
  // Sorted by old address: the same lines whatever order the articles come in.
  const pairs = all
    .map(({ alias, article }) => [urls.rooted(alias), urls.rooted(article.url)] as const)
    .sort(([a], [b]) => textOrder(a, b));
  const redirects = pairs.map(([from, to]) => `${from} ${to} 301\n`).join("");
  const nginx = pairs.map(([from, to]) => `${from} ${to};\n`).join("");
  files.push(
    lazyFile(REDIRECTS_FILE, keyOf(["_redirects", redirects]), () => redirects),
    lazyFile(
      NGINX_MAP_FILE,
      keyOf(["nginx", nginx]),
      () =>
        "# newsmirror: the articles' old addresses. In nginx: map $uri $newsmirror_redirect { include …/nginx-redirects.map; }\n" +
        "# and in the server: if ($newsmirror_redirect) { return 301 $newsmirror_redirect; }\n" +
        nginx,
    ),
  );
  return files;
}
