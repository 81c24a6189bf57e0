/**
 * One article file → a typed Article or the problems with it: read (at
 * most 1 MiB of strict UTF-8), split the front matter, validate it, render
 * the Markdown body. Synchronous and free of the photo pipeline; articles
 * with photos are finished by the loader (src/article/load.ts).
 */
import { readFileSync, statSync, type Stats } from "node:fs";
import type { z } from "zod";
import type { ContentProblem } from "../errors.ts";
import { bodyCleanedMessage, cleanBody, quoted } from "../characters.ts";
import { nearestName } from "../suggest.ts";
import { clipped, valueAt, wrongType, YAML_WORDS } from "../zod-words.ts";
import type { SiteSettings } from "../site/settings.ts";
import { formatUpdated } from "../time/format.ts";
import type { Article, ArticlePhoto, SocialImage } from "./article.ts";
import { FrontMatterError, lineOfField, splitArticle, type SplitArticle } from "./frontmatter.ts";
import { parseBody, renderTokens, textOfTokens } from "./render.ts";
import { markdownFor, rawImageProblems } from "./site-markdown.ts";
import { FRONT_MATTER_FIELDS, FrontMatterSchema, type FrontMatter } from "./schema.ts";
import { articleUrl } from "./url.ts";

/** The photos of an article, as assembleArticle takes them. */
export interface AssembledPhotos {
  lead?: ArticlePhoto;
  social?: SocialImage;
  /** URLs of remote photos linked as they are (images.remote: "link"). */
  remote?: readonly string[];
}

export const MAX_FILE_BYTES = 1024 * 1024;

/** The fields of the lead photo, the one group in front matter. */
const IMAGE_FIELDS = ["src", "alt", "caption"];

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { field: string; message: string; detail?: string }[] {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    // Inside a group (image) the group is named too, and its own fields suggested: `image.captoin` → `caption`.
    const known = issue.path.length === 0 ? FRONT_MATTER_FIELDS : IMAGE_FIELDS;
    return issue.keys.map((key) => {
      const suggestion = nearestName(key, known);
      return {
        field: [...issue.path, key].join("."),
        message: `unknown field${suggestion ? `; did you mean \`${suggestion}\`?` : ""}`,
        detail: `known fields${issue.path.length === 0 ? "" : ` of ${field}`}: ${known.join(", ")}`,
      };
    });
  }
  const value = valueAt(data, issue.path);
  if (issue.code === "invalid_type") {
    // YAML reads 2024, true or 6100e123 as a number or a boolean: quoting keeps them text.
    const hint = issue.expected === "string" && (typeof value === "number" || typeof value === "boolean") ? ` (YAML read ${JSON.stringify(value)}); put the value in quotes` : "";
    return [{ field, message: wrongType(YAML_WORDS, issue, value, hint) }];
  }
  // Every message of the schema is ours; zod's own wording ("Too big: expected …") never reaches a user.
  const message = issue.code === "custom" || !ZOD_WORDING.test(issue.message) ? issue.message : "is not a value this field takes";
  const shown = typeof value === "string" && !message.startsWith('"') ? `${quoted(clipped(value))} ` : "";
  return [{ field, message: `${shown}${message}` }];
}

/** zod's default messages start so: a schema check that lacks a message of ours. */
const ZOD_WORDING = /^(Invalid|Too (big|small)|Expected|Unrecognized|Required|Input not)/;

export interface ParsedArticle {
  article?: Article;
  /** Errors: when there are any, there is no article. */
  problems: ContentProblem[];
  warnings?: ContentProblem[];
}

/** Front matter validated, body not yet rendered. */
export interface CheckedArticle {
  fm: FrontMatter;
  split: SplitArticle;
  /** What was changed in the body (controls a feed cannot carry), as warnings. */
  warnings?: ContentProblem[];
}

/** For `--verbose`: the file's own line, numbered, under the one-line message. Computed only on error. */
export function withSourceLine(problems: ContentProblem[], text: string): ContentProblem[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  return problems.map((p) => {
    if (p.line === undefined || p.line > lines.length) return p;
    const source = lines[p.line - 1]!;
    const shown = `${p.line} | ${source.length > 120 ? `${source.slice(0, 120)}…` : source}`;
    return { ...p, detail: p.detail ? `${shown}\n${p.detail}` : shown };
  });
}

/** Splits and validates one article's text. */
export function checkArticle(text: string, file: string, dates: DateRange = DEFAULT_DATES): { checked?: CheckedArticle; problems: ContentProblem[] } {
  let split;
  try {
    split = splitArticle(text);
  } catch (error) {
    if (error instanceof FrontMatterError) {
      if (error.detail) return { problems: [{ file, line: error.line, message: error.message, detail: error.detail }] };
      return { problems: withSourceLine([{ file, line: error.line, message: error.message }], text) };
    }
    throw error;
  }
  if (split.data === null || typeof split.data !== "object" || Array.isArray(split.data)) {
    return { problems: withSourceLine([{ file, line: 2, message: "front matter must be a set of `field: value` lines" }], text) };
  }
  const result = FrontMatterSchema.safeParse(split.data);
  if (!result.success) {
    const problems: ContentProblem[] = [];
    for (const issue of result.error.issues) {
      for (const { field, message, detail } of describeIssue(issue, split.data)) {
        const line = lineOfField(split.yaml, field.split("."));
        problems.push({ file, line, field, message, ...(detail ? { detail } : {}) });
      }
    }
    return { problems: withSourceLine(problems, text) };
  }
  const fm = result.data;
  const dateProblems = (["updated", "published"] as const).flatMap((field) => {
    const message = fm[field] && yearProblem(fm[field].iso, dates);
    return message ? [{ file, line: lineOfField(split.yaml, [field]), field, message }] : [];
  });
  if (dateProblems.length > 0) return { problems: withSourceLine(dateProblems, text) };
  // Controls a feed cannot carry (Word's Shift+Enter is a vertical tab): line breaks or nothing, and said.
  const cleaned = cleanBody(split.body);
  if (!cleaned.changed) return { checked: { fm, split }, problems: [] };
  const warning: ContentProblem = { file, line: split.bodyLine + cleaned.changed.line - 1, severity: "warning", message: bodyCleanedMessage(cleaned.changed) };
  return { checked: { fm, split: { ...split, body: cleaned.body }, warnings: [warning] }, problems: [] };
}

/** The years dates may name unless site.json says otherwise (`"dates": { "earliest", "latest" }`). */
export const DEFAULT_DATES: DateRange = { earliest: 1900, latest: 2200 };
export type DateRange = SiteSettings["dates"];

/** A date whose year, as written, lies outside the range is taken for a typo of the century. */
function yearProblem(iso: string, dates: DateRange): string | undefined {
  const year = Number(iso.slice(0, 4));
  if (year < dates.earliest) {
    return `${quoted(iso)} is in the year ${iso.slice(0, 4)}, before ${dates.earliest}; check the century (site.json's "dates": { "earliest": … } allows earlier years)`;
  }
  if (year > dates.latest) {
    return `${quoted(iso)} is in the year ${iso.slice(0, 4)}, after ${dates.latest}; check the year (site.json's "dates": { "latest": … } allows later years)`;
  }
  return undefined;
}

export function assembleArticle({ fm }: CheckedArticle, file: string, settings: SiteSettings, body: { html: string; text: string }, photos?: AssembledPhotos): Article {
  const published = fm.published ?? fm.updated;
  return {
    file,
    title: fm.title,
    updated: fm.updated,
    published,
    source: fm.source,
    dateline: fm.dateline,
    section: fm.section,
    id: fm.id,
    summary: fm.summary,
    tags: fm.tags,
    draft: fm.draft,
    language: fm.language ?? settings.language,
    url: articleUrl({ section: fm.section, id: fm.id, title: fm.title, publishedMs: published.epochMs }, settings.timeZone),
    updatedText: formatUpdated(fm.updated.epochMs, settings.timeZone),
    bodyHtml: body.html,
    bodyText: body.text,
    ...(photos?.lead ? { image: photos.lead } : {}),
    ...(photos?.social ? { socialImage: photos.social } : {}),
    ...(photos?.remote?.length ? { remoteImages: [...photos.remote] } : {}),
  };
}

/**
 * A headline with no text is published (a flash), but is most often a
 * mistake: say so, with or without a lead photo. The one place an
 * article's warnings are gathered, for both loading paths.
 */
export function bodyWarnings({ fm, split, warnings = [] }: CheckedArticle, file: string): ContentProblem[] | undefined {
  if (split.body.trim() !== "") return warnings.length > 0 ? warnings : undefined;
  const shows = fm.image ? "the title, the info line and the lead photo" : "the title and info line";
  return [...warnings, { file, severity: "warning", message: `the article has no body; its page shows only ${shows}` }];
}

/** A body or front matter that references photos needs the (async) photo pipeline. */
export function hasPhotos({ fm, split }: CheckedArticle): boolean {
  return fm.image !== undefined || split.body.includes("![");
}

/** An article without photos, rendered synchronously. */
export function articleWithoutPhotos(checked: CheckedArticle, file: string, settings: SiteSettings): ParsedArticle {
  const md = markdownFor(settings);
  // One parse gives both the HTML and the plain text (the text before the dateline is added).
  const tokens = parseBody(checked.split.body, md);
  if (settings.markdown.html) {
    const problems = rawImageProblems(tokens, file, checked.split.bodyLine);
    if (problems.length > 0) return { problems };
  }
  const text = textOfTokens(tokens);
  const body = { html: renderTokens(tokens, checked.fm.dateline, {}, md), text };
  const warnings = bodyWarnings(checked, file);
  return { article: assembleArticle(checked, file, settings, body), problems: [], ...(warnings ? { warnings } : {}) };
}

/** One content file → Article or problems. Pure apart from the given text; photos are not processed (see ArticleLoader). */
export function parseArticle(text: string, file: string, settings: SiteSettings): ParsedArticle {
  const { checked, problems } = checkArticle(text, file, settings.dates);
  if (!checked) return { problems };
  return articleWithoutPhotos(checked, file, settings);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeUtf8(bytes: Buffer, file: string): string | ContentProblem {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Locate the first bad byte for the message: lenient decoding marks it U+FFFD.
    const lenient = bytes.toString("utf8");
    const line = lenient.slice(0, Math.max(lenient.indexOf("\uFFFD"), 0)).split("\n").length;
    return { file, line, message: "is not valid UTF-8 text; save it as UTF-8" };
  }
}

/** A file's identity for caches: it changed if its size, modification time or inode did. */
export function stampOf(info: Stats): string {
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}

/** What reading one file gives: an article, or problems, or, for an article with photos, its checked text for the photo pipeline. */
export interface FileResult {
  stamp: string;
  article?: Article;
  problems: ContentProblem[];
  warnings?: ContentProblem[];
  /** Set when the article references photos: checked, not rendered here (src/article/load.ts finishes it). */
  withPhotos?: CheckedArticle;
}

/** Reads, checks and (without photos) renders one file. Plain data out, so it can cross threads. */
export function readArticleFile(absolute: string, file: string, settings: SiteSettings, info: Stats = statSync(absolute)): FileResult {
  const stamp = stampOf(info);
  // Synchronous reads: thousands of small files read faster without a thread-pool round trip per call (issue 8).
  if (info.size > MAX_FILE_BYTES) {
    return { stamp, problems: [{ file, message: `is ${info.size} bytes; an article may be at most ${MAX_FILE_BYTES} bytes (1 MiB)` }] };
  }
  const text = decodeUtf8(readFileSync(absolute), file);
  if (typeof text !== "string") return { stamp, problems: [text] };
  const { checked, problems } = checkArticle(text, file, settings.dates);
  if (!checked) return { stamp, problems };
  if (hasPhotos(checked)) return { stamp, problems: [], withPhotos: checked };
  return { stamp, ...articleWithoutPhotos(checked, file, settings) };
}
