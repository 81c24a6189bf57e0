/** The page for an address that does not exist; the dev server serves it too. */
import { html } from "../src/html.ts";
import { wayOut } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { wordsFor } from "../src/site/words.ts";

type Data = Pick<SiteData, "site" | "newsSite">;

export const data = { permalink: "/404.html", eleventyExcludeFromCollections: true };

export function render({ site, newsSite }: Data): string {
  const { urls } = newsSite;
  // A host serves this page at any depth, so its links cannot be relative to
  // it: they are from the site root (or, in the relative mode, from the top folder).
  const link = urls.relative ? urls.linker("/404.html") : (sitePath: string) => urls.rooted(sitePath);
  const words = wordsFor(site.language);
  return page({
    site,
    dev: newsSite.dev,
    kind: "not-found",
    title: `${words.notFound}${words.titleSeparator}${site.name}`,
    link,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1 class="listing__heading">${words.notFound}</h1>
<p>${words.notFoundText}</p>
${wayOut(link, { archive: true }, words)}`,
  });
}
