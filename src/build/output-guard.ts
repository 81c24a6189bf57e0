/**
 * Which folders newsmirror may write, and one writer per output folder.
 *
 * A build replaces its whole output folder (src/build/output.ts swaps a new
 * copy in and deletes the old), so pointed at the wrong folder it deletes the
 * user's files: `--output content` took every article, `--output .` a whole
 * project. Before anything is touched, the output folder and the photo cache
 * are checked against folders that are never newsmirror's to replace, by
 * their real paths (a symbolic link leads where it leads), and an existing
 * output folder is replaced only when it carries the marker every build
 * writes. A lock beside the output folder names its holder, so two builds
 * take turns and a build never swaps out a folder a dev server is serving.
 */
import { constants, readFileSync, unlinkSync } from "node:fs";
import { access, link, lstat, mkdir, open, readFile, readdir, readlink, realpath, rename, stat, statfs, unlink, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { homedir, hostname } from "node:os";
import path from "node:path";
import { z } from "zod";
import { NewsmirrorError, UsageError } from "../errors.ts";
import { PACKAGE_ROOT } from "./paths.ts";

/** Where the user is and what they are working on: the folders a build must never replace. */
export interface FolderContext {
  cwd: string;
  contentDir?: string;
  /** The newsmirror package (src/build/paths.ts PACKAGE_ROOT). */
  packageRoot: string;
}

// ---------------------------------------------------------------------------
// Paths

/**
 * The real path of `p`: symbolic links of the part that exists resolved, the
 * rest (folders a build would create) appended as written.
 */
export async function realPathOf(p: string): Promise<string> {
  const absolute = path.resolve(p);
  const rest: string[] = [];
  for (let existing = absolute; ; existing = path.dirname(existing)) {
    try {
      return path.join(await realpath(existing), ...rest);
    } catch {
      if (existing === path.dirname(existing)) return absolute;
      rest.unshift(path.basename(existing));
    }
  }
}

/** `child` is `parent` or lies below it (by path segment: `/a/bc` is not inside `/a/b`). */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** How a folder is named in a message: relative to the working directory when below it, else absolute. */
export function shownPath(cwd: string, p: string): string {
  const relative = path.relative(cwd, p);
  if (relative === "") return ".";
  return isWithin(cwd, p) ? relative : p;
}

async function exists(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined)) !== undefined;
}

/** The nearest ancestor of `p` (or `p`) that exists. */
async function nearestExisting(p: string): Promise<string> {
  let dir = path.resolve(p);
  while (!(await exists(dir)) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
}

// ---------------------------------------------------------------------------
// Folders that are never newsmirror's to replace

interface Protected {
  real: string;
  /** "the content folder", "your home folder", … */
  name: string;
  /** Shown after "holds …" and "lies inside …" (what is meant, when the name alone does not say). */
  shown?: string;
  /** Shown after "is …" when the name alone does not say why (the project folder's .git). */
  why?: string;
  /** The output may not lie inside it either (only the content folder: a build inside it would be read as content). */
  noInside?: boolean;
}

/** The nearest folder at or above `start` holding `.git` or `package.json`: the user's project. */
async function projectRoot(start: string): Promise<{ dir: string; why: string } | undefined> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const marker of [".git", "package.json"]) {
      if (await exists(path.join(dir, marker))) return { dir, why: `it has ${marker}` };
    }
    if (dir === path.dirname(dir)) return undefined;
  }
}

async function protectedFolders(context: FolderContext): Promise<Protected[]> {
  const cwd = await realPathOf(context.cwd);
  const show = (p: string) => shownPath(cwd, p);
  const content = context.contentDir === undefined ? undefined : await realPathOf(path.resolve(context.cwd, context.contentDir));
  const home = await realPathOf(homedir());
  const packageRoot = await realPathOf(context.packageRoot);
  // In the order a rule is named when several apply: the most concrete loss first.
  const folders: Protected[] = [];
  if (content) folders.push({ real: content, name: "the content folder", shown: show(content), noInside: true });
  folders.push({ real: cwd, name: "the working directory" });
  // The project is found from the content folder and from where the user stands; they may differ.
  for (const start of [content, cwd]) {
    const project = start && (await projectRoot(start));
    if (project && !folders.some((f) => f.real === project.dir && f.name === "the project folder")) {
      folders.push({ real: project.dir, name: "the project folder", shown: show(project.dir), why: project.why });
    }
  }
  folders.push({ real: packageRoot, name: "newsmirror's own folder", shown: show(packageRoot) });
  folders.push({ real: home, name: "your home folder", shown: show(home) }, { real: path.parse(cwd).root, name: "the root of the file system" });
  return folders;
}

/**
 * The rule `real` breaks, if any: being one of the protected folders is named
 * first (the most specific reason), then holding one, then lying inside the
 * content folder.
 */
function brokenRule(real: string, folders: readonly Protected[]): { rule: string; inside?: boolean } | undefined {
  const same = folders.find((f) => f.real === real);
  if (same) return { rule: `is ${same.name}${same.why ? ` (${same.why})` : ""}` };
  const held = folders.find((f) => isWithin(real, f.real));
  if (held) return { rule: `holds ${held.name}${held.shown && held.shown !== "." ? ` (${held.shown})` : ""}` };
  const around = folders.find((f) => f.noInside && isWithin(f.real, real));
  if (around) return { rule: `lies inside ${around.name} (${around.shown})`, inside: true };
  return undefined;
}

/** Whether `real` (an existing folder) is a mount point: renaming it fails with EBUSY, so it cannot be swapped. */
async function isMountPoint(real: string): Promise<boolean> {
  if (real === path.dirname(real)) return true;
  const [self, parent] = await Promise.all([stat(real), stat(path.dirname(real))]);
  if (self.dev !== parent.dev) return true;
  // A bind mount of the same file system keeps st_dev; Linux lists every mount point here (octal escapes for spaces).
  const table = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  return table.split("\n").some((line) => line.split(" ")[4]?.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))) === real);
}

/** The existing path's kind, refusing what cannot be a folder of ours (a file, a link to nothing). */
async function existingFolder(label: string, real: string, hint: string): Promise<boolean> {
  const info = await lstat(real).catch(() => undefined);
  if (!info) return false;
  if (info.isSymbolicLink()) throw new UsageError(`${label}: is a symbolic link to ${await readlink(real)}, which does not exist; ${hint}`);
  if (!info.isDirectory()) throw new UsageError(`${label}: is a file, not a folder; ${hint}`);
  return true;
}

/**
 * Throws UsageError naming `flag` (e.g. "--output") and the folder when `dir`
 * may not be written by newsmirror: it is, holds or (the content folder) lies
 * inside a folder of the user's, is a file or a mount point, or holds files
 * without the marker of a site newsmirror built. `dir` is shown as given;
 * relative to `context.cwd`.
 */
export async function checkOutputFolder(flag: string, dir: string, context: FolderContext): Promise<void> {
  const real = await realPathOf(path.resolve(context.cwd, dir));
  const label = `${flag} ${dir}`;
  const hint = `each build replaces the whole output folder: give ${flag} a new or empty folder, e.g. _site`;
  const broken = brokenRule(real, await protectedFolders(context));
  if (broken) throw new UsageError(`${label}: ${broken.rule}; ${broken.inside ? `give ${flag} a folder outside it` : hint}`);
  if (!(await existingFolder(label, real, hint))) return;
  if (await isMountPoint(real)) {
    throw new UsageError(`${label}: is a mount point, which a build cannot replace; build into a folder inside it, e.g. ${flag} ${path.join(dir, "site")}`);
  }
  if ((await readdir(real)).length === 0) return;
  if (!(await readSiteMarker(real)) && !(await isUnmarkedNewsmirrorSite(real))) {
    throw new UsageError(`${label}: holds files newsmirror did not write (no ${SITE_MARKER}); ${hint}`);
  }
}

/**
 * The photo cache (`--image-cache`): the same protected folders, and never in
 * or around the output folder, whose swap would delete it. `flag` names the
 * setting to change; `label` how the value is named (default `flag`).
 */
export async function checkCacheFolder(flag: string, dir: string, context: FolderContext & { outputDir: string }, options: { label?: string } = {}): Promise<void> {
  const real = await realPathOf(path.resolve(context.cwd, dir));
  const label = `${options.label ?? flag} ${dir}`;
  const hint = `give ${flag} a folder of its own, e.g. .cache/images`;
  const output = await realPathOf(path.resolve(context.cwd, context.outputDir));
  const folders = await protectedFolders(context);
  const shownOutput = shownPath(await realPathOf(context.cwd), output);
  const broken =
    brokenRule(real, folders) ??
    (isWithin(output, real)
      ? { rule: `${real === output ? "is the output folder" : `lies inside the output folder (${shownOutput})`}, which each build replaces`, inside: true }
      : isWithin(real, output)
        ? { rule: `holds the output folder (${shownOutput})` }
        : undefined);
  if (broken) throw new UsageError(`${label}: ${broken.rule}; ${broken.inside ? `give ${flag} a folder outside it` : hint}`);
  if (!(await existingFolder(label, real, hint))) return;
  if (await isPhotoCache(real)) return;
  throw new UsageError(`${label}: holds files that are not newsmirror's photo cache (no ${CACHE_TAG}); give ${flag} a new or empty folder, e.g. .cache/images`);
}

// ---------------------------------------------------------------------------
// The site marker

/** Every site newsmirror builds carries this file; an output folder without it is not replaced. */
export const SITE_MARKER = ".newsmirror-site";

const SiteMarkerSchema = z.object({ generator: z.literal("newsmirror"), version: z.string(), basePath: z.string(), builtAt: z.string() });

/** The marker's content. `basePath` is the path of the site's baseUrl (`/english/`): the preview server serves the site under it. */
export type SiteMarker = z.infer<typeof SiteMarkerSchema>;

let ownVersion: string | undefined;
function newsmirrorVersion(): string {
  ownVersion ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  return ownVersion;
}

/** Marks `dir` as a site newsmirror wrote. `builtAt` defaults to now (a build passes its build time, for reproducible output). */
export async function writeSiteMarker(dir: string, marker: { basePath: string; builtAt?: string }): Promise<void> {
  const content: SiteMarker = { generator: "newsmirror", version: newsmirrorVersion(), basePath: marker.basePath, builtAt: marker.builtAt ?? new Date().toISOString() };
  await writeFile(path.join(dir, SITE_MARKER), `${JSON.stringify(content, null, 2)}\n`);
}

/** The marker of the site in `dir`, or undefined when there is none (or it is not one newsmirror wrote). */
export async function readSiteMarker(dir: string): Promise<SiteMarker | undefined> {
  try {
    const parsed = SiteMarkerSchema.safeParse(JSON.parse(await readFile(path.join(dir, SITE_MARKER), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Files at the top of a site newsmirror built; everything else there is a folder (sections, months, assets…). */
const SITE_TOP_FILE = /^(index\.html|404\.html|search\.html|feed\.(xml|json)|sitemap(-\d+)?\.xml|news-sitemap\.xml|robots\.txt)$/;
/** Its folders: section words (`statecouncil`), months (`202107`), `assets`, `archive`, `pagefind`, `photos`. */
const SITE_TOP_FOLDER = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A site an earlier newsmirror built, before every build carried the marker:
 * a `_site` from before an upgrade, which `npm run build` must still replace.
 * Recognised only by its whole shape: every top-level entry named as a build
 * names them (a user's `notes.txt` or `.git` there fails it), our home page
 * (its policy and `listing--home` page) and stylesheet, and a robots.txt
 * naming the sitemap. The build that replaces it writes the marker.
 */
async function isUnmarkedNewsmirrorSite(real: string): Promise<boolean> {
  const entries = await readdir(real, { withFileTypes: true });
  const shaped = entries.every((e) => (e.isFile() ? SITE_TOP_FILE.test(e.name) : e.isDirectory() && SITE_TOP_FOLDER.test(e.name)));
  if (!shaped) return false;
  const read = (name: string) => readFile(path.join(real, name), "utf8").catch(() => "");
  const [home, robots, stylesheet] = await Promise.all([read("index.html"), read("robots.txt"), stat(path.join(real, "assets/site.css")).catch(() => undefined)]);
  return (
    home.includes('<meta http-equiv="Content-Security-Policy"') &&
    home.includes('class="column listing listing--home"') &&
    /^Sitemap: \S+\/sitemap\.xml$/m.test(robots) &&
    stylesheet?.isFile() === true
  );
}

// ---------------------------------------------------------------------------
// The photo cache's tag

/** The Cache Directory Tagging standard (https://bford.info/cachedir/): backup tools skip the folder, and it says whose it is. */
export const CACHE_TAG = "CACHEDIR.TAG";
const CACHE_TAG_TEXT = `Signature: 8a477f597d28d172789f06886806bc55
# This file is a cache directory tag created by newsmirror (encoded photos).
# For information about cache directory tags, see https://bford.info/cachedir/
`;

export async function writeCacheTag(dir: string): Promise<void> {
  await writeFile(path.join(dir, CACHE_TAG), CACHE_TAG_TEXT);
}

/** Names in a photo cache written before it carried a tag: the hash index, its temporary copies, two-hex-digit key folders. */
const OLD_CACHE_ENTRY = /^(sources\.json(\.tmp-\d+)?|[0-9a-f]{2})$/;
const OLD_KEY_FOLDER = /^([0-9a-f]{32})(\.tmp-\d+-[0-9a-f]{8})?$/;

/**
 * A folder a photo cache may use: empty, tagged, or an untagged cache of an
 * earlier newsmirror. That one is recognised only when every entry is named
 * as newsmirror names them (sources.json, key folders `7a/7a8167…`), which a
 * folder of the user's practically never is; anything else is refused rather
 * than guessed at, since the cache writes into the folder it is given.
 */
async function isPhotoCache(real: string): Promise<boolean> {
  const names = await readdir(real);
  if (names.length === 0 || names.includes(CACHE_TAG)) return true;
  if (!names.every((name) => OLD_CACHE_ENTRY.test(name))) return false;
  for (const name of names.filter((n) => /^[0-9a-f]{2}$/.test(n))) {
    const keys = await readdir(path.join(real, name)).catch(() => undefined);
    if (!keys?.every((key) => OLD_KEY_FOLDER.test(key) && key.startsWith(name))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Processes

/** Linux: the process's start time in clock ticks since boot; with the pid it names one process, even after the pid is reused. */
export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  } catch {
    return undefined;
  }
}

/** Whether process `pid` still runs (and, when its start time was recorded, is the same process). */
export function isRunning(pid: number, started?: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = started === undefined ? undefined : processStart(pid);
  return now === undefined || now === started;
}

// ---------------------------------------------------------------------------
// Writing failures the disk causes

export type WriteProblem = "read-only" | "permission" | "full";

/** The disk, not newsmirror, stopped a write: read-only, not ours to write, or full. */
export class FolderWriteError extends NewsmirrorError {
  override name = "FolderWriteError";
  constructor(
    readonly problem: WriteProblem,
    /** The folder that could not be written (read-only, permission) or whose disk is full. */
    readonly where: string,
    options?: ErrorOptions,
  ) {
    super(problem === "full" ? `the disk holding ${where} is full` : `cannot write in ${where} (${reasons[problem]})`, options);
  }

  /** "a read-only file system", "permission denied", "no space left". */
  get reason(): string {
    return reasons[this.problem];
  }
}

const reasons: Record<WriteProblem, string> = { "read-only": "a read-only file system", permission: "permission denied", full: "no space left" };

const CODES: Record<string, WriteProblem> = { ENOSPC: "full", EDQUOT: "full", EROFS: "read-only", EACCES: "permission", EPERM: "permission" };

/** Codes of the disk's refusals, as the build's worker and Pagefind report them (in words, without a code). */
const MESSAGE_CODES: [RegExp, string][] = [
  [/\bENOSPC\b|No space left on device/i, "ENOSPC"],
  [/\bEDQUOT\b|Disk quota exceeded/i, "EDQUOT"],
  [/\bEROFS\b|Read-only file system/i, "EROFS"],
];

/** The first file-system refusal in an error's cause chain (Eleventy wraps errors in its own). */
function fileSystemProblem(error: unknown): { problem: WriteProblem; path?: string } | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = (current as { originalError?: unknown }).originalError ?? current.cause) {
    seen.add(current);
    const e = current as NodeJS.ErrnoException & { dest?: string };
    const code = e.code !== undefined && e.code in CODES ? e.code : MESSAGE_CODES.find(([pattern]) => pattern.test(e.message))?.[1];
    if (code) return { problem: CODES[code]!, ...(e.dest ?? e.path ? { path: e.dest ?? e.path } : {}) };
  }
  return undefined;
}

/** Below this much free space a failed write is put down to a full disk (Pagefind's panic carries no error code to us). */
const NEARLY_FULL = 1024 * 1024;

async function freeBytes(dir: string): Promise<number | undefined> {
  const s = await statfs(await nearestExisting(dir)).catch(() => undefined);
  if (!s) return undefined;
  // root may write into the blocks reserved for it, so for root only truly free blocks count.
  return (process.getuid?.() === 0 ? s.bfree : s.bavail) * s.bsize;
}

/**
 * The disk's part in `error`, if it had one, as a FolderWriteError about the
 * output folder `dir`: a full disk (a file-system code anywhere in the chain,
 * or, with `checkSpace`, almost no space left: call it before removing what
 * was written), or a read-only or forbidden folder among `writesIn` (default:
 * the folder holding `dir`, where the build writes), so that a file newsmirror
 * could not read is not reported as one it could not write.
 */
export async function writeFailure(error: unknown, dir: string, options: { checkSpace?: boolean; writesIn?: readonly string[] } = {}): Promise<FolderWriteError | undefined> {
  if (error instanceof FolderWriteError) return error;
  const found = fileSystemProblem(error);
  if (found?.problem === "full") return new FolderWriteError("full", dir, { cause: error });
  const writesIn = options.writesIn ?? [path.dirname(dir)];
  if (found && (found.path ? writesIn.some((folder) => isWithin(folder, path.resolve(found.path!))) : found.problem === "read-only")) {
    // mkdir reports ENOENT for some read-only parents (Node's recursive mkdir); the nearest existing folder tells.
    return new FolderWriteError(found.problem, await nearestExisting(path.dirname(found.path ?? dir)), { cause: error });
  }
  if (options.checkSpace) {
    const free = await freeBytes(dir);
    if (free !== undefined && free < NEARLY_FULL) return new FolderWriteError("full", dir, { cause: error });
  }
  return undefined;
}

/** Why `dir` cannot be made or written, when the disk says so (read-only, permission); undefined for other errors. */
async function unwritable(dir: string, error: unknown): Promise<FolderWriteError | undefined> {
  const where = await nearestExisting(dir);
  try {
    await access(where, constants.W_OK);
  } catch (denied) {
    const code = (denied as NodeJS.ErrnoException).code;
    if (code === "EROFS") return new FolderWriteError("read-only", where, { cause: error });
    if (code === "EACCES" || code === "EPERM") return new FolderWriteError("permission", where, { cause: error });
  }
  return writeFailure(error, dir, { writesIn: [dir] });
}

// ---------------------------------------------------------------------------
// The lock

interface LockRecord {
  pid: number;
  command: "build" | "serve";
  startedAt: string;
  /** The holder's start time (Linux), so a reused pid is not taken for the holder. */
  processStart?: number;
  host?: string;
  /** Tells this holder's lock file from a later one at the same path. */
  nonce?: string;
}

/** `.{name}.lock` beside the folder: inside it, the swap would take it along. */
export function lockFileOf(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
}

async function readLock(file: string): Promise<{ text: string; record?: LockRecord } | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as LockRecord;
    return Number.isInteger(record.pid) && typeof record.command === "string" ? { text, record } : { text };
  } catch {
    return { text };
  }
}

/** `since 17:53:01` today, with the date on another day. */
function since(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "since an unknown time";
  const time = at.toTimeString().slice(0, 8);
  const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return day(at) === day(new Date()) ? `since ${time}` : `since ${day(at)} ${time}`;
}

function holderOf(record: LockRecord): string {
  const host = record.host && record.host !== hostname() ? ` on ${record.host}` : "";
  return `newsmirror ${record.command} (pid ${record.pid}${host}, ${since(record.startedAt)})`;
}

function holderRuns(record: LockRecord): boolean {
  // A process on another machine (a shared disk) cannot be asked; it is taken to run.
  if (record.host && record.host !== hostname()) return true;
  return isRunning(record.pid, record.processStart);
}

/** A lock file left empty or unreadable this long is taken for one whose writer died between creating and filling it. */
const UNREADABLE_LOCK_MS = 2000;
const POLL_MS = 150;

/**
 * Removes the lock file a dead holder left, unless it has been replaced
 * since it was read: it is renamed aside first (atomic), and put back with
 * link() (which never overwrites) if what was moved is a live lock.
 */
async function takeOver(file: string, stale: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = await readFile(aside, "utf8").catch(() => stale);
  if (moved !== stale) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/**
 * Exclusive use of an output folder, for a build or a dev server; names its
 * holder. Held by a running `serve`, or by anyone when `wait` is not set, it
 * throws UsageError naming the holder; held by a running build and `wait`,
 * it tells `onWait` once and waits. A lock whose process has died is taken
 * over. Released by `release()`, or when this process exits.
 *
 * (proper-lockfile was considered: it records no holder to name, and finds
 * stale locks by age, which a long build or a dev server would outlive.)
 */
export async function lockOutputFolder(
  dir: string,
  holder: { command: "build" | "serve" },
  options: { wait?: boolean; onWait?: (message: string) => void } = {},
): Promise<{ release(): Promise<void> }> {
  const real = await realPathOf(dir);
  const file = lockFileOf(real);
  const nonce = randomBytes(8).toString("hex");
  const started = processStart(process.pid);
  const text = `${JSON.stringify({ pid: process.pid, command: holder.command, startedAt: new Date().toISOString(), ...(started === undefined ? {} : { processStart: started }), host: hostname(), nonce } satisfies LockRecord)}\n`;
  let told = false;
  let unreadableSince: number | undefined;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(text);
      } catch (error) {
        await unlink(file).catch(() => undefined); // an empty lock (a full disk) would hold up the next build
        throw error;
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        await mkdir(path.dirname(file), { recursive: true }).catch(async (cannot: unknown) => {
          throw (await unwritable(path.dirname(file), cannot)) ?? cannot;
        });
        continue;
      }
      if (code !== "EEXIST") throw (await unwritable(path.dirname(file), error)) ?? error;
    }
    const held = await readLock(file);
    if (!held) continue; // released just now
    if (!held.record) {
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > UNREADABLE_LOCK_MS) await takeOver(file, held.text);
      else await sleep(POLL_MS);
      continue;
    }
    unreadableSince = undefined;
    if (!holderRuns(held.record)) {
      await takeOver(file, held.text);
      continue;
    }
    const who = `${real} is in use by ${holderOf(held.record)}`;
    if (held.record.command === "serve") throw new UsageError(`${who}; stop it, or give --output another folder`);
    if (!options.wait) throw new UsageError(`${who}; wait for it to finish, or give --output another folder`);
    if (!told) options.onWait?.(`${who}; waiting for it to finish`);
    told = true;
    await sleep(POLL_MS);
  }

  // Only a lock file that is still ours is removed: a holder taken for dead may find its lock gone.
  const releaseNow = () => {
    process.off("exit", releaseNow);
    try {
      if (readFileSync(file, "utf8") === text) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.on("exit", releaseNow);
  return {
    async release() {
      releaseNow();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------
// Writing inside a folder (import, new)

/**
 * Why writing `target` would leave `root`, if it would: its real path (a
 * symbolic link on the way, or the file itself a link) lies outside root's.
 * Checked before each write, so a link inside the folder cannot carry a
 * file out of it.
 */
export async function outsideFolder(root: string, target: string): Promise<string | undefined> {
  const [realRoot, realTarget] = await Promise.all([realPathOf(root), realTargetOf(target)]);
  if (isWithin(realRoot, realTarget)) return undefined;
  return `would write outside ${root}: ${target} leads to ${realTarget} (a symbolic link)`;
}

/** The real path of a file about to be written: a symbolic link at its name is followed, even to nothing. */
async function realTargetOf(target: string): Promise<string> {
  const info = await lstat(target).catch(() => undefined);
  if (info?.isSymbolicLink()) return realPathOf(path.resolve(await realPathOf(path.dirname(target)), await readlink(target)));
  return realPathOf(target);
}
