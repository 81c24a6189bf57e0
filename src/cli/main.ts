/**
 * `newsmirror COMMAND`: the command list and error reporting. Content
 * problems print one line each and exit 1; a NewsmirrorError prints its
 * message and exits 1; anything else is a bug in newsmirror and prints its
 * stack.
 */
import { parseArgs } from "node:util";
import { NewsmirrorError, findContentError } from "../errors.ts";
import type { Command } from "./command.ts";
import { buildCommand } from "./commands/build.ts";
import { checkCommand } from "./commands/check.ts";
import { importCommand } from "./commands/import.ts";
import { newCommand } from "./commands/new.ts";
import { previewCommand } from "./commands/preview.ts";
import { serveCommand } from "./commands/serve.ts";
import { problemReport, usageError } from "./problems.ts";

const COMMANDS: readonly Command[] = [buildCommand, serveCommand, newCommand, importCommand, checkCommand, previewCommand];

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
  const options = { ...command.options, help: { type: "boolean", short: "h" }, verbose: { type: "boolean", short: "v" } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true });
  } catch (error) {
    throw usageError(command.name, Object.keys(options), error);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run({ cwd: process.cwd(), argv: rest, positionals, values });
}

function report(error: unknown, verbose: boolean): number {
  const content = findContentError(error);
  if (content) {
    process.stderr.write(problemReport(content.problems, { verbose }));
    return 1;
  }
  const code = (error as { code?: string })?.code;
  if (error instanceof NewsmirrorError || code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`newsmirror: ${(error as Error).message}\n`);
    if (verbose && (error as Error).cause) process.stderr.write(`caused by: ${String((error as Error).cause)}\n`);
    return code?.startsWith("ERR_PARSE_ARGS") ? 2 : (error as NewsmirrorError).exitCode;
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
