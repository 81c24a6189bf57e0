/**
 * Stage 1 of the article pipeline (read → index → render): one article
 * file's bytes → its front matter, checked, and its body, or the problems
 * with it: at most 1 MiB of strict UTF-8, front matter that splits, parses
 * as YAML and passes the schema, dates within the site's years. Nothing is
 * rendered and no photo looked at: what `newsmirror import` needs to know
 * the articles already there (with ./index-article.ts), and the first step
 * of every build, dev-server reload and `newsmirror check` (./load.ts).
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync, type Stats } from "node:fs";
import type { z } from "zod";
import type { ContentProblem } from "../errors.ts";
import { bodyCleanedMessage, cleanBody, quoted } from "../characters.ts";
import { stampOf } from "../file-stamp.ts";
import { isChinese } from "../language.ts";
import { nearestName } from "../suggest.ts";
import { clipped, valueAt, wrongType, YAML_WORDS } from "../zod-words.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { FrontMatterError, lineOfField, splitArticle, type SplitArticle } from "./frontmatter.ts";
import { FRONT_MATTER_FIELDS, FrontMatterSchema, type FrontMatter } from "./schema.ts";

export const MAX_FILE_BYTES = 1024 * 1024;

/** The fields of the groups in front matter: the lead photo, each correction. */
const GROUP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  image: ["src", "alt", "caption"],
  corrections: ["date", "text"],
};

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { field: string; message: string; detail?: string }[] {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    // Inside a group (image) the group is named too, and its own fields suggested: `image.captoin` → `caption`.
    const known = issue.path.length === 0 ? FRONT_MATTER_FIELDS : (GROUP_FIELDS[String(issue.path[0])] ?? []);
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
    const hint =
      issue.expected === "string" && (typeof value === "number" || typeof value === "boolean")
        ? ` (YAML read ${JSON.stringify(value)}); put the value in quotes`
        : "";
    return [{ field, message: wrongType(YAML_WORDS, issue, value, hint) }];
  }
  // Every message of the schema is ours; zod's own wording ("Too big: expected …") never reaches a user.
  const message =
    issue.code === "custom" || !ZOD_WORDING.test(issue.message) ? issue.message : "is not a value this field takes";
  const shown = typeof value === "string" && !message.startsWith('"') ? `${quoted(clipped(value))} ` : "";
  return [{ field, message: `${shown}${message}` }];
}

/** zod's default messages start so: a schema check that lacks a message of ours. */
const ZOD_WORDING = /^(Invalid|Too (big|small)|Expected|Unrecognized|Required|Input not)/;

/** Front matter checked, body not yet rendered: what stage 1 gives the next two. */
export interface CheckedArticle {
  /** The file's path and bytes, hashed (sourceHash): the start of the article's `hash`. */
  source: string;
  fm: FrontMatter;
  split: SplitArticle;
  /** What was changed in the body (controls a feed cannot carry), as warnings. */
  warnings?: ContentProblem[];
}

/** What reading one article gives: the checked article, or the problems that stop it. */
export interface ReadResult {
  checked?: CheckedArticle;
  /** Errors: when there are any, there is no checked article. */
  problems: ContentProblem[];
  /** The front matter as YAML read it, when it was read but refused (import still finds a page's id in it). */
  frontMatter?: unknown;
}

/** For `--verbose`: the file's own line, numbered, under the one-line message. Computed only on error. */
function withSourceLine(problems: ContentProblem[], text: string): ContentProblem[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  return problems.map((p) => {
    if (p.line === undefined || p.line > lines.length) return p;
    const source = lines[p.line - 1]!;
    const shown = `${p.line} | ${source.length > 120 ? `${source.slice(0, 120)}…` : source}`;
    return { ...p, detail: p.detail ? `${shown}\n${p.detail}` : shown };
  });
}

/**
 * Stage 1: an article's bytes (or its text) → its checked front matter and
 * body, or its problems. `dates` is site.json's range of years.
 */
export function readArticle(
  source: Uint8Array | string,
  file: string,
  dates = DEFAULT_DATES,
  /** The path its hash is made with (default `file`): the loader's is relative to the content folder. */
  identity = file,
): ReadResult {
  const size = typeof source === "string" ? Buffer.byteLength(source) : source.byteLength;
  if (size > MAX_FILE_BYTES) return { problems: [tooLarge(size, file)] };
  const text = typeof source === "string" ? source : decodeUtf8(source, file);
  if (typeof text !== "string") return { problems: [text] };
  return checkText(text, file, dates, () => sourceHash(identity, source));
}

/**
 * An article file's path (as shown, which the Article carries) and bytes,
 * hashed: what the loader's store compares when a file's stamp changed but
 * its bytes may not have (a fresh clone).
 */
export function sourceHash(file: string, source: Uint8Array | string): string {
  return createHash("sha256").update(file).update("\0").update(source).digest("base64url");
}

/** What the loader knows of an article file before reading it: its stamp is made of these. */
export type FileInfo = Pick<Stats, "size" | "mtimeMs" | "ino">;

/**
 * Stage 1 from the disk: a file too large is refused unread. `stamp` tells
 * a cache whether the file changed since (src/file-stamp.ts).
 */
export function readArticleFile(
  absolute: string,
  file: string,
  dates: DateRange,
  info: FileInfo = statSync(absolute),
): ReadResult & { stamp: string } {
  const stamp = stampOf(info);
  if (info.size > MAX_FILE_BYTES) return { stamp, problems: [tooLarge(info.size, file)] };
  // Synchronous reads: thousands of small files read faster without a thread-pool round trip per call (issue 8).
  return { stamp, ...readArticle(readFileSync(absolute), file, dates) };
}

function tooLarge(size: number, file: string): ContentProblem {
  return { file, message: `is ${size} bytes; an article may be at most ${MAX_FILE_BYTES} bytes (1 MiB)` };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array, file: string): string | ContentProblem {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Locate the first bad byte for the message: lenient decoding marks it U+FFFD.
    const lenient = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    const line = lenient.slice(0, Math.max(lenient.indexOf("\uFFFD"), 0)).split("\n").length;
    return { file, line, message: "is not valid UTF-8 text; save it as UTF-8" };
  }
}

/** Splits and checks one article's text. */
function checkText(text: string, file: string, dates: DateRange, hash: () => string): ReadResult {
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
  const frontMatter = split.data;
  if (frontMatter === null || typeof frontMatter !== "object" || Array.isArray(frontMatter)) {
    const message = "front matter must be a set of `field: value` lines";
    return { problems: withSourceLine([{ file, line: 2, message }], text), frontMatter };
  }
  const result = FrontMatterSchema.safeParse(frontMatter);
  if (!result.success) {
    const problems: ContentProblem[] = [];
    for (const issue of result.error.issues) {
      for (const { field, message, detail } of describeIssue(issue, frontMatter)) {
        const line = lineOfField(split.yaml, field.split("."));
        problems.push({ file, line, field, message, ...(detail ? { detail } : {}) });
      }
    }
    return { problems: withSourceLine(problems, text), frontMatter };
  }
  const fm = result.data;
  const dateProblems: ContentProblem[] = (["updated", "published", "expires"] as const).flatMap((field) => {
    const message = fm[field] && yearProblem(fm[field].iso, dates);
    return message ? [{ file, line: lineOfField(split.yaml, [field]), field, message }] : [];
  });
  dateProblems.push(...timelineProblems(fm, dates, (path) => lineOfField(split.yaml, path), file));
  if (dateProblems.length > 0) return { problems: withSourceLine(dateProblems, text), frontMatter };
  // Controls a feed cannot carry (Word's Shift+Enter is a vertical tab): line breaks or nothing, and said.
  const cleaned = cleanBody(split.body);
  const source = hash();
  if (!cleaned.changed) return { checked: { source, fm, split }, problems: [] };
  const line = split.bodyLine + cleaned.changed.line - 1;
  const warning: ContentProblem = { file, line, severity: "warning", message: bodyCleanedMessage(cleaned.changed) };
  return {
    checked: { source, fm, split: { ...split, body: cleaned.body }, warnings: [warning] },
    problems: [],
  };
}

/**
 * The dates that must follow the publication: an article cannot expire, or be corrected, before it is published
 * (a correction's year is checked as `updated`'s is).
 */
function timelineProblems(
  fm: FrontMatter,
  dates: DateRange,
  lineOf: (path: (string | number)[]) => number | undefined,
  file: string,
): ContentProblem[] {
  const published = fm.published ?? fm.updated;
  const since = fm.published ? "published" : "updated";
  const problems: ContentProblem[] = [];
  if (fm.expires && fm.expires.epochMs <= published.epochMs) {
    const message = `${quoted(fm.expires.iso)} is not after the publication (${since}: ${published.iso}); an article expires after it is published`;
    problems.push({ file, line: lineOf(["expires"]), field: "expires", message });
  }
  for (const [n, correction] of fm.corrections.entries()) {
    const field = `corrections.${n}.date`;
    const year = yearProblem(correction.date.iso, dates);
    if (year) problems.push({ file, line: lineOf(["corrections", n, "date"]), field, message: year });
    else if (correction.date.epochMs < published.epochMs) {
      const message = `${quoted(correction.date.iso)} is before the publication (${since}: ${published.iso}); check the date`;
      problems.push({ file, line: lineOf(["corrections", n, "date"]), field, message });
    }
  }
  return problems;
}

/** The years dates may name unless site.json says otherwise (`"dates": { "earliest", "latest" }`). */
const DEFAULT_DATES: DateRange = { earliest: 1900, latest: 2200 };
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

/**
 * A 7-digit id is www.gov.cn's manuscriptId: it names a Chinese page (`content_5626689.htm`). An article in another
 * language (its own `language`, else the site's) with one is most likely a Chinese article missing `language: zh-CN`,
 * or an English id cut short; either way its address would be wrong, so it is refused, saying which.
 */
export function idLanguageProblem(
  { fm, split }: Pick<CheckedArticle, "fm" | "split">,
  file: string,
  siteLanguage: string,
): ContentProblem | undefined {
  if (!fm.id || !/^[0-9]{7}$/.test(fm.id)) return undefined;
  const language = fm.language ?? siteLanguage;
  if (isChinese(language)) return undefined;
  const whose = fm.language ? `the article's language is ${fm.language}` : `the site's language is ${siteLanguage}`;
  return {
    file,
    line: lineOfField(split.yaml, ["id"]),
    field: "id",
    message: `${quoted(fm.id)} is a www.gov.cn id (7 digits), for Chinese articles only, but ${whose}; add language: zh-CN, or give the English id (24 hex digits)`,
  };
}
