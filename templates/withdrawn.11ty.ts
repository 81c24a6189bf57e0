/**
 * The notice at a withdrawn article's address (past its `expires`): cited links do not break, and the page shows
 * nothing of the article. Written by src/pages/listing-pages.ts, one per withdrawn article.
 */
import type { ArticleMeta } from "../src/article/article.ts";
import { html } from "../src/html.ts";
import { wayOut } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { wordsFor } from "../src/site/words.ts";

interface Data extends SiteData {
  withdrawn: ArticleMeta;
}

export const data = {
  pagination: { data: "newsSite.withdrawn", size: 1, alias: "withdrawn", addAllPagesToCollections: false },
  permalink: (data: Data) => data.withdrawn.url,
  eleventyExcludeFromCollections: true,
};

export function render({ site, newsSite, withdrawn, page: { url } }: Data): string {
  const link = newsSite.urls.linker(url);
  // In the withdrawn article's language, as its page was.
  const words = wordsFor(withdrawn.language);
  return page({
    site,
    dev: newsSite.dev,
    kind: "withdrawn",
    lang: withdrawn.language,
    title: `${words.withdrawn}${words.titleSeparator}${site.name}`,
    link,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1 class="listing__heading">${words.withdrawnHeading}</h1>
<p>${words.withdrawnText}</p>
${wayOut(link, { archive: false }, words)}`,
  });
}
