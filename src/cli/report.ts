/**
 * What the terminal shows when a command fails. A mistake a user can cause
 * is one line, saying what is wrong, with which path or value, and what to
 * do: content and site.json problems (one line each and a count, exit 1), a
 * flag or folder given wrong (exit 2), a file-system error such as a
 * read-only folder or a full disk (exit 1). Anything else is a bug in
 * newsmirror: "internal error", and its stack only with `--verbose`.
 * `--verbose` also shows the cause chain behind any one-line message.
 */
import { shownPath } from "../folders.ts";
import { NewsmirrorError, SYSTEM_ERRORS, causeChain, findContentError, findSystemError, type SystemError } from "../errors.ts";
import { problemReport } from "./problems.ts";

export interface ErrorReport {
  exitCode: number;
  /** For standard error, ending in a newline. */
  text: string;
}

export interface ReportOptions {
  verbose: boolean;
  /** Paths in messages are shown relative to it (when they lie below it). */
  cwd: string;
}


const READS = new Set(["scandir", "opendir", "readdir", "stat", "lstat", "fstat", "access", "readlink", "realpath", "read", "watch"]);
const WRITES = new Set(["write", "mkdir", "mkdtemp", "rename", "unlink", "rmdir", "rm", "copyfile", "cp", "symlink", "link", "chmod", "utime", "futime", "ftruncate", "fsync", "close"]);

/** `cannot write _site: no space left on the disk; free some space and run again` */
export function systemErrorLine(error: SystemError, cwd: string): string {
  const reason = SYSTEM_ERRORS[error.code]!;
  const verb = READS.has(error.syscall) ? "read" : WRITES.has(error.syscall) ? "write" : error.syscall === "open" ? "open" : "use";
  const dest = (error as SystemError & { dest?: string }).dest;
  const where = error.path ? ` ${shownPath(cwd, error.path)}${dest ? ` (→ ${shownPath(cwd, dest)})` : ""}` : "";
  return `cannot ${verb}${where}: ${reason.what}; ${reason.todo}`;
}

const firstLine = (text: string) => text.split("\n", 1)[0]!;

/** `caused by: …` for each cause after the first error (with --verbose). */
function causes(error: unknown, stacks: boolean): string {
  return causeChain(error)
    .slice(1)
    .map((cause) => `caused by: ${stacks && cause instanceof Error && cause.stack ? cause.stack : String(cause)}\n`)
    .join("");
}

export function errorReport(error: unknown, options: ReportOptions): ErrorReport {
  const { verbose, cwd } = options;
  const content = findContentError(error);
  if (content) return { exitCode: 1, text: problemReport(content.problems, { verbose }) };

  // node:util's parseArgs errors, reworded by usageError(): a flag given wrong.
  if ((error as { code?: unknown })?.code?.toString().startsWith("ERR_PARSE_ARGS")) {
    return { exitCode: 2, text: `newsmirror: ${(error as Error).message}\n${verbose ? causes(error, false) : ""}` };
  }

  const ours = causeChain(error).find((e): e is NewsmirrorError => e instanceof NewsmirrorError);
  if (ours) return { exitCode: ours.exitCode, text: `newsmirror: ${ours.message}\n${verbose ? causes(ours, false) : ""}` };

  const system = findSystemError(error);
  if (system) {
    const chain = verbose ? causeChain(error).map((e) => `caused by: ${String(e)}\n`).join("") : "";
    return { exitCode: 1, text: `newsmirror: ${systemErrorLine(system, cwd)}\n${chain}` };
  }

  const message = error instanceof Error ? error.message : String(error);
  const head = `newsmirror: internal error (please report it): ${firstLine(message)}\n`;
  if (!verbose) return { exitCode: 1, text: `${head}newsmirror: run again with --verbose for the stack trace to put in the report\n` };
  const stack = error instanceof Error && error.stack ? error.stack : String(error);
  return { exitCode: 1, text: `${head}${stack}\n${causes(error, true)}` };
}
