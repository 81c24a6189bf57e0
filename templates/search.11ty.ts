/**
 * Site search with Pagefind: the index is written into `pagefind/` by the
 * production build (src/search/search-index.ts), so this page works from any static
 * server with no remote resources. The dev server has no index and says so.
 * The index comes in bundles, one per publication month
 * (src/site/search-bundles.ts), which the page merges; Pagefind's UI is
 * loaded once, from `/pagefind/`.
 */
import { html } from "../src/html.ts";
import { homeCrumb } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { PAGE_IDS } from "../src/page-ids.ts";
import { wordsFor } from "../src/site/words.ts";
import { SEARCH_PAGE_SOURCES } from "../src/security/csp.ts";

type Data = SiteData;

export const data = { permalink: "/search.html", eleventyExcludeFromCollections: true };

export function render({ site, newsSite, page: { url } }: Data): string {
  const { urls } = newsSite;
  const link = urls.linker(url);
  // Result addresses are site paths (/culture/…): Pagefind prefixes them with the
  // base URL's path; in the relative mode they are made relative to this page.
  const resultBase = urls.relative ? "" : urls.prefix;
  // Folders, as Pagefind takes them (a relative link would name index.html); this page is at the top of the site.
  const folder = (bundle: string) => (urls.relative ? bundle.slice(1) : urls.rooted(bundle));
  const [newest, ...older] = newsSite.searchBundles.map(folder);
  // A site of two languages: each bundle merged once per language it has an index in (src/site/search-bundles.ts).
  const languages = newsSite.searchLanguages.map(({ language, bundles }) => [language, bundles.map(folder)]);
  const words = wordsFor(site.language);
  const [noScriptBefore, archiveLink, noScriptAfter] = words.searchNoScript;
  const [unavailableBefore, command, unavailableAfter] = words.searchUnavailable;
  const [diskBefore, diskArchive, diskAfter] = words.searchFromDisk;
  return page({
    site,
    dev: newsSite.dev,
    kind: "search",
    title: `${words.search}${words.titleSeparator}${site.name}`,
    link,
    // Pagefind's UI is two same-origin script files and WebAssembly, its icon a data: image (src/security/csp.ts).
    ...SEARCH_PAGE_SOURCES,
    head: html`<meta name="robots" content="noindex">
<link rel="stylesheet" href="${link("/pagefind/pagefind-ui.css")}">
<script src="${link("/pagefind/pagefind-ui.js")}" defer></script>
<script src="${link("/assets/search.js")}" defer></script>`,
    main: html`${homeCrumb(link, words)}
<h1 class="listing__heading">${words.search}</h1>
<div id="${PAGE_IDS.search}" data-base-url="${resultBase}" data-relative="${urls.relative ? "true" : "false"}" data-bundle="${newest ?? ""}" data-more-bundles="${languages.length > 0 ? "" : older.join(" ")}"${languages.length > 0 ? html` data-languages="${JSON.stringify(languages)}"` : ""}></div>
<noscript><p>${noScriptBefore}<a href="${link("/archive/")}">${archiveLink}</a>${noScriptAfter}</p></noscript>
<p class="search__from-disk" hidden>${diskBefore}<a href="${link("/archive/")}">${diskArchive}</a>${diskAfter}</p>
<p class="search__unavailable" hidden>${unavailableBefore}<code>${command}</code>${unavailableAfter}</p>`,
  });
}
