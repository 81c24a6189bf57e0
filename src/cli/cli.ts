/**
 * The command list and how a command line becomes a command run. Separate
 * from main.ts (the process's entry point), so tests can run a command line
 * in-process and read the error it ends with.
 */
import { parseArgs } from "node:util";
import { PROCESS_IO, type Command, type CommandIo } from "./command.ts";
import { buildCommand } from "./commands/build.ts";
import { checkCommand } from "./commands/check.ts";
import { importCommand } from "./commands/import.ts";
import { newCommand } from "./commands/new.ts";
import { previewCommand } from "./commands/preview.ts";
import { serveCommand } from "./commands/serve.ts";
import { usageError } from "./problems.ts";

export const COMMANDS: readonly Command[] = [
  buildCommand,
  serveCommand,
  newCommand,
  importCommand,
  checkCommand,
  previewCommand,
];

export function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `newsmirror — a static news site whose article pages mirror english.www.gov.cn

Usage: newsmirror COMMAND [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`newsmirror help COMMAND\` (or COMMAND --help) for a command's options.
Every command takes -v/--verbose to show the full cause of an error.
`;
}

/** Runs one command line; a failure is thrown, for errorReport() to describe. */
export async function main(
  argv: readonly string[],
  cwd = process.cwd(),
  io: CommandIo = PROCESS_IO,
): Promise<number | "running"> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === "help") {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(command ? `${command.usage}\n` : help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`newsmirror: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  const options = {
    ...command.options,
    help: { type: "boolean", short: "h" },
    verbose: { type: "boolean", short: "v" },
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true });
  } catch (error) {
    throw usageError(command.name, Object.keys(options), error);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run({ cwd, io, argv: rest, positionals, values });
}
