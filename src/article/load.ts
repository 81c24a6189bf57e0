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
import { nearestName } from "../suggest.ts";
import type { SiteSettings } from "../site/settings.ts";
import { formatUpdated } from "../time/updated-line.ts";
import type { Article } from "./article.ts";
import { FrontMatterError, lineOfField, splitArticle, type SplitArticle } from "./frontmatter.ts";
import { parseBody, renderTokens, textOfTokens } from "./render.ts";
import { markdownFor } from "./site-markdown.ts";
import { FRONT_MATTER_FIELDS, FrontMatterSchema, type FrontMatter } from "./schema.ts";
import { dependencyStamp, processArticlePhotos, type ArticlePhotos, type PhotoContext, type PublishedFile } from "../images/article-photos.ts";
import { photoCacheFor } from "../images/encode.ts";
import { collectBodyPhotos } from "../images/markdown.ts";
import { articleUrl } from "./url.ts";

export const MAX_FILE_BYTES = 1024 * 1024;

export interface LoadOptions {
  contentDir: string;
  settings: SiteSettings;
  /** Directory paths are shown relative to (the project root). */
  displayRoot?: string;
  includeDrafts?: boolean;
  /** The photo cache folder (default: `.cache/images` in displayRoot). */
  imageCacheDir?: string;
}

export interface LoadResult {
  articles: Article[];
  problems: ContentProblem[];
  /** Reported, but the build goes on (an article with no body). */
  warnings: ContentProblem[];
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

function suggestField(name: string): string | undefined {
  return nearestName(name, FRONT_MATTER_FIELDS);
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { field: string; message: string; detail?: string }[] {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const suggestion = suggestField(key);
      return {
        field: key,
        message: `unknown field${suggestion ? `; did you mean \`${suggestion}\`?` : ""}`,
        detail: `known fields: ${FRONT_MATTER_FIELDS.join(", ")}`,
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
  warnings?: ContentProblem[];
  /** Photo files the article uses; a change to any reloads it. */
  photoDependencies?: string[];
  photoStamp?: string;
  /** Variant files the site must publish for this article. */
  photoFiles?: PublishedFile[];
}

export interface ParsedArticle {
  article?: Article;
  /** Errors: when there are any, there is no article. */
  problems: ContentProblem[];
  warnings?: ContentProblem[];
}

/** Front matter validated, body not yet rendered. */
interface CheckedArticle {
  fm: FrontMatter;
  split: SplitArticle;
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

/** Splits and validates one article's text. */
function checkArticle(text: string, file: string): { checked?: CheckedArticle; problems: ContentProblem[] } {
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
  return { checked: { fm: result.data, split }, problems: [] };
}

function assembleArticle({ fm }: CheckedArticle, file: string, settings: SiteSettings, body: { html: string; text: string }, photos?: ArticlePhotos): Article {
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
  };
}

/** A headline with no text is published (a flash), but is most often a mistake: say so. */
function bodyWarnings({ split }: CheckedArticle, file: string): ContentProblem[] | undefined {
  if (split.body.trim() !== "") return undefined;
  return [{ file, severity: "warning", message: "the article has no body; its page shows only the title and info line" }];
}

/** A body or front matter that references photos needs the (async) photo pipeline. */
function hasPhotos({ fm, split }: CheckedArticle): boolean {
  return fm.image !== undefined || split.body.includes("![");
}

/** An article without photos, rendered synchronously. */
function articleWithoutPhotos(checked: CheckedArticle, file: string, settings: SiteSettings): ParsedArticle {
  const md = markdownFor(settings);
  // One parse gives both the HTML and the plain text (the text before the dateline is added).
  const tokens = parseBody(checked.split.body, md);
  const text = textOfTokens(tokens);
  const body = { html: renderTokens(tokens, checked.fm.dateline, {}, md), text };
  const warnings = bodyWarnings(checked, file);
  return { article: assembleArticle(checked, file, settings, body), problems: [], ...(warnings ? { warnings } : {}) };
}

/** One content file → Article or problems. Pure apart from the given text; photos are not processed (see ArticleLoader). */
export function parseArticle(text: string, file: string, settings: SiteSettings): ParsedArticle {
  const { checked, problems } = checkArticle(text, file);
  if (!checked) return { problems };
  return articleWithoutPhotos(checked, file, settings);
}

/** An article with photos: the body parsed once, its photos resolved and processed, then rendered with them. */
async function parseArticleWithPhotos(checked: CheckedArticle, absolute: string, file: string, settings: SiteSettings, context: PhotoContext): Promise<CacheEntry> {
  const { fm, split } = checked;
  const md = markdownFor(settings);
  const tokens = parseBody(split.body, md);
  const bodyRefs = collectBodyPhotos(tokens);
  // The line is found only for a message: parsing with positions costs more than the photo itself on a warm build.
  const lead = fm.image ? { ...fm.image, line: () => lineOfField(split.yaml, ["image"]) } : undefined;
  const photos = await processArticlePhotos(absolute, file, split.bodyLine, lead, bodyRefs, context);
  const entry = { stamp: "", problems: photos.problems, photoDependencies: photos.dependencies, photoFiles: photos.files };
  if (photos.problems.length > 0) return entry;
  const leadHtml = photos.lead ? photos.lead.html : "";
  const text = textOfTokens(tokens);
  const body = { html: leadHtml + renderTokens(tokens, fm.dateline, { photos: photos.body }, md), text };
  return { ...entry, article: assembleArticle(checked, file, settings, body, photos) };
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
  #photoFiles: PublishedFile[] = [];

  /** The photo variant files the articles of the last load use (what the site must publish under /photos/). */
  photoFiles(): readonly PublishedFile[] {
    return this.#photoFiles;
  }

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

    const photos: PhotoContext = {
      contentDir: path.resolve(contentDir),
      displayRoot,
      remote: settings.images.remote,
      cache: photoCacheFor(options.imageCacheDir ?? path.join(displayRoot, ".cache/images")),
    };
    const entries = await Promise.all(files.map((absolute) => this.#loadOne(absolute, path.relative(displayRoot, absolute) || absolute, settings, photos)));

    const articles: Article[] = [];
    const problems: ContentProblem[] = [];
    const warnings: ContentProblem[] = [];
    const photoFiles = new Map<string, PublishedFile>();
    for (const entry of entries) {
      problems.push(...entry.problems);
      if (entry.warnings) warnings.push(...entry.warnings);
      if (entry.article && (options.includeDrafts || !entry.article.draft)) {
        articles.push(entry.article);
        for (const f of entry.photoFiles ?? []) photoFiles.set(f.name, f);
      }
    }
    this.#photoFiles = [...photoFiles.values()];
    problems.push(...findUrlCollisions(articles));
    // Newest first: the order of every listing and feed.
    articles.sort((a, b) => b.updated.epochMs - a.updated.epochMs || a.url.localeCompare(b.url));
    return { articles, problems, warnings };
  }

  async #loadOne(absolute: string, file: string, settings: SiteSettings, photos: PhotoContext): Promise<CacheEntry> {
    // Synchronous reads: thousands of small files read faster without a thread-pool round trip per call (issue 8).
    const info = statSync(absolute);
    const stamp = `${info.size}:${info.mtimeMs}:${info.ino}`;
    const cached = this.#cache.get(absolute);
    if (cached && cached.stamp === stamp) {
      if (!cached.photoDependencies) return cached;
      if ((await dependencyStamp(cached.photoDependencies)) === cached.photoStamp) return cached;
    }
    let entry: CacheEntry;
    if (info.size > MAX_FILE_BYTES) {
      entry = { stamp, problems: [{ file, message: `is ${info.size} bytes; an article may be at most ${MAX_FILE_BYTES} bytes (1 MiB)` }] };
    } else {
      const text = decodeUtf8(readFileSync(absolute), file);
      if (typeof text !== "string") entry = { stamp, problems: [text] };
      else {
        const { checked, problems } = checkArticle(text, file);
        if (!checked) entry = { stamp, problems };
        else if (!hasPhotos(checked)) entry = { stamp, ...articleWithoutPhotos(checked, file, settings) };
        else {
          entry = { ...(await parseArticleWithPhotos(checked, absolute, file, settings, photos)), stamp };
          entry.photoStamp = await dependencyStamp(entry.photoDependencies ?? []);
        }
      }
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
