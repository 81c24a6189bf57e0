/**
 * Article addresses mirror gov.cn:
 *   /{section}/{YYYYMM}/{DD}/content_WS{id}.html   when the article has an id
 *   /{section}/{YYYYMM}/{DD}/{slug-of-title}.html   otherwise
 * and, for an article in Chinese, www.gov.cn:
 *   /{section}/{YYYY-MM}/{DD}/content_{id}.htm       with its 7-digit id (manuscriptId)
 *   /{section}/{YYYY-MM}/{DD}/{YYYYMMDD}-{hash}.htm  otherwise
 * The date is the publication date in the site's time zone. A Chinese title
 * has no slug a reader could read (a percent-encoded title is unreadable, a
 * pinyin one needs a dictionary and reads ambiguously), so a Chinese article
 * without an id is named by its date and a short hash of its file's path in
 * the content folder: stable when the title is edited, moved only with the file.
 */
import { createHash } from "node:crypto";
import { twoDigits } from "../time/format.ts";
import { wallClock } from "../time/instant.ts";
import { isChinese } from "../language.ts";

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
  /** The article's language: a Chinese one (`zh`, `zh-CN`) takes www.gov.cn's address. */
  language?: string;
  /** The file's path in the content folder (`guowuyuan/wang-yong.md`): a Chinese article without an id is named by it. */
  contentPath?: string;
}

/** A Chinese article's page name without an id: `20210722-3fa9c2d1`, its date and the hash of its file's path. */
export function chineseSlug(contentPath: string, w: { year: number; month: number; day: number }): string {
  const hash = createHash("sha1").update(contentPath).digest("hex").slice(0, 8);
  return `${w.year}${twoDigits(w.month)}${twoDigits(w.day)}-${hash}`;
}

/** Site-root-relative URL of an article page, starting with `/`. */
export function articleUrl(parts: UrlParts, timeZone: string): string {
  const w = wallClock(parts.publishedMs, timeZone);
  const section = parts.section ? `/${parts.section}` : "";
  if (parts.language && isChinese(parts.language)) {
    const name = parts.id ? `content_${parts.id}` : chineseSlug(parts.contentPath ?? parts.title, w);
    return `${section}/${w.year}-${twoDigits(w.month)}/${twoDigits(w.day)}/${name}.htm`;
  }
  const yyyymm = `${w.year}${twoDigits(w.month)}`;
  const dd = twoDigits(w.day);
  const name = parts.id ? `content_WS${parts.id}` : slugify(parts.title);
  return `${section}/${yyyymm}/${dd}/${name}.html`;
}
