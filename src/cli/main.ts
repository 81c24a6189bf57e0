/**
 * `newsmirror` — build, serve, and write new articles.
 * Content problems print one line each and exit 1; anything else is a bug in
 * newsmirror and prints its stack.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { build } from "../build/build.ts";
import { readBuildOptions } from "../build/options.ts";
import { ContentError, NewsmirrorError, findContentError } from "../errors.ts";
import { newArticle } from "./new.ts";
import { serve, superviseServe } from "../serve/serve.ts";

const HELP = `newsmirror — a static news site that mirrors english.www.gov.cn article pages

Usage:
  newsmirror build [--input DIR] [--output DIR] [--drafts]
      Build the site from a content folder (default content/) into an output
      folder (default _site/). The old output is replaced only when the whole
      build succeeds.
  newsmirror serve [--input DIR] [--port N] [--host ADDR]
      Preview with live reload at http://127.0.0.1:8080/ (drafts included).
      Rebuilds on edits to content, templates and src/.
  newsmirror new "Title" --section S [--dateline CITY] [--source NAME] [--input DIR]
      Write a new article with valid front matter and print its path.

Options:
  -h, --help     Show this help.
  -v, --verbose  Show the cause of an error in full.
`;

const OPTIONS = {
  input: { type: "string" },
  output: { type: "string" },
  drafts: { type: "boolean", default: false },
  port: { type: "string" },
  host: { type: "string" },
  section: { type: "string" },
  dateline: { type: "string" },
  source: { type: "string" },
  worker: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  verbose: { type: "boolean", short: "v", default: false },
} as const;

// A reader that closes our stdout early (`newsmirror build | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === "help") {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const cwd = process.cwd();
  const base = readBuildOptions({ ...process.env, NEWSMIRROR_CONTENT: values.input ?? process.env.NEWSMIRROR_CONTENT }, cwd);
  switch (command) {
    case "build": {
      const outputDir = path.resolve(cwd, values.output ?? "_site");
      const report = await build({ ...base, includeDrafts: values.drafts, outputDir });
      const rate = report.seconds > 0 ? Math.round(report.pagesWritten / report.seconds) : report.pagesWritten;
      process.stdout.write(
        `newsmirror: built ${report.pagesWritten} pages (${report.articles} articles) in ${report.seconds.toFixed(2)} s, ${rate} pages/s → ${path.relative(cwd, outputDir) || "."}\n`,
      );
      return 0;
    }
    case "serve": {
      const port = Number(values.port ?? 8080);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new NewsmirrorError(`--port: ${values.port} is not a port number`);
      if (values.worker) await serve({ ...base, includeDrafts: true, port, host: values.host ?? "127.0.0.1" });
      else superviseServe(argv);
      return -1; // keeps running
    }
    case "new": {
      const title = rest.join(" ").trim();
      const file = await newArticle({ ...base, title, section: values.section, dateline: values.dateline, source: values.source });
      process.stdout.write(`${path.relative(cwd, file)}\n`);
      return 0;
    }
    default:
      process.stderr.write(`newsmirror: unknown command ${JSON.stringify(command)}\n\n${HELP}`);
      return 2;
  }
}

function report(error: unknown, verbose: boolean): number {
  const content = findContentError(error);
  if (content) {
    printProblems(content);
    return 1;
  }
  if (error instanceof NewsmirrorError || (error as { code?: string })?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    process.stderr.write(`newsmirror: ${(error as Error).message}\n`);
    if (verbose && (error as Error).cause) process.stderr.write(`${String((error as Error).cause)}\n`);
    return (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? 2 : 1;
  }
  process.stderr.write(`newsmirror: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

export function printProblems(error: ContentError): void {
  const LIMIT = 50;
  const lines = error.message.split("\n");
  process.stderr.write(lines.slice(0, LIMIT).join("\n") + "\n");
  if (lines.length > LIMIT) process.stderr.write(`… and ${lines.length - LIMIT} more problems\n`);
  process.stderr.write(`newsmirror: ${lines.length} problem${lines.length === 1 ? "" : "s"} in content; nothing was written\n`);
}

const argv = process.argv.slice(2);
try {
  const code = await main(argv);
  if (code >= 0) process.exitCode = code;
} catch (error) {
  process.exitCode = report(error, argv.includes("--verbose") || argv.includes("-v"));
}
