/**
 * The Markdown renderer a site gets. Empty headings (`#` alone on a line)
 * are dropped: they would be markup without text.
 *
 * Raw HTML in article bodies, for sites that turn it on (`"markdown":
 * {"html": true}` in site.json): markdown-it passes the HTML through, and
 * sanitize-html (a maintained allow-list sanitiser) then keeps only
 * structural and text markup — no <script>, <style>, <iframe> or forms, no
 * `on*=` handlers or style attributes, and URLs only with safe schemes.
 * Off by default: then HTML in Markdown is shown as text.
 */
import type MarkdownIt from "markdown-it";
import { createRequire } from "node:module";
import type sanitizeHtml from "sanitize-html";
import type { SiteSettings } from "../site/settings.ts";
import { createMarkdown } from "./render.ts";

// Loaded on first use (0.1 s of start-up, and only sites with `markdown.html` on need it).
let sanitizer: typeof sanitizeHtml | undefined;
function sanitizerModule(): typeof sanitizeHtml {
  return (sanitizer ??= createRequire(import.meta.url)("sanitize-html") as typeof sanitizeHtml);
}

/** Every tag in sanitize-html's default allow-list but `style`, plus figures and pictures. */
const EXTRA_TAGS = ["img", "figure", "figcaption", "picture", "source", "del", "ins", "sub", "sup", "small"];

let allowedTags: string[] | undefined;

export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  get allowedTags() {
    return (allowedTags ??= [...sanitizerModule().defaults.allowedTags.filter((tag) => tag !== "style"), ...EXTRA_TAGS]);
  },
  allowedAttributes: {
    a: ["href", "title", "id"],
    img: ["src", "srcset", "alt", "title", "width", "height"],
    source: ["srcset", "type", "media"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
    ol: ["start"],
    "*": ["lang", "dir"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: [], source: [] }, // images from this site only: pages load nothing remote
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
};

export function sanitizeBodyHtml(markup: string): string {
  return sanitizerModule()(markup, SANITIZE_OPTIONS);
}

/** `#` with nothing after it: no heading at all rather than an empty one. */
function dropEmptyHeadings(md: MarkdownIt): MarkdownIt {
  md.core.ruler.push("drop_empty_headings", (state) => {
    const tokens = state.tokens;
    for (let i = tokens.length - 3; i >= 0; i--) {
      if (tokens[i]!.type === "heading_open" && tokens[i + 1]!.type === "inline" && tokens[i + 1]!.content.trim() === "" && tokens[i + 2]!.type === "heading_close") {
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
  md.renderer.render = (tokens, options, env) => sanitizeBodyHtml(render(tokens, options, env));
  return md;
}

let rawHtmlMarkdown: MarkdownIt | undefined;
const plainMarkdown = dropEmptyHeadings(createMarkdown());

/** The Markdown renderer a site's settings ask for. */
export function markdownFor(settings: SiteSettings): MarkdownIt {
  if (!settings.markdown.html) return plainMarkdown;
  return (rawHtmlMarkdown ??= createRawHtmlMarkdown());
}
