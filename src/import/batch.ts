/**
 * A batch import: every input file is read, converted, checked and written
 * on its own, so one bad page never stops the rest. Each ends as imported,
 * skipped (the page is already in the content folder) or failed, with the reason.
 */
import { constants } from "node:fs";
import { copyFile, mkdir, open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { ArticleLoader } from "../article/load.ts";
import { isWithin, outsideFolder, shownPath } from "../folders.ts";
import type { SiteSettings } from "../site/settings.ts";
import { parseAddress, type PageAddress } from "./address.ts";
import { ImportError, type BodyBlock } from "./model.ts";
import { PAGE_EXTENSIONS, readPage } from "./read-page.ts";
import { articlePath, articleText, checkArticleText, prepareArticle } from "./writer.ts";

export const MAX_PAGE_BYTES = 8 * 1024 * 1024;
const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]);

export interface ImportInput {
  /** The file as the user named it (for messages). */
  shown: string;
  absolute: string;
  /** Where the page lived on gov.cn, as far as its path tells (relative to an imported folder). */
  location: string;
}

export interface ImportRequest {
  inputs: readonly ImportInput[];
  outDir: string;
  /** How paths are shown in messages. */
  displayRoot: string;
  settings: SiteSettings;
  force: boolean;
  /** The page's address, overriding what its path says (one file only). */
  url?: string;
}

export type ImportOutcome =
  | { status: "imported"; input: ImportInput; file: string; replaced: boolean; warnings: string[] }
  | { status: "skipped"; input: ImportInput; file: string; reason: string; warnings: string[] }
  | { status: "failed"; input: ImportInput; reason: string; warnings: string[] };

/** Lists the pages named: files as given, folders searched for .html/.htm/.txt. */
export async function listInputs(paths: readonly string[], cwd: string): Promise<ImportInput[]> {
  const inputs: ImportInput[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
      const found: ImportInput[] = [];
      for (const entry of entries) {
        if (!entry.isFile() || !PAGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
        const file = path.join(entry.parentPath, entry.name);
        const relative = path.relative(absolute, file);
        // Dot-folders, and the `…_files` folders browsers save a page's resources in (frames there are not articles).
        const folders = relative.split(path.sep).slice(0, -1);
        if (relative.startsWith(".") || folders.some((part) => part.startsWith(".") || part.endsWith("_files"))) continue;
        found.push({ shown: path.join(given, relative), absolute: file, location: relative });
      }
      inputs.push(...found.sort((a, b) => a.absolute.localeCompare(b.absolute)));
    } else {
      // A relative path as typed can carry the gov.cn folders; an absolute one names the user's disk, so only its file name counts.
      const location = path.isAbsolute(given) || given.split(/[\\/]/).includes("..") ? path.basename(given) : given;
      inputs.push({ shown: given, absolute, location: /gov\.cn[\\/]/i.test(absolute) ? absolute : location });
    }
  }
  return inputs;
}

interface Existing {
  byUrl: Map<string, string>;
  byId: Map<string, string>;
}

/** The pages the content folder already has, by address and by id. */
async function existingArticles(request: ImportRequest): Promise<Existing> {
  const existing: Existing = { byUrl: new Map(), byId: new Map() };
  const found = await stat(request.outDir).catch(() => undefined);
  if (!found?.isDirectory()) return existing;
  const { articles } = await new ArticleLoader().load({ contentDir: request.outDir, settings: request.settings, includeDrafts: true, displayRoot: request.outDir });
  for (const article of articles) {
    const file = path.resolve(request.outDir, article.file);
    existing.byUrl.set(article.url, file);
    if (article.id) existing.byId.set(article.id, file);
  }
  return existing;
}

async function readBytes(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ImportError("is not a file");
    if (info.size > MAX_PAGE_BYTES) throw new ImportError(`is ${info.size} bytes; a saved page may be at most ${MAX_PAGE_BYTES} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function isImage(bytes: Buffer): boolean {
  const hex = bytes.subarray(0, 12).toString("hex");
  return (
    hex.startsWith("ffd8ff") || // JPEG
    hex.startsWith("89504e47") || // PNG
    hex.startsWith("47494638") || // GIF
    (hex.startsWith("52494646") && bytes.subarray(8, 12).toString("latin1") === "WEBP") ||
    bytes.subarray(4, 12).toString("latin1") === "ftypavif"
  );
}

/**
 * Photos saved beside the page are copied beside the article. Only image
 * files inside the saved page's own folder are taken: a page naming
 * `../../home/me/.ssh/id_rsa` as an image must not smuggle it into a site.
 */
async function bringPhotos(body: BodyBlock[], input: ImportInput, articleFile: string, warnings: string[]): Promise<{ body: BodyBlock[]; copies: [string, string][] }> {
  const pageDir = path.dirname(input.absolute);
  const base = path.basename(articleFile, ".md");
  const copies: [string, string][] = [];
  let n = 0;
  const out: BodyBlock[] = [];
  for (const block of body) {
    if (block.kind !== "photo") {
      out.push(block);
      continue;
    }
    const { src } = block.photo;
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("//")) {
      warnings.push(`photo ${src} was not saved with the page; the article links it as written (a build refuses it unless images.remote is "link": save it beside the article and change the path)`);
      out.push(block);
      continue;
    }
    let decoded = src;
    try {
      decoded = decodeURIComponent(src.split(/[?#]/)[0]!);
    } catch {
      // kept as written
    }
    const from = path.resolve(pageDir, decoded);
    const ext = path.extname(from).toLowerCase();
    const inside = isWithin(pageDir, from);
    // By real paths too: a symbolic link saved in the page's folder can lead anywhere.
    if (inside && (await outsideFolder(pageDir, from))) {
      warnings.push(`photo ${src} leads outside the saved page's folder (a symbolic link); the article refers to it as written`);
      out.push(block);
      continue;
    }
    const bytes = !inside || !IMAGE_EXTENSIONS.has(ext) ? undefined : await readFile(from).catch(() => undefined);
    if (!bytes || !isImage(bytes)) {
      warnings.push(`photo ${src} ${bytes ? "is not an image" : "was not found in the saved page's folder"}; the article refers to it as written`);
      out.push(block);
      continue;
    }
    const name = `${base}-photo-${++n}${ext === ".jpeg" ? ".jpg" : ext}`;
    copies.push([from, path.join(path.dirname(articleFile), name)]);
    out.push({ kind: "photo", photo: { ...block.photo, src: name } });
  }
  return { body: out, copies };
}

/** `name.md`, else `name-2.md`, `name-3.md`, … whichever does not exist yet. */
async function freeName(target: string): Promise<string> {
  const stem = target.slice(0, -".md".length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? target : `${stem}-${n}.md`;
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
  }
}

/** Imports every input; `onOutcome` hears of each as it finishes. */
export async function importPages(request: ImportRequest, onOutcome: (outcome: ImportOutcome, index: number) => void = () => {}): Promise<ImportOutcome[]> {
  const existing = await existingArticles(request);
  const thisBatch = new Map<string, string>(); // url → input shown
  const outcomes: ImportOutcome[] = [];
  for (const [index, input] of request.inputs.entries()) {
    const warnings: string[] = [];
    let outcome: ImportOutcome;
    try {
      outcome = await importOne(input, request, existing, thisBatch, warnings);
    } catch (error) {
      if (!(error instanceof ImportError) && !(error as NodeJS.ErrnoException).code) throw error;
      const reason = error instanceof ImportError ? error.message : describeFsError(error as NodeJS.ErrnoException);
      outcome = { status: "failed", input, reason, warnings };
    }
    outcomes.push(outcome);
    onOutcome(outcome, index);
  }
  return outcomes;
}

export { shownPath };

function describeFsError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EACCES") return "permission denied";
  if (error.code === "EISDIR") return "is a folder";
  if (error.code === "EEXIST") return `${(error as NodeJS.ErrnoException & { dest?: string }).dest ?? error.path ?? "a file"} is already there (not an article of this page; nothing replaced)`;
  return error.message;
}

async function importOne(input: ImportInput, request: ImportRequest, existing: Existing, thisBatch: Map<string, string>, warnings: string[]): Promise<ImportOutcome> {
  const page = readPage(await readBytes(input.absolute), input.absolute);
  const address: PageAddress = parseAddress(request.url ?? page.address ?? input.location);
  const prepared = prepareArticle(page, address);
  warnings.push(...prepared.warnings);
  if (!address.section) warnings.push("no section in the page's address (give --url, or import the folder that mirrors gov.cn's paths)");

  const target = articlePath(request.outDir, prepared.frontMatter);
  const firstText = articleText(prepared);
  const probe = checkArticleText(firstText, shownPath(request.displayRoot, target), request.settings);
  const already = existing.byUrl.get(probe.url) ?? (probe.id ? existing.byId.get(probe.id) : undefined);
  const earlier = thisBatch.get(probe.url);
  if (earlier) return { status: "skipped", input, file: shownPath(request.displayRoot, already ?? target), reason: `same page as ${earlier}, imported just before`, warnings };
  if (already && !request.force) {
    const shown = shownPath(request.displayRoot, already);
    return { status: "skipped", input, file: shown, reason: `already there: ${shown} (--force replaces it)`, warnings };
  }
  // --force replaces the file holding this very page; any other file of the same name (another
  // article with the same title, say) is never touched: the new one takes the next free name.
  const file = already ?? (await freeName(target));
  const shownFile = shownPath(request.displayRoot, file);
  const exists = already !== undefined;

  // Photos are named after the article file, so they are placed once it is known where that goes.
  const { body, copies } = await bringPhotos(prepared.body, input, file, warnings);
  const text = copies.length === 0 ? firstText : articleText({ ...prepared, body });
  const article = text === firstText ? probe : checkArticleText(text, shownFile, request.settings);
  // Nothing is written through a symbolic link inside --out that leads out of it: checked for every file, before any is written.
  for (const target of [file, ...copies.map(([, to]) => to)]) {
    const outside = await outsideFolder(request.outDir, target);
    if (outside) throw new ImportError(outside);
  }
  await mkdir(path.dirname(file), { recursive: true });
  for (const [from, to] of copies) await copyFile(from, to, exists ? 0 : constants.COPYFILE_EXCL);
  await writeFile(file, text, { flag: exists ? "w" : "wx" });
  thisBatch.set(article.url, input.shown);
  existing.byUrl.set(article.url, file);
  if (article.id) existing.byId.set(article.id, file);
  return { status: "imported", input, file: shownFile, replaced: exists, warnings };
}
