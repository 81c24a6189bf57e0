/**
 * A batch import: every input file is read, converted, checked and written
 * on its own, so one bad page never stops the rest. Each ends as imported,
 * skipped (the page is already in the content folder) or failed, with the reason.
 */
import { constants, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { lstat, mkdir, open, readdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { listArticleFiles } from "../article/load.ts";
import { indexArticle } from "../article/index-article.ts";
import { MAX_FILE_BYTES, readArticle, readArticleFile } from "../article/read-article.ts";
import { revisionFile, revisionStamp } from "../article/revision.ts";
import { toOffsetIso } from "../time/format.ts";
import { isWithin, outsideFolder, shownPath } from "../folders.ts";
import { checkPhoto, PhotoError } from "../images/encode.ts";
import { SETTINGS_FILE, type SiteSettings } from "../settings/settings.ts";
import { foreignHost, parseAddress, type PageAddress } from "./address.ts";
import { ImportError, type BodyBlock } from "./model.ts";
import { PAGE_EXTENSIONS, readPage } from "./read-page.ts";
import {
  articlePath,
  articleText,
  checkArticleText,
  prepareArticle,
  type FrontMatterFields,
  type PreparedArticle,
} from "./writer.ts";

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
  /** Keep the article already there as an older capture (a revision) beside the new one, rather than refuse. */
  keepHistory?: boolean;
  /** The page's address, overriding what its path says (one file only). */
  url?: string;
  /** When the pages were saved (ISO 8601 with an offset), overriding the files' modification times. */
  captured?: string;
}

export type ImportOutcome =
  | {
      status: "imported";
      input: ImportInput;
      file: string;
      replaced: boolean;
      warnings: string[];
      /** With --keep-history: the file the older capture is kept in (the one there before, or this page). */
      kept?: string;
    }
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
        if (relative.startsWith(".") || folders.some((part) => part.startsWith(".") || part.endsWith("_files")))
          continue;
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
  /** Article files whose front matter cannot be read, and why: what page they hold is unknown. */
  unreadable: Map<string, string>;
}

/**
 * The pages the content folder already has, by address and by id: the front
 * matter of every article file the build would read, and nothing more (no
 * body rendered, no photo looked at). An article the build would refuse for
 * its body or a photo is still known by its address, so a second import of
 * its page is recognised.
 */
async function existingArticles(request: ImportRequest): Promise<Existing> {
  const existing: Existing = { byUrl: new Map(), byId: new Map(), unreadable: new Map() };
  const found = await stat(request.outDir).catch(() => undefined);
  if (!found?.isDirectory()) return existing;
  for (const file of (await listArticleFiles(request.outDir)).files) {
    const known = knownPage(file, request.settings);
    if ("why" in known) {
      existing.unreadable.set(file, known.why);
      continue;
    }
    if (known.url) existing.byUrl.set(known.url, file);
    if (known.id) existing.byId.set(known.id, file);
  }
  return existing;
}

/**
 * An article file's address and id, from its front matter alone: the
 * pipeline's first two stages (read, index), never the third (render).
 */
function knownPage(file: string, settings: SiteSettings): { url?: string; id?: string } | { why: string } {
  try {
    const info = statSync(file);
    if (info.size > MAX_FILE_BYTES) return { why: `it is over ${MAX_FILE_BYTES} bytes` };
    const { checked, problems, frontMatter } = readArticleFile(file, file, settings.dates, info);
    if (!checked) {
      // Front matter the build refuses for another field may still name the page's id.
      const id = (frontMatter as { id?: unknown } | null | undefined)?.id;
      if (typeof id === "string" && /^(?:[0-9a-f]{24}|\d{7})$/.test(id)) return { id };
      return { why: problems[0]?.message ?? "its front matter is not valid" };
    }
    const { url, id, revision } = indexArticle(checked, file, settings);
    // An older capture shares the latest's id; the page it holds is the latest's file.
    return revision ? { url } : { url, id };
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error;
    return { why: describeFsError(error as NodeJS.ErrnoException) };
  }
}

/** A saved page's bytes, and when it was last modified (its capture time, unless --captured says). */
async function readBytes(file: string): Promise<{ bytes: Buffer; mtimeMs: number }> {
  const handle = await open(file, "r");
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ImportError("is not a file");
    if (info.size > MAX_PAGE_BYTES)
      throw new ImportError(`is ${info.size} bytes; a saved page may be at most ${MAX_PAGE_BYTES} bytes`);
    return { bytes: await handle.readFile(), mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/**
 * Reads a photo saved with the page, as it is on disk: a regular file below
 * the page's own folder, reached through no symbolic link (a link in a
 * saved page's `_files` folder could lead to any file on this computer,
 * which would then be published with the site). The bytes read are the
 * bytes copied: nothing is opened twice.
 */
async function readSavedPhoto(pageDir: string, from: string, src: string): Promise<Buffer> {
  const parts = path.relative(pageDir, from).split(path.sep);
  for (let i = 1; i <= parts.length; i++) {
    const at = path.join(pageDir, ...parts.slice(0, i));
    const info = await lstat(at).catch(() => undefined);
    if (!info)
      throw new ImportError(
        `photo ${src} was not found in the saved page's folder (looked for ${at}); save the page with its photos, or remove the photo from it, and import it again`,
      );
    if (info.isSymbolicLink()) {
      const to = await readlink(at).catch(() => "somewhere else");
      const link = i === parts.length ? "" : `: its folder ${parts.slice(0, i).join("/")}`;
      throw new ImportError(
        `photo ${src}${link} is a symbolic link (to ${to}); import follows no link, so that no file from elsewhere on this computer reaches the site: put the photo itself there and import again`,
      );
    }
  }
  // O_NOFOLLOW: a link put there since the check is refused too; O_NONBLOCK: a named pipe does not hang the import.
  const handle = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ELOOP") {
        const message = `photo ${src} is a symbolic link; import follows no link: put the photo itself there and import again`;
        throw new ImportError(message, { cause: error });
      }
      throw new ImportError(`photo ${src} cannot be read: ${describeFsError(error)}`, { cause: error });
    },
  );
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ImportError(`photo ${src} is not a file (a folder, device or pipe); not copied`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Photos saved beside the page are copied beside the article. Only image
 * files inside the saved page's own folder are taken: a page naming
 * `../../home/me/.ssh/id_rsa` as an image must not smuggle it into a site.
 * A photo the build would refuse (not saved, not an image, too large, a
 * remote address the site does not link) stops this page: the article is
 * not written, and the reason says which photo and what to do.
 */
async function bringPhotos(
  body: BodyBlock[],
  input: ImportInput,
  articleFile: string,
  request: ImportRequest,
  /** The photos' names start so (default: the article file's name). */
  base = path.basename(articleFile, ".md"),
): Promise<{ body: BodyBlock[]; copies: [string, Buffer][] }> {
  const pageDir = path.dirname(input.absolute);
  const copies: [string, Buffer][] = [];
  let n = 0;
  const out: BodyBlock[] = [];
  for (const block of body) {
    if (block.kind !== "photo") {
      out.push(block);
      continue;
    }
    const { src } = block.photo;
    if (/^https?:/i.test(src) || src.startsWith("//")) {
      if (request.settings.images.remote === "link") {
        out.push(block);
        continue;
      }
      throw new ImportError(
        `photo ${src} was not saved with the page, and the site's photos must be its own files; save the page with its photos (a browser's "Web page, complete"), or set "images": { "remote": "link" } in ${shownPath(request.displayRoot, path.join(request.outDir, SETTINGS_FILE))} to link such photos as they are`,
      );
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src))
      throw new ImportError(
        `photo ${src.slice(0, 60)} is not a file saved with the page (a ${src.split(":")[0]}: address); not imported`,
      );
    let decoded = src;
    try {
      decoded = decodeURIComponent(src.split(/[?#]/)[0]!);
    } catch {
      // kept as written
    }
    const from = path.resolve(pageDir, decoded);
    const ext = path.extname(from).toLowerCase();
    if (!isWithin(pageDir, from) || from === pageDir)
      throw new ImportError(
        `photo ${src} lies outside the saved page's folder (${pageDir}); import takes photos from that folder only`,
      );
    if (!IMAGE_EXTENSIONS.has(ext))
      throw new ImportError(`photo ${src} is not named as a photo (.jpg, .jpeg, .png, .gif, .webp, .avif); not copied`);
    const bytes = await readSavedPhoto(pageDir, from, src);
    try {
      await checkPhoto(bytes, request.settings.images.maxPixels);
    } catch (error) {
      if (error instanceof PhotoError) throw new ImportError(`photo ${src} ${error.message}`, { cause: error });
      throw error;
    }
    const name = `${base}-photo-${++n}${ext === ".jpeg" ? ".jpg" : ext}`;
    copies.push([path.join(path.dirname(articleFile), name), bytes]);
    out.push({ kind: "photo", photo: { ...block.photo, src: name } });
  }
  return { body: out, copies };
}

/**
 * `name.md`, else `name-2.md`, `name-3.md`, …: the first name no file has.
 * A name held by another article (same title, another day) is passed over;
 * one held by a file whose front matter cannot be read stops the page, as
 * it may hold this very page.
 */
async function freeName(target: string, existing: Existing, shown: (file: string) => string): Promise<string> {
  const stem = target.slice(0, -".md".length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? target : `${stem}-${n}.md`;
    const why = existing.unreadable.get(candidate);
    if (why !== undefined) {
      throw new ImportError(
        `${shown(candidate)} is already there, and what page it holds cannot be told (${why}); correct or move it, then import again`,
      );
    }
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
  }
}

/** Imports every input; `onOutcome` hears of each as it finishes. */
export async function importPages(
  request: ImportRequest,
  onOutcome: (outcome: ImportOutcome, index: number) => void = () => {},
): Promise<ImportOutcome[]> {
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
  if (error.code === "EEXIST")
    return `${(error as NodeJS.ErrnoException & { dest?: string }).dest ?? error.path ?? "a file"} is already there (not an article of this page; nothing replaced)`;
  if (error.code === "ELOOP") return "leads through a loop of symbolic links";
  if (error.code === "ENOTDIR") return "a part of its path is a file, not a folder";
  if (error.code === "ENAMETOOLONG") return "its path is too long";
  if (error.code === "ENOSPC") return "the disk is full; free some space and import again";
  if (error.code === "EROFS") return "the disk is read-only";
  return `cannot be read or written (${error.code})`;
}

/**
 * The page's provenance, as front matter: its address (--url, else the page's canonical link, og:url or "saved from"
 * comment, when it is http(s)), when it was saved (--captured, else the file's modification time, to the second, in
 * the site's time zone) and the SHA-256 of its bytes as read.
 */
function provenanceOf(
  bytes: Buffer,
  mtimeMs: number,
  address: string | undefined,
  request: ImportRequest,
): Pick<FrontMatterFields, "original_url" | "captured" | "source_sha256"> {
  const original = request.url ?? address;
  return {
    ...(original && /^https?:\/\/[^/\s]/i.test(original) && !/\s/.test(original) ? { original_url: original } : {}),
    captured: request.captured ?? toOffsetIso(Math.floor(mtimeMs / 1000) * 1000, request.settings.timeZone),
    source_sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

/** The front matter's first line, then `revision: true`: the article text kept as an older capture. */
function asRevision(text: string): string {
  return text.replace(/^(\uFEFF?---[ \t]*\r?\n)/, "$1revision: true\n");
}

async function importOne(
  input: ImportInput,
  request: ImportRequest,
  existing: Existing,
  thisBatch: Map<string, string>,
  warnings: string[],
): Promise<ImportOutcome> {
  const { bytes, mtimeMs } = await readBytes(input.absolute);
  const page = readPage(bytes, input.absolute);
  const location = request.url ?? page.address ?? input.location;
  const address: PageAddress = parseAddress(location);
  const prepared = prepareArticle(page, address);
  Object.assign(prepared.frontMatter, provenanceOf(bytes, mtimeMs, page.address, request));
  const foreign = foreignHost(location);
  if (foreign) {
    const named = request.url ? `--url ${request.url}` : `the page's own address, ${location},`;
    warnings.push(
      `${named} is not on gov.cn (${foreign}), so this may not be an english.www.gov.cn article; its path gave the section and id all the same`,
    );
  }
  warnings.push(...prepared.warnings);
  if (!address.section)
    warnings.push("no section in the page's address (give --url, or import the folder that mirrors gov.cn's paths)");

  const target = articlePath(request.outDir, prepared.frontMatter);
  const firstText = articleText(prepared);
  const probe = checkArticleText(firstText, shownPath(request.displayRoot, target), request.settings);
  const already = existing.byUrl.get(probe.url) ?? (probe.id ? existing.byId.get(probe.id) : undefined);
  const earlier = thisBatch.get(probe.url);
  if (earlier)
    return {
      status: "skipped",
      input,
      file: shownPath(request.displayRoot, already ?? target),
      reason: `same page as ${earlier}, imported just before`,
      warnings,
    };
  if (already && !request.force) {
    const shown = shownPath(request.displayRoot, already);
    const how = existing.byId.get(probe.id ?? "") === already ? `id ${probe.id}` : `address ${probe.url}`;
    // The very bytes imported before: nothing new, so nothing to decide (importing a folder again is harmless).
    if (sameCapture(already, prepared.frontMatter.source_sha256, request))
      return {
        status: "skipped",
        input,
        file: shown,
        reason: `already imported, as ${shown} (same ${how}, the same saved bytes); --force replaces it`,
        warnings,
      };
    if (!request.keepHistory)
      throw new ImportError(
        `${shown} already holds this page (same ${how}), from another capture; nothing written: --force replaces it, --keep-history keeps it as an earlier version beside this one`,
      );
  }
  if (already && request.keepHistory) return keepHistory(already, input, prepared, request, thisBatch, warnings);
  // --force replaces the file holding this very page; any other file of the same name (another
  // article with the same title, say) is never touched: the new one takes the next free name.
  const file = already ?? (await freeName(target, existing, (f) => shownPath(request.displayRoot, f)));
  const shownFile = shownPath(request.displayRoot, file);
  const exists = already !== undefined;

  // Photos are named after the article file, so they are placed once it is known where that goes.
  const { body, copies } = await bringPhotos(prepared.body, input, file, request);
  const text = copies.length === 0 ? firstText : articleText({ ...prepared, body });
  const article = text === firstText ? probe : checkArticleText(text, shownFile, request.settings);
  await writeChecked(request, [...copies, [file, text]], exists ? "w" : "wx");
  thisBatch.set(article.url, input.shown);
  existing.byUrl.set(article.url, file);
  if (article.id) existing.byId.set(article.id, file);
  return { status: "imported", input, file: shownFile, replaced: exists, warnings };
}

/**
 * Files written once every one is known to stay inside --output: nothing is written through a symbolic link inside
 * it that leads out of it. The last is the article, so a failure before it leaves no article naming missing photos.
 */
async function writeChecked(request: ImportRequest, files: [string, string | Buffer][], flag: "w" | "wx") {
  // The article first: the file a user expects to be named.
  for (const [target] of [files.at(-1)!, ...files.slice(0, -1)]) {
    const outside = await outsideFolder(request.outDir, target);
    if (outside) throw new ImportError(outside);
  }
  await mkdir(path.dirname(files.at(-1)![0]), { recursive: true });
  for (const [to, content] of files) await writeFile(to, content, { flag });
}

/**
 * `--keep-history`: the page is a capture of an article already there. The later capture (by `captured`, else
 * `updated`) is the article; the earlier is kept beside it as `{name}.rev-{capturedUTC}.md` with `revision: true`
 * (src/article/revision.ts). The same capture again (the same bytes) is skipped. A new capture's photos are named
 * after its capture time, so the older capture's photos are never overwritten.
 */
async function keepHistory(
  already: string,
  input: ImportInput,
  prepared: PreparedArticle,
  request: ImportRequest,
  thisBatch: Map<string, string>,
  warnings: string[],
): Promise<ImportOutcome> {
  const shown = (file: string) => shownPath(request.displayRoot, file);
  const oldText = await readFile(already, "utf8");
  const old = readArticle(oldText, shown(already), request.settings.dates);
  if (!old.checked)
    throw new ImportError(
      `${shown(already)} holds this page but cannot be read (${old.problems[0]?.message ?? "front matter not valid"}), so it cannot be kept as an earlier version; correct it, or give --force to replace it`,
    );
  const fm = prepared.frontMatter;
  const oldMs = (old.checked.fm.captured ?? old.checked.fm.updated).epochMs;
  const newMs = Date.parse(fm.captured ?? fm.updated);
  const newStamp = revisionStamp(newMs);
  if (newMs < oldMs) {
    // An older capture than the article's: kept as a revision; the article stays.
    const file = revisionFile(already, newStamp);
    const { body, copies } = await bringPhotos(prepared.body, input, file, request);
    const text = articleText({ ...prepared, frontMatter: { ...fm, revision: true }, body });
    checkArticleText(text, shown(file), request.settings);
    await writeChecked(request, [...copies, [file, text]], "wx").catch(alreadyKept(file, shown));
    return { status: "imported", input, file: shown(already), replaced: false, warnings, kept: shown(file) };
  }
  const kept = revisionFile(already, revisionStamp(oldMs));
  const keptText = asRevision(oldText);
  checkArticleText(keptText, shown(kept), request.settings);
  const { body, copies } = await bringPhotos(
    prepared.body,
    input,
    already,
    request,
    `${path.basename(already, ".md")}-${newStamp}`,
  );
  const text = articleText({ ...prepared, body });
  const article = checkArticleText(text, shown(already), request.settings);
  // The older capture first, as a new file: if it cannot be written, the article is left as it was.
  await writeChecked(request, [[kept, keptText]], "wx").catch(alreadyKept(kept, shown));
  await writeChecked(request, [...copies, [already, text]], "w");
  thisBatch.set(article.url, input.shown);
  return { status: "imported", input, file: shown(already), replaced: true, warnings, kept: shown(kept) };
}

/** Whether the article file records this SHA-256 as its source: the same saved page, imported before. */
function sameCapture(file: string, sha256: string | undefined, request: ImportRequest): boolean {
  try {
    // The front matter as read, even when the build would refuse it for another field (its hash is still its own).
    const { frontMatter, checked } = readArticleFile(file, file, request.settings.dates);
    const recorded =
      checked?.fm.source_sha256 ?? (frontMatter as { source_sha256?: unknown } | undefined)?.source_sha256;
    return sha256 !== undefined && recorded === sha256;
  } catch {
    return false;
  }
}

function alreadyKept(file: string, shown: (file: string) => string) {
  return (error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST")
      throw new ImportError(
        `${shown(file)} is already there: a capture of the same time is kept already; nothing written`,
      );
    throw error;
  };
}
