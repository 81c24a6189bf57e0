/**
 * What an article page shows beyond gov.cn's page, each only when the article or the settings ask for it, so the
 * seed page stays as it is: correction notices and the editor line under the body, the breadcrumb when the menu is
 * on article pages, and the dev server's banner over a scheduled article.
 */
import type { ArticleMeta } from "../../src/article/article.ts";
import { html, type SafeHtml } from "../../src/html.ts";
import { sectionTitle } from "../../src/site/listings.ts";
import type { SiteSettings } from "../../src/settings/settings.ts";
import { formatUpdated, toOffsetIso } from "../../src/time/format.ts";

/** gov.cn's Chinese pages name the editor `责任编辑：`; other languages `Editor: `. */
function editorLabel(language: string): string {
  return /^zh\b/i.test(language) ? "责任编辑：" : "Editor: ";
}

/** `Correction (July 29, 2021): text` for each correction, then `Editor: Name`; nothing when the article has neither. */
export function articleNotices(article: ArticleMeta, timeZone: string): SafeHtml | "" {
  const corrections = article.corrections ?? [];
  if (corrections.length === 0 && !article.editor) return "";
  return html`${
    corrections.length > 0
      ? html`<aside class="Artical_Corrections" aria-label="Corrections">
${corrections.map(
  (c) =>
    html`<p class="correction">Correction (<time datetime="${toOffsetIso(c.date.epochMs, timeZone)}">${c.dateText}</time>): ${c.text}</p>
`,
)}</aside>
`
      : ""
  }${article.editor ? html`<p class="Artical_Editor">${editorLabel(article.language)}${article.editor}</p>\n` : ""}`;
}

/** Home › State Council › Weifenghe, each linked to its listing; just Home for an article without a section. */
export function articleBreadcrumb(
  article: ArticleMeta,
  site: SiteSettings,
  link: (sitePath: string) => string,
): SafeHtml {
  const parts = article.section?.split("/") ?? [];
  const crumbs = parts.map((_, i) => {
    const path = parts.slice(0, i + 1).join("/");
    return { title: sectionTitle(path, site.sectionNames), url: `/${path}/` };
  });
  return html`<nav class="breadcrumb" aria-label="Breadcrumb"><a href="${link("/")}">Home</a>${crumbs.map(
    (c) => html` › <a href="${link(c.url)}">${c.title}</a>`,
  )}</nav>
`;
}

/** The dev server's banner over an article not yet published: it is on no built site until then. */
export function scheduledBanner(article: ArticleMeta, timeZone: string): SafeHtml {
  return html`<p class="scheduled-banner" role="status">Scheduled: published on <time datetime="${toOffsetIso(article.published.epochMs, timeZone)}">${formatUpdated(article.published.epochMs, timeZone)}</time>; a site built before then does not have this article.</p>
`;
}
