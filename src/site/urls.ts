/**
 * The one place internal links are made. Templates speak in site paths
 * (`/culture/`, `/assets/site.css`, an article's `url`) and this turns them
 * into what the page needs:
 *
 * - `link(path, fromPage)`: the href inside a page. With a base URL under a
 *   sub-path (`https://example.org/mirror/`) it is `/mirror/culture/`; in the
 *   relative mode it is `../culture/index.html` from wherever the page is, so
 *   the output can be browsed from disk (`file://` shows no directory index,
 *   hence the explicit `index.html`).
 * - `absolute(path)`: for feeds, sitemaps and canonical links, always from the
 *   base URL.
 */
import type { SiteSettings } from "../settings/settings.ts";

export class SiteUrls {
  /** The base URL, ending with `/`. */
  readonly base: string;
  /** The base URL's path: `/` or `/mirror/`. */
  readonly prefix: string;

  /** A site's links: from its base URL, relative when the build asks (`--relative`) or the settings do. */
  static of(site: Pick<SiteSettings, "baseUrl" | "relativeLinks">, relativeLinks = false): SiteUrls {
    return new SiteUrls(site.baseUrl, relativeLinks || site.relativeLinks);
  }

  constructor(
    baseUrl: string,
    readonly relative = false,
  ) {
    const url = new URL(baseUrl);
    url.search = "";
    url.hash = "";
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    this.base = url.href;
    this.prefix = url.pathname;
  }

  /** `https://example.org/mirror/culture/` for `/culture/`. */
  absolute(sitePath: string): string {
    return this.base + withoutLeadingSlash(sitePath);
  }

  /** `/mirror/culture/` for `/culture/`: the path on the host. */
  rooted(sitePath: string): string {
    return this.prefix + withoutLeadingSlash(sitePath);
  }

  /** The href for `sitePath` on the page whose own site path is `fromPage`. */
  link(sitePath: string, fromPage: string): string {
    return this.relative ? relativeHref(fromPage, sitePath) : this.rooted(sitePath);
  }

  /** `link` bound to one page, for the page shell and templates. */
  linker(fromPage: string): (sitePath: string) => string {
    return (sitePath) => this.link(sitePath, fromPage);
  }
}

function withoutLeadingSlash(sitePath: string): string {
  return sitePath.startsWith("/") ? sitePath.slice(1) : sitePath;
}

/**
 * The relative href from one site path to another, both starting with `/`:
 * `/a/b/page.html` → `/c/` gives `../../c/index.html`.
 */
export function relativeHref(fromPage: string, target: string): string {
  const to = target.endsWith("/") ? `${target}index.html` : target;
  const fromDir = fromPage
    .slice(0, fromPage.lastIndexOf("/") + 1)
    .split("/")
    .filter(Boolean);
  const toParts = to.split("/").filter(Boolean);
  const fileName = toParts.pop() ?? "index.html";
  let common = 0;
  while (common < fromDir.length && common < toParts.length && fromDir[common] === toParts[common]) common++;
  const up = "../".repeat(fromDir.length - common);
  const down = toParts
    .slice(common)
    .map((p) => `${p}/`)
    .join("");
  return `${up}${down}${fileName}`;
}
