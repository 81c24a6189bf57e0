/**
 * Atomic output: a build writes into a fresh sibling folder and replaces the
 * published folder only after everything succeeded. A failed or killed build
 * leaves the last good site exactly as it was, and files of deleted articles
 * never linger, since every build starts from an empty folder.
 *
 * An incremental build instead updates the spare copy beside the output
 * folder (the previous site, src/output/spare.ts) and swaps it in; here are
 * the swap and the recovery of every folder a build keeps beside the output:
 *
 *   .NAME.staging-PID   a build's new site (or a copy being made); removed if the build died
 *   .NAME.retired-PID   the old site during a swap; put back if the build died before the new one was in
 *   .NAME.swapped-PID   the same, for a swap that keeps the old site as the spare: put back, or made the spare
 *   .NAME.trash-PID     a folder being removed (renamed first, so what is left is never taken for anything else)
 *   .NAME.spare         the previous site, kept; only a folder carrying the marker (or empty) is ever touched
 *
 * Every function here is called with the output folder's lock held
 * (src/output/lock.ts), so no other build works beside it.
 */
import { existsSync, lstatSync, renameSync, rmSync } from "node:fs";
import { lstat, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { readSiteMarker, SITE_MARKER } from "./guard.ts";

const besideOutput = (outputDir: string, suffix: string) =>
  path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.${suffix}`);
/** A build's staging folder beside `outputDir`. */
export const stagingOf = (outputDir: string, pid = process.pid) => besideOutput(outputDir, `staging-${pid}`);
const retiredOf = (outputDir: string, pid = process.pid) => besideOutput(outputDir, `retired-${pid}`);
const swappedOf = (outputDir: string, pid = process.pid) => besideOutput(outputDir, `swapped-${pid}`);
const trashOf = (outputDir: string, pid = process.pid) => besideOutput(outputDir, `trash-${pid}`);
/** The spare copy of the site in `outputDir`: `.NAME.spare` beside it (same file system, so a swap is renames). */
export const spareOf = (outputDir: string) => besideOutput(outputDir, "spare");

/**
 * Cleans up after builds that were killed: their staging folders are
 * removed, and if one died between its two renames (the old site moved
 * aside, the new one not yet in place), the old site is put back. Call it
 * at the start of every build, holding the lock: any such folder is then a
 * dead build's, whatever process now has its pid.
 */
export async function recoverInterrupted(outputDir: string): Promise<void> {
  const parent = path.dirname(outputDir);
  const prefix = `.${path.basename(outputDir)}.`;
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  // Old sites moved aside first: the site is put back before anything is deleted.
  const order = ["retired", "swapped", "staging", "trash"];
  const leftovers = names
    .map((name) => ({
      name,
      kind: /^(staging|retired|swapped|trash)-\d+$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : "")?.[1],
    }))
    .filter((entry) => entry.kind !== undefined)
    .sort((a, b) => order.indexOf(a.kind!) - order.indexOf(b.kind!));
  for (const { name, kind } of leftovers) {
    const leftover = path.join(parent, name);
    const movedAside = kind === "retired" || kind === "swapped";
    if (movedAside && !(await exists(outputDir))) await rename(leftover, outputDir);
    // Killed after the new site was in: the old one is the spare it was going to be.
    else if (kind === "swapped" && !(await lexists(spareOf(outputDir)))) await rename(leftover, spareOf(outputDir));
    else await rm(leftover, { recursive: true, force: true });
  }
}

/** A new, empty staging folder beside `outputDir` (same file system, so the swap is a rename). */
export async function createStaging(outputDir: string): Promise<string> {
  const staging = stagingOf(outputDir);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return staging;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Something is at `p`, a symbolic link included (never followed). */
async function lexists(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined)) !== undefined;
}

/**
 * Replaces `outputDir` with `staging`: two renames, then the old copy is removed, or with `keepSpare`, kept as the
 * spare copy for the next incremental build (the spare there before is removed first).
 */
export async function publishStaging(
  staging: string,
  outputDir: string,
  options: { keepSpare?: boolean } = {},
): Promise<void> {
  if (options.keepSpare) {
    await discardSpare(outputDir);
    await swapIn(staging, outputDir);
    return;
  }
  const retired = retiredOf(outputDir);
  const hadOutput = await exists(outputDir);
  if (hadOutput) await rename(outputDir, retired);
  try {
    await rename(staging, outputDir);
  } catch (error) {
    if (hadOutput) await rename(retired, outputDir);
    throw error;
  }
  if (hadOutput) await rm(retired, { recursive: true, force: true });
}

/**
 * Puts `incoming` in place of `outputDir`, and the site it replaces in place of the spare (which must be free):
 * three renames. Killed after the first, the next build puts the old site back (recoverInterrupted); after the
 * second, it makes the old site the spare.
 */
export async function swapIn(incoming: string, outputDir: string): Promise<void> {
  if (!(await exists(outputDir))) {
    await rename(incoming, outputDir);
    return;
  }
  const swapped = swappedOf(outputDir);
  await rename(outputDir, swapped);
  try {
    await rename(incoming, outputDir);
  } catch (error) {
    await rename(swapped, outputDir);
    throw error;
  }
  await rename(swapped, spareOf(outputDir));
}

/**
 * What is at the spare's place: nothing (undefined), or a folder newsmirror made, with the state its marker names
 * (undefined for an empty folder or a marker without one). Anything else is not ours: a UsageError names it, and
 * nothing there is ever changed (a symbolic link is not followed).
 */
export async function inspectSpare(outputDir: string): Promise<{ state: string | undefined } | undefined> {
  const spare = spareOf(outputDir);
  const info = await lstat(spare).catch(() => undefined);
  if (!info) return undefined;
  const notOurs = (what: string) =>
    new UsageError(
      `${spare}: is not a spare copy newsmirror made (${what}); each build keeps the previous site of ${outputDir} there: move it away and build again`,
    );
  if (info.isSymbolicLink()) throw notOurs("a symbolic link");
  if (!info.isDirectory()) throw notOurs("a file, not a folder");
  const marker = await readSiteMarker(spare);
  if (marker) return { state: marker.state };
  if ((await readdir(spare)).length === 0) return { state: undefined };
  throw notOurs(`no ${SITE_MARKER}`);
}

/** Removes the spare copy, if there is one (refusing one newsmirror did not make): renamed aside first, then removed. */
export async function discardSpare(outputDir: string): Promise<void> {
  if (!(await inspectSpare(outputDir))) return;
  await removeAside(spareOf(outputDir), outputDir);
}

/**
 * Removes a folder of ours beside `outputDir`, first renamed to the trash name: a removal cut short leaves
 * only trash (removed by the next build), never a half-removed folder under a name that means something.
 */
export async function removeAside(dir: string, outputDir: string): Promise<void> {
  const trash = trashOf(outputDir);
  await rm(trash, { recursive: true, force: true });
  await rename(dir, trash);
  await rm(trash, { recursive: true, force: true });
}

/** Removes a failed build's staging folder; retried, since writes Eleventy started may still land in it (ENOTEMPTY). */
export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
}

/**
 * This process's build abandoned at once (a signal handler cannot wait):
 * its staging folder and trash removed, and the old site put back if the
 * swap was halfway (or made the spare, if the new site was in). A spare it
 * was updating stays, marked dirty, for the next build to see. Synchronous.
 */
export function abandonNow(outputDir: string): void {
  removeForGood(stagingOf(outputDir));
  removeForGood(trashOf(outputDir));
  const retired = retiredOf(outputDir);
  if (existsSync(retired)) {
    if (existsSync(outputDir)) removeForGood(retired);
    else renameSync(retired, outputDir);
  }
  const swapped = swappedOf(outputDir);
  if (existsSync(swapped)) {
    if (!existsSync(outputDir)) renameSync(swapped, outputDir);
    else if (!lexistsSync(spareOf(outputDir))) renameSync(swapped, spareOf(outputDir));
    else removeForGood(swapped);
  }
}

function lexistsSync(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes `dir` and sees that it stays removed: file-system calls the build
 * queued before the signal still run on libuv's threads, and one of them
 * (a recursive mkdir, a write) can create the folder again, or make the
 * removal fail, after it began. Bounded: about half a second at worst; the
 * next build removes anything left (recoverInterrupted).
 */
function removeForGood(dir: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
    } catch {
      // A write landed during the removal: removed again below.
    }
    Atomics.wait(pause, 0, 0, 25); // a synchronous pause: queued calls finish
    if (!existsSync(dir)) return;
  }
}

/** Exit codes of a process ended by each signal (128 + its number), as a shell reports them. */
const STOP_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/**
 * While a build runs, SIGINT (Ctrl-C), SIGTERM and SIGHUP run `cleanUp`
 * before the process ends with the signal's exit code, instead of leaving
 * the staging folder (which can fill a disk) and the lock behind. Returns
 * the function that removes the handlers.
 */
export function onStopSignals(cleanUp: (signal: keyof typeof STOP_SIGNALS) => void): () => void {
  const handlers = (Object.keys(STOP_SIGNALS) as (keyof typeof STOP_SIGNALS)[]).map((signal) => {
    const handler = () => {
      try {
        cleanUp(signal);
      } finally {
        process.exit(STOP_SIGNALS[signal]);
      }
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
