/**
 * Atomic output: a build writes into a fresh sibling folder and replaces the
 * published folder only after everything succeeded. A failed or killed build
 * leaves the last good site exactly as it was, and files of deleted articles
 * never linger, since every build starts from an empty folder.
 */
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/** A new, empty staging folder beside `outputDir` (same file system, so the swap is a rename). */
export async function createStaging(outputDir: string): Promise<string> {
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
