/**
 * Paragraph text → Markdown that renders back to exactly that text. Only
 * what markdown-it would read as syntax is escaped, so imported bodies stay
 * readable: `R&D`, `China's` and `3 + 4` are written as they are.
 */

/** Characters that start inline syntax anywhere in a line (emphasis, code, links, autolinks, strikethrough). */
const INLINE_SPECIAL = /[\\`*_[\]<~]/g;
/** `&` that would begin an entity (`&amp;`, `&#8212;`). */
const ENTITY_START = /&(?=#?[a-z0-9]+;)/gi;
/** Line starts that open a block: headings, quotes, list items, thematic breaks. */
const BLOCK_START = /^(?:[#>+=-]|\d{1,9}(?=[.)]))/;

/** Whitespace as HTML collapses it (not U+00A0, which is text). */
export function collapseHtmlWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, " ").replace(/^ | $/g, "");
}

/**
 * Escapes one paragraph (a single line, no leading or trailing space) so that
 * markdown-it renders it as one paragraph of exactly this text.
 */
export function escapeParagraph(text: string): string {
  return escapeLineStart(escapeInline(text));
}

/** Escapes text inside a line: what would start inline syntax (emphasis, links, code, entities). */
export function escapeInline(text: string): string {
  return text.replace(INLINE_SPECIAL, "\\$&").replace(ENTITY_START, "\\&");
}

/** Escapes the start of a line of Markdown whose inline text is escaped already, when it would open a block. */
export function escapeLineStart(escaped: string): string {
  const start = BLOCK_START.exec(escaped);
  if (start) {
    // `#`, `>`, `-`, `+`, `=` are escaped themselves; a leading number keeps its digits and escapes the `.`/`)` after them.
    escaped = /^\d/.test(start[0]) ? `${start[0]}\\${escaped.slice(start[0].length)}` : `\\${escaped}`;
  }
  return escaped;
}

/** Text inside an image's title (`"…"`) or alt (`[…]`): backslash-escaped where it could close or open syntax. */
export function escapeImageText(text: string): string {
  return text.replace(/[\\`*_[\]<>~"&!()]/g, "\\$&");
}

/** An image destination in `<…>` form, so spaces and parentheses in paths need no escaping. */
export function imageDestination(src: string): string {
  return `<${src.replace(/[\\<>]/g, "\\$&")}>`;
}
