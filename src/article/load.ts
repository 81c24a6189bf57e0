/**
 * Reads a content folder into typed Articles: read → split → validate →
 * render, one file at a time, collecting every problem instead of stopping
 * at the first. A cache keyed by file stamp lets a rebuild (dev server)
 * re-read only the files that changed.
 */
import { readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { ContentError, type ContentProblem } from "../errors.ts";
import type { SiteSettings } from "../site/settings.ts";
import { formatUpdated } from "../time/updated-line.ts";
import type { Article } from "./article.ts";
import { FrontMatterError, lineOfField, splitArticle } from "./frontmatter.ts";
import { renderBodyAndText } from "./render.ts";
import { FRONT_MATTER_FIELDS, FrontMatterSchema } from "./schema.ts";
import { articleUrl } from "./url.ts";

export const MAX_FILE_BYTES = 1024 * 1024;
/** Stop listing problems after this many; the count of the rest is still given. */
export const MAX_REPORTED_PROBLEMS = 50;

export interface LoadOptions {
  contentDir: string;
  settings: SiteSettings;
  /** Directory paths are shown relative to (the project root). */
  displayRoot?: string;
  includeDrafts?: boolean;
}

export interface LoadResult {
  articles: Article[];
  problems: ContentProblem[];
}

/** Lists article files: `*.md` below the folder, skipping dot- and underscore-folders. */
export async function listArticleFiles(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const dir = entry.parentPath ?? (entry as unknown as { path: string }).path;
    const rel = path.relative(contentDir, path.join(dir, entry.name));
    if (rel.split(path.sep).some((part) => part.startsWith(".") || part.startsWith("_"))) continue;
    if (entry.name.toLowerCase() === "readme.md") continue;
    files.push(path.join(dir, entry.name));
  }
  return files.sort();
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function suggestField(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const field of FRONT_MATTER_FIELDS) {
    const d = levenshtein(name.toLowerCase(), field);
    if (d < bestDistance) [best, bestDistance] = [field, d];
  }
  return best;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { field: string; message: string }[] {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const suggestion = suggestField(key);
      return {
        field: key,
        message: `unknown field${suggestion ? `; did you mean \`${suggestion}\`?` : ""} (known fields: ${FRONT_MATTER_FIELDS.join(", ")})`,
      };
    });
  }
  const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], data);
  if (issue.code === "invalid_type") {
    if (value === undefined) return [{ field, message: "is required but missing" }];
    const got = Array.isArray(value) ? "a list" : value === null ? "empty" : `a ${typeof value}`;
    // YAML reads 2024, true or 6100e123 as a number or a boolean: quoting keeps them text.
    const hint = issue.expected === "string" && (typeof value === "number" || typeof value === "boolean") ? ` (YAML read ${JSON.stringify(value)}); put the value in quotes` : "";
    return [{ field, message: `must be ${issue.expected === "string" ? "text" : `a ${issue.expected}`}, but is ${got}${hint}` }];
  }
  const shown = typeof value === "string" && !issue.message.startsWith('"') ? `${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)} ` : "";
  return [{ field, message: `${shown}${issue.message}` }];
}

interface CacheEntry {
  stamp: string;
  article?: Article;
  problems: ContentProblem[];
}

/** One content file → Article or problems. Pure apart from the given text. */
export function parseArticle(text: string, file: string, settings: SiteSettings): { article?: Article; problems: ContentProblem[] } {
  let split;
  try {
    split = splitArticle(text);
  } catch (error) {
    if (error instanceof FrontMatterError) return { problems: [{ file, line: error.line, message: error.message }] };
    throw error;
  }
  if (split.data === null || typeof split.data !== "object" || Array.isArray(split.data)) {
    return { problems: [{ file, line: 2, message: "front matter must be a set of `field: value` lines" }] };
  }
  const result = FrontMatterSchema.safeParse(split.data);
  if (!result.success) {
    const problems: ContentProblem[] = [];
    for (const issue of result.error.issues) {
      for (const { field, message } of describeIssue(issue, split.data)) {
        const line = lineOfField(split.yaml, field.split("."));
        problems.push({ file, line, field, message });
      }
    }
    return { problems };
  }
  const fm = result.data;
  const published = fm.published ?? fm.updated;
  const body = renderBodyAndText(split.body, fm.dateline);
  const article: Article = {
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
  };
  return { article, problems: [] };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Buffer, file: string): string | ContentProblem {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Locate the first bad byte for the message: lenient decoding marks it U+FFFD.
    const lenient = bytes.toString("utf8");
    const line = lenient.slice(0, Math.max(lenient.indexOf("\uFFFD"), 0)).split("\n").length;
    return { file, line, message: "is not valid UTF-8 text; save it as UTF-8" };
  }
}

/** A loader bound to a content folder that remembers what it read. */
export class ArticleLoader {
  readonly #cache = new Map<string, CacheEntry>();
  #settingsKey = "";

  async load(options: LoadOptions): Promise<LoadResult> {
    const { contentDir, settings } = options;
    const displayRoot = options.displayRoot ?? process.cwd();
    const settingsKey = JSON.stringify(settings);
    if (settingsKey !== this.#settingsKey) {
      this.#cache.clear();
      this.#settingsKey = settingsKey;
    }
    const files = await listArticleFiles(contentDir);
    const seen = new Set(files);
    for (const key of this.#cache.keys()) if (!seen.has(key)) this.#cache.delete(key);

    const entries = await Promise.all(files.map((absolute) => this.#loadOne(absolute, path.relative(displayRoot, absolute) || absolute, settings)));

    const articles: Article[] = [];
    const problems: ContentProblem[] = [];
    for (const entry of entries) {
      problems.push(...entry.problems);
      if (entry.article && (options.includeDrafts || !entry.article.draft)) articles.push(entry.article);
    }
    problems.push(...findUrlCollisions(articles));
    // Newest first: the order of every listing and feed.
    articles.sort((a, b) => b.updated.epochMs - a.updated.epochMs || a.url.localeCompare(b.url));
    return { articles, problems };
  }

  async #loadOne(absolute: string, file: string, settings: SiteSettings): Promise<CacheEntry> {
    // Synchronous reads: thousands of small files read faster without a thread-pool round trip per call (issue 8).
    const info = statSync(absolute);
    const stamp = `${info.size}:${info.mtimeMs}:${info.ino}`;
    const cached = this.#cache.get(absolute);
    if (cached && cached.stamp === stamp) return cached;
    let entry: CacheEntry;
    if (info.size > MAX_FILE_BYTES) {
      entry = { stamp, problems: [{ file, message: `is ${info.size} bytes; an article may be at most ${MAX_FILE_BYTES} bytes (1 MiB)` }] };
    } else {
      const text = decodeUtf8(readFileSync(absolute), file);
      entry = typeof text === "string" ? { stamp, ...parseArticle(text, file, settings) } : { stamp, problems: [text] };
    }
    this.#cache.set(absolute, entry);
    return entry;
  }
}

function findUrlCollisions(articles: readonly Article[]): ContentProblem[] {
  const byUrl = new Map<string, Article[]>();
  for (const article of articles) {
    const list = byUrl.get(article.url);
    if (list) list.push(article);
    else byUrl.set(article.url, [article]);
  }
  const problems: ContentProblem[] = [];
  for (const [url, list] of byUrl) {
    if (list.length < 2) continue;
    problems.push({
      file: list[0]!.file,
      message: `writes the same page as ${list.slice(1).map((a) => a.file).join(", ")} (${url}); give one a different id, title or section`,
    });
  }
  return problems;
}

/** Loads and throws one ContentError carrying every problem, when there are any. */
export async function loadArticlesOrThrow(loader: ArticleLoader, options: LoadOptions): Promise<Article[]> {
  const { articles, problems } = await loader.load(options);
  if (problems.length > 0) throw new ContentError(problems);
  return articles;
}
