/**
 * Article addresses mirror gov.cn:
 *   /{section}/{YYYYMM}/{DD}/content_WS{id}.html   when the article has an id
 *   /{section}/{YYYYMM}/{DD}/{slug-of-title}.html   otherwise
 * The date is the publication date in the site's time zone.
 */
import { createHash } from "node:crypto";
import { twoDigits } from "../time/format.ts";
import { wallClock } from "../time/instant.ts";

const MAX_SLUG = 80;

/** `tajik-president-chinese-defense-minister-agree-to-enhance-cooperation` */
export function slugify(title: string): string {
  const ascii = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = ascii.length > MAX_SLUG ? ascii.slice(0, MAX_SLUG).replace(/-[^-]*$/, "") : ascii;
  // A title with no Latin letters (Chinese, say) still needs a stable address.
  return cut || `article-${createHash("sha1").update(title).digest("hex").slice(0, 10)}`;
}

export interface UrlParts {
  section?: string;
  id?: string;
  title: string;
  publishedMs: number;
}

/** Site-root-relative URL of an article page, starting with `/`. */
export function articleUrl(parts: UrlParts, timeZone: string): string {
  const w = wallClock(parts.publishedMs, timeZone);
  const yyyymm = `${w.year}${twoDigits(w.month)}`;
  const dd = twoDigits(w.day);
  const name = parts.id ? `content_WS${parts.id}` : slugify(parts.title);
  const section = parts.section ? `/${parts.section}` : "";
  return `${section}/${yyyymm}/${dd}/${name}.html`;
}
