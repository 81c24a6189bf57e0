import path from "node:path";
import { UsageError } from "../../errors.ts";
import { shown } from "../../characters.ts";
import { stringOption, type Command } from "../command.ts";
import { baseUrlOption } from "../folders.ts";
import { DESIGNS, type Design } from "../../settings/settings.ts";
import { nearestName } from "../../suggest.ts";

export const initCommand: Command = {
  name: "init",
  summary: "make a new site of your own in a new folder, ready to build",
  usage: `newsmirror init DIR [--name NAME] [--base-url URL] [--design govcn-en|govcn-zh]
  --name NAME      the site's name, in page titles, the header and the copyright line (default: DIR's name)
  --base-url URL   the address the site will be served from (default: https://example.org/; change it in site.json)
  --design D       govcn-en (english.www.gov.cn's look, the default) or govcn-zh (www.gov.cn's, in Chinese)
Writes DIR/content/ (site.json and one example article), package.json, .gitignore and a CI workflow;
DIR must be new or empty. The site carries none of gov.cn's legal lines: its footer is its own copyright.`,
  options: {
    name: { type: "string" },
    "base-url": { type: "string" },
    design: { type: "string" },
  },
  takesArguments: true,
  examples: [
    { line: 'newsmirror init daily-news --name "Daily News"', does: "a new English site in daily-news/" },
    {
      line: "newsmirror init xinwen --design govcn-zh --base-url https://xinwen.example.org/",
      does: "a Chinese one, served from that address",
    },
  ],
  async run({ cwd, io, values, positionals }) {
    if (positionals.length === 0)
      throw new UsageError(
        'init: give the folder for the new site, e.g. newsmirror init daily-news --name "Daily News"',
      );
    if (positionals.length > 1)
      throw new UsageError(
        `init: one folder, not ${positionals.length} (${positionals.map((p) => JSON.stringify(p)).join(", ")}); quote a name with spaces`,
      );
    const given = positionals[0]!;
    const dir = path.resolve(cwd, given);
    const design = stringOption(values, "design") ?? "govcn-en";
    if (!(DESIGNS as readonly string[]).includes(design)) {
      const near = nearestName(design, DESIGNS);
      throw new UsageError(
        `--design: ${JSON.stringify(design)} is not a design; ${near ? `did you mean ${near}? ` : ""}the designs are ${DESIGNS.join(" and ")}`,
      );
    }
    const name = (stringOption(values, "name") ?? path.basename(dir)).trim();
    if (!name) throw new UsageError("--name: must not be empty");
    const baseUrl = baseUrlOption(values) ?? "https://example.org/";
    const { newSite } = await import("../../init/new-site.ts");
    const { newsmirrorVersion } = await import("../../package.ts");
    const { files } = await newSite({
      dir,
      shownDir: shown(given),
      name,
      baseUrl,
      design: design as Design,
      version: newsmirrorVersion(),
    });
    const where = shown(path.relative(cwd, dir) || ".");
    const cd = where === "." ? "" : `cd ${/^[\w./-]+$/.test(where) ? where : JSON.stringify(where)} && `;
    io.stdout.write(
      `${files.map((f) => `  ${where}/${f}`).join("\n")}\nnewsmirror: a new site "${shown(name)}" in ${where}. Next:\n  ${cd}npm install\n  npx newsmirror serve      (then open the address it prints; npx newsmirror build writes _site/)\n`,
    );
    return 0;
  },
};
