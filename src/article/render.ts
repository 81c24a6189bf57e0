/**
 * Markdown → HTML for article bodies. Characters survive exactly: no
 * typographic replacement, no smart quotes, raw HTML off (it is shown as
 * text), and links only to safe URLs. The dateline, when there is one, opens
 * the first paragraph as gov.cn prints it: `DUSHANBE — `. A site's renderer
 * is ./site-markdown.ts markdownFor, built on createMarkdown; articles are
 * rendered with it by ./render-article.ts.
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { installPhotoRule, type PhotoEnv } from "../images/markdown.ts";
import { isChinese } from "../language.ts";

export const DATELINE_SEPARATOR = " \u2014 "; // space, em dash, space
/** www.gov.cn's lede: `新华社石家庄7月31日电 ` and the text, a space between. */
export const CHINESE_DATELINE_SEPARATOR = " ";

/** What opens the first paragraph: `DUSHANBE — `, or in Chinese `新华社石家庄7月31日电 `; nothing without a dateline. */
export function datelinePrefix(dateline: string | undefined, language: string): string {
  if (!dateline) return "";
  return `${dateline}${isChinese(language) ? CHINESE_DATELINE_SEPARATOR : DATELINE_SEPARATOR}`;
}

const SAFE_LINK = /^(?:https?:|mailto:|tel:|[^:/?#]*(?:[/?#]|$))/i;

export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, typographer: false, linkify: false, breaks: false });
  // markdown-it already refuses javascript:, vbscript: and file: links; a news
  // body has no business linking to data: either, so only known-safe shapes pass.
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  installPhotoRule(md); // body photos become <figure><picture> (src/images/)
  keepEscapesInAltText(md);
  return md;
}

/**
 * markdown-it drops backslash escapes and entities from image alt text
 * (`![R\&D](x.jpg)` gets alt "RD"): alt is rendered from the image's own
 * tokens, which keep them as `text_special`. Counting those as text makes
 * the alt read as written, as it does everywhere else.
 */
function keepEscapesInAltText(md: MarkdownIt): void {
  const asText = md.renderer.renderInlineAsText.bind(md.renderer);
  md.renderer.renderInlineAsText = (tokens, options, env) =>
    asText(
      tokens.map((t) => (t.type === "text_special" ? Object.assign(Object.create(t) as Token, { type: "text" }) : t)),
      options,
      env,
    );
}

/** The body's tokens, for callers that inspect them before rendering (photos). */
export function parseBody(markdown: string, md: MarkdownIt): Token[] {
  return md.parse(markdown, {});
}

/** Renders parsed body tokens, the first paragraph opened by `prefix` (datelinePrefix); `env.photos` carries processed photo markup. */
export function renderTokens(tokens: Token[], prefix: string, env: PhotoEnv, md: MarkdownIt): string {
  if (prefix) prefixFirstParagraph(tokens, prefix, md);
  return md.renderer.render(tokens, md.options, env);
}

function prefixFirstParagraph(tokens: Token[], prefix: string, md: MarkdownIt): void {
  // A paragraph holding only photos (hidden: it renders as figures) is not the first paragraph of text.
  const open = tokens.findIndex((t) => t.type === "paragraph_open" && t.level === 0 && !t.hidden);
  const inline = open === -1 ? undefined : tokens[open + 1];
  if (inline && inline.type === "inline") {
    const text = new (inline.constructor as typeof Token)("text", "", 0);
    text.content = prefix;
    inline.children = [text, ...(inline.children ?? [])];
    return;
  }
  // No paragraph at all: the dateline stands as one of its own, at the top.
  tokens.unshift(...md.parse(md.utils.escapeHtml(prefix.trimEnd()), {}));
}

/** Plain text of a parsed body, for summaries, descriptions and the search index. */
export function textOfTokens(tokens: readonly Token[]): string {
  let text = "";
  for (const token of tokens) {
    if (token.type !== "inline" || !token.children) continue;
    if (text !== "") text += " ";
    for (const child of token.children) {
      if (child.type === "text" || child.type === "code_inline") text += child.content;
      // A line break inside a paragraph separates words: "dawn.\nThey" is not "dawn.They".
      else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
    }
  }
  return text.replace(/\s+/g, " ").trim();
}
