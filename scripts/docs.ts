/**
 * The docs' two jobs (src/docs/):
 *
 *   npm run docs:generate   writes the generated pages: docs/errors.md (from the tests' bad inputs),
 *                           docs/commands.md and docs/settings-reference.md (from the code)
 *   npm run docs            builds docs/*.md into a site in the sample site's look, in _docs/
 *                           (-- --output DIR for another folder)
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { commandsReference, settingsReference } from "../src/docs/reference.ts";
import { errorsDoc } from "../tests/helpers/errors-doc.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  options: { output: { type: "string" } },
  allowPositionals: true,
});

if (positionals[0] === "generate") {
  const pages: Record<string, string> = {
    "docs/errors.md": errorsDoc(),
    "docs/commands.md": commandsReference(),
    "docs/settings-reference.md": settingsReference(),
  };
  for (const [file, text] of Object.entries(pages)) {
    writeFileSync(path.join(ROOT, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
} else if (positionals[0] === "site") {
  const { buildDocsSite } = await import("../src/docs/site.ts");
  const output = values.output ?? "_docs";
  const report = await buildDocsSite({
    docsDir: path.join(ROOT, "docs"),
    outputDir: path.resolve(output),
    cwd: process.cwd(),
    shownOutput: output,
  });
  process.stdout.write(`newsmirror docs: ${report.pages.length} pages, ${report.files.length} images → ${output}\n`);
} else {
  process.stderr.write("usage: tsx scripts/docs.ts generate | site [--output DIR]\n");
  process.exitCode = 2;
}
