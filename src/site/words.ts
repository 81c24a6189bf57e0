/**
 * The words readers see on pages that are not an article's text: listings, the archive, search, the 404 page,
 * feeds' titles, pagers, in the two designs newsmirror mirrors (english.www.gov.cn and www.gov.cn). A page takes
 * the words of its language (`wordsFor`): an article its own `language`, a listing the language its articles share,
 * else the site's (src/site/listings.ts listingLanguage). Templates hold no text of their own beyond these.
 */
import { isChinese } from "../language.ts";
import { MONTH_NAMES } from "../time/format.ts";

export { isChinese };

export interface Words {
  home: string;
  latestNews: string;
  sections: string;
  archive: string;
  search: string;
  searchArticles: string;
  topics: string;
  authors: string;
  corrections: string;
  atomFeed: string;
  jsonFeed: string;
  noArticles: string;
  prev: string;
  next: string;
  pages: string;
  breadcrumb: string;
  /** `Archive: July 2021` */
  archiveHeading: (month: string) => string;
  topicHeading: (name: string) => string;
  authorHeading: (name: string) => string;
  /** ` (page 2 of 5)`, after a listing's heading in its title. */
  pageNote: (page: number, of: number) => string;
  /** `July 2021`: an archive month. */
  monthTitle: (year: number, month: number) => string;
  /** `Culture: news from english.www.gov.cn` */
  listingDescription: (heading: string, site: string) => string;
  homeDescription: (site: string) => string;
  archiveDescription: (site: string) => string;
  /** Joins a page's heading and the site's name in <title>. */
  titleSeparator: string;
  notFound: string;
  notFoundText: string;
  homePage: string;
  /** The search page's text when its script cannot run, around a link to the archive. */
  searchNoScript: [before: string, archive: string, after: string];
  /** For readers, on a page opened from disk (file://), where browsers let no page load the index: a link to the archive. */
  searchFromDisk: [before: string, archive: string, after: string];
  /** For the site's editors, on the dev server's search page (it builds no index), around the command that makes one. */
  searchUnavailable: [before: string, command: string, after: string];
  /** The label before an info line's date in listings (`Updated:`); none in Chinese. */
  updatedLabel: string;
  withdrawn: string;
  withdrawnHeading: string;
  withdrawnText: string;
  correctionsDescription: (site: string) => string;
  /** `Correction (`, before a correction's date, and `): ` after it. */
  correctionBefore: string;
  correctionAfter: string;
  /** `Source: `, before a listing item's source in Chinese (`来源：`); none in English, where the source follows the date. */
  sourceLabel: string;
  /** The heading of the list of a story's older captures under its body (src/site/versions.ts). */
  previousVersions: string;
  /** An older capture's link in that list: `Captured July 28, 2021 10:00`. */
  capturedAt: (time: string) => string;
  /** On an older capture's page, above its title: what it is, and the link to the latest. */
  earlierVersion: (time: string) => string;
  latestVersion: string;
}

export const ENGLISH: Words = {
  previousVersions: "Previous versions",
  capturedAt: (time) => `Captured ${time}`,
  earlierVersion: (time) => `An earlier version of this article, captured ${time}.`,
  latestVersion: "Read the latest version",
  home: "Home",
  latestNews: "Latest news",
  sections: "Sections",
  archive: "Archive",
  search: "Search",
  searchArticles: "Search articles",
  topics: "Topics",
  authors: "Authors",
  corrections: "Corrections",
  atomFeed: "Atom feed",
  jsonFeed: "JSON feed",
  noArticles: "No articles yet.",
  prev: "Prev",
  next: "Next",
  pages: "Pages",
  breadcrumb: "Breadcrumb",
  archiveHeading: (month) => `Archive: ${month}`,
  topicHeading: (name) => `Topic: ${name}`,
  authorHeading: (name) => `Stories by ${name}`,
  pageNote: (page, of) => ` (page ${page} of ${of})`,
  monthTitle: (year, month) => `${MONTH_NAMES[month - 1]} ${year}`,
  listingDescription: (heading, site) => `${heading}: news from ${site}`,
  homeDescription: (site) => `The latest news from ${site}`,
  archiveDescription: (site) => `Every month of news on ${site}`,
  titleSeparator: " - ",
  notFound: "Page not found",
  notFoundText: "There is no page at this address. It may have moved, or the link may be mistyped.",
  homePage: "Home page",
  searchNoScript: ["Search needs JavaScript. The ", "archive", " lists every article by month."],
  searchFromDisk: [
    "Search works when this site is opened from its web address, not from files on a disk. The ",
    "archive",
    " lists every article by month.",
  ],
  searchUnavailable: [
    "Search is not available here: the search index is made by ",
    "npm run build",
    " (not by the dev server); newsmirror preview serves the built site with it.",
  ],
  updatedLabel: "Updated:",
  withdrawn: "Article withdrawn",
  withdrawnHeading: "This article has been withdrawn",
  withdrawnText: "The article that was published at this address is no longer available.",
  correctionsDescription: (site) => `Corrections to articles on ${site}`,
  correctionBefore: "Correction (",
  correctionAfter: "): ",
  sourceLabel: "",
};

/** www.gov.cn's words, as its pages have them (首页, 来源：) or as a Chinese reader would expect them. */
export const CHINESE: Words = {
  previousVersions: "历史版本",
  capturedAt: (time) => `${time} 采集`,
  earlierVersion: (time) => `本文的较早版本，采集于 ${time}。`,
  latestVersion: "查看最新版本",
  home: "首页",
  latestNews: "最新新闻",
  sections: "栏目",
  archive: "归档",
  search: "搜索",
  searchArticles: "搜索文章",
  topics: "主题",
  authors: "作者",
  corrections: "更正",
  atomFeed: "Atom 订阅",
  jsonFeed: "JSON 订阅",
  noArticles: "暂无文章。",
  prev: "上一页",
  next: "下一页",
  pages: "分页",
  breadcrumb: "当前位置",
  archiveHeading: (month) => `归档：${month}`,
  topicHeading: (name) => `主题：${name}`,
  authorHeading: (name) => `${name}的稿件`,
  pageNote: (page, of) => `（第${page}页，共${of}页）`,
  monthTitle: (year, month) => `${year}年${month}月`,
  listingDescription: (heading, site) => `${site}${heading}栏目的新闻`,
  homeDescription: (site) => `${site}的最新新闻`,
  archiveDescription: (site) => `${site}按月归档的全部新闻`,
  titleSeparator: "_",
  notFound: "页面未找到",
  notFoundText: "此地址没有页面。页面可能已移动，或链接有误。",
  homePage: "首页",
  searchNoScript: ["搜索需要启用 JavaScript。", "归档", "按月列出全部文章。"],
  searchFromDisk: ["从磁盘上的文件打开本站时无法搜索，请通过网址访问。", "归档", "按月列出全部文章。"],
  searchUnavailable: [
    "此处无法搜索：搜索索引由 ",
    "npm run build",
    " 生成（开发服务器不生成）；newsmirror preview 可连同索引预览构建好的网站。",
  ],
  updatedLabel: "",
  withdrawn: "稿件已撤回",
  withdrawnHeading: "此稿件已撤回",
  withdrawnText: "此地址原先发布的稿件已不再提供。",
  correctionsDescription: (site) => `${site}稿件的更正`,
  correctionBefore: "更正（",
  correctionAfter: "）：",
  sourceLabel: "来源：",
};

export function wordsFor(language: string): Words {
  return isChinese(language) ? CHINESE : ENGLISH;
}
