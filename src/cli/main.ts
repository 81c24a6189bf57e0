/**
 * `newsmirror COMMAND`: the command list and error reporting. Content
 * problems print one line each and exit 1; a NewsmirrorError prints its
 * message and exits 1; anything else is a bug in newsmirror and prints its
 * stack.
 */
import { parseArgs } from "node:util";
import { ContentError, NewsmirrorError, findContentError } from "../errors.ts";
import type { Command } from "./command.ts";
import { buildCommand } from "./commands/build.ts";
import { importCommand } from "./commands/import.ts";
import { newCommand } from "./commands/new.ts";
import { serveCommand } from "./commands/serve.ts";

const COMMANDS: readonly Command[] = [buildCommand, serveCommand, newCommand, importCommand];

/** At most this many problems are listed; the rest are counted. */
export const PROBLEMS_SHOWN = 50;

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `newsmirror — a static news site whose article pages mirror english.www.gov.cn

Usage: newsmirror COMMAND [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`newsmirror help COMMAND\` (or COMMAND --help) for a command's options.
Every command takes -v/--verbose to show the full cause of an error.
`;
}

// A reader that closes our output early (`newsmirror build | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

async function main(argv: readonly string[]): Promise<number | "running"> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === "help") {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    process.stdout.write(command ? `${command.usage}\n` : help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`newsmirror: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: [...rest],
    options: { ...command.options, help: { type: "boolean", short: "h" }, verbose: { type: "boolean", short: "v" } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run({ cwd: process.cwd(), argv: rest, positionals, values });
}

export function printProblems(error: ContentError): void {
  const lines = error.message.split("\n");
  process.stderr.write(`${lines.slice(0, PROBLEMS_SHOWN).join("\n")}\n`);
  if (lines.length > PROBLEMS_SHOWN) process.stderr.write(`… and ${lines.length - PROBLEMS_SHOWN} more\n`);
  process.stderr.write(`newsmirror: ${lines.length} problem${lines.length === 1 ? "" : "s"} in content; nothing was written\n`);
}

function report(error: unknown, verbose: boolean): number {
  const content = findContentError(error);
  if (content) {
    printProblems(content);
    return 1;
  }
  const code = (error as { code?: string })?.code;
  if (error instanceof NewsmirrorError || code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`newsmirror: ${(error as Error).message}\n`);
    if (verbose && (error as Error).cause) process.stderr.write(`caused by: ${String((error as Error).cause)}\n`);
    return code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
  process.stderr.write(`newsmirror: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

const argv = process.argv.slice(2);
try {
  const code = await main(argv);
  if (code !== "running") process.exitCode = code;
} catch (error) {
  process.exitCode = report(error, argv.includes("--verbose") || argv.includes("-v"));
}
