/**
 * Atomic output: a build writes into a fresh sibling folder and replaces the
 * published folder only after everything succeeded. A failed or killed build
 * leaves the last good site exactly as it was, and files of deleted articles
 * never linger, since every build starts from an empty folder.
 *
 * Every function here is called with the output folder's lock held
 * (src/output/lock.ts), so no other build works beside it.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

const stagingOf = (outputDir: string, pid = process.pid) =>
  path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.staging-${pid}`);
const retiredOf = (outputDir: string, pid = process.pid) =>
  path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.retired-${pid}`);

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
  // Retired copies first: the site is put back before anything is deleted.
  const leftovers = names
    .map((name) => ({
      name,
      m: /^(staging|retired)-\d+$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : ""),
    }))
    .filter((entry) => entry.m)
    .sort((a, b) => (a.m![1] === b.m![1] ? 0 : a.m![1] === "retired" ? -1 : 1));
  for (const { name, m } of leftovers) {
    const leftover = path.join(parent, name);
    if (m![1] === "retired" && !(await exists(outputDir))) await rename(leftover, outputDir);
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

/** Replaces `outputDir` with `staging`: two renames, then the old copy is removed. */
export async function publishStaging(staging: string, outputDir: string): Promise<void> {
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

/** Removes a failed build's staging folder; retried, since writes Eleventy started may still land in it (ENOTEMPTY). */
export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
}

/**
 * This process's build abandoned at once (a signal handler cannot wait):
 * its staging folder removed, and the old site put back if the swap was
 * halfway. Synchronous.
 */
export function abandonNow(outputDir: string): void {
  removeForGood(stagingOf(outputDir));
  const retired = retiredOf(outputDir);
  if (!existsSync(retired)) return;
  if (existsSync(outputDir)) removeForGood(retired);
  else renameSync(retired, outputDir);
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
