/** The home page: the latest articles, the sections, the archive and the search. */
import { html } from "../src/html.ts";
import { listingHead } from "../src/site/metadata.ts";
import { articleList, feedLinks, linkList } from "./_components/listing.ts";
import { page, type SiteData } from "./_components/page.ts";
import { wordsFor } from "../src/site/words.ts";

type Data = SiteData;

export const data = { permalink: "/index.html", eleventyExcludeFromCollections: true };

export function render({ site, newsSite, page: { url } }: Data): string {
  const { urls, home } = newsSite;
  const link = urls.linker(url);
  const siteFeed = newsSite.feeds[0]!;
  const words = wordsFor(site.language);
  return page({
    site,
    dev: newsSite.dev,
    menu: true,
    kind: "listing listing--home",
    title: site.name,
    link,
    head: html`${listingHead(home, words.homeDescription(site.name), urls)}${feedLinks(siteFeed.title, urls.absolute(siteFeed.atom), urls.absolute(siteFeed.json))}`,
    main: html`<nav class="site-nav" aria-label="Site"><a href="${link("/search.html")}">${words.search}</a> · <a href="${link("/archive/")}">${words.archive}</a> · <a href="${link("/feed.xml")}">${words.atomFeed}</a> · <a href="${link("/feed.json")}">${words.jsonFeed}</a></nav>
<form class="search-form" action="${link("/search.html")}" method="get" role="search"><input type="search" name="q" aria-label="${words.searchArticles}" placeholder="${words.searchArticles}"> <button type="submit">${words.search}</button></form>
${linkList(home.subsections, link, words.sections)}
<h1 class="listing__heading">${home.title}</h1>
${articleList(home.articles, site.timeZone, link, words)}`,
  });
}
