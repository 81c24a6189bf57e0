/**
 * When the disk, not newsmirror, stops a write: a read-only file system, a
 * folder that is not ours to write, a full disk. Found in an error's cause
 * chain (Eleventy and Pagefind each wrap or reword the
 * file system's error), so the build can say it in one line about the
 * folder it was writing, and remove what it wrote.
 */
import { constants } from "node:fs";
import { access, statfs } from "node:fs/promises";
import path from "node:path";
import { causeChain, NewsmirrorError } from "../errors.ts";
import { isWithin, nearestExisting } from "../folders.ts";

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
    super(
      problem === "full" ? `the disk holding ${where} is full` : `cannot write in ${where} (${reasons[problem]})`,
      options,
    );
  }

  /** "a read-only file system", "permission denied", "no space left". */
  get reason(): string {
    return reasons[this.problem];
  }
}

const reasons: Record<WriteProblem, string> = {
  "read-only": "a read-only file system",
  permission: "permission denied",
  full: "no space left",
};

const CODES: Record<string, WriteProblem> = {
  ENOSPC: "full",
  EDQUOT: "full",
  EROFS: "read-only",
  EACCES: "permission",
  EPERM: "permission",
};

/** Codes of the disk's refusals, as Pagefind reports them (in words, without a code). */
const MESSAGE_CODES: [RegExp, string][] = [
  [/\bENOSPC\b|No space left on device/i, "ENOSPC"],
  [/\bEDQUOT\b|Disk quota exceeded/i, "EDQUOT"],
  [/\bEROFS\b|Read-only file system/i, "EROFS"],
];

/** The first file-system refusal in an error's cause chain (Eleventy wraps errors in its own). */
function fileSystemProblem(error: unknown): { problem: WriteProblem; path?: string } | undefined {
  for (const current of causeChain(error)) {
    if (!(current instanceof Error)) continue;
    const e = current as NodeJS.ErrnoException & { dest?: string };
    const code =
      e.code !== undefined && e.code in CODES
        ? e.code
        : MESSAGE_CODES.find(([pattern]) => pattern.test(e.message))?.[1];
    if (code) return { problem: CODES[code]!, ...((e.dest ?? e.path) ? { path: e.dest ?? e.path } : {}) };
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
export async function writeFailure(
  error: unknown,
  dir: string,
  options: { checkSpace?: boolean; writesIn?: readonly string[] } = {},
): Promise<FolderWriteError | undefined> {
  if (error instanceof FolderWriteError) return error;
  const found = fileSystemProblem(error);
  if (found?.problem === "full") return new FolderWriteError("full", dir, { cause: error });
  const writesIn = options.writesIn ?? [path.dirname(dir)];
  if (
    found &&
    (found.path
      ? writesIn.some((folder) => isWithin(folder, path.resolve(found.path!)))
      : found.problem === "read-only")
  ) {
    // mkdir reports ENOENT for some read-only parents (Node's recursive mkdir); the nearest existing folder tells.
    return new FolderWriteError(found.problem, await nearestExisting(path.dirname(found.path ?? dir)), {
      cause: error,
    });
  }
  if (options.checkSpace) {
    const free = await freeBytes(dir);
    if (free !== undefined && free < NEARLY_FULL) return new FolderWriteError("full", dir, { cause: error });
  }
  return undefined;
}

/** Why `dir` cannot be made or written, when the disk says so (read-only, permission); undefined for other errors. */
export async function unwritable(dir: string, error: unknown): Promise<FolderWriteError | undefined> {
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
