/**
 * What the terminal shows when a command fails. A mistake a user can cause
 * is one line, saying what is wrong, with which path or value, and what to
 * do: content and site.json problems (one line each and a count, exit 1), a
 * flag or folder given wrong (exit 2), a file-system error such as a
 * read-only folder or a full disk (exit 1). Anything else is a bug in
 * newsmirror: "internal error", and its stack only with `--verbose`.
 * `--verbose` also shows the cause chain behind any one-line message, one
 * error a line, each indented under the one it caused.
 */
import { shownPath } from "./folders.ts";
import {
  NewsmirrorError,
  SYSTEM_ERRORS,
  causeChain,
  className,
  findContentError,
  findSystemError,
  type SystemError,
} from "./errors.ts";
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

const READS = new Set([
  "scandir",
  "opendir",
  "readdir",
  "stat",
  "lstat",
  "fstat",
  "access",
  "readlink",
  "realpath",
  "read",
  "watch",
]);
const WRITES = new Set([
  "write",
  "mkdir",
  "mkdtemp",
  "rename",
  "unlink",
  "rmdir",
  "rm",
  "copyfile",
  "cp",
  "symlink",
  "link",
  "chmod",
  "utime",
  "futime",
  "ftruncate",
  "fsync",
  "close",
]);

/** `cannot write _site: no space left on the disk; free some space and run again` */
export function systemErrorLine(error: SystemError, cwd: string): string {
  const reason = SYSTEM_ERRORS[error.code]!;
  const verb = READS.has(error.syscall)
    ? "read"
    : WRITES.has(error.syscall)
      ? "write"
      : error.syscall === "open"
        ? "open"
        : "use";
  const dest = (error as SystemError & { dest?: string }).dest;
  const where = error.path ? ` ${shownPath(cwd, error.path)}${dest ? ` (→ ${shownPath(cwd, dest)})` : ""}` : "";
  return `cannot ${verb}${where}: ${reason.what}; ${reason.todo}`;
}

const firstLine = (text: string) => text.split("\n", 1)[0]!;

/** One error of a cause chain: its class and message, and a system error's code, syscall and paths. */
function describeCause(error: unknown, cwd: string): string {
  if (!(error instanceof Error)) return `${typeof error}: ${String(error)}`;
  const { code, syscall, path, dest } = error as Partial<SystemError> & { dest?: string };
  const system: string[] = [];
  if (typeof code === "string") system.push(`code ${code}`);
  if (typeof syscall === "string") system.push(`syscall ${syscall}`);
  const to = typeof dest === "string" ? ` → ${shownPath(cwd, dest)}` : "";
  if (typeof path === "string") system.push(`path ${shownPath(cwd, path)}${to}`);
  return `${className(error)}: ${error.message}${system.length > 0 ? ` (${system.join(", ")})` : ""}`;
}

/**
 * With --verbose: each error of `chain` on its own line, `caused by: Class:
 * message`, each one indented a step deeper than the error it caused; a
 * bug's causes with their stacks beneath them.
 */
function causeLines(chain: readonly unknown[], cwd: string, stacks: boolean): string {
  return chain
    .map((error, depth) => {
      const lines = `caused by: ${describeCause(error, cwd)}`.split("\n");
      if (stacks && error instanceof Error && error.stack) {
        for (const frame of error.stack.split("\n")) if (/^\s+at /.test(frame)) lines.push(`    ${frame.trimStart()}`);
      }
      return lines.map((line) => `${"  ".repeat(depth + 1)}${line}\n`).join("");
    })
    .join("");
}

/** What the one line says about an error that is not content problems, and the errors it came from. */
export interface ErrorLine {
  exitCode: number;
  /** The line, without `newsmirror: `. */
  line: string;
  /** A bug in newsmirror (not an error a user can cause). */
  bug: boolean;
  /** The errors behind the line, for --verbose: those below ours, or the whole chain to a system error. */
  causes: unknown[];
}

/** The one line for an error (not content problems): ours, a file-system error a user can cause, or a bug. */
export function errorLine(error: unknown, cwd: string): ErrorLine {
  const chain = causeChain(error);
  const at = chain.findIndex((e) => e instanceof NewsmirrorError);
  if (at !== -1) {
    const ours = chain[at] as NewsmirrorError;
    return { exitCode: ours.exitCode, line: ours.message, bug: false, causes: chain.slice(at + 1) };
  }
  const system = findSystemError(error);
  if (system) return { exitCode: 1, line: systemErrorLine(system, cwd), bug: false, causes: chain };
  const message = error instanceof Error ? error.message : String(error);
  const line = `internal error (please report it): ${firstLine(message)}`;
  return { exitCode: 1, line, bug: true, causes: chain.slice(1) };
}

export function errorReport(error: unknown, options: ReportOptions): ErrorReport {
  const { verbose, cwd } = options;
  const content = findContentError(error);
  if (content) return { exitCode: 1, text: problemReport(content.problems, { verbose }) };

  const { exitCode, line, bug, causes } = errorLine(error, cwd);
  const head = `newsmirror: ${line}\n`;
  if (!bug) return { exitCode, text: `${head}${verbose ? causeLines(causes, cwd, false) : ""}` };
  const hint = "newsmirror: run again with --verbose for the stack trace to put in the report\n";
  if (!verbose) return { exitCode, text: `${head}${hint}` };
  const stack = error instanceof Error && error.stack ? error.stack : String(error);
  return { exitCode, text: `${head}${stack}\n${causeLines(causes, cwd, true)}` };
}
