/** The page for an address that does not exist; the dev server serves it too. */
import { html } from "../src/html.ts";
import { wayOut } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";

type Data = Pick<SiteData, "site" | "newsSite">;

export const data = { permalink: "/404.html", eleventyExcludeFromCollections: true };

export function render({ site, newsSite }: Data): string {
  const { urls } = newsSite;
  // A host serves this page at any depth, so its links cannot be relative to
  // it: they are from the site root (or, in the relative mode, from the top folder).
  const link = urls.relative ? urls.linker("/404.html") : (sitePath: string) => urls.rooted(sitePath);
  return page({
    site,
    dev: newsSite.dev,
    kind: "not-found",
    title: `Page not found - ${site.name}`,
    link,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1 class="listing__heading">Page not found</h1>
<p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
${wayOut(link, { archive: true })}`,
  });
}
