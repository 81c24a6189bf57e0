/**
 * The Markdown renderer a site gets. Empty headings (`#` alone on a line)
 * are dropped: they would be markup without text.
 *
 * Raw HTML in article bodies, for sites that turn it on (`"markdown":
 * {"html": true}` in site.json): markdown-it passes the HTML through, and
 * sanitize-html (a maintained allow-list sanitiser) then keeps only
 * structural and text markup — no <script>, <style>, <iframe> or forms, no
 * `on*=` handlers or style attributes, URLs only with safe schemes, images
 * only from this site, and no id a page of ours uses. Only the author's
 * HTML is sanitised: body photos' markup (ours) is put in afterwards.
 * Off by default: then HTML in Markdown is shown as text.
 */
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type sanitizeHtml from "sanitize-html";
import { Parser } from "htmlparser2";
import type { ContentProblem } from "../errors.ts";
import { isSameSitePath, parseSrcset, rootRelativePath, serializeSrcset } from "../html-urls.ts";
import type { PhotoEnv } from "../images/markdown.ts";
import { RESERVED_IDS } from "../page-ids.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { repairHtml, type TreeRules } from "./html-tree.ts";
import { createMarkdown } from "./render.ts";

// Loaded on first use (0.1 s of start-up, and only sites with `markdown.html` on need it).
let sanitizer: typeof sanitizeHtml | undefined;
function sanitizerModule(): typeof sanitizeHtml {
  return (sanitizer ??= createRequire(import.meta.url)("sanitize-html") as typeof sanitizeHtml);
}

/** Every tag in sanitize-html's default allow-list but `style`, plus figures and pictures. */
const EXTRA_TAGS = ["img", "figure", "figcaption", "picture", "source", "del", "ins", "sub", "sup", "small"];

let allowedTags: string[] | undefined;

/**
 * The allow-list. Images load from this site only: `src` and every `srcset`
 * candidate must be a path here (sanitize-html's per-tag schemes do not
 * reach srcset candidates, so they are checked by us, as browsers resolve
 * them). An <img> left without src and a <source> without srcset are
 * dropped, rather than left invalid; a <picture> left without its <img> is
 * dropped by the tree's repair (./html-tree.ts), which keeps its text.
 * `id` (on links, for in-page anchors) may not take an id our page
 * templates use (src/page-ids.ts), nor one the body already used: a
 * second element with the view switch's id would break the switch, and
 * duplicate ids are invalid HTML. Such an id is dropped, not renamed, so
 * every other anchor keeps the address the author gave it.
 */
export function sanitizeOptions(photoKey?: string): sanitizeHtml.IOptions {
  return sanitizeSettings(photoKey).options;
}

const ATTRIBUTES: Readonly<Record<string, string[]>> = {
  a: ["href", "title", "id"],
  img: ["src", "srcset", "alt", "title", "width", "height"],
  source: ["srcset", "type", "media"],
  td: ["colspan", "rowspan"],
  th: ["colspan", "rowspan", "scope"],
  ol: ["start"],
  "*": ["lang", "dir"],
};

function sanitizeSettings(photoKey?: string): { options: sanitizeHtml.IOptions; tree: TreeRules } {
  const ids = new Set<string>(RESERVED_IDS);
  const keepId = (attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes => {
    const id = attribs.id;
    if (id === undefined) return attribs;
    const { id: _dropped, ...rest } = attribs;
    if (id.trim() === "" || /\s/.test(id) || ids.has(id)) return rest;
    ids.add(id);
    return attribs;
  };
  const sameSiteImages = (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const out = { ...attribs };
    if (out.src !== undefined && !isSameSitePath(out.src)) delete out.src;
    if (out.srcset !== undefined) {
      const kept = parseSrcset(out.srcset).filter((c) => isSameSitePath(c.url));
      if (kept.length > 0) out.srcset = serializeSrcset(kept);
      else delete out.srcset;
    }
    return { tagName, attribs: keepId(out) };
  };
  const tags = [
    ...(allowedTags ??= [...sanitizerModule().defaults.allowedTags.filter((tag) => tag !== "style"), ...EXTRA_TAGS]),
    ...(photoKey ? [PHOTO_TAG] : []),
  ];
  const attributes = { ...ATTRIBUTES, ...(photoKey ? { [PHOTO_TAG]: ["data-photo"] } : {}) };
  const options: sanitizeHtml.IOptions = {
    allowedTags: tags,
    allowedAttributes: attributes,
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: [], source: [] }, // images from this site only: pages load nothing remote
    allowProtocolRelative: false,
    selfClosing: ["img", "br", "hr", "source", "wbr"],
    transformTags: {
      img: sameSiteImages,
      source: sameSiteImages,
      a: (tagName, attribs) => ({ tagName, attribs: keepId(attribs) }),
    },
    exclusiveFilter: (frame) =>
      (frame.tag === "img" && !frame.attribs.src) ||
      (frame.tag === "source" && !frame.attribs.srcset) ||
      (frame.tag === PHOTO_TAG &&
        (frame.text !== "" || !new RegExp(`^${photoKey}-\\d+$`).test(frame.attribs["data-photo"] ?? ""))),
    disallowedTagsMode: "discard",
  };
  // The tree's repairs may clone an element (the parser's reconstruction of formatting elements): ids are checked again there.
  return {
    options,
    tree: {
      allowed: new Set(tags),
      attributes,
      takenIds: new Set(RESERVED_IDS),
      block: photoKey ? PHOTO_TAG : undefined,
    },
  };
}

/** The author's HTML, sanitised, then as a browser's parser reads it, repaired to HTML's content models (./html-tree.ts). */
function cleanHtml(markup: string, photoKey?: string): string {
  const { options, tree } = sanitizeSettings(photoKey);
  return repairHtml(sanitizerModule()(markup, options), tree);
}

export function sanitizeBodyHtml(markup: string): string {
  return cleanHtml(markup);
}

/**
 * Our own photo markup is never the sanitiser's business: each photo goes
 * into the author's HTML as a placeholder element, and its <figure> takes
 * the placeholder's place once the author's HTML is clean. A placeholder
 * carries a key made from the author's HTML (its SHA-256), which the author
 * cannot write into that same HTML, so a forged one is dropped; and one that
 * landed inside an attribute value was escaped there as text and is never
 * replaced.
 */
const PHOTO_TAG = "newsmirror-photo";

function authorHtmlKey(tokens: readonly Token[]): string {
  const hash = createHash("sha256");
  for (const token of tokens) {
    if (token.type === "html_block") hash.update(token.content);
    for (const child of token.children ?? []) if (child.type === "html_inline") hash.update(child.content);
  }
  return hash.digest("hex").slice(0, 32);
}

function renderSanitised(
  tokens: Token[],
  env: PhotoEnv | undefined,
  render: (tokens: Token[], env: PhotoEnv | undefined) => string,
): string {
  const photos = env?.photos;
  if (!photos || photos.size === 0) return cleanHtml(render(tokens, env));
  const key = authorHtmlKey(tokens);
  const figures: string[] = [];
  const placeholders = new Map<Token, string>();
  for (const [token, figure] of photos) {
    placeholders.set(token, `<${PHOTO_TAG} data-photo="${key}-${figures.length}"></${PHOTO_TAG}>`);
    figures.push(figure);
  }
  const clean = cleanHtml(render(tokens, { ...env, photos: placeholders }), key);
  return clean.replace(
    new RegExp(`<${PHOTO_TAG} data-photo="${key}-(\\d+)"></${PHOTO_TAG}>`, "g"),
    (_all, n: string) => figures[Number(n)] ?? "",
  );
}

/**
 * Images in the author's raw HTML that name a file beside the article
 * (`<img src="photo.jpg">`): the site publishes photos only as the variants
 * Markdown photos get, never the file itself, so such an image would be
 * broken on the page (and `newsmirror check` would say so). The build says
 * it first, with the line, and how to show the photo. Site paths
 * (`/assets/logo.svg`) are left to `check`; other hosts are the sanitiser's.
 */
export function rawImageProblems(tokens: readonly Token[], file: string, bodyLine: number): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const inspect = (markup: string, line: number) => {
    if (!/<(img|source)\b/i.test(markup)) return;
    const parser = new Parser({
      onopentag(tag, attributes) {
        if (tag !== "img" && tag !== "source") return;
        const urls = [
          ...(attributes.src === undefined ? [] : [attributes.src]),
          ...(attributes.srcset === undefined ? [] : parseSrcset(attributes.srcset).map((c) => c.url)),
        ];
        for (const url of urls) {
          if (url.trim() === "" || !isSameSitePath(url) || rootRelativePath(url) !== undefined) continue;
          problems.push({
            file,
            line,
            message: `raw HTML image ${JSON.stringify(url)} names a file beside the article, which the site does not publish; show the photo with Markdown, ![alt](${url}), so it gets its sizes and alt text checked`,
          });
        }
      },
    });
    parser.end(markup);
  };
  for (const token of tokens) {
    const line = bodyLine + (token.map?.[0] ?? 0);
    if (token.type === "html_block") inspect(token.content, line);
    for (const child of token.children ?? []) if (child.type === "html_inline") inspect(child.content, line);
  }
  return problems;
}

/** `#` with nothing after it: no heading at all rather than an empty one. */
function dropEmptyHeadings(md: MarkdownIt): MarkdownIt {
  md.core.ruler.push("drop_empty_headings", (state) => {
    const tokens = state.tokens;
    for (let i = tokens.length - 3; i >= 0; i--) {
      if (
        tokens[i]!.type === "heading_open" &&
        tokens[i + 1]!.type === "inline" &&
        tokens[i + 1]!.content.trim() === "" &&
        tokens[i + 2]!.type === "heading_close"
      ) {
        tokens.splice(i, 3);
      }
    }
  });
  return md;
}

function createRawHtmlMarkdown(): MarkdownIt {
  const md = dropEmptyHeadings(createMarkdown());
  md.set({ html: true });
  const render = md.renderer.render.bind(md.renderer);
  md.renderer.render = (tokens, options, env: PhotoEnv | undefined) =>
    renderSanitised(tokens, env, (t, e) => render(t, options, e));
  return md;
}

let rawHtmlMarkdown: MarkdownIt | undefined;
const plainMarkdown = dropEmptyHeadings(createMarkdown());

/** The Markdown renderer a site's settings ask for. */
export function markdownFor(settings: SiteSettings): MarkdownIt {
  if (!settings.markdown.html) return plainMarkdown;
  return (rawHtmlMarkdown ??= createRawHtmlMarkdown());
}
