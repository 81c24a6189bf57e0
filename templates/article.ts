import { html, trusted } from "../src/html.ts";
import { articleHead } from "../src/site/metadata.ts";
import { updatedIso } from "../src/site/article-times.ts";
import { publishDate } from "../src/time/format.ts";
import { page } from "./_components/page.ts";
import { byline, relatedStories, topicLinks } from "./_components/newsroom.ts";
import { linkSitePaths } from "../src/html-urls.ts";
import { remoteImageSources } from "../src/security/csp.ts";

import type { ArticlePageData } from "../src/site/page-data.ts";
import { articleBreadcrumb, articleNotices, scheduledBanner } from "./_components/article-parts.ts";
import { alternateLinks, languageSwitch } from "./_components/language-switch.ts";
import { renderChineseArticle } from "./_components/article-zh.ts";
import { isChinese } from "../src/site/words.ts";
import { earlierVersionNote, previousVersions } from "./_components/versions.ts";

export type { ArticlePageData };

export function render(data: ArticlePageData): string {
  // An article in Chinese takes www.gov.cn's page; any other, english.www.gov.cn's.
  if (isChinese(data.article.language)) return renderChineseArticle(data);
  const {
    article,
    site,
    urls,
    dev,
    scheduled,
    related,
    translations,
    previousVersions: previous,
    latestVersion,
  } = data;
  const link = urls.linker(article.url);
  const menu = site.menu.onArticles && site.menu.items.length > 0;
  return page({
    site,
    dev,
    kind: "article",
    lang: article.language,
    title: `${article.title} - ${site.name}`,
    head: html`<meta name="publishdate" content="${publishDate(article, site.timeZone)}">
<meta name="source" content="${article.source}">
${articleHead(article, site, urls)}${alternateLinks(article, translations, urls)}`,
    link,
    // The origins of the remote photos this page shows (images.remote: "link"), and no other.
    imageSources: remoteImageSources(article.remoteImages),
    menu,
    main: html`${scheduled ? scheduledBanner(article, site.timeZone) : ""}${earlierVersionNote(article, latestVersion, link, site.timeZone)}${menu ? articleBreadcrumb(article, site, link) : ""}${languageSwitch(article, translations, link)}<article data-pagefind-body>
<div class="Artical_Title"><h1>${article.title}</h1></div>${byline(article, link)}
<div class="Artical_Info"><span class="Artical_Info__label">Updated:</span> <time datetime="${updatedIso(article, site.timeZone)}">${article.updatedText}</time> <span class="Artical_Info__source">${article.source}</span></div>
<div class="Artical_Content">
${trusted(linkSitePaths(article.bodyHtml, link))}</div>
${articleNotices(article, site.timeZone)}</article>${previousVersions(article, previous, link, site.timeZone)}${topicLinks(article, link)}${relatedStories(related, link)}`,
  });
}
