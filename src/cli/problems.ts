/**
 * Command-line usage errors in our words (`newsmirror help COMMAND` names
 * the rest). How content problems reach the terminal: src/problems.ts.
 */
import { UsageError } from "../errors.ts";
import { nearestName } from "../suggest.ts";

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
