/**
 * Reads a content folder into typed Articles, each file through the article
 * pipeline: read (./read-article.ts) → index (./index-article.ts) → render
 * (./render-article.ts), collecting every problem instead of stopping at the
 * first. A cache keyed by file stamp lets a rebuild (dev server) re-read
 * only the files that changed.
 */
import { statSync, type Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { ContentProblem } from "../errors.ts";
import { isWithin } from "../folders.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { Article } from "./article.ts";
import { stampOf } from "../file-stamp.ts";
import { indexArticle } from "./index-article.ts";
import { readArticleFile } from "./read-article.ts";
import { hasPhotos, processPhotos, renderArticle } from "./render-article.ts";
import { dependencyStamp, type PhotoContext, type PublishedFile } from "../images/article-photos.ts";
import { PhotoCache } from "../images/encode.ts";
import { DEFAULT_IMAGE_CACHE } from "../output/guard.ts";

/** A file to load: its absolute path, and the path shown in messages. */
export interface ArticleFile {
  absolute: string;
  file: string;
}

export interface LoadOptions {
  contentDir: string;
  settings: SiteSettings;
  /** Directory paths are shown relative to (the project root). */
  displayRoot?: string;
  includeDrafts?: boolean;
  /** Encoded photo variants (default: a cache in `.cache/images` of displayRoot, made once per loader). */
  photoCache?: PhotoCache;
}

export interface LoadResult {
  articles: Article[];
  problems: ContentProblem[];
  /** Reported, but the build goes on (an article with no body). */
  warnings: ContentProblem[];
}

/** Article files below a content folder, and why any Markdown-like entry was left out. */
export interface ArticleListing {
  files: string[];
  /** A symbolic link not followed (leading out of the folder, to a folder, nowhere, or to an article read already). */
  warnings: ContentProblem[];
}

/**
 * Lists article files: `*.md` (any case: `*.MD` too) below the folder,
 * skipping dot- and underscore-folders. A symbolic link to a file is read
 * when the file really lies inside the content folder (and is not an article
 * read already under its own name); any other link (leading out of the
 * folder, to a folder, or nowhere) is not followed, and a warning says so.
 */
export async function listArticleFiles(contentDir: string, displayRoot = process.cwd()): Promise<ArticleListing> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const links: string[] = [];
  for (const entry of entries) {
    const markdown = entry.name.toLowerCase().endsWith(".md");
    if (!(entry.isFile() && markdown) && !entry.isSymbolicLink()) continue;
    const dir = entry.parentPath ?? (entry as unknown as { path: string }).path;
    const rel = path.relative(contentDir, path.join(dir, entry.name));
    if (rel.split(path.sep).some((part) => part.startsWith(".") || part.startsWith("_"))) continue;
    if (entry.name.toLowerCase() === "readme.md") continue;
    (entry.isFile() ? files : links).push(path.join(dir, entry.name));
  }
  const warnings: ContentProblem[] = [];
  if (links.length > 0) {
    const realContent = await realpath(contentDir);
    const realFiles = new Map(
      await Promise.all(files.map(async (f) => [await realpath(f).catch(() => f), f] as const)),
    );
    for (const link of links.sort()) {
      const file = path.relative(displayRoot, link) || link;
      const target = await realpath(link).catch(() => undefined);
      const info = target === undefined ? undefined : await stat(target).catch(() => undefined);
      const markdown = link.toLowerCase().endsWith(".md");
      const skip = (why: string) => warnings.push({ file, severity: "warning", message: `is a symbolic link ${why}` });
      if (info?.isDirectory())
        skip(
          "to a folder; the articles in it are not read (move the folder into the content folder, or link each article)",
        );
      else if (!markdown) continue;
      else if (!info || !target) skip("to nothing; it is not read");
      else if (!isWithin(realContent, target))
        skip("to a file outside the content folder; it is not read (move the file into the content folder)");
      else if (!info.isFile()) skip("to something that is not a file; it is not read");
      else if (realFiles.has(target))
        skip(`to ${path.relative(displayRoot, realFiles.get(target)!)}, which is read already; it is not read twice`);
      else {
        realFiles.set(target, link);
        files.push(link);
      }
    }
  }
  return { files: files.sort(), warnings };
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

/** A loader bound to a content folder that remembers what it read. */
export class ArticleLoader {
  readonly #cache = new Map<string, CacheEntry>();
  #settingsKey = "";
  #photoFiles: PublishedFile[] = [];
  /** The files of the last load, absolute and shown, in order. */
  #files: readonly ArticleFile[] = [];
  /** Links the last listing did not follow. */
  #listWarnings: ContentProblem[] = [];
  /** The photo cache of loads not given one. */
  #ownPhotoCache: PhotoCache | undefined;

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
    const { files, warnings } = await listArticleFiles(contentDir, displayRoot);
    this.#listWarnings = warnings;
    const seen = new Set(files);
    for (const key of this.#cache.keys()) if (!seen.has(key)) this.#cache.delete(key);

    const photos = this.#photoContext(options);
    const named = files.map((absolute) => ({ absolute, file: path.relative(displayRoot, absolute) || absolute }));
    const entries = await Promise.all(
      named.map(({ absolute, file }) => this.#loadOne(absolute, file, settings, photos)),
    );
    this.#files = named;
    return this.#collect(entries, options);
  }

  /**
   * The folder as it is after edits to `changed` (absolute paths) alone, as
   * the dev server's watcher reports them: those files are read again, the
   * rest come from the cache without a look at the disk. Anything else (a
   * file not in the last load, other settings) is a whole `load`.
   */
  async reload(changed: readonly string[], options: LoadOptions): Promise<LoadResult> {
    const known = new Set(this.#files.map((f) => f.absolute));
    if (
      JSON.stringify(options.settings) !== this.#settingsKey ||
      changed.some((file) => !known.has(file) || !this.#cache.has(file))
    )
      return this.load(options);
    const photos = this.#photoContext(options);
    const edited = new Set(changed);
    const entries = await Promise.all(
      this.#files.map(({ absolute, file }) =>
        edited.has(absolute) ? this.#loadOne(absolute, file, options.settings, photos) : this.#cache.get(absolute)!,
      ),
    );
    return this.#collect(entries, options);
  }

  #photoContext(options: LoadOptions): PhotoContext {
    const displayRoot = options.displayRoot ?? process.cwd();
    return {
      contentDir: path.resolve(options.contentDir),
      displayRoot,
      remote: options.settings.images.remote,
      maxPixels: options.settings.images.maxPixels,
      cache:
        options.photoCache ?? (this.#ownPhotoCache ??= new PhotoCache(path.join(displayRoot, DEFAULT_IMAGE_CACHE))),
    };
  }

  /** Articles (newest first), problems and warnings of loaded entries, in file order. */
  #collect(entries: readonly CacheEntry[], options: LoadOptions): LoadResult {
    const articles: Article[] = [];
    const problems: ContentProblem[] = [];
    const warnings: ContentProblem[] = [...this.#listWarnings];
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
    // Newest first: the order of every listing and feed.
    articles.sort((a, b) => b.updated.epochMs - a.updated.epochMs || a.url.localeCompare(b.url));
    return { articles, problems, warnings };
  }

  async #loadOne(absolute: string, file: string, settings: SiteSettings, photos: PhotoContext): Promise<CacheEntry> {
    const info = statSync(absolute);
    const cached = this.#cache.get(absolute);
    if (cached && cached.stamp === stampOf(info)) {
      if (!cached.photoDependencies) return cached;
      if ((await dependencyStamp(cached.photoDependencies)) === cached.photoStamp) return cached;
    }
    const entry = await loadArticle(absolute, file, settings, photos, info);
    this.#cache.set(absolute, entry);
    return entry;
  }
}

/** One file through the pipeline; an article with photos has them processed first, through the photo cache. */
async function loadArticle(
  absolute: string,
  file: string,
  settings: SiteSettings,
  photos: PhotoContext,
  info: Stats,
): Promise<CacheEntry> {
  const { stamp, checked, problems } = readArticleFile(absolute, file, settings.dates, info);
  if (!checked) return { stamp, problems };
  const index = indexArticle(checked, file, settings);
  if (!hasPhotos(checked)) return { stamp, ...renderArticle(checked, index, settings) };
  const body = await processPhotos(checked, index, absolute, settings, photos);
  const photoDependencies = body.photos?.dependencies;
  return {
    stamp,
    ...renderArticle(checked, index, settings, body),
    ...(body.photos ? { photoDependencies, photoFiles: body.photos.files } : {}),
    photoStamp: await dependencyStamp(photoDependencies ?? []),
  };
}
