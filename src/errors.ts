/**
 * Every error newsmirror reports extends NewsmirrorError, so the CLI can tell
 * "your content is wrong" (print one line, exit 1) from "newsmirror is broken"
 * (print the stack). The cause chain is kept for --verbose.
 */
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
  /** Front-matter field (dotted path), where the problem has one. */
  field?: string;
  message: string;
  /** More about it, shown under the line with `--verbose` (the offending source line, the choices). */
  detail?: string;
  /** A warning is reported but does not stop the build. */
  severity?: "warning";
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const what = problem.field === undefined ? problem.message : `${problem.field}: ${problem.message}`;
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
  constructor(readonly problems: readonly ContentProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

/** Finds a ContentError anywhere in a cause chain (Eleventy wraps errors thrown by data functions). */
export function findContentError(error: unknown): ContentError | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof ContentError) return current;
    seen.add(current);
    const next = (current as Error & { originalError?: unknown }).originalError ?? current.cause;
    current = next;
  }
  return undefined;
}
