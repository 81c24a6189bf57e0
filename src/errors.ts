/**
 * Every error a user can cause extends NewsmirrorError, so the CLI can tell
 * "your content is wrong" (print one line, exit 1) from "newsmirror is broken"
 * (print the stack). An error made from another keeps it as its `cause`: the
 * chain is printed with --verbose. The kinds the reporter tells apart are
 * here: NewsmirrorError (one line, exit 1), UsageError (one line, exit 2),
 * ContentError (one line per problem). A module's own error for one input it
 * rewords (a photo, a saved page, front matter) extends NewsmirrorError
 * beside that module. Any other error is a bug.
 */
import { shown } from "./characters.ts";

export class NewsmirrorError extends Error {
  override name = "NewsmirrorError";
  /** The process's exit code when this error ends a command. */
  readonly exitCode: number = 1;
}

/**
 * A mistake in how newsmirror was called: a flag, a value, a folder that
 * breaks a rule (`--output content`). Exit code 2, one line, and nothing on
 * disk was touched.
 */
export class UsageError extends NewsmirrorError {
  override name = "UsageError";
  override readonly exitCode: number = 2;
}

/** One problem in one content file: rendered as `file:line: field: message`. */
export interface ContentProblem {
  /** Path relative to the project (or to the working directory). */
  file: string;
  /** 1-based line, where the problem has one. */
  line?: number;
  /** 1-based column on that line, where it helps (a JSON syntax error): `file:line:column:`. */
  column?: number;
  /** Front-matter field (dotted path), where the problem has one. */
  field?: string;
  message: string;
  /** More about it, shown under the line with `--verbose` (the offending source line, the choices). */
  detail?: string;
  /** A warning is reported but does not stop the build. */
  severity?: "warning";
}

export function formatProblem(problem: ContentProblem): string {
  // A file or field name holding a newline (or a bidi control) is shown escaped: it cannot fake a line of output.
  const file = shown(problem.file);
  const where =
    problem.line === undefined
      ? file
      : `${file}:${problem.line}${problem.column === undefined ? "" : `:${problem.column}`}`;
  const what = problem.field === undefined ? problem.message : `${shown(problem.field)}: ${problem.message}`;
  return `${where}: ${problem.severity === "warning" ? "warning: " : ""}${what}`;
}

/** The one line, then (verbose) the detail indented beneath it. */
export function formatProblemVerbose(problem: ContentProblem): string {
  const line = formatProblem(problem);
  if (!problem.detail) return line;
  return `${line}\n${problem.detail.replace(/^/gm, "    ")}`;
}

/** Raised when content cannot be built; carries every problem found, not just the first. */
export class ContentError extends NewsmirrorError {
  override name = "ContentError";
  constructor(
    readonly problems: readonly ContentProblem[],
    options?: ErrorOptions,
  ) {
    super(problems.map(formatProblem).join("\n"), options);
  }
}

/** An error and its causes, outermost first (Eleventy keeps the cause of an error it wraps in `originalError`). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    if (!(current instanceof Error)) break;
    current = (current as Error & { originalError?: unknown }).originalError ?? current.cause;
  }
  return chain;
}

/** Finds a ContentError anywhere in a cause chain (Eleventy wraps errors thrown by data functions). */
export function findContentError(error: unknown): ContentError | undefined {
  return causeChain(error).find((e): e is ContentError => e instanceof ContentError);
}

/** A file-system error a user can cause (a missing or read-only folder, a full disk): what it means and what to do. */
export const SYSTEM_ERRORS: Readonly<Record<string, { what: string; todo: string }>> = {
  ENOENT: { what: "no such file or folder", todo: "check the path" },
  EACCES: { what: "permission denied", todo: "check its permissions" },
  EPERM: { what: "operation not permitted", todo: "check its permissions, and that no other program holds it" },
  EROFS: { what: "the file system is read-only", todo: "choose a folder on a writable disk" },
  ENOSPC: { what: "no space left on the disk", todo: "free some space and run again" },
  EDQUOT: { what: "disk quota exceeded", todo: "free some space and run again" },
  ENOTDIR: { what: "a part of the path is a file, not a folder", todo: "check the path" },
  EISDIR: { what: "is a folder where a file was expected", todo: "check the path" },
  EMFILE: { what: "too many open files", todo: "raise the limit (ulimit -n 4096) and run again" },
  ENFILE: { what: "too many open files on this system", todo: "close some programs and run again" },
  ELOOP: { what: "too many symbolic links; a link may point to itself", todo: "fix the link" },
  ENAMETOOLONG: { what: "the name is too long", todo: "use a shorter path" },
  EBUSY: {
    what: "busy (in use by another program, or a mount point)",
    todo: "close what uses it, or choose another folder",
  },
  EIO: { what: "input/output error", todo: "check the disk" },
  ENXIO: { what: "no such device", todo: "check the path" },
  ETXTBSY: { what: "busy (a running program)", todo: "close the program that uses it" },
};

/** A Node file-system error (it names its system call). */
export type SystemError = NodeJS.ErrnoException & { code: string; syscall: string };

/** The first file-system error in a cause chain whose code is one a user can cause, if any. */
export function findSystemError(error: unknown): SystemError | undefined {
  return causeChain(error).find(
    (e): e is SystemError =>
      e instanceof Error &&
      typeof (e as SystemError).syscall === "string" &&
      Object.hasOwn(SYSTEM_ERRORS, (e as SystemError).code ?? ""),
  );
}

/** The name of an error's class: its `name`, or its constructor's where `name` was left at "Error". */
export function className(error: Error): string {
  return error.name === "Error" ? error.constructor.name : error.name;
}

/**
 * An error as plain data, to cross a process or thread boundary (IPC sends
 * JSON, a worker thread a structured clone: both lose the class). It keeps
 * the kind the reporter tells apart, the class name, the message, the
 * problems of a ContentError, a system error's code, syscall and paths, the
 * stack, and the whole cause chain.
 */
export interface WireError {
  kind: "content" | "usage" | "newsmirror" | "other";
  name: string;
  message: string;
  problems?: ContentProblem[];
  code?: string;
  syscall?: string;
  path?: string;
  dest?: string;
  stack?: string;
  cause?: WireError;
}

const SYSTEM_FIELDS = ["code", "syscall", "path", "dest"] as const;

function kindOf(error: Error): WireError["kind"] {
  if (error instanceof ContentError) return "content";
  if (error instanceof UsageError) return "usage";
  return error instanceof NewsmirrorError ? "newsmirror" : "other";
}

function wireOf(error: unknown): WireError {
  if (!(error instanceof Error)) return { kind: "other", name: typeof error, message: String(error) };
  const wire: WireError = { kind: kindOf(error), name: className(error), message: error.message };
  if (error instanceof ContentError) wire.problems = [...error.problems];
  for (const field of SYSTEM_FIELDS) {
    const value = (error as Error & Partial<Record<(typeof SYSTEM_FIELDS)[number], unknown>>)[field];
    if (typeof value === "string") wire[field] = value;
  }
  if (error.stack) wire.stack = error.stack;
  return wire;
}

/** `error` and its causes (as causeChain() finds them) as plain data. */
export function toWire(error: unknown): WireError {
  let wire: WireError | undefined;
  for (const e of causeChain(error).reverse()) wire = { ...wireOf(e), ...(wire ? { cause: wire } : {}) };
  return wire ?? wireOf(error);
}

/** The error toWire() described, of the kind it was (a ContentError, a UsageError, …), with its name and causes. */
export function fromWire(wire: WireError): Error {
  const options = wire.cause ? { cause: fromWire(wire.cause) } : undefined;
  const error =
    wire.kind === "content"
      ? new ContentError(wire.problems ?? [], options)
      : wire.kind === "usage"
        ? new UsageError(wire.message, options)
        : wire.kind === "newsmirror"
          ? new NewsmirrorError(wire.message, options)
          : new Error(wire.message, options);
  error.name = wire.name;
  for (const field of SYSTEM_FIELDS) {
    if (wire[field] !== undefined) Object.assign(error, { [field]: wire[field] });
  }
  if (wire.stack) error.stack = wire.stack;
  return error;
}
