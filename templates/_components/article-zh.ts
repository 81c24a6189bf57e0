/**
 * www.gov.cn's article page (its "2016gov" template, as 2021 pages carry it), for an article whose `language` is
 * Chinese: breadcrumb `div.BreadcrumbNav`, title in `div.article.oneColumn.pub_border`, `div.pages-date` with the
 * 来源 span, the toolbar `div.pages_print` (font size and print, from /assets/font-size.js: no share buttons, they
 * load third-party sites), the body `div.pages_content#UCAP-CONTENT`, `div.editor`, related stories in
 * `div.xg-list.related`; and in <head> the metas www.gov.cn's scrapers read (firstpublishedtime, lastmodifiedtime,
 * author, lanmu, manuscriptId, keywords). Class names and metas are www.gov.cn's own, so its scrapers read the mirror.
 */
import { earlierVersionNote, previousVersions } from "./versions.ts";
import type { ArticleMeta } from "../../src/article/article.ts";
import { html, trusted, type SafeHtml } from "../../src/html.ts";
import { linkSitePaths } from "../../src/html-urls.ts";
import { CHINESE_ARTICLE_SCRIPT_SOURCES, remoteImageSources } from "../../src/security/csp.ts";
import { modifiedMs, updatedIso } from "../../src/site/article-times.ts";
import { sectionTitle } from "../../src/site/listings.ts";
import { articleHead } from "../../src/site/metadata.ts";
import type { ArticlePageData } from "../../src/site/page-data.ts";
import { namesOf, termUrl } from "../../src/site/terms.ts";
import { CHINESE } from "../../src/site/words.ts";
import { chineseMetaTime, toOffsetIso } from "../../src/time/format.ts";
import { scheduledBanner } from "./article-parts.ts";
import { alternateLinks, languageSwitch } from "./language-switch.ts";
import { page } from "./page.ts";

type Link = (sitePath: string) => string;

/** The section and those above it, outermost first: `国务院`, … with their listings' addresses. */
function sectionTrail(article: ArticleMeta, names: Readonly<Record<string, string>>): { title: string; url: string }[] {
  const parts = article.section?.split("/") ?? [];
  return parts.map((_, i) => {
    const path = parts.slice(0, i + 1).join("/");
    return { title: sectionTitle(path, names), url: `/${path}/` };
  });
}

/** `首页 > 国务院 > 王勇`, each level a link, separated as www.gov.cn does (`&nbsp;>&nbsp;`). */
function breadcrumb(trail: readonly { title: string; url: string }[], link: Link): SafeHtml {
  const separator = trusted("&nbsp;&gt;&nbsp;");
  return html`<div class="BreadcrumbNav"><nav aria-label="${CHINESE.breadcrumb}"><a href="${link("/")}">${CHINESE.home}</a>${trail.map(
    (level) => html`${separator}<a href="${link(level.url)}">${level.title}</a>`,
  )}</nav></div>
`;
}

/** 【字体：大 中 小】 and 打印: buttons for /assets/font-size.js (without script they do nothing, and print CSS hides them). */
function toolbar(): SafeHtml {
  return html`<div class="pages_print"><span class="pages_print__font" role="group" aria-label="字体大小">【字体：<button type="button" class="bigger" data-font="large" aria-label="大号字体">大</button> <button type="button" class="medium" data-font="medium" aria-label="中号字体">中</button> <button type="button" class="smaller" data-font="small" aria-label="小号字体">小</button>】</span> <button type="button" class="pages_print__print" data-print>打印</button></div>
`;
}

/** `更正（2021年8月1日）：…` for each correction; nothing without any. */
function corrections(article: ArticleMeta, timeZone: string): SafeHtml | "" {
  const list = article.corrections ?? [];
  if (list.length === 0) return "";
  return html`<aside class="Artical_Corrections" aria-label="${CHINESE.corrections}">
${list.map(
  (c) =>
    html`<p class="correction">更正（<time datetime="${toOffsetIso(c.date.epochMs, timeZone)}">${c.dateText}</time>）：${c.text}</p>
`,
)}</aside>
`;
}

/** `作者：李伟、张三`, each linked to their page; nothing without `author`. */
function byline(article: ArticleMeta, link: Link): SafeHtml | "" {
  const authors = namesOf(article, "author");
  if (authors.length === 0) return "";
  const links = authors.map((name) => html`<a href="${link(termUrl("author", name))}" rel="author">${name}</a>`);
  return html`<div class="pages-author">作者：${links.flatMap((a, i) => (i === 0 ? [a] : ["、", a]))}</div>
`;
}

/** 相关稿件, as www.gov.cn lists them; nothing when there are none. */
function related(stories: readonly ArticleMeta[] | undefined, link: Link): SafeHtml | "" {
  if (!stories || stories.length === 0) return "";
  return html`<div class="xg-list related"><div class="pannel-title"><h2>相关稿件</h2></div><ul class="list01">
${stories.map(
  (a) => html`<li><a href="${link(a.url)}">${a.title}</a></li>
`,
)}</ul></div>
`;
}

/** www.gov.cn's keywords meta: the article's tags, else the words that stand for it (src/article/key-terms.ts). */
function keywords(article: ArticleMeta): string {
  if (article.tags.length > 0) return article.tags.join(";");
  return (article.terms ?? "").split(" ").filter(Boolean).slice(0, 5).join(";");
}

export function renderChineseArticle(data: ArticlePageData): string {
  const { article, site, urls, dev, scheduled, translations, previousVersions: previous, latestVersion } = data;
  const link = urls.linker(article.url);
  const trail = sectionTrail(article, site.sectionNames);
  const column = trail.at(-1)?.title;
  const zone = site.timeZone;
  const title = [article.title, ...(column ? [column] : []), site.name].join(CHINESE.titleSeparator);
  return page({
    site,
    dev,
    kind: "article-zh",
    lang: article.language,
    title,
    head: html`<meta name="firstpublishedtime" content="${chineseMetaTime(article.published.epochMs, zone)}">
<meta name="lastmodifiedtime" content="${chineseMetaTime(modifiedMs(article), zone)}">
${article.editor ? html`<meta name="author" content="${article.editor}">\n` : ""}${column ? html`<meta name="lanmu" content="${column}">\n` : ""}${article.id ? html`<meta name="manuscriptId" content="${article.id}">\n` : ""}<meta name="keywords" content="${keywords(article)}">
<meta name="source" content="${article.source}">
${articleHead(article, site, urls)}${alternateLinks(article, translations, urls)}
<script src="${link("/assets/font-size.js")}"></script>`,
    link,
    // The toolbar's script is a same-origin file; the remote photos' origins, when the article shows some.
    scriptSources: CHINESE_ARTICLE_SCRIPT_SOURCES,
    imageSources: remoteImageSources(article.remoteImages),
    main: html`${scheduled ? scheduledBanner(article, zone) : ""}${earlierVersionNote(article, latestVersion, link, zone)}${breadcrumb(trail, link)}${languageSwitch(article, translations, link)}<div class="article oneColumn pub_border" data-pagefind-body>
<h1>${article.title}</h1>
${byline(article, link)}<div class="pages-date"><time datetime="${updatedIso(article, zone)}">${article.updatedText}</time> <span class="font">来源： ${article.source}</span></div>
${toolbar()}<div class="pages_content" id="UCAP-CONTENT">
${trusted(linkSitePaths(article.bodyHtml, link))}</div>
${corrections(article, zone)}${article.editor ? html`<div class="editor">责任编辑：${article.editor}</div>\n` : ""}</div>
${previousVersions(article, previous, link, zone)}${related(data.related, link)}`,
  });
}
