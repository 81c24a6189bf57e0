/**
 * An author's raw HTML as a browser reads it, repaired to HTML's content
 * models (issue 13).
 *
 * sanitize-html (htmlparser2) keeps only allowed tags and attributes, but it
 * neither builds the tree a browser builds nor knows what an element may
 * contain: `<div>x</div> <b> Xi` can come out as a <p> inside a <b>, a
 * figure inside a heading, a <li> without a list. Here the sanitised markup
 * is parsed by parse5 (the WHATWG tree construction, what browsers do) as
 * the content of the article's <div>, the tree is repaired, and written out
 * again by parse5's serialiser, so the page's markup is valid
 * (html-validate, the validator `newsmirror check` uses) and reads as that
 * same tree in a browser. Repairs keep the author's text:
 *
 * - a block inside a phrasing element (`<b><p>…</p></b>`, a figure in a
 *   heading) is lifted out: the phrasing element is split around it, as a
 *   browser ends a paragraph where a <div> starts;
 * - an element its parent may not hold (a <li> outside a list, <a> in <a>,
 *   a heading in <dt>, <main> anywhere: the page has its own) is unwrapped,
 *   its children kept;
 * - what a list, table row or definition list may not hold directly is
 *   wrapped in the child it needs (`<li>`, `<td>`, `<dd>`);
 * - order and counts: one <figcaption>, first or last; one table caption,
 *   first; a <picture>'s <img> last;
 * - an empty heading or a link without text is unwrapped, an <img> without
 *   alt gets `alt=""`, attribute values HTML does not allow are dropped, and
 *   a repeated id (the parser clones formatting elements with their
 *   attributes) is dropped.
 *
 * It is also a second allow-list: an element not in `allowed` is dropped
 * whole, a comment dropped, an attribute not in `attributes` removed.
 */
import { createRequire } from "node:module";
import type * as Parse5 from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";

// Loaded on first use, as sanitize-html is (0.15 s of start-up; only sites with `markdown.html` on need it).
let parse5: typeof Parse5 | undefined;
function parser(): typeof Parse5 {
  return (parse5 ??= createRequire(import.meta.url)("parse5") as typeof Parse5);
}
const tree = {
  createElement: (name: string, namespace: string, attrs: Element["attrs"]) =>
    parser().defaultTreeAdapter.createElement(name, namespace as never, attrs),
  appendChild: (parent: ParentNode, node: ChildNode) => parser().defaultTreeAdapter.appendChild(parent, node),
  isElementNode: (node: Node): node is Element => "tagName" in node,
  isTextNode: (node: Node): node is DefaultTreeAdapterMap["textNode"] => node.nodeName === "#text",
};

type Node = DefaultTreeAdapterMap["node"];
type ParentNode = DefaultTreeAdapterMap["parentNode"];
type Element = DefaultTreeAdapterMap["element"];
type ChildNode = DefaultTreeAdapterMap["childNode"];

const HTML_NS = "http://www.w3.org/1999/xhtml";

/** Phrasing content (of the sanitiser's allow-list). */
const PHRASING = new Set([
  "a",
  "abbr",
  "b",
  "bdi",
  "bdo",
  "br",
  "cite",
  "code",
  "data",
  "del",
  "dfn",
  "em",
  "i",
  "img",
  "ins",
  "kbd",
  "mark",
  "picture",
  "q",
  "ruby",
  "s",
  "samp",
  "small",
  "span",
  "strong",
  "sub",
  "sup",
  "time",
  "u",
  "var",
  "wbr",
  // Phrasing inside <ruby> (where PARENTS keeps them).
  "rb",
  "rp",
  "rt",
  "rtc",
]);
/** Elements whose content model is their parent's. */
const TRANSPARENT = new Set(["a", "del", "ins"]);
/** Non-phrasing elements that hold only phrasing content. */
const PHRASING_HOLDERS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"]);
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6", "hgroup"];
/** Sectioning content as html-validate counts it (with blockquote, a sectioning root in HTML). */
const SECTIONING = ["article", "aside", "blockquote", "nav", "section"];

/** Descendants an element may not have (HTML's "no … descendants"). */
const EXCLUDES: Readonly<Record<string, readonly string[]>> = {
  a: ["a"],
  dfn: ["dfn"],
  address: [...HEADINGS, ...SECTIONING, "header", "footer", "address"],
  header: ["header", "footer", "main"],
  footer: ["header", "footer", "main"],
  dt: [...HEADINGS, ...SECTIONING, "header", "footer"],
  th: [...HEADINGS, ...SECTIONING, "header", "footer"],
  caption: ["table"],
};

/** Parents an element needs. */
const PARENTS: Readonly<Record<string, readonly string[]>> = {
  li: ["ul", "ol", "menu"],
  dt: ["dl", "div"],
  dd: ["dl", "div"],
  figcaption: ["figure"],
  caption: ["table"],
  colgroup: ["table"],
  thead: ["table"],
  tbody: ["table"],
  tfoot: ["table"],
  tr: ["table", "thead", "tbody", "tfoot"],
  td: ["tr"],
  th: ["tr"],
  col: ["colgroup"],
  source: ["picture"],
  rt: ["ruby", "rtc"],
  rp: ["ruby", "rtc"],
  rb: ["ruby"],
  rtc: ["ruby"],
};

/** Elements that hold only certain children, and what wraps anything else (undefined: moved out after the element). */
const CHILDREN: Readonly<Record<string, { only: readonly string[]; wrap?: string }>> = {
  ul: { only: ["li"], wrap: "li" },
  ol: { only: ["li"], wrap: "li" },
  menu: { only: ["li"], wrap: "li" },
  dl: { only: ["dt", "dd", "div"], wrap: "dd" },
  table: { only: ["caption", "colgroup", "thead", "tbody", "tfoot"], wrap: "tbody" },
  thead: { only: ["tr"], wrap: "tr" },
  tbody: { only: ["tr"], wrap: "tr" },
  tfoot: { only: ["tr"], wrap: "tr" },
  tr: { only: ["td", "th"], wrap: "td" },
  colgroup: { only: ["col"] },
  picture: { only: ["source", "img"] },
};

/** Elements with rules of their own once their children are repaired (Repair.finish). */
const FINISHED = new Set([
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "a",
  "picture",
  "hgroup",
  "figure",
  "table",
  "pre",
  "tr",
]);

/** Attribute values HTML allows, where it restricts them; others are dropped. */
const VALUES: Readonly<Record<string, RegExp>> = {
  dir: /^(ltr|rtl|auto)$/i,
  colspan: /^[1-9]\d{0,3}$/,
  rowspan: /^\d{1,4}$/,
  width: /^\d{1,6}$/,
  height: /^\d{1,6}$/,
  start: /^-?\d{1,9}$/,
  scope: /^(row|col|rowgroup|colgroup)$/i,
};

export interface TreeRules {
  /** Element names kept; any other is dropped with its content. */
  allowed: ReadonlySet<string>;
  /** Attributes kept, by element and for every element (`*`). */
  attributes: Readonly<Record<string, readonly string[]>>;
  /** Ids the body may not use (the page's own, or ones the body already used). */
  takenIds: Set<string>;
  /** An element that stands for a block of ours (a photo's <figure>): kept where it is, lifted out of phrasing. */
  block?: string;
}

interface Context {
  /** Only phrasing content may be here. */
  phrasing: boolean;
  /** Elements no ancestor allows. */
  excluded: ReadonlySet<string>;
}

const isElement = (node: Node): node is Element => tree.isElementNode(node);
const isText = (node: Node): node is DefaultTreeAdapterMap["textNode"] => tree.isTextNode(node);
const tagOf = (node: Node | null | undefined): string => (node && isElement(node) ? node.tagName : "");
const parentOf = (node: ParentNode): ParentNode | null => ("parentNode" in node ? node.parentNode : null);
const blank = (text: string) => !/[^ \t\n\f\r]/.test(text);

/** `markup` (sanitised HTML) as the body of a page's content <div>, repaired; see above. */
export function repairHtml(markup: string, rules: TreeRules): string {
  const context = tree.createElement("div", HTML_NS, []);
  const fragment = parser().parseFragment(context, markup, {});
  flattenDeep(fragment);
  new Repair(rules).children(fragment, { phrasing: false, excluded: new Set(["main"]) });
  return parser().serialize(fragment);
}

/**
 * How deep the author's elements may nest. Browsers stop nesting too
 * (Chromium at 512 levels); the repair and the serialiser recurse, and
 * thousands of levels would overflow the stack.
 */
export const MAX_DEPTH = 200;

/** Elements deeper than MAX_DEPTH replaced by their text. Without recursion: the tree may be far deeper than the stack. */
function flattenDeep(root: ParentNode): void {
  const stack: [ParentNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    for (const child of node.childNodes) {
      if (!isElement(child)) continue;
      if (depth + 1 < MAX_DEPTH) {
        stack.push([child, depth + 1]);
        continue;
      }
      let text = "";
      const inner: ChildNode[] = [...child.childNodes].reverse();
      while (inner.length > 0) {
        const next = inner.pop()!;
        if (isText(next)) text += next.value;
        else if (isElement(next)) for (let k = next.childNodes.length - 1; k >= 0; k--) inner.push(next.childNodes[k]!);
      }
      child.childNodes = text === "" ? [] : [{ nodeName: "#text", value: text, parentNode: child }];
    }
  }
}

class Repair {
  constructor(private readonly rules: TreeRules) {}

  private phrasing(name: string): boolean {
    return PHRASING.has(name);
  }

  /** Whether a phrasing element holds, through phrasing elements, something that is not phrasing. */
  private holdsBlock(element: Element): boolean {
    for (const child of element.childNodes) {
      if (!isElement(child)) continue;
      if (!this.phrasing(child.tagName)) return true;
      if (this.holdsBlock(child)) return true;
    }
    return false;
  }

  /**
   * `element` (phrasing, or a phrasing holder such as <p>) split around the
   * blocks it holds: the pieces in order, blocks between copies of the
   * element (the first keeps its id). Copies left empty are dropped.
   */
  private split(element: Element): ChildNode[] {
    const children = [...element.childNodes];
    element.childNodes = [];
    const pieces: ChildNode[] = [];
    let current = element;
    const flush = () => {
      if (current.childNodes.some((c) => isElement(c) || (isText(c) && !blank(c.value)))) pieces.push(current);
      current = tree.createElement(
        element.tagName,
        HTML_NS,
        element.attrs.filter((a) => a.name !== "id"),
      );
    };
    const take = (node: ChildNode) => {
      if (isElement(node) && !this.phrasing(node.tagName)) {
        flush();
        pieces.push(node);
      } else {
        tree.appendChild(current, node);
      }
    };
    for (const child of children) {
      if (isElement(child) && this.phrasing(child.tagName) && this.holdsBlock(child))
        for (const piece of this.split(child)) take(piece);
      else take(child);
    }
    flush();
    return pieces;
  }

  /** Puts `nodes` in place of the child at `index` of `parent`. */
  private replace(parent: ParentNode, index: number, nodes: ChildNode[]): void {
    for (const node of nodes) node.parentNode = parent;
    parent.childNodes.splice(index, 1, ...nodes);
  }

  /** The element at `index` replaced by its children (with spaces around a block's, so words stay apart). */
  private unwrap(parent: ParentNode, index: number): void {
    const element = parent.childNodes[index] as Element;
    const inner = element.childNodes;
    const space = (): ChildNode => ({ nodeName: "#text", value: " ", parentNode: null });
    this.replace(
      parent,
      index,
      this.phrasing(element.tagName) || inner.length === 0 ? inner : [space(), ...inner, space()],
    );
  }

  private allowsChild(parent: ParentNode, child: Element): boolean {
    const needs = PARENTS[child.tagName];
    if (!needs) return true;
    const name = tagOf(parent);
    if (!needs.includes(name)) return false;
    // dt and dd in a <div> only when that div is a dl's group.
    if (name === "div") return tagOf(parentOf(parent)) === "dl";
    return true;
  }

  private readonly contexts = new WeakMap<Context, Map<string, Context>>();

  private childContext(element: Element, context: Context): Context {
    const name = element.tagName;
    let known = this.contexts.get(context);
    if (!known) this.contexts.set(context, (known = new Map()));
    let next = known.get(name);
    if (!next) {
      const phrasing = TRANSPARENT.has(name) ? context.phrasing : PHRASING.has(name) || PHRASING_HOLDERS.has(name);
      const excludes = EXCLUDES[name];
      next = { phrasing, excluded: excludes ? new Set([...context.excluded, ...excludes]) : context.excluded };
      known.set(name, next);
    }
    return next;
  }

  /** Repairs the children of `parent`, whose content is described by `context`. */
  children(parent: ParentNode, context: Context): void {
    const kids = parent.childNodes;
    const parentName = tagOf(parent);
    const dlGroup = parentName === "div" && tagOf(parentOf(parent)) === "dl";
    const model = dlGroup ? { only: ["dt", "dd"], wrap: "dd" } : CHILDREN[parentName];
    for (let i = 0; i < kids.length; ) {
      const child = kids[i]!;
      if (isText(child)) {
        if (model && !blank(child.value)) this.misplaced(parent, i, model);
        else i++;
        continue;
      }
      if (!isElement(child) || child.namespaceURI !== HTML_NS || !this.rules.allowed.has(child.tagName)) {
        kids.splice(i, 1); // comments, and anything the allow-list does not name
        continue;
      }
      const name = child.tagName;
      if (
        context.excluded.has(name) ||
        !this.allowsChild(parent, child) ||
        (context.phrasing && !this.phrasing(name))
      ) {
        this.unwrap(parent, i);
        continue;
      }
      if (model && !model.only.includes(name)) {
        this.misplaced(parent, i, model);
        continue;
      }
      if (
        !context.phrasing &&
        (this.phrasing(name) || PHRASING_HOLDERS.has(name)) &&
        !TRANSPARENT.has(name) &&
        this.holdsBlock(child)
      ) {
        this.replace(parent, i, this.split(child));
        continue;
      }
      this.attributes(child);
      if (name === "picture") this.liftFromPicture(parent, i);
      if (name !== this.rules.block) this.children(child, this.childContext(child, context));
      if (this.finish(parent, i)) i++;
    }
  }

  /** The child at `index` may not be here: wrapped with its neighbours in what the parent needs, or moved out after the parent. */
  private misplaced(parent: ParentNode, index: number, model: { only: readonly string[]; wrap?: string }): void {
    const kids = parent.childNodes;
    if (model.wrap === undefined) {
      kids.splice(index, 1); // a <colgroup> holds only <col>; a picture's others were moved out before
      return;
    }
    let end = index;
    const member = (node: ChildNode) => isElement(node) && model.only.includes(node.tagName);
    while (end < kids.length && !member(kids[end]!)) end++;
    const wrapper = tree.createElement(model.wrap, HTML_NS, []);
    for (const node of kids.slice(index, end)) tree.appendChild(wrapper, node);
    kids.splice(index, end - index, wrapper);
    wrapper.parentNode = parent;
  }

  /** A picture holds sources, then one img: anything else goes after it. */
  private liftFromPicture(parent: ParentNode, index: number): void {
    const picture = parent.childNodes[index] as Element;
    const sources = picture.childNodes.filter((c) => isElement(c) && c.tagName === "source");
    const img = picture.childNodes.find((c) => isElement(c) && c.tagName === "img");
    const rest = picture.childNodes.filter((c) => c !== img && !sources.includes(c) && !(isText(c) && blank(c.value)));
    picture.childNodes = [...sources, ...(img ? [img] : [])];
    for (const node of rest) node.parentNode = parent;
    parent.childNodes.splice(index + 1, 0, ...rest);
  }

  private readonly allowedAttributes = new Map<string, readonly string[]>();

  private attributes(element: Element): void {
    let allowed = this.allowedAttributes.get(element.tagName);
    if (!allowed) {
      allowed = [...(this.rules.attributes[element.tagName] ?? []), ...(this.rules.attributes["*"] ?? [])];
      this.allowedAttributes.set(element.tagName, allowed);
    }
    element.attrs = element.attrs.filter((attr) => {
      if (attr.namespace || !allowed.includes(attr.name)) return false;
      const pattern = VALUES[attr.name];
      if (pattern && !pattern.test(attr.value.trim())) return false;
      if (attr.name === "id") {
        if (attr.value === "" || /\s/.test(attr.value) || this.rules.takenIds.has(attr.value)) return false;
        this.rules.takenIds.add(attr.value);
      }
      return true;
    });
    if (element.tagName === "img" && !element.attrs.some((a) => a.name === "alt"))
      element.attrs.push({ name: "alt", value: "" });
  }

  /** Once its children are repaired: the element's own order and emptiness rules. False when it was removed or unwrapped. */
  private finish(parent: ParentNode, index: number): boolean {
    const element = parent.childNodes[index] as Element;
    const name = element.tagName;
    if (!FINISHED.has(name)) return true;
    const elements = () => element.childNodes.filter(isElement);
    if (
      (/^h[1-6]$/.test(name) || (name === "a" && element.attrs.some((a) => a.name === "href"))) &&
      !hasText(element)
    ) {
      this.unwrap(parent, index);
      return false;
    }
    const first = element.childNodes[0];
    if (name === "pre" && first && isText(first) && first.value.startsWith("\n")) {
      // A parser drops a newline right after <pre>, and parse5 writes none: one more keeps the author's.
      first.value = `\n${first.value}`;
    }
    if (name === "tr" && tagOf(parent) !== "thead") {
      // A header cell outside <thead> says what it heads (WCAG H63): a row of header cells heads columns, one among data cells its row.
      const cells = elements();
      const scope = cells.every((c) => c.tagName === "th") ? "col" : "row";
      for (const th of cells)
        if (th.tagName === "th" && !th.attrs.some((a) => a.name === "scope"))
          th.attrs.push({ name: "scope", value: scope });
    }
    if (name === "picture" && !elements().some((c) => c.tagName === "img")) {
      parent.childNodes.splice(index, 1);
      return false;
    }
    // An hgroup holds a heading, and headings and paragraphs only: else it is a plain <div>.
    const grouped = (c: ChildNode) => (isText(c) ? blank(c.value) : isElement(c) && /^(h[1-6]|p)$/.test(c.tagName));
    if (
      name === "hgroup" &&
      (!elements().some((c) => /^h[1-6]$/.test(c.tagName)) || !element.childNodes.every(grouped))
    ) {
      element.tagName = element.nodeName = "div";
      return true;
    }
    if (name === "figure") {
      const captions = elements().filter((c) => c.tagName === "figcaption");
      for (const extra of captions.slice(1)) extra.tagName = extra.nodeName = "div";
      const first = captions[0];
      const all = elements();
      if (first && all[0] !== first && all[all.length - 1] !== first) {
        element.childNodes.splice(element.childNodes.indexOf(first), 1);
        element.childNodes.push(first);
      }
    }
    if (name === "table") {
      const rank = (c: ChildNode) =>
        isElement(c) ? ({ caption: 0, colgroup: 1, thead: 2, tbody: 3, tfoot: 4 }[c.tagName] ?? 3) : 3;
      let caption = false;
      let head = false;
      let foot = false;
      for (const c of elements()) {
        if (c.tagName === "caption") {
          if (caption) {
            // A second caption: its text becomes a row.
            const row = tree.createElement("tr", HTML_NS, []);
            const cell = tree.createElement("td", HTML_NS, []);
            for (const n of [...c.childNodes]) tree.appendChild(cell, n);
            tree.appendChild(row, cell);
            c.tagName = c.nodeName = "tbody";
            c.childNodes = [];
            tree.appendChild(c, row);
          }
          caption = true;
        } else if (c.tagName === "thead") {
          if (head) c.tagName = c.nodeName = "tbody";
          head = true;
        } else if (c.tagName === "tfoot") {
          if (foot) c.tagName = c.nodeName = "tbody";
          foot = true;
        }
      }
      element.childNodes = element.childNodes
        .map((c, n) => ({ c, n }))
        .sort((a, b) => rank(a.c) - rank(b.c) || a.n - b.n)
        .map(({ c }) => c);
    }
    return true;
  }
}

/** Whether an element has text a reader sees or hears: characters, or an image's alt. */
function hasText(element: Element): boolean {
  for (const child of element.childNodes) {
    if (isText(child) && !blank(child.value)) return true;
    if (isElement(child)) {
      if (child.tagName === "img" && child.attrs.some((a) => a.name === "alt" && !blank(a.value))) return true;
      if (hasText(child)) return true;
    }
  }
  return false;
}
