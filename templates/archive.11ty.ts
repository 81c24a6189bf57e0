/** The archive index: every month with articles, newest first, by year. */
import { html } from "../src/html.ts";
import { listingHead } from "../src/site/metadata.ts";
import { homeCrumb } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { wordsFor } from "../src/site/words.ts";

type Data = SiteData;

export const data = { permalink: "/archive/index.html", eleventyExcludeFromCollections: true };

export function render({ site, newsSite, page: { url } }: Data): string {
  const { urls, archive } = newsSite;
  const link = urls.linker(url);
  const words = wordsFor(site.language);
  return page({
    site,
    dev: newsSite.dev,
    menu: true,
    kind: "listing listing--archive-index",
    title: `${words.archive}${words.titleSeparator}${site.name}`,
    link,
    head: listingHead(
      { url: "/archive/index.html", pageNumber: 1, pageUrls: ["/archive/index.html"] },
      words.archiveDescription(site.name),
      urls,
    ),
    main: html`${homeCrumb(link, words)}
<h1 class="listing__heading">${words.archive}</h1>
${archive.length === 0 ? html`<p class="listing__empty">${words.noArticles}</p>` : ""}${archive.map(
  (y) => html`<section class="archive-year"><h2>${y.year}</h2><ul>
${y.months.map(
  (m) => html`<li><a href="${link(m.url)}">${m.title}</a> <span class="link-list__count">(${m.count})</span></li>
`,
)}</ul></section>
`,
)}`,
  });
}
