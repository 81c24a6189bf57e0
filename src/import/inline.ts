/**
 * A body container read as the referee reads it (lines and images, ./dom.ts readPieces), where each line also
 * keeps its links, bold and italics as Markdown: `<a href>` → `[text](<https://…>)`, `<strong>`/`<b>` → `**…**`,
 * `<em>`/`<i>` → `*…*`. Everything else inline (fonts, spans, inline styles) gives its text alone.
 *
 * Markdown's emphasis rules were written for spaced languages: `文**“引”**文` is no emphasis at all, and its
 * asterisks would show. So each line's Markdown is rendered back, by the renderer a build uses, and kept only if
 * it reads as exactly the line's text; otherwise the line is written as escaped text and the caller is told.
 */
import type { ChildNode, Element } from "domhandler";
import { getAttributeValue, hasAttrib, isTag, isText } from "domutils";
import type Token from "markdown-it/lib/token.mjs";
import { createMarkdown } from "../article/render.ts";
import { BLOCK, SKIP } from "../fidelity/page-text.ts";
import type { Piece } from "./dom.ts";
import { collapseHtmlWhitespace, escapeInline, escapeLineStart, imageDestination } from "./markdown.ts";

/** A line of text with its Markdown (inline markup kept), or an image. */
export type RichPiece = { kind: "line"; text: string; markdown: string } | Extract<Piece, { kind: "image" }>;

export interface RichOptions {
  /** The address relative links are resolved against (the page's own, else the portal's home). */
  base: string;
  /** Elements left out with all they hold (share buttons, QR codes, page navigation). */
  drop?: (element: Element) => boolean;
}

const BOLD = new Set(["strong", "b"]);
const ITALIC = new Set(["em", "i"]);
/** Where an imported link may lead: the web and e-mail (a build refuses other schemes anyway). */
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);

function hides(element: Element): boolean {
  return (
    SKIP.has(element.name) ||
    hasAttrib(element, "hidden") ||
    (getAttributeValue(element, "aria-hidden") ?? "").toLowerCase() === "true"
  );
}

function holdsBlock(element: Element): boolean {
  return element.children.some((c) => isTag(c) && (BLOCK.has(c.name) || c.name === "img" || holdsBlock(c)));
}

/** An `<a>`'s address, absolute, when it leads somewhere a reader can follow. */
function linkTarget(element: Element, base: string): string | undefined {
  const href = getAttributeValue(element, "href")?.trim();
  if (!href || href.startsWith("#")) return undefined;
  try {
    const url = new URL(href, base);
    return LINK_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Emphasis around `inner`, its spaces left outside the markers (`** x**` is no emphasis). */
function wrap(inner: string, open: string, close: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${open}${m[2]}${close}${m[3]}` : inner;
}

export function readRichPieces(container: Element, options: RichOptions): RichPiece[] {
  const pieces: RichPiece[] = [];
  let text = "";
  let markdown = "";
  const lineBreak = () => {
    const line = collapseHtmlWhitespace(text).trim();
    if (line)
      pieces.push({ kind: "line", text: line, markdown: escapeLineStart(collapseHtmlWhitespace(markdown).trim()) });
    text = "";
    markdown = "";
  };
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isText(node)) {
        text += node.data;
        markdown += escapeInline(node.data);
        continue;
      }
      if (!isTag(node) || hides(node) || options.drop?.(node)) continue;
      if (node.name === "img") {
        lineBreak();
        const src = getAttributeValue(node, "src") ?? "";
        const alt = getAttributeValue(node, "alt");
        if (src)
          pieces.push({ kind: "image", src, alt: alt === undefined ? undefined : collapseHtmlWhitespace(alt).trim() });
        continue;
      }
      const block = BLOCK.has(node.name);
      if (block) lineBreak();
      const target = node.name === "a" ? linkTarget(node, options.base) : undefined;
      const marked = target !== undefined || BOLD.has(node.name) || ITALIC.has(node.name);
      // Markup around a line break would be cut in two: such an element gives its lines alone.
      if (!marked || holdsBlock(node)) walk(node.children);
      else {
        const before = markdown;
        markdown = "";
        walk(node.children);
        const inner = markdown;
        markdown =
          before +
          (target !== undefined
            ? wrap(inner, "[", `](${imageDestination(target)})`)
            : BOLD.has(node.name)
              ? wrap(inner, "**", "**")
              : wrap(inner, "*", "*"));
      }
      if (block) lineBreak();
    }
  };
  walk(container.children);
  lineBreak();
  return pieces;
}

const md = createMarkdown();

/** The text a line of Markdown shows, when it is one paragraph of text, links and emphasis; else undefined. */
function shownText(markdown: string): string | undefined {
  const tokens = md.parse(markdown, {});
  if (tokens.length !== 3 || tokens[0]!.type !== "paragraph_open" || tokens[1]!.type !== "inline") return undefined;
  let shown = "";
  for (const child of tokens[1]!.children ?? ([] as Token[])) {
    if (child.type === "text") shown += child.content;
    else if (!/^(?:link|strong|em)_(?:open|close)$/.test(child.type)) return undefined;
  }
  return shown;
}

/** A line's Markdown, when it renders as exactly the line's text; else undefined (write the text escaped). */
export function keptMarkdown(text: string, markdown: string): string | undefined {
  return shownText(markdown) === text ? markdown : undefined;
}
