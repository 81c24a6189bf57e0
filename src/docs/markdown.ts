/**
 * What the docs' Markdown holds, read as GitHub reads it: each heading's
 * anchor (GitHub's slug rules) and each link and image, so that the docs
 * site (./site.ts) can give its headings the same ids and the tests can
 * check that every relative link and #anchor in README.md and docs/*.md
 * leads somewhere.
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

/** A parser for reading the structure only; pages are rendered by the site's own renderer (./site.ts). */
const reader = new MarkdownIt({ html: true });

/**
 * GitHub's anchor for a heading's text: lower case, every character but letters, marks, digits, `_`, `-` and
 * spaces removed, each space a `-` (`Search — /search.html` → `search--searchhtml`).
 */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** A heading's text as GitHub slugs it: its inline text and code, without markup. */
function inlineText(token: Token): string {
  return (token.children ?? [])
    .filter((child) => child.type === "text" || child.type === "code_inline" || child.type === "text_special")
    .map((child) => child.content)
    .join("");
}

export interface Heading {
  level: number;
  text: string;
  /** Its anchor; a repeated one gets `-1`, `-2`, … as on GitHub. */
  slug: string;
  line: number;
}

/** Every heading of a Markdown text, in order, with its anchor. */
export function headingsOf(markdown: string, tokens: readonly Token[] = reader.parse(markdown, {})): Heading[] {
  const seen = new Map<string, number>();
  const headings: Heading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== "heading_open") continue;
    const text = inlineText(tokens[i + 1]!);
    const base = githubSlug(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    headings.push({
      level: Number(token.tag.slice(1)),
      text,
      slug: count === 0 ? base : `${base}-${count}`,
      line: (token.map?.[0] ?? 0) + 1,
    });
  }
  return headings;
}

export interface MarkdownLink {
  /** As written: `building.md#safety`, `screenshots/home-desktop.png`, `https://…`. */
  url: string;
  image: boolean;
  line: number;
}

/** Every link and image of a Markdown text (Markdown's own and raw HTML's `href`/`src`), with its line. */
export function linksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let line = 1;
  for (const token of reader.parse(markdown, {})) {
    // A table cell's text has no line of its own: the row's (or the nearest before it).
    if (token.map) line = token.map[0] + 1;
    for (const child of token.children ?? []) {
      if (child.type === "link_open") links.push({ url: child.attrGet("href") ?? "", image: false, line });
      if (child.type === "image") links.push({ url: child.attrGet("src") ?? "", image: true, line });
    }
  }
  return links;
}

/** A link that leaves the docs (another site, mail): not checked. */
export const isExternal = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//");
