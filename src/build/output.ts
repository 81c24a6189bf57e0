/**
 * Atomic output: a build writes into a fresh sibling folder and replaces the
 * published folder only after everything succeeded. A failed or killed build
 * leaves the last good site exactly as it was, and files of deleted articles
 * never linger, since every build starts from an empty folder.
 */
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Cleans up after builds that were killed: their staging folders are
 * removed, and if one died between its two renames (the old site moved
 * aside, the new one not yet in place), the old site is put back.
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
  for (const name of names) {
    const m = /^(staging|retired)-(\d+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : "");
    if (!m || isRunning(Number(m[2]))) continue;
    const leftover = path.join(parent, name);
    if (m[1] === "retired" && !(await exists(outputDir))) await rename(leftover, outputDir);
    else await rm(leftover, { recursive: true, force: true });
  }
}

/** A new, empty staging folder beside `outputDir` (same file system, so the swap is a rename). */
export async function createStaging(outputDir: string): Promise<string> {
  await recoverInterrupted(outputDir);
  const staging = path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.staging-${process.pid}`);
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
  const retired = path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.retired-${process.pid}`);
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

export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}
