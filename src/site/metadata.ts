/**
 * What search engines and platforms read from <head>: canonical URL,
 * description, NewsArticle JSON-LD, Open Graph and a Twitter card for
 * articles; canonical and rel=prev/next for listings. Nothing here shows on
 * the page, so the article page's visible text is unchanged.
 */
import type { ArticleMeta } from "../article/article.ts";
import { html, trusted, type SafeHtml } from "../html.ts";
import { modifiedIso, publishedIso } from "./article-times.ts";
import { toOffsetIso } from "../time/format.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { summaryOf } from "./summary.ts";
import type { SiteUrls } from "./urls.ts";
import { termUrl } from "./terms.ts";

/** A lead image, when the article has one (site path or absolute URL). */
export interface MetadataImage {
  url: string;
  width?: number;
  height?: number;
  alt?: string;
}

/**
 * The article's lead image for sharing: the 1200×630 crop of its lead photo
 * (src/images/), else the lead photo itself (a remote one has no size).
 */
export function articleImage(article: ArticleMeta): MetadataImage | undefined {
  if (article.socialImage) {
    const { url, width, height, alt } = article.socialImage;
    return { url, width, height, alt };
  }
  const image = article.image;
  if (!image?.url) return undefined;
  return { url: image.url, width: image.width, height: image.height, alt: image.alt || undefined };
}

/**
 * JSON for a <script> element: `<`, `>`, `&` and the two JavaScript line
 * separators are written as \u escapes, so no string in the data can close
 * the element (`</script>`) or open a comment; JSON parsers read the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function absoluteOf(url: string, urls: SiteUrls): string {
  return /^https?:\/\//i.test(url) ? url : urls.absolute(url);
}

export function newsArticleJsonLd(article: ArticleMeta, site: SiteSettings, urls: SiteUrls): Record<string, unknown> {
  const url = urls.absolute(article.url);
  const image = articleImage(article);
  const data: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
    headline: article.title,
    description: summaryOf(article),
    datePublished: publishedIso(article, site.timeZone),
    dateModified: modifiedIso(article, site.timeZone),
    inLanguage: article.language,
    // The byline's people when the article names them (front matter `author`), else the source it is carried from.
    author: article.authors
      ? article.authors.map((name) => ({ "@type": "Person", name, url: urls.absolute(termUrl("author", name)) }))
      : { "@type": "Organization", name: article.source },
    publisher: { "@type": "Organization", name: site.name, url: urls.base },
  };
  if (article.corrections) {
    data.correction = article.corrections.map((c) => ({
      "@type": "CorrectionComment",
      datePublished: toOffsetIso(c.date.epochMs, site.timeZone),
      text: c.text,
    }));
  }
  // The page it mirrors, where it was captured from (front matter `original_url`).
  if (article.originalUrl) data.isBasedOn = article.originalUrl;
  if (article.dateline) data.locationCreated = { "@type": "Place", name: article.dateline };
  if (article.section) data.articleSection = article.section;
  if (article.tags.length > 0) data.keywords = article.tags.join(", ");
  if (image) {
    data.image =
      image.width && image.height
        ? { "@type": "ImageObject", url: absoluteOf(image.url, urls), width: image.width, height: image.height }
        : [absoluteOf(image.url, urls)];
  }
  return data;
}

/** Open Graph wants `en_US`-style locales. */
function ogLocale(language: string): string {
  const [lang, region] = language.split("-");
  return region ? `${lang!.toLowerCase()}_${region.toUpperCase()}` : lang!.toLowerCase();
}

export function articleHead(article: ArticleMeta, site: SiteSettings, urls: SiteUrls): SafeHtml {
  const url = urls.absolute(article.url);
  const description = summaryOf(article);
  const image = articleImage(article);
  const imageUrl = image && absoluteOf(image.url, urls);
  // rel="original" (Memento, RFC 7089): the page this one mirrors; invisible, so the page's text is unchanged.
  return html`<link rel="canonical" href="${url}">
${
  article.originalUrl
    ? html`<link rel="original" href="${article.originalUrl}">
`
    : ""
}<meta name="description" content="${description}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.name}">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
<meta property="og:locale" content="${ogLocale(article.language)}">
${
  imageUrl
    ? html`<meta property="og:image" content="${imageUrl}">
${
  image?.width && image.height
    ? html`<meta property="og:image:width" content="${image.width}">
<meta property="og:image:height" content="${image.height}">
`
    : ""
}${
  image?.alt
    ? html`<meta property="og:image:alt" content="${image.alt}">
`
    : ""
}`
    : ""
}<meta property="article:published_time" content="${publishedIso(article, site.timeZone)}">
<meta property="article:modified_time" content="${modifiedIso(article, site.timeZone)}">
${
  article.section
    ? html`<meta property="article:section" content="${article.section}">
`
    : ""
}${article.tags.map(
  (tag) => html`<meta property="article:tag" content="${tag}">
`,
)}<meta name="twitter:card" content="${imageUrl ? "summary_large_image" : "summary"}">
<meta name="twitter:title" content="${article.title}">
<meta name="twitter:description" content="${description}">
${
  imageUrl
    ? html`<meta name="twitter:image" content="${imageUrl}">
`
    : ""
}<script type="application/ld+json">${trusted(scriptSafeJson(newsArticleJsonLd(article, site, urls)))}</script>`;
}

/** Canonical, rel=prev/next and a description for one page of a listing. */
export function listingHead(
  page: { url: string; pageNumber: number; pageUrls: readonly string[] },
  description: string,
  urls: SiteUrls,
): SafeHtml {
  // A listing's first page is addressed by its folder: /culture/, not /culture/index.html.
  const href = (sitePath: string) =>
    urls.absolute(sitePath.endsWith("/index.html") ? sitePath.slice(0, -"index.html".length) : sitePath);
  const prev = page.pageUrls[page.pageNumber - 2];
  const next = page.pageUrls[page.pageNumber];
  return html`<link rel="canonical" href="${href(page.url)}">
<meta name="description" content="${description}">
${
  prev
    ? html`<link rel="prev" href="${href(prev)}">
`
    : ""
}${
  next
    ? html`<link rel="next" href="${href(next)}">
`
    : ""
}`;
}
