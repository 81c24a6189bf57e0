/**
 * ImportedPage → article file text (front matter written by `yaml`, body as
 * escaped Markdown), checked by the same parser and schema the build uses
 * before anything is written, and the one place that decides where it goes.
 */
import path from "node:path";
import { stringify } from "yaml";
import { indexArticle, type IndexedArticle } from "../article/index-article.ts";
import { MAX_FILE_BYTES, readArticle } from "../article/read-article.ts";
import { slugify } from "../article/url.ts";
import { formatProblem } from "../errors.ts";
import { isWithin } from "../folders.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { isoDay, toOffsetIso } from "../time/format.ts";
import { wallClock } from "../time/instant.ts";
import { idTimeMs, isManuscriptId, type PageAddress } from "./address.ts";
import { CAPTION_CREDIT } from "./body.ts";
import { keptMarkdown } from "./inline.ts";
import { escapeImageText, escapeLineStart, escapeParagraph, imageDestination } from "./markdown.ts";
import { ImportError, type BodyBlock, type ImportedPage, type ImportedPhoto } from "./model.ts";

/** `DUSHANBE — `, `WASHINGTON, D.C. — `, `HONG KONG — `: an upper-case place, space, em dash, space. */
const DATELINE = /^(\p{Lu}(?:[\p{Lu}\p{M}\d .,'’&-]{0,78}[\p{Lu}\p{M}.])?) \u2014 (\S.*)$/su;

/**
 * `新华社石家庄7月31日电 `, `本报北京7月31日讯 `: a Chinese agency dateline, the text before the first word, ending
 * 电 (wire) or 讯 (report) and followed by a space on the page (as the mirror prints it back).
 */
const CHINESE_DATELINE = /^(\S{2,40}?[电讯]) (\S.*)$/su;

export function splitDateline(paragraph: string, language = "en"): { dateline: string; rest: string } | undefined {
  if (/^zh\b/i.test(language)) {
    const m = CHINESE_DATELINE.exec(paragraph);
    // A dateline names a place and a day: it holds the day's 日.
    return m && m[1]!.includes("日") ? { dateline: m[1]!, rest: m[2]! } : undefined;
  }
  const m = DATELINE.exec(paragraph);
  if (!m || !/\p{Lu}{2}/u.test(m[1]!)) return undefined;
  return { dateline: m[1]!, rest: m[2]! };
}

export interface FrontMatterFields {
  title: string;
  updated: string;
  published?: string;
  source: string;
  dateline?: string;
  section?: string;
  id?: string;
  editor?: string;
  language?: string;
  /** Provenance: where the page was captured from, when, and the saved file's SHA-256 (src/import/batch.ts). */
  original_url?: string;
  captured?: string;
  source_sha256?: string;
  /** An older capture kept beside the latest (`--keep-history`). */
  revision?: boolean;
}

export interface PreparedArticle {
  frontMatter: FrontMatterFields;
  body: BodyBlock[];
  warnings: string[];
}

const MINUTE = 60_000;

/** Combines what the page says with what its address says, and checks they agree. */
export function prepareArticle(page: ImportedPage, address: PageAddress): PreparedArticle {
  const warnings = [...page.warnings];
  const body = [...page.body];
  const frontMatter: FrontMatterFields = { title: page.title, updated: page.updated, source: page.source };
  if (page.published) frontMatter.published = page.published;
  // The renderer opens the first paragraph of text with the dateline; photos before it stand as figures of their own.
  const firstText = body.findIndex((block) => block.kind === "paragraph");
  const first = body[firstText];
  const split = first?.kind === "paragraph" ? splitDateline(first.text, page.language) : undefined;
  if (split && first?.kind === "paragraph") {
    frontMatter.dateline = split.dateline;
    body[firstText] = { kind: "paragraph", text: split.rest, ...restMarkdown(first, split) };
  }
  for (const [i, block] of body.entries()) {
    if (block.kind !== "photo" || block.photo.alt) continue;
    // A photo needs a description; gov.cn pages often give none, but the caption says what it shows.
    const described = block.photo.caption?.replace(CAPTION_CREDIT, "").trim();
    if (described) body[i] = { kind: "photo", photo: { ...block.photo, alt: described } };
    // The build refuses a photo without alt text: the article is not written (an explicit alt="" is decorative, and builds).
    else if (block.photo.alt === undefined) {
      throw new ImportError(
        `photo ${block.photo.src} has no alt text and no caption to describe it; add alt="what it shows" to its <img> in the saved page (alt="" if it is decorative) and import it again`,
      );
    }
  }
  // The address is where the page was; a breadcrumb names a column, which is not always the address's folder.
  const section = address.section ?? page.section;
  if (section) frontMatter.section = section;
  if (address.id) frontMatter.id = address.id;
  if (page.editor) frontMatter.editor = page.editor;
  if (page.language) frontMatter.language = page.language;
  if (address.id && !isManuscriptId(address.id)) {
    const idMs = idTimeMs(address.id);
    const updatedMs = Date.parse(page.updated);
    if (Math.floor(idMs / MINUTE) !== Math.floor(updatedMs / MINUTE)) {
      warnings.push(
        `id ${address.id} dates the page ${toOffsetIso(idMs, "Asia/Shanghai")} (its first 8 hex digits are Unix seconds), but it says Updated ${page.updated}`,
      );
      // The address is dated by first publication; keep it where the original was.
      if (
        !frontMatter.published &&
        address.date &&
        beijingDate(idMs) === address.date &&
        beijingDate(updatedMs) !== address.date
      ) {
        frontMatter.published = toOffsetIso(Math.floor(idMs / 1000) * 1000, "Asia/Shanghai");
      }
    }
  }
  if (address.date && (!address.id || isManuscriptId(address.id))) {
    const dated = Date.parse(frontMatter.published ?? frontMatter.updated);
    if (beijingDate(dated) !== address.date)
      warnings.push(
        `the address is dated ${address.date}, the page ${frontMatter.published ?? frontMatter.updated}; the mirror's address follows the page`,
      );
  }
  return { frontMatter, body, warnings };
}

/** The first paragraph's Markdown without its dateline, when the Markdown starts with it as plain text. */
function restMarkdown(
  paragraph: { markdown?: string },
  split: { dateline: string; rest: string },
): { markdown?: string } {
  const prefix = `${escapeParagraph(split.dateline)} `;
  if (!paragraph.markdown?.startsWith(prefix)) return {};
  const markdown = keptMarkdown(split.rest, escapeLineStart(paragraph.markdown.slice(prefix.length)));
  return markdown ? { markdown } : {};
}

function beijingDate(epochMs: number): string {
  return isoDay(wallClock(epochMs, "Asia/Shanghai"));
}

export function photoMarkdown(photo: ImportedPhoto): string {
  const title = photo.caption ? ` "${escapeImageText(photo.caption)}"` : "";
  // `![""]` is how an article marks a photo decorative.
  const alt = photo.alt ? escapeImageText(photo.alt) : '""';
  return `![${alt}](${imageDestination(photo.src)}${title})`;
}

export function bodyMarkdown(body: readonly BodyBlock[]): string {
  return body
    .map((block) =>
      block.kind === "paragraph" ? (block.markdown ?? escapeParagraph(block.text)) : photoMarkdown(block.photo),
    )
    .join("\n\n");
}

export function articleText(prepared: PreparedArticle): string {
  // Field order as in docs/writing.md; `yaml` quotes whatever would not read back as the same text (ids like 6100e123…).
  const markdown = bodyMarkdown(prepared.body);
  return `---\n${stringify(prepared.frontMatter, { lineWidth: 0 })}---\n${markdown}${markdown ? "\n" : ""}`;
}

/**
 * Reads the text back exactly as a build reads it (the article pipeline's
 * first stage), so a file that would stop the build is never written.
 * Returns where the build will put it. The body is not rendered: what
 * import writes is escaped text and Markdown photos (checked on their own,
 * as a build checks them), which a build's rendering cannot refuse.
 */
export function checkArticleText(text: string, file: string, settings: SiteSettings): IndexedArticle {
  // A build refuses a larger file unread.
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_FILE_BYTES) {
    throw new ImportError(
      `the article would be ${bytes} bytes, and a build reads no article over ${MAX_FILE_BYTES} bytes (1 MiB); not written`,
    );
  }
  const { checked, problems } = readArticle(text, file, settings.dates);
  if (!checked) throw new ImportError(`would not build: ${problems.map(formatProblem).join("; ")}`);
  return indexArticle(checked, file, settings);
}

/**
 * Where the article goes below the output folder: its section's folders,
 * then `content_WS{id}.md` (`content_{id}.md` for www.gov.cn's 7-digit ids) or the title's slug. Both come out of validated
 * fields (section segments are [a-z0-9_-], ids are hex, slugs [a-z0-9-]),
 * and the result is checked to stay inside the folder anyway.
 */
export function articlePath(outDir: string, fields: Pick<FrontMatterFields, "section" | "id" | "title">): string {
  const name = fields.id
    ? `content_${isManuscriptId(fields.id) ? "" : "WS"}${fields.id}.md`
    : `${slugify(fields.title)}.md`;
  const target = path.resolve(outDir, ...(fields.section ? fields.section.split("/") : []), name);
  if (!isWithin(path.resolve(outDir), target)) throw new ImportError(`refusing to write outside ${outDir}: ${target}`);
  return target;
}
