/**
 * Reads a content folder into typed Articles, each file through the article
 * pipeline: read (./read-article.ts) → index (./index-article.ts) → render
 * (./render-article.ts), collecting every problem instead of stopping at the
 * first. A cache keyed by file stamp lets a rebuild (dev server) re-read
 * only the files that changed.
 *
 * A production build also keeps that cache on disk (the store, a JSON file
 * in the build cache folder): an unchanged file is then restored as its
 * metadata (ArticleMeta, no body) without being read, and `full()` reads
 * the bodies again only where a page needs them. Parsing 20,000 articles'
 * metadata takes about a tenth of the time their bodies would.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { appendFile, mkdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { NewsmirrorError, type ContentProblem } from "../errors.ts";
import { isWithin } from "../folders.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { hasBody, type Article, type ArticleMeta } from "./article.ts";
import { stampOf } from "../file-stamp.ts";
import { indexArticle } from "./index-article.ts";
import {
  idLanguageProblem,
  MAX_FILE_BYTES,
  readArticle,
  readArticleFile,
  sourceHash,
  type FileInfo,
  type ReadResult,
} from "./read-article.ts";
import { hasPhotos, processPhotos, renderArticle } from "./render-article.ts";
import { dependencyStamp, type PhotoContext, type PublishedFile } from "../images/article-photos.ts";
import { PhotoCache } from "../images/encode.ts";
import { DEFAULT_IMAGE_CACHE } from "../output/guard.ts";
import type { ContentScan } from "./scan.ts";
import { folderPrefix, listCandidates } from "./scan-files.js";

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
  /** The folder scanned already (./scan.ts), for this load alone: its files are not listed or stat-ed again. */
  scan?: Promise<ContentScan | undefined>;
}

export interface LoadResult {
  /** Newest first. An article read from its file in this load is a full Article; one restored from the store is not. */
  articles: ArticleMeta[];
  problems: ContentProblem[];
  /** Reported, but the build goes on (an article with no body). */
  warnings: ContentProblem[];
  /** Why the store could not be used (unreadable, corrupt, another format), when it could not; a missing store is not said. */
  storeNote?: string;
}

/** Where the loader keeps its cache between processes, and the key it is valid for. */
export interface ArticleStore {
  /** A JSON file in the build cache folder (its folder is made on save). */
  file: string;
  /** Settings, newsmirror's code and its dependencies' versions, as the caller sums them up: a store written under another key is ignored. */
  key: string;
  /** Its bytes, read ahead by the caller (a build starts reading them before its own modules are imported). */
  read?: Promise<Buffer>;
}

export interface LoaderOptions {
  store?: ArticleStore;
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
export async function listArticleFiles(
  contentDir: string,
  displayRoot = process.cwd(),
  listed: { files: readonly string[]; links: readonly string[] } = listCandidates(contentDir),
): Promise<ArticleListing> {
  const files = [...listed.files];
  const links = listed.links;
  const warnings: ContentProblem[] = [];
  if (links.length > 0) {
    const realContent = await realpath(contentDir);
    const realFiles = new Map(
      await Promise.all(files.map(async (f) => [await realpath(f).catch(() => f), f] as const)),
    );
    for (const link of links) {
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
  /** The file's path and bytes, hashed (sourceHash): a file whose stamp changed but not its bytes is not read again. */
  source?: string;
  /** A full Article when read from its file by this process; metadata alone when restored from the store. */
  article?: ArticleMeta;
  problems: ContentProblem[];
  warnings?: ContentProblem[];
  /** Photo files the article uses; a change to any reloads it. */
  photoDependencies?: string[];
  photoStamp?: string;
  /** Variant files the site must publish for this article. */
  photoFiles?: PublishedFile[];
}

/** The store's layout; another number is another newsmirror's store, read as an empty one. */
const STORE_FORMAT = 3;

/**
 * JSON in ASCII alone, every other character escaped (`\u4e2d`): the store is read back as one string, and Node
 * decodes 20 MB of ASCII in about half the time it takes for UTF-8 with a few characters outside it (80 ms saved at
 * 20,000 articles with an em dash in each teaser).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The store as written (in ASCII JSON: asciiJson): a line of JSON saying what it is valid for (StoreHeader), then a line per article file,
 * `[path in the content folder, StoredEntry]`, or `[path, null]` for a file gone. A later line for a path replaces an
 * earlier one: a save after a load that changed a few articles appends their lines (at 20,000 articles, writing the
 * whole 17 MB again took 100 ms of an incremental build, and serialising every entry 190 ms), and writes the whole
 * store again, each entry once, when the lines replaced make up a third of it. A last line without its newline is
 * an append a killed save left unfinished: ignored, and the next save writes the whole store.
 */
interface StoreHeader {
  format: number;
  key: string;
  /** What else an entry depends on: the settings (hashed), the folders (Article.file is shown from displayRoot), the photo cache. */
  settings: string;
  contentDir: string;
  displayRoot: string;
  photoCache: string;
}

interface StoredEntry {
  stamp: string;
  /** The source hash, when it is not the article's hash (an article with photos). */
  source?: string;
  article: ArticleMeta;
  warnings?: ContentProblem[];
  photoDependencies?: string[];
  photoStamp?: string;
  photoFiles?: PublishedFile[];
}

/** The store file as read or written: its size, its entry lines, and the line each path has now. */
interface StoreOnDisk {
  /** Its first line (what it is valid for). */
  header: string;
  bytes: number;
  lines: number;
  /** Path in the content folder → its line. */
  current: Map<string, string>;
}

/** What full() needs of the last load to read an article again. */
interface LastLoad {
  settings: SiteSettings;
  photos: PhotoContext;
  /** Absolute path by shown path (Article.file). */
  absolute: Map<string, string>;
  contentDir: string;
  displayRoot: string;
}

/** A loader bound to a content folder that remembers what it read. */
export class ArticleLoader {
  readonly #cache = new Map<string, CacheEntry>();
  #settingsKey = "";
  #photoFiles: PublishedFile[] = [];
  /** Each loaded article's photo variant files (an article without photos has none here). */
  #articlePhotos = new Map<ArticleMeta, readonly PublishedFile[]>();
  /** The files of the last load, absolute and shown, in order. */
  #files: readonly ArticleFile[] = [];
  /** Links the last listing did not follow. */
  #listWarnings: ContentProblem[] = [];
  /** The photo cache of loads not given one. */
  #ownPhotoCache: PhotoCache | undefined;
  readonly #store: ArticleStore | undefined;
  /** Entries of the store not yet taken into the cache, by absolute path (read by the first load). */
  #stored: Map<string, { entry: StoredEntry; line: string }> | undefined;
  /** The store's line of each cache entry restored from it unchanged, written again as it was read. */
  readonly #lines = new WeakMap<CacheEntry, string>();
  /** The store file as this loader last read or wrote it, when a save may append to it (see StoreHeader). */
  #onDisk: StoreOnDisk | undefined;
  #last: LastLoad | undefined;
  /** The files #last.absolute was made of (a reload keeps them, and the map). */
  #lastFiles: readonly ArticleFile[] | undefined;

  constructor(options: LoaderOptions = {}) {
    this.#store = options.store;
  }

  /** The photo variant files the articles of the last load use (what the site must publish under /photos/). */
  photoFiles(): readonly PublishedFile[] {
    return this.#photoFiles;
  }

  /**
   * The photo variant files of some of the last load's articles: those on the site at the build time, so that a
   * scheduled article's photos are not published before it (src/site/schedule.ts).
   */
  photoFilesOf(articles: readonly ArticleMeta[]): readonly PublishedFile[] {
    const files = new Map<string, PublishedFile>();
    for (const article of articles) for (const f of this.#articlePhotos.get(article) ?? []) files.set(f.name, f);
    return [...files.values()];
  }

  async load(options: LoadOptions): Promise<LoadResult> {
    const { contentDir, settings } = options;
    const displayRoot = options.displayRoot ?? process.cwd();
    const settingsKey = JSON.stringify(settings);
    if (settingsKey !== this.#settingsKey) {
      this.#cache.clear();
      this.#stored?.clear(); // the store was checked against the first load's settings
      this.#settingsKey = settingsKey;
    }
    const photos = this.#photoContext(options);
    const [storeNote, scanned] = await Promise.all([
      this.#stored === undefined ? this.#readStore(options, photos) : undefined,
      options.scan,
    ]);
    const scan = scanned?.contentDir === contentDir ? scanned : undefined;
    const { files, warnings } = await listArticleFiles(contentDir, displayRoot, scan);
    // Each scanned file's size, modification time and inode (NaN: not found then, looked at again).
    const scannedAt = new Map(scan?.files.map((file, i) => [file, i]));
    const infoOf = (absolute: string): FileInfo | undefined => {
      const i = scannedAt.get(absolute);
      if (i === undefined || !scan || Number.isNaN(scan.stats[i * 3]!)) return undefined;
      return { size: scan.stats[i * 3]!, mtimeMs: scan.stats[i * 3 + 1]!, ino: scan.stats[i * 3 + 2]! };
    };
    this.#listWarnings = warnings;
    const seen = new Set(files);
    for (const key of this.#cache.keys()) if (!seen.has(key)) this.#cache.delete(key);

    const shownRoot = folderPrefix(displayRoot);
    const named = files.map((absolute) => ({
      absolute,
      file: absolute.startsWith(shownRoot)
        ? absolute.slice(shownRoot.length)
        : path.relative(displayRoot, absolute) || absolute,
    }));
    const entries = await Promise.all(
      named.map(({ absolute, file }) => this.#loadOne(absolute, file, settings, photos, infoOf(absolute))),
    );
    this.#files = named;
    this.#remember(options, photos);
    return { ...this.#collect(entries, options), ...(storeNote ? { storeNote } : {}) };
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
    // Only the edited files are awaited: 4,000 promises of cached entries cost more than the reading.
    const edited = this.#files.filter(({ absolute }) => changed.includes(absolute));
    const read = await Promise.all(
      edited.map(({ absolute, file }) => this.#loadOne(absolute, file, options.settings, photos)),
    );
    const byFile = new Map(edited.map(({ absolute }, i) => [absolute, read[i]!]));
    const entries = this.#files.map(({ absolute }) => byFile.get(absolute) ?? this.#cache.get(absolute)!);
    this.#remember(options, photos);
    return this.#collect(entries, options);
  }

  /**
   * The full articles (bodies included) of articles of the last load, in
   * the same order: from memory when this process read them, else read from
   * their files again. A file changed since the load (another hash) throws:
   * a build never mixes two versions of the content.
   */
  async full(articles: readonly ArticleMeta[]): Promise<Article[]> {
    // Those in memory as they are, without a promise each (the dev server has every body, 4,000 of them).
    if (articles.every(hasBody)) return articles.slice() as Article[];
    return Promise.all(articles.map((article) => this.#fullOne(article)));
  }

  async #fullOne(article: ArticleMeta): Promise<Article> {
    if (hasBody(article)) return article;
    const last = this.#last;
    const absolute = last?.absolute.get(article.file);
    if (!last || !absolute) throw new Error(`${article.file} is not an article of the loader's last load`);
    const cached = this.#cache.get(absolute)?.article;
    if (cached && hasBody(cached) && cached.hash === article.hash) return cached;
    let entry: CacheEntry | undefined;
    try {
      entry = await loadArticle(absolute, article.file, last.settings, last.photos, statSync(absolute));
    } catch (error) {
      throw changedMeanwhile(article.file, error);
    }
    if (!entry.article || entry.article.hash !== article.hash || !hasBody(entry.article))
      throw changedMeanwhile(article.file);
    return entry.article;
  }

  /**
   * Writes the store (when the loader has one) for the last load: every
   * article read or restored without problems; entries of files gone are
   * dropped. Written beside and renamed, so a killed save leaves the old one.
   */
  async save(): Promise<void> {
    const store = this.#store;
    const last = this.#last;
    if (!store || !last) return;
    const current = new Map<string, string>();
    // The files' paths are the folder's prefix and their relative paths, joined as listArticleFiles joins them:
    // cut, not computed again (path.relative for 20,000 files took 10-16 ms of every build).
    const prefix = folderPrefix(last.contentDir);
    for (const { absolute } of this.#files) {
      const entry = this.#cache.get(absolute);
      if (!entry?.article || !entry.source || entry.problems.length > 0) continue;
      const relative = absolute.startsWith(prefix)
        ? absolute.slice(prefix.length)
        : path.relative(last.contentDir, absolute);
      let line = this.#lines.get(entry);
      if (line === undefined) {
        const stored: StoredEntry = {
          stamp: entry.stamp,
          ...(entry.source !== entry.article.hash ? { source: entry.source } : {}),
          article: metaOf(entry.article),
          ...(entry.warnings ? { warnings: entry.warnings } : {}),
          ...(entry.photoDependencies ? { photoDependencies: entry.photoDependencies } : {}),
          ...(entry.photoStamp !== undefined ? { photoStamp: entry.photoStamp } : {}),
          ...(entry.photoFiles ? { photoFiles: entry.photoFiles } : {}),
        };
        line = asciiJson([relative, stored]);
        this.#lines.set(entry, line);
      }
      current.set(relative, line);
    }
    await mkdir(path.dirname(store.file), { recursive: true });
    const header = asciiJson(this.#storeHeader(store, last));
    const onDisk = this.#onDisk;
    if (onDisk?.header === header && (await stat(store.file).catch(() => undefined))?.size === onDisk.bytes) {
      // Appended: the lines of the entries that changed, and a removal for each that is gone.
      const changed: string[] = [];
      for (const [relative, line] of current) if (onDisk.current.get(relative) !== line) changed.push(line);
      for (const relative of onDisk.current.keys())
        if (!current.has(relative)) changed.push(asciiJson([relative, null]));
      if (changed.length === 0) return;
      if ((onDisk.lines + changed.length) * 2 < current.size * 3) {
        const text = `${changed.join("\n")}\n`;
        await appendFile(store.file, text);
        this.#onDisk = {
          header,
          bytes: onDisk.bytes + Buffer.byteLength(text),
          lines: onDisk.lines + changed.length,
          current,
        };
        return;
      }
    }
    const text = `${[header, ...current.values()].join("\n")}\n`;
    const temp = `${store.file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, text);
      await rename(temp, store.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    this.#onDisk = { header, bytes: Buffer.byteLength(text), lines: current.size, current };
  }

  #storeHeader(store: ArticleStore, where: Omit<LastLoad, "absolute">): StoreHeader {
    return {
      format: STORE_FORMAT,
      key: store.key,
      settings: createHash("sha256").update(JSON.stringify(where.settings)).digest("base64url"),
      contentDir: path.resolve(where.contentDir),
      displayRoot: path.resolve(where.displayRoot),
      photoCache: where.photos.cache.dir,
    };
  }

  /**
   * The store, read once (by the first load): its entries wait in #stored
   * until their files are loaded. Anything wrong with it makes it an empty
   * one, said in a note; a store of another key or folder is ignored.
   */
  async #readStore(options: LoadOptions, photos: PhotoContext): Promise<string | undefined> {
    this.#stored = new Map();
    const store = this.#store;
    if (!store) return undefined;
    const displayRoot = options.displayRoot ?? process.cwd();
    const shown = path.relative(displayRoot, store.file) || store.file;
    const again = "; every article read again";
    let bytes: Buffer;
    try {
      // Read ahead, or now: a read ahead that failed is tried again (it may have met the file being replaced).
      bytes = await (store.read ?? Promise.reject(new Error("not read ahead"))).catch(() => readFile(store.file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      return `the article cache ${shown} could not be read (${firstLine(error)})${again}`;
    }
    const lines = bytes.toString("utf8").split("\n");
    // A last line without its newline: an append a killed save left unfinished (the whole store is written next).
    const whole = lines.at(-1) === "";
    if (whole || lines.length > 1) lines.pop(); // (a file of one line without its newline is no store of ours)
    const unreadable = (why: string) => `the article cache ${shown} could not be read (${why})${again}`;
    let header: Partial<StoreHeader>;
    try {
      header = JSON.parse(lines[0] ?? "") as Partial<StoreHeader>;
    } catch (error) {
      return unreadable(firstLine(error));
    }
    if (header === null || typeof header !== "object" || Array.isArray(header) || !("format" in header))
      return unreadable("not an article cache");
    if (header.format !== STORE_FORMAT) return `the article cache ${shown} is of another newsmirror version${again}`;
    const expected = this.#storeHeader(store, { ...options, displayRoot, photos });
    for (const field of Object.keys(expected) as (keyof typeof expected)[])
      if (header[field] !== expected[field]) return undefined; // written for other settings, code or folders
    // Joined as listArticleFiles joins them (path.join, for 20,000 paths, costs more than the rest of this).
    const prefix = folderPrefix(options.contentDir);
    const stored = new Map<string, { entry: StoredEntry; line: string }>();
    const current = new Map<string, string>();
    for (const [n, line] of lines.entries()) {
      if (n === 0) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        return unreadable(`line ${n + 1}: ${firstLine(error)}`);
      }
      if (!Array.isArray(parsed) || typeof parsed[0] !== "string") return unreadable(`line ${n + 1}: not an entry`);
      if (parsed[1] === null) {
        stored.delete(prefix + parsed[0]);
        current.delete(parsed[0]);
      } else {
        stored.set(prefix + parsed[0], { entry: parsed[1] as StoredEntry, line });
        current.set(parsed[0], line);
      }
    }
    this.#stored = stored;
    if (whole) this.#onDisk = { header: lines[0]!, bytes: bytes.length, lines: lines.length - 1, current };
    return undefined;
  }

  #remember(options: LoadOptions, photos: PhotoContext): void {
    const same = this.#last && this.#lastFiles === this.#files;
    this.#lastFiles = this.#files;
    this.#last = {
      settings: options.settings,
      photos,
      absolute: same ? this.#last!.absolute : new Map(this.#files.map((f) => [f.file, f.absolute])),
      contentDir: options.contentDir,
      displayRoot: options.displayRoot ?? process.cwd(),
    };
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
    const articles: ArticleMeta[] = [];
    const problems: ContentProblem[] = [];
    const warnings: ContentProblem[] = [...this.#listWarnings];
    const photoFiles = new Map<string, PublishedFile>();
    const articlePhotos = new Map<ArticleMeta, readonly PublishedFile[]>();
    for (const entry of entries) {
      problems.push(...entry.problems);
      if (entry.warnings) warnings.push(...entry.warnings);
      if (entry.article && (options.includeDrafts || !entry.article.draft)) {
        articles.push(entry.article);
        for (const f of entry.photoFiles ?? []) photoFiles.set(f.name, f);
        if (entry.photoFiles?.length) articlePhotos.set(entry.article, entry.photoFiles);
      }
    }
    this.#photoFiles = [...photoFiles.values()];
    this.#articlePhotos = articlePhotos;
    // Newest first: the order of every listing and feed.
    articles.sort((a, b) => b.updated.epochMs - a.updated.epochMs || a.url.localeCompare(b.url));
    return { articles, problems, warnings };
  }

  /** Synchronous for a file whose stamp is unchanged and that has no photos: 20,000 promises would cost more than the work. */
  #loadOne(
    absolute: string,
    file: string,
    settings: SiteSettings,
    photos: PhotoContext,
    info: FileInfo = statSync(absolute),
  ): CacheEntry | Promise<CacheEntry> {
    const cached = this.#cache.get(absolute) ?? this.#restorable(absolute, file);
    this.#stored?.delete(absolute);
    if (cached && cached.stamp === stampOf(info) && !cached.photoDependencies) {
      this.#cache.set(absolute, cached);
      return cached;
    }
    return this.#loadChanged(absolute, file, settings, photos, info, cached);
  }

  async #loadChanged(
    absolute: string,
    file: string,
    settings: SiteSettings,
    photos: PhotoContext,
    info: FileInfo,
    cached: CacheEntry | undefined,
  ): Promise<CacheEntry> {
    const stamp = stampOf(info);
    if (cached && cached.stamp === stamp && (await photosUnchanged(cached))) {
      this.#cache.set(absolute, cached);
      return cached;
    }
    // Touched but maybe not changed (a fresh clone sets every mtime): the same bytes are the same article.
    let bytes: Buffer | undefined;
    if (cached?.source && cached.article && info.size <= MAX_FILE_BYTES) {
      bytes = readFileSync(absolute);
      if (sourceHash(identityOf(absolute, photos), bytes) === cached.source && (await photosUnchanged(cached))) {
        const entry = { ...cached, stamp };
        this.#cache.set(absolute, entry);
        return entry;
      }
    }
    const entry = await loadArticle(absolute, file, settings, photos, info, bytes);
    this.#cache.set(absolute, entry);
    return entry;
  }

  /** The store's entry for a file, as a cache entry, if it is whole and its photo variants are still in the photo cache. */
  #restorable(absolute: string, file: string): CacheEntry | undefined {
    const found = this.#stored?.get(absolute);
    const stored = found?.entry;
    if (!stored || typeof stored !== "object") return undefined;
    const { stamp, article } = stored;
    if (typeof stamp !== "string" || typeof article !== "object" || article === null) return undefined;
    const source = stored.source ?? article.hash;
    if (article.file !== file || typeof article.hash !== "string" || typeof article.url !== "string") return undefined;
    if (!(stored.photoFiles ?? []).every((f) => typeof f?.source === "string" && existsSync(f.source)))
      return undefined;
    const entry: CacheEntry = {
      stamp,
      source,
      article,
      problems: [],
      ...(stored.warnings ? { warnings: stored.warnings } : {}),
      ...(stored.photoDependencies ? { photoDependencies: stored.photoDependencies } : {}),
      ...(stored.photoStamp !== undefined ? { photoStamp: stored.photoStamp } : {}),
      ...(stored.photoFiles ? { photoFiles: stored.photoFiles } : {}),
    };
    this.#lines.set(entry, found.line);
    return entry;
  }
}

/** An article's photos are as they were when it was read: none, or the same stamps. */
async function photosUnchanged(entry: CacheEntry): Promise<boolean> {
  if (!entry.photoDependencies) return true;
  return (await dependencyStamp(entry.photoDependencies)) === entry.photoStamp;
}

/** The article without its body: what the store keeps. */
function metaOf(article: ArticleMeta): ArticleMeta {
  if (!hasBody(article)) return article;
  const meta: Record<string, unknown> = { ...article };
  delete meta.bodyHtml;
  delete meta.bodyText;
  return meta as unknown as ArticleMeta;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!;
}

function changedMeanwhile(file: string, cause?: unknown): NewsmirrorError {
  return new NewsmirrorError(
    `${file} changed while the site was being built (its page would not match the listings made before); build again`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * The path an article's hash is made with: relative to the content folder, so the same content read from another
 * working directory (a clean build elsewhere, CI) gives the same hashes, and the same build plan.
 */
function identityOf(absolute: string, photos: PhotoContext): string {
  return path.relative(photos.contentDir, absolute).split(path.sep).join("/");
}

/** One file through the pipeline; an article with photos has them processed first, through the photo cache. */
async function loadArticle(
  absolute: string,
  file: string,
  settings: SiteSettings,
  photos: PhotoContext,
  info: FileInfo,
  bytes?: Buffer,
): Promise<CacheEntry> {
  const stamp = stampOf(info);
  const { checked, problems }: ReadResult =
    info.size > MAX_FILE_BYTES
      ? readArticleFile(absolute, file, settings.dates, info)
      : readArticle(bytes ?? readFileSync(absolute), file, settings.dates, identityOf(absolute, photos));
  if (!checked) return { stamp, problems };
  const idProblem = idLanguageProblem(checked, file, settings.language);
  if (idProblem) return { stamp, problems: [idProblem] };
  const source = checked.source;
  const index = indexArticle(checked, file, settings, identityOf(absolute, photos));
  if (!hasPhotos(checked)) return { stamp, source, ...renderArticle(checked, index, settings) };
  const body = await processPhotos(checked, index, absolute, settings, photos);
  const photoDependencies = body.photos?.dependencies;
  return {
    stamp,
    source,
    ...renderArticle(checked, index, settings, body),
    ...(body.photos ? { photoDependencies, photoFiles: body.photos.files } : {}),
    photoStamp: await dependencyStamp(photoDependencies ?? []),
  };
}
