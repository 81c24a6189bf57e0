/**
 * `/corrections/`: every correction on the site, newest first, each linking to its article (src/site/corrections.ts).
 * Written by src/pages/listing-pages.ts when any article has a correction.
 */
import { html } from "../src/html.ts";
import type { CorrectionsPage } from "../src/site/corrections.ts";
import { toOffsetIso } from "../src/time/format.ts";
import { homeCrumb } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { wordsFor } from "../src/site/words.ts";

interface Data extends SiteData {
  corrections: CorrectionsPage;
}

export const data = {
  pagination: { data: "newsSite.correctionPages", size: 1, alias: "corrections", addAllPagesToCollections: false },
  permalink: (data: Data) => data.corrections.url,
  eleventyExcludeFromCollections: true,
};

export function render({ site, newsSite, corrections, page: { url } }: Data): string {
  const { urls } = newsSite;
  const link = urls.linker(url);
  const words = wordsFor(site.language);
  return page({
    site,
    dev: newsSite.dev,
    menu: true,
    kind: "listing listing--corrections",
    title: `${words.corrections}${words.titleSeparator}${site.name}`,
    link,
    head: html`<link rel="canonical" href="${urls.absolute("/corrections/")}">
<meta name="description" content="${words.correctionsDescription(site.name)}">`,
    main: html`${homeCrumb(link, words)}
<h1 class="listing__heading">${words.corrections}</h1>
<ul class="article-list corrections-list">
${corrections.entries.map(
  (e) => html`<li class="listing__item">
<h2 class="listing__title"><a href="${link(e.articleUrl)}">${e.title}</a></h2>
<p class="correction">${words.correctionBefore}<time datetime="${toOffsetIso(e.dateMs, site.timeZone)}">${e.dateText}</time>${words.correctionAfter}${e.text}</p>
</li>
`,
)}</ul>`,
  });
}
