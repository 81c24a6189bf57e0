import { statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../errors.ts";
import type { ImportOutcome } from "../../import/batch.ts";
import { loadSettings } from "../../settings/settings.ts";
import { stringOption, type Command, type CommandContext } from "../command.ts";
import { shown } from "../../characters.ts";
import { fileOrFolderProblem, folderProblem } from "../folders.ts";
import { isInstant, parseOffsetDateTime } from "../../time/instant.ts";

export const importCommand: Command = {
  name: "import",
  summary: "turn saved gov.cn article pages (HTML or text) into Markdown articles",
  usage: `newsmirror import FILE|DIR… [--output DIR] [--force | --keep-history] [--url URL] [--captured TIME]
  FILE             a saved page: .html/.htm (current or older gov.cn template) or .txt (page text)
  DIR              every .html/.htm/.txt below it; gov.cn's folders (statecouncil/weifenghe/202107/28/…) give the section
  --output DIR     content folder to write into (default: content); --out, its old name, still works
  --force          replace articles that are already there (by address or id)
  --keep-history   keep an article already there as an earlier version (name.rev-CAPTURED.md) beside the new capture
  --url URL        the page's gov.cn address, when its file name does not hold it (one file only); recorded as original_url
  --captured TIME  when the pages were saved, ISO 8601 with an offset (default: each file's modification time)
Each article records its provenance: original_url, captured, source_sha256 (the saved file's SHA-256).
Prints imported / skipped / failed per file and a summary; exit 1 when any failed (a page already imported fails
unless --force or --keep-history is given).`,
  options: {
    output: { type: "string" },
    out: { type: "string" }, // the old name of --output, kept for a release
    force: { type: "boolean", default: false },
    "keep-history": { type: "boolean", default: false },
    url: { type: "string" },
    captured: { type: "string" },
  },
  takesArguments: true,
  examples: [
    { line: "newsmirror import saved/", does: "every saved page below saved/ into content/" },
    { line: "newsmirror import page.html --url https://english.www.gov.cn/…", does: "one page, its address given" },
    {
      line: "newsmirror import saved-again/ --keep-history",
      does: "newer captures of pages imported before; the older ones kept as earlier versions",
    },
  ],
  async run({ cwd, io, values, positionals }) {
    if (positionals.length === 0)
      throw new UsageError("import: name the saved pages or folders to import, e.g. newsmirror import saved/");
    // Every path is checked before any page is imported: a typo stops the command with nothing written.
    for (const given of positionals) {
      const problem = fileOrFolderProblem(path.resolve(cwd, given));
      if (problem)
        throw new UsageError(
          `import: ${given}: ${problem.what}; ${problem.todo ?? "name saved pages (.html, .htm, .txt) or folders of them"}`,
        );
    }
    const { flag, given } = outputOption(values);
    const outDir = path.resolve(cwd, given ?? "content");
    const outProblem = exists(outDir) ? folderProblem(outDir) : undefined; // a new content folder is made
    if (outProblem) {
      const named = given === undefined ? "content (the default for --output)" : `${flag} ${given}`;
      throw new UsageError(
        `${named}: ${outProblem.what}; ${outProblem.todo ?? "give the content folder to import into (made if it does not exist)"}`,
      );
    }
    const url = stringOption(values, "url");
    const { importPages, listInputs, shownPath } = await import("../../import/batch.ts");
    const inputs = await listInputs(positionals, cwd);
    if (url !== undefined && (inputs.length !== 1 || positionals.length !== 1)) {
      throw new UsageError(`--url: gives the address of one page, but ${inputs.length} pages were named`);
    }
    if (url !== undefined && !/^https?:\/\/[^/]+\/./i.test(url))
      throw new UsageError(`--url: ${JSON.stringify(url)} is not a page address (https://english.www.gov.cn/…)`);
    if (inputs.length === 0) throw new UsageError(`import: no .html, .htm or .txt pages in ${positionals.join(", ")}`);
    if (values.force === true && values["keep-history"] === true)
      throw new UsageError(
        "import: --force replaces an article, --keep-history keeps it as an earlier version; give one",
      );
    const captured = stringOption(values, "captured");
    if (captured !== undefined) {
      const parsed = parseOffsetDateTime(captured);
      if (!isInstant(parsed)) throw new UsageError(`--captured: ${parsed.error}`);
    }
    const settings = loadSettings(outDir, path.relative(cwd, outDir) || ".");
    const progress = new Progress(inputs.length, { out: io.stdout, err: io.stderr, tty: io.stdout.isTTY === true });
    const started = performance.now();
    const outcomes = await importPages(
      {
        inputs,
        outDir,
        displayRoot: cwd,
        settings,
        force: values.force === true,
        keepHistory: values["keep-history"] === true,
        url,
        ...(captured !== undefined ? { captured } : {}),
      },
      (outcome) => progress.report(outcome),
    );
    progress.done();
    const count = (status: ImportOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
    const failed = count("failed");
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(
      `newsmirror: imported ${count("imported")}, skipped ${count("skipped")}, failed ${failed} ` +
        `(${inputs.length} page${inputs.length === 1 ? "" : "s"} in ${seconds.toFixed(2)} s) → ${shownPath(cwd, outDir)}\n`,
    );
    return failed > 0 ? 1 : 0;
  },
};

/** The content folder given, by --output or its old name --out (both at once is a usage error). */
function outputOption(values: CommandContext["values"]): { flag: string; given: string | undefined } {
  const output = stringOption(values, "output");
  const out = stringOption(values, "out");
  if (output !== undefined && out !== undefined)
    throw new UsageError("import: --out is the old name of --output; give one of them");
  return out !== undefined ? { flag: "--out", given: out } : { flag: "--output", given: output };
}

/** Anything at the path, even a file where a folder should be (a dangling link is nothing). */
function exists(absolute: string): boolean {
  try {
    statSync(absolute);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

interface Streams {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  /** A terminal gets a bar rewritten in place; anything else one plain line per page. */
  tty: boolean;
}

/**
 * On a terminal, one line rewritten in place (count and bar), with skipped
 * and failed pages printed above it; elsewhere (logs, pipes) one plain line per page.
 */
export class Progress {
  #done = 0;
  #counts = { imported: 0, skipped: 0, failed: 0 };
  constructor(
    readonly total: number,
    readonly streams: Streams,
  ) {}

  report(outcome: ImportOutcome): void {
    const { out, err, tty } = this.streams;
    this.#done++;
    this.#counts[outcome.status]++;
    const lines: [Streams["out"], string][] = [];
    const from = shown(outcome.input.shown);
    if (outcome.status === "imported") {
      const kept = outcome.kept ? ` (earlier version kept as ${shown(outcome.kept)})` : "";
      if (!tty)
        lines.push([
          out,
          `imported ${from} → ${shown(outcome.file)}${outcome.replaced && !kept ? " (replaced)" : kept}`,
        ]);
    } else if (outcome.status === "skipped") {
      lines.push([out, `skipped  ${from}: ${outcome.reason}`]);
    } else {
      lines.push([err, `failed   ${from}: ${outcome.reason}`]);
    }
    for (const warning of outcome.warnings) lines.push([err, `warning  ${from}: ${warning}`]);
    if (tty) out.write("\r\x1b[2K");
    for (const [stream, line] of lines) stream.write(`${line}\n`);
    if (tty) out.write(this.#bar());
  }

  #bar(): string {
    const width = 30;
    const filled = Math.round((this.#done / this.total) * width);
    const { imported, skipped, failed } = this.#counts;
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.#done}/${this.total}  imported ${imported}, skipped ${skipped}, failed ${failed}`;
  }

  done(): void {
    if (this.streams.tty) this.streams.out.write("\r\x1b[2K");
  }
}
