/**
 * Photos → responsive variants, through sharp, cached on disk.
 *
 * A variant set is keyed by the source's content hash and the encoding
 * recipe, and kept in a cache folder that outlives builds (and that CI can
 * cache): a build that finds the key's manifest encodes nothing. Variant
 * file names carry the key, so hosts can cache them forever. Encoding runs
 * up to one source per core at a time; each source is decoded once.
 *
 * Work in progress is written under the cache's `tmp/` and renamed into
 * place when complete, so a killed build leaves only `tmp/` entries, named
 * with its pid; opening the cache removes those of dead processes. The
 * folder carries a CACHEDIR.TAG (src/output/guard.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Semaphore } from "async-mutex";
import pLimit, { type LimitFunction } from "p-limit";
import { createRequire } from "node:module";
import type Sharp from "sharp";
import { CACHE_TAG, writeCacheTag } from "../output/guard.ts";
import { isRunning } from "../output/lock.ts";
import { NewsmirrorError } from "../errors.ts";
import { stampOf } from "../file-stamp.ts";

export type VariantFormat = "avif" | "webp" | "jpeg" | "png";

export interface Variant {
  format: VariantFormat;
  width: number;
  height: number;
  /** File name, the same in the cache folder and under /photos/ in the output. */
  file: string;
}

/** A processed photo: the source's oriented size and its encoded files. */
export interface ProcessedPhoto {
  key: string;
  width: number;
  height: number;
  hasAlpha: boolean;
  variants: Variant[];
  /** The folder in the cache holding `variants` (and `social`). */
  dir: string;
  /** 1200×630 crop (smaller, same ratio, when the source is smaller) for og:image. */
  social?: Variant;
}

/** Thrown for a source that cannot be used; the message names what is wrong with it (the caller names the photo). */
export class PhotoError extends NewsmirrorError {
  override name = "PhotoError";
}

let sharpModule: typeof Sharp | undefined;
/**
 * sharp, loaded when first needed: a build whose articles have no photos (or none changed) never needs it, and
 * loading it (its native library, semver, detect-libc) took about 20 ms of every incremental build's start.
 */
function sharp(): typeof Sharp {
  sharpModule ??= createRequire(import.meta.url)("sharp") as typeof Sharp;
  return sharpModule;
}

/** Everything that changes the encoded bytes; part of every cache key. */
export const RECIPE = {
  widths: [480, 800, 1200, 1600],
  avif: { quality: 50, effort: 0 },
  webp: { quality: 75 },
  jpeg: { quality: 80, mozjpeg: true },
  png: { compressionLevel: 9 },
  social: { width: 1200, height: 630, quality: 82, position: "attention" },
  // Read when a key is made (JSON.stringify and spreads call getters): sharp loads only for a build with photos.
  get sharp(): string {
    return sharp().versions.sharp;
  },
  get vips(): string {
    return sharp().versions.vips;
  },
} as const;

/** Raster formats a photo may come in (sharp's metadata names). */
const PHOTO_FORMATS = new Set(["jpeg", "png", "webp", "avif", "heif", "gif", "tiff"]);

/** Widths to encode: the recipe's below the source width, plus the source width capped at the largest. Never upscaled. */
export function variantWidths(sourceWidth: number, widths: readonly number[] = RECIPE.widths): number[] {
  const largest = Math.max(...widths);
  const top = Math.min(sourceWidth, largest);
  return [...new Set([...widths.filter((w) => w < top), top])].sort((a, b) => a - b);
}

/** The social crop's size: 1200×630, or the largest 1200:630 box inside a smaller source. */
export function socialSize(width: number, height: number): { width: number; height: number } {
  const { width: w, height: h } = RECIPE.social;
  if (width >= w && height >= h) return { width: w, height: h };
  const cropWidth = Math.min(width, Math.floor((height * w) / h));
  return { width: cropWidth, height: Math.max(1, Math.round((cropWidth * h) / w)) };
}

function slugOf(file: string): string {
  const base = path
    .basename(file, path.extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return base.slice(0, 40) || "photo";
}

/** The most pixels a photo may have unless site.json says otherwise (`images.maxPixels`): 50 megapixels. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/**
 * Pixels decoded at once by all encodes together. Encoding a photo takes
 * about 8–10 bytes a pixel at its peak (the decode, the upright sRGB copy
 * every variant is made from, and the variants in progress: measured 2.1 GB
 * for one 256-megapixel PNG, 0.6 GB for a 64-megapixel one), so memory
 * follows pixels, not files: 100 megapixels is about 1 GB at a time, two
 * photos at the default limit, or many small ones (one per core). A photo
 * larger than the budget is encoded alone.
 */
export const PIXEL_BUDGET = 100_000_000;

/** The pixel budget's unit for the semaphore: a thousandth of it (see PixelPool). */
const BUDGET_UNITS = 1000;

/**
 * At most `limit` tasks at a time, and at most `budget` pixels among them
 * (a task larger than the budget runs alone). Tasks start in the order they came.
 * p-limit counts tasks, each weighing one; the budget weighs each by its
 * pixels, which takes a weighted semaphore (async-mutex's, first come first
 * served). Weights are in thousandths of the budget, rounded up (never
 * more pixels than the budget at once), because the semaphore walks every
 * unit of its value on each release. A task larger than the budget weighs
 * the whole of it, so it waits for every other and none starts beside it.
 */
export class PixelPool {
  readonly #tasks: LimitFunction;
  readonly #pixels = new Semaphore(BUDGET_UNITS);
  constructor(
    readonly limit: number,
    readonly budget: number,
  ) {
    this.#tasks = pLimit(limit);
  }

  run<T>(pixels: number, task: () => Promise<T>): Promise<T> {
    const weight = Math.min(BUDGET_UNITS, Math.max(1, Math.ceil((pixels * BUDGET_UNITS) / this.budget)));
    return this.#tasks(() => this.#pixels.runExclusive(task, weight));
  }
}

export interface PhotoStats {
  /** Photos whose variants were encoded in this process. */
  photosEncoded: number;
  /** Photos whose variants were found in the cache. */
  photosFromCache: number;
  /** Files encoded (one per format and width, plus social crops). */
  encodes: number;
}

interface Manifest {
  width: number;
  height: number;
  hasAlpha: boolean;
  variants: Variant[];
  social?: Variant;
}

/** One cache folder; a build makes one and shares it (src/plugins/context.ts), so counts and in-flight work are shared. */
export class PhotoCache {
  readonly stats: PhotoStats = { photosEncoded: 0, photosFromCache: 0, encodes: 0 };
  readonly #pool = new PixelPool(Math.max(1, availableParallelism()), PIXEL_BUDGET);
  /**
   * Source hashes by file stamp (src/file-stamp.ts), kept in the cache folder
   * like git's index, so a build with nothing changed does not re-read and
   * re-hash every photo. Any change to a file changes its stamp.
   */
  #hashes: Map<string, { stamp: string; hash: string }> | undefined;
  #hashesChanged = false;
  /** In-flight and finished work by key, so a photo used twice is processed once. */
  readonly #work = new Map<string, Promise<ProcessedPhoto>>();

  #opened: Promise<void> | undefined;

  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /** The processed variants of a photo file (and its social crop when asked), from the cache or freshly encoded. */
  async process(file: string, options: { social: boolean; maxPixels?: number }): Promise<ProcessedPhoto> {
    await this.#open();
    const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    const { bytes, hash } = await this.#read(file);
    const recipe = options.social ? { ...RECIPE, withSocial: true } : RECIPE;
    const key = createHash("sha256").update(hash).update(JSON.stringify(recipe)).digest("hex").slice(0, 32);
    let work = this.#work.get(key);
    if (!work) {
      work = this.#fromCacheOrEncode(key, file, bytes, options.social, maxPixels);
      this.#work.set(key, work);
      work.catch(() => this.#work.delete(key));
    }
    const photo = await work;
    // Encoded earlier (in the cache, or for another article) under another limit: the limit is this build's.
    tooLarge(photo.width, photo.height, maxPixels);
    return photo;
  }

  get #indexFile(): string {
    return path.join(this.dir, "sources.json");
  }

  /** Once per process: what killed builds left is removed, and an untagged cache of an earlier newsmirror is tagged. */
  #open(): Promise<void> {
    this.#opened ??= (async () => {
      const names = await readdir(this.dir).catch(() => undefined);
      if (!names) return; // made, and tagged, by the first write
      await removeStale(path.join(this.dir, TEMPORARY), (name) => /\.(\d+)\.[0-9a-f]+$/.exec(name)?.[1]);
      if (names.includes(CACHE_TAG)) return;
      // Before the tag, work in progress lay beside its result: `7a/7a81….tmp-PID-HEX`, `sources.json.tmp-PID`.
      await removeStale(this.dir, (name) => /^sources\.json\.tmp-(\d+)$/.exec(name)?.[1]);
      for (const name of names.filter((n) => /^[0-9a-f]{2}$/.test(n))) {
        await removeStale(path.join(this.dir, name), (entry) => /^[0-9a-f]{32}\.tmp-(\d+)-[0-9a-f]+$/.exec(entry)?.[1]);
      }
      await writeCacheTag(this.dir);
    })();
    return this.#opened;
  }

  /** A new folder or file name under `tmp/` for work in progress; the cache folder is made (and tagged) the first time. */
  async #temporary(name: string): Promise<string> {
    const created = await mkdir(this.dir, { recursive: true });
    if (created !== undefined) await writeCacheTag(this.dir);
    await mkdir(path.join(this.dir, TEMPORARY), { recursive: true });
    return path.join(this.dir, TEMPORARY, `${name}.${process.pid}.${randomBytes(4).toString("hex")}`);
  }

  async #index(): Promise<Map<string, { stamp: string; hash: string }>> {
    if (!this.#hashes) {
      let entries: [string, { stamp: string; hash: string }][] = [];
      try {
        entries = Object.entries(JSON.parse(await readFile(this.#indexFile, "utf8")));
      } catch {
        // No index yet (or a damaged one): every photo is hashed once more.
      }
      this.#hashes ??= new Map(entries);
    }
    return this.#hashes;
  }

  /** Saves the stamp → hash index, when it changed; call once a build is done. */
  async flush(): Promise<void> {
    if (!this.#hashesChanged || !this.#hashes) return;
    this.#hashesChanged = false;
    const temp = await this.#temporary("sources.json");
    await writeFile(temp, JSON.stringify(Object.fromEntries(this.#hashes)));
    await rename(temp, this.#indexFile);
  }

  async #read(file: string): Promise<{ bytes?: Buffer; hash: string }> {
    const info = await stat(file);
    if (!info.isFile()) throw new PhotoError("is not a file");
    const stamp = stampOf(info);
    const index = await this.#index();
    const known = index.get(file);
    if (known && known.stamp === stamp) return { hash: known.hash };
    const bytes = await readFile(file);
    const hash = createHash("sha256").update(bytes).digest("hex");
    index.set(file, { stamp, hash });
    this.#hashesChanged = true;
    return { bytes, hash };
  }

  async #fromCacheOrEncode(
    key: string,
    file: string,
    bytes: Buffer | undefined,
    social: boolean,
    maxPixels: number,
  ): Promise<ProcessedPhoto> {
    const dir = path.join(this.dir, key.slice(0, 2), key);
    const manifest = await readManifest(dir);
    if (manifest) {
      this.stats.photosFromCache++;
      return { key, dir, ...manifest };
    }
    const source = bytes ?? (await readFile(file));
    // The header alone says how large the photo is: checked before any decoding, and weighed against the pixel budget.
    const size = await photoSize(source, maxPixels);
    return this.#pool.run(size.width * size.height, async () => {
      const encoded = await this.#encode(key, file, source, social, dir, maxPixels);
      this.stats.photosEncoded++;
      return encoded;
    });
  }

  async #encode(
    key: string,
    file: string,
    bytes: Buffer,
    social: boolean,
    dir: string,
    maxPixels: number,
  ): Promise<ProcessedPhoto> {
    // Decode once, upright and in sRGB; every variant is made from these pixels.
    let decoded: { data: Buffer; info: Sharp.OutputInfo };
    try {
      decoded = await sharp()(bytes, { failOn: "error", limitInputPixels: maxPixels })
        .rotate()
        .toColourspace("srgb")
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw new PhotoError(`is truncated or corrupt (${firstLine(error)})`, { cause: error });
    }
    const { width, height, channels } = decoded.info;
    const hasAlpha = channels === 4 || channels === 2;
    const pixels = () => sharp()(decoded.data, { raw: { width, height, channels } });
    const name = `${slugOf(file)}-${key.slice(0, 12)}`;
    const fallback: VariantFormat = hasAlpha ? "png" : "jpeg";
    const staging = await this.#temporary(key);
    await mkdir(staging);
    try {
      const jobs: Promise<Variant>[] = [];
      for (const w of variantWidths(width)) {
        const h = Math.max(1, Math.round((height * w) / width));
        for (const format of ["avif", "webp", fallback] as const) {
          const variant: Variant = {
            format,
            width: w,
            height: h,
            file: `${name}-${w}.${format === "jpeg" ? "jpg" : format}`,
          };
          const resized = w === width ? pixels() : pixels().resize(w, h);
          jobs.push(this.#write(encodeAs(resized, format), path.join(staging, variant.file)).then(() => variant));
        }
      }
      let socialVariant: Variant | undefined;
      if (social) {
        const size = socialSize(width, height);
        socialVariant = { format: "jpeg", ...size, file: `${name}-${size.width}x${size.height}.jpg` };
        const crop = pixels()
          .resize(size.width, size.height, { fit: "cover", position: sharp().strategy.attention })
          .flatten({ background: "#ffffff" })
          .jpeg({ quality: RECIPE.social.quality, mozjpeg: true });
        jobs.push(this.#write(crop, path.join(staging, socialVariant.file)).then(() => socialVariant!));
      }
      const variants = (await Promise.all(jobs)).filter((v) => v !== socialVariant);
      const manifest: Manifest = {
        width,
        height,
        hasAlpha,
        variants,
        ...(socialVariant ? { social: socialVariant } : {}),
      };
      await writeFile(path.join(staging, "manifest.json"), JSON.stringify(manifest));
      await mkdir(path.dirname(dir), { recursive: true });
      try {
        await rename(staging, dir);
      } catch (error) {
        // Another build finished the same key first: its files are the same.
        if (!(await readManifest(dir))) throw error;
        await rm(staging, { recursive: true, force: true });
      }
      return { key, dir, ...manifest };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  async #write(pipeline: Sharp.Sharp, target: string): Promise<void> {
    await pipeline.toFile(target);
    this.stats.encodes++;
  }
}

function encodeAs(pipeline: Sharp.Sharp, format: VariantFormat): Sharp.Sharp {
  switch (format) {
    case "avif":
      return pipeline.avif(RECIPE.avif);
    case "webp":
      return pipeline.webp(RECIPE.webp);
    case "jpeg":
      return pipeline.jpeg(RECIPE.jpeg);
    case "png":
      return pipeline.png(RECIPE.png);
  }
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

/** The cache's folder for work in progress. */
const TEMPORARY = "tmp";

/** An entry older than this is stale even if a process with its pid runs: no photo takes an hour to encode, and pids are reused. */
const STALE_MS = 3600_000;

/** Removes the entries of `dir` whose name gives (through `pidOf`) the pid of a process no longer running, or that are old. */
async function removeStale(dir: string, pidOf: (name: string) => string | undefined): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = pidOf(name);
      if (pid === undefined) return;
      const entry = path.join(dir, name);
      const info = await stat(entry).catch(() => undefined);
      if (!info) return;
      if (!isRunning(Number(pid)) || Date.now() - info.mtimeMs > STALE_MS)
        await rm(entry, { recursive: true, force: true });
    }),
  );
}

export interface PhotoSize {
  /** sharp's name: jpeg, png, webp, … */
  format: string;
  width: number;
  height: number;
}

/** `400 megapixels`, `1.5 megapixels`; small numbers as pixels. */
const pixelCount = (pixels: number) =>
  pixels >= 100_000 ? `${Number((pixels / 1e6).toFixed(1))} megapixels` : `${pixels} pixels`;

function tooLarge(width: number, height: number, maxPixels: number): void {
  const pixels = width * height;
  if (pixels <= maxPixels) return;
  const total = pixels >= 100_000 ? ` (${pixelCount(pixels)})` : "";
  throw new PhotoError(
    `is too large: ${width}×${height} pixels${total}; a photo may have at most ${pixelCount(maxPixels)} (images.maxPixels in site.json): make it smaller`,
  );
}

/**
 * What a photo's header says: its format and size, checked against
 * `maxPixels` before a single pixel is decoded (a 20000×20000 PNG header
 * is a few bytes; its pixels would be 1.2 GB).
 */
export async function photoSize(bytes: Buffer, maxPixels: number): Promise<PhotoSize> {
  const meta = await sharp()(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  if (!meta?.format || !meta.width || !meta.height)
    throw new PhotoError("is not an image (JPEG, PNG, WebP, AVIF, GIF or TIFF)");
  if (!PHOTO_FORMATS.has(meta.format))
    throw new PhotoError(`is ${meta.format.toUpperCase()}, not a photo format (JPEG, PNG, WebP, AVIF, GIF or TIFF)`);
  tooLarge(meta.width, meta.height, maxPixels);
  return { format: meta.format, width: meta.width, height: meta.height };
}

/**
 * The checks an encode makes, without encoding (for `newsmirror import`,
 * before it copies a photo): an image in a photo format, within
 * `maxPixels`, whose every pixel decodes (not truncated or corrupt).
 */
export async function checkPhoto(bytes: Buffer, maxPixels: number): Promise<PhotoSize> {
  const size = await photoSize(bytes, maxPixels);
  try {
    // Statistics read every pixel once, in strips, without holding the decoded photo.
    await sharp()(bytes, { failOn: "error", limitInputPixels: maxPixels }).stats();
  } catch (error) {
    throw new PhotoError(`is truncated or corrupt (${firstLine(error)})`, { cause: error });
  }
  return size;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split("\n")[0]!
    .trim();
}
