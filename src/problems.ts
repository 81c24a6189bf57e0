/**
 * How content problems reach the terminal: one line each (file:line: field:
 * message), at most PROBLEMS_SHOWN of them, then a count; `--verbose` adds
 * each problem's detail (the offending source line, the choices) beneath it.
 */
import { formatProblem, formatProblemVerbose, type ContentProblem } from "./errors.ts";

/** At most this many problems are listed; the rest are counted. */
export const PROBLEMS_SHOWN = 50;

export function problemReport(
  problems: readonly ContentProblem[],
  options: { verbose?: boolean; ending?: string; hint?: boolean } = {},
): string {
  const format = options.verbose ? formatProblemVerbose : formatProblem;
  const lines = problems.slice(0, PROBLEMS_SHOWN).map(format);
  if (problems.length > PROBLEMS_SHOWN) lines.push(`… and ${problems.length - PROBLEMS_SHOWN} more`);
  const hint =
    options.hint !== false && !options.verbose && problems.some((p) => p.detail) ? " (--verbose shows more)" : "";
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"} in content`;
  lines.push(`newsmirror: ${count}; ${options.ending ?? "nothing was written"}${hint}`);
  return `${lines.join("\n")}\n`;
}

/** Warnings (all of them: they are few and each is one line). */
export function warningReport(warnings: readonly ContentProblem[], verbose = false): string {
  return warnings.map((w) => `${verbose ? formatProblemVerbose(w) : formatProblem(w)}\n`).join("");
}
