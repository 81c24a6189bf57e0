/**
 * Parts of listing pages (home, sections, archive): the list of articles
 * with their updated line and summary, and gov.cn's pager.
 */
import type { ArticleMeta } from "../../src/article/article.ts";
import { html, type SafeHtml } from "../../src/html.ts";
import { pagerNumbers, type ListingLink, type ListingPage } from "../../src/site/listings.ts";
import { summaryOf } from "../../src/site/summary.ts";
import { updatedIso } from "../../src/site/article-times.ts";
import type { Words } from "../../src/site/words.ts";

type Link = (sitePath: string) => string;

/** The breadcrumb of a page directly below the home page (the archive, search, corrections). */
export function homeCrumb(link: Link, words: Words): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="${words.breadcrumb}"><a href="${link("/")}">${words.home}</a> › </nav>`;
}

/** Where to go from a page with nothing to show (an address not found, an article withdrawn). */
export function wayOut(link: Link, options: { archive: boolean }, words: Words): SafeHtml {
  return html`<ul class="not-found__links">
<li><a href="${link("/")}">${words.homePage}</a></li>
<li><a href="${link("/search.html")}">${words.search}</a></li>
${
  options.archive
    ? html`<li><a href="${link("/archive/")}">${words.archive}</a></li>
`
    : ""
}</ul>`;
}

/** The date line under each title: `Updated: July 28, 2021 07:01 Xinhua`, or www.gov.cn's `2021-08-01 06:59 来源：新华社`. */
function infoLine(a: ArticleMeta, timeZone: string, words: Words): SafeHtml {
  const time = html`<time datetime="${updatedIso(a, timeZone)}">${a.updatedText}</time>`;
  if (!words.updatedLabel)
    return html`${time} <span class="Artical_Info__source">${words.sourceLabel}${a.source}</span>`;
  return html`<span class="Artical_Info__label">${words.updatedLabel}</span> ${time} <span class="Artical_Info__source">${a.source}</span>`;
}

export function articleList(articles: readonly ArticleMeta[], timeZone: string, link: Link, words: Words): SafeHtml {
  if (articles.length === 0) return html`<p class="listing__empty">${words.noArticles}</p>`;
  return html`<ul class="article-list">
${articles.map(
  (a) => html`<li class="listing__item">
<h2 class="listing__title"><a href="${link(a.url)}">${a.title}</a></h2>
<div class="listing__info">${infoLine(a, timeZone, words)}</div>
<p class="listing__summary">${summaryOf(a)}</p>
</li>
`,
)}</ul>`;
}

export function linkList(links: readonly ListingLink[], link: Link, label: string): SafeHtml | "" {
  if (links.length === 0) return "";
  return html`<nav class="link-list" aria-label="${label}"><ul>
${links.map(
  (l) => html`<li><a href="${link(l.url)}">${l.title}</a> <span class="link-list__count">(${l.count})</span></li>
`,
)}</ul></nav>`;
}

/** `Prev 1 … 4 5 6 … 12 Next`, the current page unlinked. */
export function pager(
  page: Pick<ListingPage, "pageNumber" | "pageCount" | "pageUrls">,
  link: Link,
  words: Words,
): SafeHtml | "" {
  if (page.pageCount < 2) return "";
  const url = (n: number) => link(page.pageUrls[n - 1]!);
  const prev =
    page.pageNumber > 1
      ? html`<a class="pager__prev" rel="prev" href="${url(page.pageNumber - 1)}">${words.prev}</a>`
      : "";
  const next =
    page.pageNumber < page.pageCount
      ? html`<a class="pager__next" rel="next" href="${url(page.pageNumber + 1)}">${words.next}</a>`
      : "";
  const numbers = pagerNumbers(page.pageNumber, page.pageCount).map((n) =>
    n === null
      ? html`<span class="pager__gap">…</span>`
      : n === page.pageNumber
        ? html`<span class="pager__current" aria-current="page">${n}</span>`
        : html`<a href="${url(n)}">${n}</a>`,
  );
  return html`<nav class="pager" aria-label="${words.pages}">${prev} ${numbers.flatMap((n, i) => (i === 0 ? [n] : [" ", n]))} ${next}</nav>`;
}

/** Feed discovery for <head>. */
export function feedLinks(title: string, atom: string, json: string): SafeHtml {
  return html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${atom}">
<link rel="alternate" type="application/feed+json" title="${title}" href="${json}">`;
}
