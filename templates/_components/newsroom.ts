/**
 * The parts of an article page that its newsroom fields add (issue 16): the byline (`author`), the topic links
 * (`tags`) and the related stories. Each is empty when the article does not use its field, so an article page
 * without them is exactly what it was (the seed page's text).
 */
import type { ArticleMeta } from "../../src/article/article.ts";
import { html, type SafeHtml } from "../../src/html.ts";
import { namesOf, termUrl } from "../../src/site/terms.ts";

type Link = (sitePath: string) => string;

/** `A`, `A and B`, `A, B and C`. */
function listed(parts: readonly SafeHtml[]): (SafeHtml | string)[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [i === parts.length - 1 ? " and " : ", ", part]));
}

/** `By Li Wei and Zhang San`, each linked to their author page, under the title; nothing without `author`. */
export function byline(article: ArticleMeta, link: Link): SafeHtml | "" {
  const authors = namesOf(article, "author");
  if (authors.length === 0) return "";
  const links = authors.map((name) => html`<a href="${link(termUrl("author", name))}" rel="author">${name}</a>`);
  return html`
<div class="Artical_Byline">By ${listed(links)}</div>`;
}

/** The article's topics as links to their pages (the first MAX_TERMS tags: src/site/terms.ts); nothing without `tags`. */
export function topicLinks(article: ArticleMeta, link: Link): SafeHtml | "" {
  const topics = namesOf(article, "topic");
  if (topics.length === 0) return "";
  return html`
<nav class="article-topics" aria-label="Topics"><h2 class="article-topics__label">Topics</h2><ul>${topics.map(
    (tag) => html`<li><a href="${link(termUrl("topic", tag))}" rel="tag">${tag}</a></li>`,
  )}</ul></nav>`;
}

/** `Related stories`, up to five links; nothing when there are none. */
export function relatedStories(related: readonly ArticleMeta[] | undefined, link: Link): SafeHtml | "" {
  if (!related || related.length === 0) return "";
  return html`
<section class="related-stories" aria-labelledby="related-stories"><h2 id="related-stories">Related stories</h2><ul>
${related.map(
  (a) => html`<li><a href="${link(a.url)}">${a.title}</a></li>
`,
)}</ul></section>`;
}
