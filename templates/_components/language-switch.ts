/**
 * An article's versions in other languages (src/site/translations.ts), on its page: `<link rel="alternate"
 * hreflang>` in <head> for every version, this one included (absolute addresses, as the canonical link), and a
 * visible switch naming each other version in its own language (`English` on a Chinese page, `中文` on an English
 * one). Both are empty for an article with no translation, so such a page (the seed's) is unchanged. Every article
 * page design uses these two.
 */
import type { ArticleMeta } from "../../src/article/article.ts";
import { html, type SafeHtml } from "../../src/html.ts";
import { languageName } from "../../src/site/translations.ts";
import type { SiteUrls } from "../../src/site/urls.ts";

/** `<link rel="alternate" hreflang="…">` for the article and each other version; "" with no other version. */
export function alternateLinks(
  article: ArticleMeta,
  translations: readonly ArticleMeta[] | undefined,
  urls: SiteUrls,
): SafeHtml | "" {
  if (!translations || translations.length === 0) return "";
  return html`${[article, ...translations].map(
    (version) =>
      html`
<link rel="alternate" hreflang="${version.language}" href="${urls.absolute(version.url)}">`,
  )}`;
}

/** The visible switch: a link to each other version, labelled in that version's language; "" with none. */
export function languageSwitch(
  article: ArticleMeta,
  translations: readonly ArticleMeta[] | undefined,
  link: (sitePath: string) => string,
): SafeHtml | "" {
  if (!translations || translations.length === 0) return "";
  const label = /^zh\b/i.test(article.language) ? "语言" : "Language";
  return html`<nav class="language-switch" aria-label="${label}" data-pagefind-ignore>${translations.map(
    (version) =>
      html`<a href="${link(version.url)}" lang="${version.language}" hreflang="${version.language}">${languageName(version.language)}</a>`,
  )}</nav>
`;
}
