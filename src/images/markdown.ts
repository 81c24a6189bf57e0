/**
 * Photos in an article body: `![alt](photo.jpg "caption")` in a paragraph of
 * its own becomes a <figure>. The loader collects the references from the
 * parsed tokens, processes them, and hands the markup to the renderer through
 * markdown-it's env, keyed by token, so the body is parsed only once.
 */
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

export interface BodyPhotoRef {
  token: Token;
  /** The path as written (percent-escapes decoded). */
  src: string;
  /** undefined when the Markdown gives none: `![](photo.jpg)`; `![""](photo.jpg)` is decorative, alt "". */
  alt: string | undefined;
  caption?: string;
  /** 0-based line in the body. */
  line: number;
  /** The only thing in its paragraph (so the paragraph can become a figure). */
  standalone: boolean;
}

export interface PhotoEnv {
  photos?: Map<Token, string>;
}

function decodePath(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

/** Finds the body's photos, and marks paragraphs holding only photos so they render as bare figures. */
export function collectBodyPhotos(tokens: Token[]): BodyPhotoRef[] {
  const refs: BodyPhotoRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== "inline" || !inline.children?.some((c) => c.type === "image")) continue;
    const open = tokens[i - 1];
    const close = tokens[i + 1];
    const inParagraph = open?.type === "paragraph_open" && close?.type === "paragraph_close";
    const standalone =
      inParagraph &&
      inline.children.every(
        (c) => c.type === "image" || c.type === "softbreak" || (c.type === "text" && c.content.trim() === ""),
      );
    if (standalone) {
      open!.hidden = true;
      close!.hidden = true;
    }
    let line = inline.map?.[0] ?? open?.map?.[0] ?? 0;
    for (const child of inline.children) {
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      if (child.type !== "image") continue;
      // The alt as text, as markdown-it renders it: `![A *tea* caravan]` → "A tea caravan".
      const text = (child.children ?? []).map((c) => c.content).join("");
      refs.push({
        token: child,
        src: decodePath(child.attrGet("src") ?? ""),
        alt: child.content.trim() === '""' ? "" : text.trim() === "" ? undefined : text,
        caption: child.attrGet("title") || undefined,
        line,
        standalone,
      });
    }
  }
  return refs;
}

/** Renders body images from `env.photos`; an image the loader did not process keeps markdown-it's markup. */
export function installPhotoRule(md: MarkdownIt): void {
  const fallback = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env: PhotoEnv, self) =>
    env.photos?.get(tokens[idx]!) ?? fallback(tokens, idx, options, env, self);
}
