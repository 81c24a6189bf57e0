/**
 * A story's captures (src/site/versions.ts): under the latest capture's body, "Previous versions" linking each
 * older capture's page, newest first, each by when it was captured; on an older capture's page, a line above the
 * title saying so, linking the latest. Both are empty on an article with one capture, so its page is unchanged.
 */
import type { ArticleMeta } from "../../src/article/article.ts";
import { html, type SafeHtml } from "../../src/html.ts";
import { formatChineseDateTime, formatUpdated } from "../../src/time/format.ts";
import { isChinese, wordsFor } from "../../src/site/words.ts";
import { capturedMs } from "../../src/site/versions.ts";

type Link = (sitePath: string) => string;

/** When a capture was taken, as the page's info line writes times: `July 28, 2021 10:00`, `2021-07-28 10:00`. */
function captureTime(article: ArticleMeta, timeZone: string): string {
  const ms = capturedMs(article);
  return isChinese(article.language) ? formatChineseDateTime(ms, timeZone) : formatUpdated(ms, timeZone);
}

/** The list under the latest capture's body; nothing when the story has one capture. */
export function previousVersions(
  article: ArticleMeta,
  previous: readonly ArticleMeta[] | undefined,
  link: Link,
  timeZone: string,
): SafeHtml | "" {
  if (!previous || previous.length === 0) return "";
  const words = wordsFor(article.language);
  const items = previous.map((a) => {
    return html`<li><a href="${link(a.url)}">${words.capturedAt(captureTime(a, timeZone))}</a></li>
`;
  });
  if (isChinese(article.language))
    return html`<div class="xg-list previous-versions"><div class="pannel-title"><h2>${words.previousVersions}</h2></div><ul class="list01">
${items}</ul></div>
`;
  return html`
<section class="related-stories previous-versions" aria-labelledby="previous-versions"><h2 id="previous-versions">${words.previousVersions}</h2><ul>
${items}</ul></section>`;
}

/** The line on an older capture's page; nothing on any other page. */
export function earlierVersionNote(
  article: ArticleMeta,
  latest: ArticleMeta | undefined,
  link: Link,
  timeZone: string,
): SafeHtml | "" {
  if (!latest) return "";
  const words = wordsFor(article.language);
  const said = words.earlierVersion(captureTime(article, timeZone));
  return html`<p class="scheduled-banner earlier-version" role="note">${said} <a href="${link(latest.url)}">${words.latestVersion}</a></p>
`;
}
