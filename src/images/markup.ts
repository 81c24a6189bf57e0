/**
 * The markup of a photo: a <figure> with a <picture> offering AVIF and WebP
 * and a JPEG (PNG for transparency) fallback in several widths, the size on
 * the <img> so nothing shifts while it loads, and the caption as written.
 */
import { html, type SafeHtml } from "../html.ts";
import { linkSitePaths } from "../html-urls.ts";
import type { ProcessedPhoto, Variant, VariantFormat } from "./encode.ts";

/** Where variants are published in the site. */
export const PHOTOS_URL = "/photos/";

/** The article column is 840px wide on desktop (960 less padding), the screen on phones. */
export const COLUMN_WIDTH = 840;

/** How wide the photo shows: the column, or less for a narrower photo (it is never stretched). */
export function sizesFor(largestWidth: number): string {
  const shown = Math.min(largestWidth, COLUMN_WIDTH);
  return `(max-width: ${shown}px) 100vw, ${shown}px`;
}

const MIME: Record<VariantFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpeg: "image/jpeg",
  png: "image/png",
};

export function photoUrl(variant: Variant): string {
  return `${PHOTOS_URL}${variant.file}`;
}

function srcset(variants: readonly Variant[]): string {
  return variants.map((v) => `${photoUrl(v)} ${v.width}w`).join(", ");
}

export interface FigureText {
  alt: string;
  caption?: string;
  /** The lead photo loads at once; others when they come near the screen. */
  lead: boolean;
}

function figcaption(caption: string | undefined): SafeHtml | undefined {
  return caption ? html`\n<figcaption>${caption}</figcaption>` : undefined;
}

function figureClass(lead: boolean): string {
  return lead ? "photo photo--lead" : "photo";
}

export function figureHtml(photo: ProcessedPhoto, text: FigureText): SafeHtml {
  const byFormat = (format: VariantFormat) => photo.variants.filter((v) => v.format === format);
  const fallbackFormat: VariantFormat = photo.hasAlpha ? "png" : "jpeg";
  const fallbacks = byFormat(fallbackFormat);
  // The <img> src for browsers without srcset: the 1200 (or the largest below it).
  const img = [...fallbacks].reverse().find((v) => v.width <= 1200) ?? fallbacks[0]!;
  const loading = text.lead ? html`loading="eager" fetchpriority="high"` : html`loading="lazy" decoding="async"`;
  const sizes = sizesFor(Math.max(...fallbacks.map((v) => v.width)));
  return html`<figure class="${figureClass(text.lead)}">
<picture>
<source type="${MIME.avif}" srcset="${srcset(byFormat("avif"))}" sizes="${sizes}">
<source type="${MIME.webp}" srcset="${srcset(byFormat("webp"))}" sizes="${sizes}">
<img src="${photoUrl(img)}" srcset="${srcset(fallbacks)}" sizes="${sizes}" width="${img.width}" height="${img.height}" alt="${text.alt}" ${loading}>
</picture>${figcaption(text.caption)}
</figure>
`;
}

/** A remote photo the site chose to link as it is (images.remote: "link"): no variants, no size. */
export function remoteFigureHtml(url: string, text: FigureText): SafeHtml {
  const loading = text.lead ? html`loading="eager"` : html`loading="lazy" decoding="async"`;
  return html`<figure class="${figureClass(text.lead)}">
<img src="${url}" alt="${text.alt}" ${loading}>${figcaption(text.caption)}
</figure>
`;
}

/** Photo URLs in body markup for a page's links: they are site paths like any other (src/html-urls.ts linkSitePaths). */
export const linkPhotoUrls = linkSitePaths;
