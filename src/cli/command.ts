/**
 * The shape of a newsmirror command. Each command lives in its own module
 * under src/cli/commands/ and is listed once in src/cli/cli.ts.
 */
import type { ParseArgsConfig } from "node:util";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Where a command writes, and the environment it reads (the process's, or a test's). */
export interface CommandIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** The environment variables a command reads (SOURCE_DATE_EPOCH, NEWSMIRROR_IMAGE_CACHE); never written. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface OutputStream {
  write(text: string): unknown;
  /** A terminal: progress lines are drawn. */
  isTTY?: boolean;
}

/** The process's own streams and environment. */
export const PROCESS_IO: CommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

export interface Example {
  line: string;
  does: string;
}

export interface CommandContext {
  /** Where the user ran the command; their paths are relative to it. */
  cwd: string;
  io: CommandIo;
  /** Arguments after the command name, as given (the dev server re-uses them). */
  argv: readonly string[];
  positionals: readonly string[];
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines and options, shown by `newsmirror help NAME` and `--help`. */
  usage: string;
  options: OptionSpec;
  /**
   * Whether it takes arguments besides options (`new "Title"`, `import FILE|DIR…`; the command checks them). A
   * command that does not takes none: an extra word is a usage error, not ignored.
   */
  takesArguments?: true;
  /** Command lines shown under "Examples:" in its help, each with what it does. */
  examples: readonly Example[];
  /** Exit code, or "running" for a command that keeps the process alive (serve). */
  run(context: CommandContext): Promise<number | "running">;
}

/** Options every command that reads content takes. */
export const CONTENT_OPTIONS = {
  input: { type: "string" },
} as const satisfies OptionSpec;

export function stringOption(values: CommandContext["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}
