/**
 * Section and archive-month listings, gov.cn-paginated: `/{section}/index.html`,
 * `/{section}/page_2.html`, …; `/archive/{YYYY}/{MM}/index.html`, …
 * One template for every listing page; the pages are computed once in
 * src/site/listings.ts.
 */
import { html } from "../src/html.ts";
import type { ListingKind, ListingPage } from "../src/site/listings.ts";
import { feedAt } from "../src/site/feeds.ts";
import { TERM_FOLDERS } from "../src/site/terms.ts";
import { listingHead } from "../src/site/metadata.ts";
import { articleList, feedLinks, linkList, pager } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { wordsFor, type Words } from "../src/site/words.ts";

interface Data extends SiteData {
  listing: ListingPage;
}

export const data = {
  pagination: { data: "newsSite.pages", size: 1, alias: "listing", addAllPagesToCollections: false },
  permalink: (data: Data) => data.listing.url,
  eleventyExcludeFromCollections: true,
};

const HEADINGS: Record<ListingKind, (title: string, words: Words) => string> = {
  home: (title) => title,
  section: (title) => title,
  archive: (title, words) => words.archiveHeading(title),
  topic: (title, words) => words.topicHeading(title),
  author: (title, words) => words.authorHeading(title),
  topics: (title) => title,
  authors: (title) => title,
};

/** `/topics/hong-kong/` for any page of the topic. */
const listingRoot = (listing: ListingPage) => listing.pageUrls[0]!.replace(/index\.html$/, "");

export function render({ listing, site, newsSite, page: { url } }: Data): string {
  const { urls } = newsSite;
  const link = urls.linker(url);
  const feed =
    (listing.kind === "section" && !listing.key.includes("/")) || listing.kind === "topic"
      ? feedAt(newsSite.feeds, listingRoot(listing))
      : undefined;
  const words = wordsFor(listing.language);
  const heading = HEADINGS[listing.kind](listing.title, words);
  const pageNote = listing.pageCount > 1 ? words.pageNote(listing.pageNumber, listing.pageCount) : "";
  const crumbs = [
    { title: words.home, url: "/" },
    ...(listing.kind === "archive"
      ? [{ title: words.archive, url: "/archive/" }]
      : listing.kind === "topic" || listing.kind === "author"
        ? [{ title: listing.kind === "topic" ? words.topics : words.authors, url: `/${TERM_FOLDERS[listing.kind]}/` }]
        : listing.parents),
  ];
  return page({
    site,
    dev: newsSite.dev,
    menu: true,
    kind: `listing listing--${listing.kind}`,
    lang: listing.language,
    title: `${heading}${pageNote}${words.titleSeparator}${site.name}`,
    link,
    head: html`${listingHead(listing, `${words.listingDescription(heading, site.name)}${pageNote}`, urls)}${feed ? feedLinks(feed.title, urls.absolute(feed.atom), urls.absolute(feed.json)) : ""}`,
    main: html`<nav class="breadcrumb" aria-label="${words.breadcrumb}">${crumbs.map((c) => html`<a href="${link(c.url)}">${c.title}</a> › `)}</nav>
<h1 class="listing__heading">${heading}</h1>
${linkList(listing.subsections, link, listing.kind === "topics" ? words.topics : listing.kind === "authors" ? words.authors : words.sections)}
${listing.kind === "topics" || listing.kind === "authors" ? "" : articleList(listing.articles, site.timeZone, link, words)}
${pager(listing, link, words)}`,
  });
}
