/**
 * The docs' generated pages (src/docs/):
 *
 *   npm run docs:generate   writes the generated pages: docs/errors.md (from the tests' bad inputs),
 *                           docs/commands.md and docs/settings-reference.md (from the code)
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { commandsReference, settingsReference } from "../src/docs/reference.ts";
import { errorsDoc } from "../tests/helpers/errors-doc.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true });

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
} else {
  process.stderr.write("usage: tsx scripts/docs.ts generate\n");
  process.exitCode = 2;
}
