/**
 * DOM helpers shared by the HTML importers: a real parser (htmlparser2 →
 * domhandler nodes, walked with domutils) and a walk that reads a container
 * the way the page-text referee does: block elements end lines, hidden
 * elements and scripts contribute nothing, and images stand as their own blocks.
 */
import { parseDocument } from "htmlparser2";
import type { ChildNode, Document, Element } from "domhandler";
import { findOne, getAttributeValue, hasAttrib, isComment, isTag, isText } from "domutils";
import { BLOCK, SKIP } from "../fidelity/page-text.ts";
import { collapseHtmlWhitespace } from "./markdown.ts";
import { ImportError } from "./model.ts";

/**
 * Deeper element nesting than any page needs (browsers stop nesting at
 * 512). Every walk of the page
 * recurses along its depth, so a deeper page is refused before any is made.
 */
export const MAX_ELEMENT_DEPTH = 512;

/** The page's DOM; an ImportError when its elements nest deeper than MAX_ELEMENT_DEPTH. */
export function parseHtml(markup: string): Document {
  const document = parseDocument(markup, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  // Measured without recursion: a stack of (node, depth).
  const stack: [ChildNode, number][] = document.children.map((node) => [node, 1]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isTag(node)) continue;
    if (depth > MAX_ELEMENT_DEPTH)
      throw new ImportError(
        `nested more than ${MAX_ELEMENT_DEPTH} elements deep (browsers stop nesting there); not a page newsmirror reads`,
      );
    for (const child of node.children) stack.push([child, depth + 1]);
  }
  return document;
}

export function hasClass(element: Element, name: string): boolean {
  return (getAttributeValue(element, "class") ?? "").split(/\s+/).includes(name);
}

export function findByClass(root: Document | Element, tag: string, className: string): Element | null {
  return findOne((e) => e.name === tag && hasClass(e, className), root.children, true);
}

export function findById(root: Document | Element, id: string): Element | null {
  return findOne((e) => getAttributeValue(e, "id") === id, root.children, true);
}

export function metaContent(document: Document, name: string): string | undefined {
  const meta = findOne(
    (e) => e.name === "meta" && (getAttributeValue(e, "name") ?? "").toLowerCase() === name,
    document.children,
    true,
  );
  return meta ? getAttributeValue(meta, "content") : undefined;
}

/** The page's own address: canonical link, og:url, or the "saved from url=" comment browsers add. */
export function ownAddress(document: Document): string | undefined {
  const canonical = findOne(
    (e) => e.name === "link" && (getAttributeValue(e, "rel") ?? "").toLowerCase().split(/\s+/).includes("canonical"),
    document.children,
    true,
  );
  const ogUrl = findOne(
    (e) => e.name === "meta" && getAttributeValue(e, "property") === "og:url",
    document.children,
    true,
  );
  const href = (canonical && getAttributeValue(canonical, "href")) || (ogUrl && getAttributeValue(ogUrl, "content"));
  if (href && /^https?:\/\//i.test(href)) return href;
  const comments: string[] = [];
  const collect = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isComment(node)) comments.push(node.data);
      else if (isTag(node)) collect(node.children);
    }
  };
  collect(document.children);
  for (const comment of comments) {
    const m = /saved from url=\(\d+\)(https?:\/\/\S+)/i.exec(comment);
    if (m) return m[1];
  }
  return undefined;
}

/** An image's alt is undefined when the page gives none (`alt=""` is "" : decorative). */
export type Piece = { kind: "line"; text: string } | { kind: "image"; src: string; alt: string | undefined };

function hides(element: Element): boolean {
  return (
    SKIP.has(element.name) ||
    hasAttrib(element, "hidden") ||
    (getAttributeValue(element, "aria-hidden") ?? "").toLowerCase() === "true"
  );
}

/**
 * A container's content as the referee reads it: lines of text (whitespace
 * collapsed as HTML shows it, characters otherwise untouched) and images, in order.
 */
export function readPieces(container: Element): Piece[] {
  const pieces: Piece[] = [];
  let current = "";
  const lineBreak = () => {
    const text = collapseHtmlWhitespace(current).trim();
    if (text) pieces.push({ kind: "line", text });
    current = "";
  };
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isText(node)) current += node.data;
      else if (isTag(node)) {
        if (hides(node)) continue;
        if (node.name === "img") {
          lineBreak();
          const src = getAttributeValue(node, "src") ?? "";
          const alt = getAttributeValue(node, "alt");
          if (src)
            pieces.push({
              kind: "image",
              src,
              alt: alt === undefined ? undefined : collapseHtmlWhitespace(alt).trim(),
            });
          continue;
        }
        const block = BLOCK.has(node.name);
        if (block) lineBreak();
        walk(node.children);
        if (block) lineBreak();
      }
    }
  };
  walk(container.children);
  lineBreak();
  return pieces;
}

/** The text lines of a container (images left out). */
export function readLines(container: Element): string[] {
  return readPieces(container).flatMap((p) => (p.kind === "line" ? [p.text] : []));
}
