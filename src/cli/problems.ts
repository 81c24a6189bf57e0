/**
 * How content problems reach the terminal: one line each (file:line: field:
 * message), at most PROBLEMS_SHOWN of them, then a count; `--verbose` adds
 * each problem's detail (the offending source line, the choices) beneath it.
 */
import { formatProblem, formatProblemVerbose, UsageError, type ContentProblem } from "../errors.ts";
import { nearestName } from "../suggest.ts";

/** At most this many problems are listed; the rest are counted. */
export const PROBLEMS_SHOWN = 50;

export function problemReport(problems: readonly ContentProblem[], options: { verbose?: boolean; ending?: string; hint?: boolean } = {}): string {
  const format = options.verbose ? formatProblemVerbose : formatProblem;
  const lines = problems.slice(0, PROBLEMS_SHOWN).map(format);
  if (problems.length > PROBLEMS_SHOWN) lines.push(`… and ${problems.length - PROBLEMS_SHOWN} more`);
  const hint = options.hint !== false && !options.verbose && problems.some((p) => p.detail) ? " (--verbose shows more)" : "";
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"} in content`;
  lines.push(`newsmirror: ${count}; ${options.ending ?? "nothing was written"}${hint}`);
  return `${lines.join("\n")}\n`;
}

/** Warnings (all of them: they are few and each is one line). */
export function warningReport(warnings: readonly ContentProblem[], verbose = false): string {
  return warnings.map((w) => `${verbose ? formatProblemVerbose(w) : formatProblem(w)}\n`).join("");
}

/**
 * node:util's parseArgs errors, in our words: `build: unknown option --ouput;
 * did you mean --output?`: a UsageError (exit code 2), the parser's error its cause.
 */
export function usageError(command: string, known: readonly string[], error: unknown): unknown {
  const e = error as Error & { code?: string };
  if (!e?.code?.startsWith("ERR_PARSE_ARGS")) return error;
  let message = e.message;
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(e.message);
  if (unknown) {
    const near = unknown[1] === "--" ? nearestName(unknown[2]!, known) : undefined;
    message = `${command}: unknown option ${unknown[1]}${unknown[2]}${near ? `; did you mean --${near}?` : ""} (newsmirror help ${command})`;
  }
  const missing = /^Option '(-\S+)(?: <value>)?' argument missing/.exec(e.message);
  if (missing) message = `${command}: ${missing[1]!.replace(/^-\w, /, "")} needs a value (newsmirror help ${command})`;
  return new UsageError(message, { cause: error });
}
