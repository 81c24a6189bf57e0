/**
 * Section and archive-month listings, gov.cn-paginated: `/{section}/index.html`,
 * `/{section}/page_2.html`, …; `/archive/{YYYY}/{MM}/index.html`, …
 * One template for every listing page; the pages are computed once in
 * src/site/listings.ts.
 */
import { html } from "../src/html.ts";
import type { ListingPage } from "../src/site/listings.ts";
import { listingHead } from "../src/site/metadata.ts";
import { articleList, feedLinks, linkList, pager } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";

interface Data extends SiteData {
  listing: ListingPage;
}

export const data = {
  pagination: { data: "newsSite.pages", size: 1, alias: "listing", addAllPagesToCollections: false },
  permalink: (data: Data) => data.listing.url,
  eleventyExcludeFromCollections: true,
};

export function render({ listing, site, newsSite, page: { url } }: Data): string {
  const { urls } = newsSite;
  const link = urls.linker(url);
  const feed =
    listing.kind === "section" && !listing.key.includes("/")
      ? newsSite.feeds.find((f) => f.home === `/${listing.key}/`)
      : undefined;
  const heading = listing.kind === "archive" ? `Archive: ${listing.title}` : listing.title;
  const pageNote = listing.pageCount > 1 ? ` (page ${listing.pageNumber} of ${listing.pageCount})` : "";
  const crumbs = [
    { title: "Home", url: "/" },
    ...(listing.kind === "archive" ? [{ title: "Archive", url: "/archive/" }] : listing.parents),
  ];
  return page({
    site,
    dev: newsSite.dev,
    menu: true,
    kind: `listing listing--${listing.kind}`,
    title: `${heading}${pageNote} - ${site.name}`,
    link,
    head: html`${listingHead(listing, `${heading}: news from ${site.name}${pageNote}`, urls)}${feed ? feedLinks(feed.title, urls.absolute(feed.atom), urls.absolute(feed.json)) : ""}`,
    main: html`<nav class="breadcrumb" aria-label="Breadcrumb">${crumbs.map((c) => html`<a href="${link(c.url)}">${c.title}</a> › `)}</nav>
<h1 class="listing__heading">${heading}</h1>
${linkList(listing.subsections, link, "Sections")}
${articleList(listing.articles, site.timeZone, link)}
${pager(listing, link)}`,
  });
}
