/**
 * The command list and how a command line becomes a command run. Separate
 * from main.ts (the process's entry point), so tests can run a command line
 * in-process and read the error it ends with.
 */
import { parseArgs } from "node:util";
import { PROCESS_IO, type Command, type CommandIo } from "./command.ts";
import { UsageError } from "../errors.ts";
import { newsmirrorVersion } from "../package.ts";
import { nearestName } from "../suggest.ts";
import { initCommand } from "./commands/init.ts";
import { archiveCommand } from "./commands/archive.ts";
import { buildCommand } from "./commands/build.ts";
import { checkCommand } from "./commands/check.ts";
import { importCommand } from "./commands/import.ts";
import { newCommand } from "./commands/new.ts";
import { previewCommand } from "./commands/preview.ts";
import { serveCommand } from "./commands/serve.ts";
import { usageError } from "./problems.ts";

export const COMMANDS: readonly Command[] = [
  initCommand,
  buildCommand,
  serveCommand,
  newCommand,
  importCommand,
  checkCommand,
  previewCommand,
  archiveCommand,
];

export function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `newsmirror — a static news site whose article pages mirror english.www.gov.cn

Usage: newsmirror COMMAND [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Examples:
  newsmirror new "Premier meets delegates" --section news   write an article
  newsmirror serve                                           preview it, reloading as you edit
  newsmirror build && newsmirror check                       build the site into _site, then check it

Run \`newsmirror help COMMAND\` (or COMMAND --help) for a command's options.
Every command takes -v/--verbose to show the full cause of an error; --version prints newsmirror's version.
Exit codes: 0 done, 1 a problem in the content or the site (each named), 2 a usage error (the command line).
`;
}

/** A command's help: its usage lines and options, then its examples. */
export function commandHelp(command: Command): string {
  const width = Math.max(...command.examples.map((e) => e.line.length));
  const examples = command.examples.map((e) => `  ${e.line.padEnd(width)}  ${e.does}`).join("\n");
  return `${command.usage}\n\nExamples:\n${examples}\n`;
}

/** `build` for `buidl`: an unknown command, with the nearest known one. */
function unknownCommand(name: string, context: string): UsageError {
  const near = nearestName(
    name,
    COMMANDS.map((c) => c.name),
  );
  return new UsageError(
    `${context}unknown command ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ""} (newsmirror help lists them)`,
  );
}

/** Runs one command line; a failure is thrown, for errorReport() to describe. */
export async function main(
  argv: readonly string[],
  cwd = process.cwd(),
  io: CommandIo = PROCESS_IO,
): Promise<number | "running"> {
  const [name, ...rest] = argv;
  if (!name) {
    io.stderr.write(help());
    return 2;
  }
  if (name === "--help" || name === "-h") {
    io.stdout.write(help());
    return 0;
  }
  if (name === "--version") {
    io.stdout.write(versionLine());
    return 0;
  }
  if (name === "help") {
    if (rest.length === 0) {
      io.stdout.write(help());
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === rest[0]);
    if (!command) throw unknownCommand(rest[0]!, "help: ");
    if (rest.length > 1) throw new UsageError(`help: one command at a time, e.g. newsmirror help ${command.name}`);
    io.stdout.write(commandHelp(command));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    if (name.startsWith("-")) throw new UsageError(`${name}: give a command first, e.g. newsmirror build ${name}`);
    throw unknownCommand(name, "");
  }
  const options = {
    ...command.options,
    help: { type: "boolean", short: "h" },
    verbose: { type: "boolean", short: "v" },
    version: { type: "boolean" },
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true });
  } catch (error) {
    throw usageError(command.name, Object.keys(options), error);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  if (values.version) {
    io.stdout.write(versionLine());
    return 0;
  }
  checkNoArguments(command, positionals);
  return command.run({ cwd, io, argv: rest, positionals, values });
}

/** An argument given to a command that takes none: a usage error, with the option it was likely meant for. */
function checkNoArguments(command: Command, positionals: readonly string[]): void {
  if (command.takesArguments || positionals.length === 0) return;
  const word = positionals[0]!;
  // `check _site` for `check --output _site`.
  const folderOption = ["output", "input"].find((o) => o in command.options);
  const meant = folderOption && !word.startsWith("-") ? `; did you mean --${folderOption} ${word}?` : "";
  throw new UsageError(
    `${command.name}: unexpected argument ${JSON.stringify(word)}${meant} (newsmirror help ${command.name})`,
  );
}

const versionLine = () => `newsmirror ${newsmirrorVersion()}\n`;
