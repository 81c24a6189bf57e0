/**
 * The spare copy of the site, for incremental builds. A full build writes a
 * whole new site into a staging folder; an incremental one changes a few
 * files, and copying or hard-linking the 45,000 files of a 20,000-article
 * site into a staging folder would cost seconds. So the previous site is
 * kept beside the published one (`.NAME.spare`, after every publish: the
 * output holds state N, the spare N-1), brought to the next state in place
 * (prepareSpare: kept, copied from the published folder, or left for the
 * build to render), and swapped in by renames (publishSpare). The published
 * folder is never written, only renamed, so readers see the old site or the
 * new one, and a killed build leaves the old one in place.
 *
 * Each folder's marker (src/output/guard.ts) names the state it holds; a
 * folder being changed says "dirty", so a spare a killed build left half
 * changed is never trusted: it is made again from the published folder.
 *
 * Called with the output folder's lock held (src/output/lock.ts), like the
 * rest of src/output/staging.ts; prepareSpare and publishSpare check it.
 */
import {
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  unlinkSync,
} from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { realPathOf } from "../folders.ts";
import { readSiteMarker, SITE_MARKER, writeSiteMarker } from "./guard.ts";
import { lockFileOf } from "./lock.ts";
import { writeFailure } from "./disk-failures.ts";
import { discardSpare, inspectSpare, removeAside, spareOf, stagingOf, swapIn } from "./staging.ts";
import { walkSite, wholeIn } from "./spare-walk.js";

export { discardSpare, spareOf };

/**
 * The files of one state of a site: relative path (`/`-separated, e.g. `news/topnews/202005/11/content_x.html`) →
 * key (what the file is made from, hashed; equal keys mean equal bytes). A path ending with `/` is a whole folder
 * (a search bundle, `pagefind/2021-07/`), kept, copied or removed as one. The marker is not among them: the build
 * writes it last.
 */
export type FileKeys = ReadonlyMap<string, string>;

/** One state of a site: its id (written in its folder's marker) and its files. */
export interface FolderState {
  id: string;
  files: FileKeys;
}

/** The marker's state of a folder being changed. */
export const DIRTY = "dirty";

/** What prepareSpare did. */
export interface PreparedSpare {
  /** The spare folder, to render into. */
  dir: string;
  /** Entries of `next` the build must write (absent from the spare now). */
  render: Set<string>;
  /** Entries already right in the spare. */
  kept: number;
  /** Entries copied from the published folder. */
  copied: number;
  /** Entries of the spare not in `next`, removed. */
  removed: number;
  /** The spare was unknown, and made a whole copy of the published folder first. */
  copiedWhole: boolean;
}

/**
 * Makes the spare folder hold `next`, except the entries returned in `render`, which the build must write.
 * For each entry of next: the spare's key equals next's → kept; the published folder's key equals next's → taken from
 * the published folder (a hard link where it can be, see shareFile: the build never writes into a file of the spare in
 * place); otherwise → removed from the spare and returned in `render`, so the build writes it as a new file.
 * Entries of the spare not in `next` are removed (whatever is there: a file someone put in the spare too), and the
 * folders they leave empty (a clean build has no empty folders).
 * If the spare's state is unknown (no spare, no state in its marker, "dirty", or an id other than `spare.id`), the
 * spare is first made a fresh copy of the published folder and reconciled from the published state.
 * Before its first change the spare's marker says `state: "dirty"`; the build writes the marker of `next` last.
 *
 * The published folder must hold `states.published` (its marker says so), and `.NAME.spare` must be a folder
 * newsmirror made (or empty): anything else there is refused (UsageError naming it), never changed.
 */
export async function prepareSpare(
  outputDir: string,
  states: { published: FolderState; spare?: FolderState },
  next: FileKeys,
  listed?: Promise<SpareListing | undefined>,
): Promise<PreparedSpare> {
  await checkLockHeld(outputDir);
  // Every path stays inside the spare: relative, no `..`, no empty or `.` segment (a whole folder's ends with `/`).
  const outside = [...next.keys()].find((entry) =>
    entry
      .replace(/\/$/, "")
      .split("/")
      .some((part) => part === "" || part === "." || part === ".." || part.includes("\\")),
  );
  if (outside !== undefined) throw new Error(`not a path inside the site: ${JSON.stringify(outside)}`);
  const published = await readSiteMarker(outputDir);
  if (published?.state === undefined || published.state !== states.published.id) {
    throw new Error(
      `${outputDir} holds state ${published?.state ?? "(none)"}, not ${states.published.id}: build it in full`,
    );
  }
  const dir = spareOf(outputDir);
  const found = await inspectSpare(outputDir);
  const known = states.spare !== undefined && found?.state === states.spare.id && found.state !== DIRTY;
  const from = known ? states.spare!.files : states.published.files;
  try {
    if (known) await writeSiteMarker(dir, { ...(await readSiteMarker(dir))!, state: DIRTY });
    else await copyWhole(outputDir, found !== undefined);
    const ahead = known ? await listed : undefined;
    return {
      dir,
      ...(await reconcile(dir, outputDir, from, states.published.files, next, ahead)),
      copiedWhole: !known,
    };
  } catch (error) {
    // A full disk is not left full: the spare goes (the next build makes it again), giving back what it held.
    if ((await writeFailure(error, outputDir, { checkSpace: true }))?.problem === "full") await discardSpare(outputDir);
    throw error;
  }
}

/**
 * Swaps the spare in: output → `.NAME.swapped-PID`, spare → output, that → spare. The spare must carry the marker
 * of a finished state (not "dirty"). Killed between the renames, the next build puts the old site back (or, once the
 * new one is in, makes the old one the spare): src/output/staging.ts recoverInterrupted.
 */
export async function publishSpare(outputDir: string): Promise<void> {
  await checkLockHeld(outputDir);
  const found = await inspectSpare(outputDir);
  if (found?.state === undefined || found.state === DIRTY) {
    throw new Error(`${spareOf(outputDir)} holds no finished state (its marker says ${found?.state ?? "none"})`);
  }
  await swapIn(spareOf(outputDir), outputDir);
}

/** A spare is changed only by the build holding the output folder's lock (it is the lock's, like the output). */
async function checkLockHeld(outputDir: string): Promise<void> {
  const file = lockFileOf(await realPathOf(outputDir));
  const holder = await readFile(file, "utf8")
    .then((text) => (JSON.parse(text) as { pid?: unknown }).pid)
    .catch(() => undefined);
  if (holder !== process.pid) throw new Error(`the spare copy of ${outputDir} is changed without its lock (${file})`);
}

/**
 * The spare made a fresh copy of the published folder: the old one (ours) renamed aside and removed, the copy made in
 * a staging folder (a build killed meanwhile leaves only that, removed by the next build), marked dirty, renamed in.
 */
async function copyWhole(outputDir: string, hadSpare: boolean): Promise<void> {
  const spare = spareOf(outputDir);
  if (hadSpare) await removeAside(spare, outputDir);
  const staging = stagingOf(outputDir);
  await rm(staging, { recursive: true, force: true });
  try {
    await copyTree(outputDir, staging);
    await writeSiteMarker(staging, { ...(await readSiteMarker(staging))!, state: DIRTY });
    await rename(staging, spare);
  } catch (error) {
    await rm(staging, { recursive: true, force: true }); // a full disk is not left full
    throw error;
  }
}

/**
 * A copy of the folder `from` (files, folders; links as links) at `to`, which does not exist. Synchronous calls, a
 * pause for the event loop every few hundred files (a signal is handled meanwhile): on a 4,000-article site
 * (8,752 files) this took 2.2 s of CPU where fs.cp took 13.2 s and `cp -a` 2.8 s (bench/spare.ts).
 */
async function copyTree(from: string, to: string): Promise<void> {
  mkdirSync(to);
  let done = 0;
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(from, path.join(entry.parentPath, entry.name));
    const target = path.join(to, relative);
    if (entry.isDirectory()) mkdirSync(target, { recursive: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      if (entry.isSymbolicLink()) symlinkSync(readlinkSync(path.join(from, relative)), target);
      else shareFile(path.join(from, relative), target);
    }
    if (++done % 256 === 0) await new Promise(setImmediate);
  }
}

/** Never through anything at the target (it was removed first): EXCL fails rather than write through a link. */
const COPY_MODE = constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE;

/**
 * A file of the published site given to the spare: a hard link (one system call, no bytes copied: the spare of a
 * 20,000-article site is made in seconds, not tens of seconds), or a copy where links cannot be made. Safe because
 * nothing ever writes into a file of the spare in place: a file the build writes is first removed from the spare
 * (prepareSpare's `render`, and the build's pages written every time: src/pipeline/build.ts), so it is written as a
 * new file, and the published file it was linked to keeps its bytes (tests/spare.test.ts, tests/incremental.test.ts).
 */
function shareFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP" && code !== "EMLINK") throw error;
    copyFileSync(from, to, COPY_MODE);
  }
}

/** What the spare holds: files, whole-folder entries (as `dir/`), other folders, and anything else (links…). */
export interface SpareListing {
  found: Found;
  /** The rule the listing was made by: the folders it did not go into. */
  isWhole: (folder: string) => boolean;
}

type Found = ReturnType<typeof walkSite>;

/**
 * The spare listed ahead, in a worker thread while the build reads its content: at 20,000 articles the walk
 * (11,700 folders, 23,000 files) took 250–330 ms of the build's own thread, synchronously or as promises. Not into
 * the folders directly in `wholeIn` (each is one entry: `pagefind` → `pagefind/2021/`). Undefined when there is no
 * spare of newsmirror's, or it cannot be read: prepareSpare then lists it itself. Call it holding the output folder's
 * lock, which keeps the spare as listed until prepareSpare.
 */
export async function listSpare(outputDir: string, whole: readonly string[]): Promise<SpareListing | undefined> {
  const root = spareOf(outputDir);
  if (!existsSync(root)) return undefined; // no spare yet (a first build): no worker started for nothing
  // Started at once, before the marker is read: the build's thread is busy reading the content until it next
  // yields, and a worker started after that read (at 20,000 articles, 0.8 s in) was still walking when the spare
  // was needed (170 ms of the build's thread waiting).
  const worker = new Worker(new URL("./spare-walk.js", import.meta.url), {
    workerData: { walkSite: { root, whole, marker: SITE_MARKER } },
  });
  worker.unref(); // a build that fails meanwhile does not wait for it
  const reply = new Promise<{ found?: Found; error?: string } | undefined>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
  if ((await readSiteMarker(root).catch(() => undefined))?.state === undefined) {
    await worker.terminate();
    return undefined;
  }
  const found = (await reply)?.found;
  return found ? { found, isWhole: wholeIn(whole) } : undefined;
}

/** The folders holding `entry`, nearest last: `a/b/c.html` → `a`, `a/b`. */
function foldersOf(entry: string): string[] {
  const parts = entry.replace(/\/$/, "").split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

async function reconcile(
  spare: string,
  outputDir: string,
  spareKeys: FileKeys,
  publishedKeys: FileKeys,
  next: FileKeys,
  ahead?: SpareListing,
): Promise<Omit<PreparedSpare, "dir" | "copiedWhole">> {
  const isWhole = (folder: string) => next.has(folder) || spareKeys.has(folder);
  // A listing made ahead serves if it went into exactly the folders this one would.
  const fits =
    ahead !== undefined &&
    [...next.keys(), ...spareKeys.keys()].every((entry) => !entry.endsWith("/") || ahead.isWhole(entry)) &&
    ahead.found.wholeFolders.every(isWhole) &&
    ahead.found.folders.every((folder) => !isWhole(`${folder}/`));
  const found = fits ? ahead.found : walkSite(spare, isWhole, SITE_MARKER);
  const present = new Set([...found.files, ...found.wholeFolders]);
  // Each entry's folders, up to the first already met (23,000 entries: not 90,000 strings made and dropped).
  const needed = new Set<string>();
  for (const entry of next.keys()) {
    const end = entry.endsWith("/") ? entry.length - 1 : entry.length;
    for (let slash = entry.lastIndexOf("/", end - 1); slash > 0; slash = entry.lastIndexOf("/", slash - 1)) {
      const folder = entry.slice(0, slash);
      if (needed.has(folder)) break;
      needed.add(folder);
    }
  }
  const at = (entry: string) => path.join(spare, ...entry.replace(/\/$/, "").split("/"));
  const remove = (entry: string) => rm(at(entry), { recursive: true, force: true });
  // A file by one synchronous call, a pause for the event loop every few hundred: after a full build every file of
  // the spare is stale, and 23,000 removals as promises took 3.0 s at 20,000 articles.
  const removeAll = async (entries: readonly string[]) => {
    const folders: string[] = [];
    let done = 0;
    for (const entry of entries) {
      if (entry.endsWith("/")) folders.push(entry);
      else
        try {
          unlinkSync(at(entry));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== "ENOENT") folders.push(entry); // a folder where a file was (EISDIR, EPERM): removed whole
        }
      if (++done % 256 === 0) await new Promise(setImmediate);
    }
    await Promise.all(folders.map(remove));
  };

  // Removed first: folders nothing of `next` lies in (their contents with them), entries not in `next`, and
  // anything that is neither file nor folder (a link is never written through: a build writes only files).
  const unneeded = found.folders.filter((folder) => !needed.has(folder));
  const gone = new Set(unneeded);
  const topmost = unneeded.filter((folder) => !foldersOf(folder).some((above) => gone.has(above)));
  const inGone = (entry: string) => foldersOf(entry).some((folder) => gone.has(folder));
  const unwanted = [...[...present].filter((entry) => !next.has(entry)), ...found.others];
  await Promise.all(topmost.map(remove));
  await removeAll(unwanted.filter((entry) => !inGone(entry)));
  const removed = unwanted.length;

  const render = new Set<string>();
  const copies: string[] = [];
  let kept = 0;
  const stale: string[] = [];
  for (const [entry, key] of next) {
    if (present.has(entry) && spareKeys.get(entry) === key) kept++;
    else {
      if (present.has(entry)) stale.push(entry);
      if (publishedKeys.get(entry) === key) copies.push(entry);
      else render.add(entry);
    }
  }
  await removeAll(stale);
  let done = 0;
  for (const entry of copies) {
    const from = path.join(outputDir, ...entry.replace(/\/$/, "").split("/"));
    mkdirSync(path.dirname(at(entry)), { recursive: true });
    if (entry.endsWith("/")) await copyTree(from, at(entry));
    else shareFile(from, at(entry));
    if (++done % 256 === 0) await new Promise(setImmediate);
  }
  return { render, kept, copied: copies.length, removed };
}
