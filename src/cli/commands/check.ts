import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { SITE_MARKER } from "../../output/guard.ts";
import { formatProblem, UsageError } from "../../errors.ts";
import { loadSettings } from "../../settings/settings.ts";
import { CONTENT_OPTIONS, stringOption, type Command, type CommandContext } from "../command.ts";
import { shown as shownName } from "../../characters.ts";
import { contentOptions, existingFolder, SITE_FOLDER } from "../folders.ts";
import { PROBLEMS_SHOWN, warningReport } from "../../problems.ts";
import { counted } from "../../counted.ts";

export const checkCommand: Command = {
  name: "check",
  summary: "check content (writing nothing), then the built site's HTML and links",
  usage: `newsmirror check [--input DIR] [--output DIR]
       newsmirror check --fixity [DIR|FILE.wacz]
  --input DIR    content folder (default: content); checked exactly as a build would, nothing written
  --fixity       only verify files against their hashes: a built site (DIR, else --output, else _site)
                 against its manifest-sha256.txt, or a .wacz file against its datapackage.json;
                 each changed, missing or extra file on its own line (no content or HTML check)
  --output DIR   built site to check (default: _site): every HTML file through the
                 HTML validator, every internal link, #fragment and image reference
                 resolved (under the base URL's path, or relative for --relative builds),
                 each page's CSP and inline-script hashes, feeds and sitemaps against
                 their specifications, stylesheets, photos decoded, no symbolic links
Exit code 1 when anything is wrong; each problem is one line naming the file.`,
  options: { ...CONTENT_OPTIONS, output: { type: "string" }, fixity: { type: "boolean", default: false } },
  takesArguments: true,
  examples: [
    { line: "newsmirror check", does: "content/, then the site in _site/" },
    { line: "newsmirror check --input articles --output public", does: "other folders" },
    { line: "newsmirror check --fixity", does: "_site/ against its manifest-sha256.txt" },
    { line: "newsmirror check --fixity site.wacz", does: "a WACZ archive against its datapackage.json" },
  ],
  async run(context) {
    const { cwd, io, values, positionals } = context;
    if (values.fixity === true) return checkFixity(context);
    if (positionals.length > 0)
      throw new UsageError(
        `check: unexpected argument ${JSON.stringify(positionals[0])}; did you mean --output ${positionals[0]}, or --fixity ${positionals[0]}? (newsmirror help check)`,
      );
    const options = contentOptions(values, cwd, io.env);
    // No _site yet is fine (the content is checked alone); a folder named with --output must be one.
    const defaultSite = path.resolve(cwd, SITE_FOLDER.fallback);
    const outputDir =
      stringOption(values, "output") === undefined && !existsSync(defaultSite)
        ? undefined
        : existingFolder(values, cwd, SITE_FOLDER);
    // The same loader and messages as a build; a ContentError ends the check (exit 1).
    const [{ validateContent }, { checkSite, isEmptySite, isNewsmirrorSite }] = await Promise.all([
      import("../../plugins/context.ts"), // not the pipeline: a check loads no Eleventy and no Pagefind
      import("../../check/site-check.ts"),
    ]);
    if (outputDir) {
      const given = stringOption(values, "output");
      const named = given === undefined ? `${SITE_FOLDER.fallback} (the default for --output)` : `--output ${given}`;
      // An empty folder is no site ("0 pages valid" would pass a build that wrote nothing), nor is a folder of the user's.
      if (await isEmptySite(outputDir))
        throw new UsageError(
          `${named}: is empty; build the site first (newsmirror build${given === undefined ? "" : ` --output ${given}`})`,
        );
      if (!(await isNewsmirrorSite(outputDir)))
        throw new UsageError(`${named}: is not a site newsmirror built (no ${SITE_MARKER}); ${SITE_FOLDER.todo}`);
    }
    const content = await validateContent({ ...options, includeDrafts: false });
    io.stderr.write(warningReport(content.warnings, values.verbose === true));
    const shownContent = shownName(path.relative(cwd, options.contentDir) || ".");
    io.stdout.write(`newsmirror: ${shownContent}: ${counted(content.articles, "article")}, no problems\n`);

    if (!outputDir) {
      io.stdout.write(`newsmirror: ${SITE_FOLDER.fallback} does not exist; run newsmirror build to check pages too\n`);
      return 0;
    }
    const shownOutput = shownName(path.relative(cwd, outputDir) || ".");
    const settings = loadSettings(options.contentDir, shownContent);
    const report = await checkSite(outputDir, {
      display: (file) => path.relative(cwd, file),
      baseUrl: settings.baseUrl,
      // The menu's full addresses too (its site paths are the site's own links, checked as any other).
      settingsLinks: [
        ...(settings.header.app ? [settings.header.app.href] : []),
        ...(settings.chinese.app ? [settings.chinese.app.href] : []),
        ...settings.footer.links.map((l) => l.href),
        ...settings.menu.items.flatMap((item) => (item.url.startsWith("/") ? [] : [item.url])),
      ],
    });
    if (report.problems.length === 0) {
      io.stdout.write(
        `newsmirror: ${shownOutput}: ${counted(report.pages, "page")} valid, every internal link and image found\n`,
      );
      return 0;
    }
    const shown = report.problems.slice(0, PROBLEMS_SHOWN).map(formatProblem);
    if (report.problems.length > PROBLEMS_SHOWN) shown.push(`… and ${report.problems.length - PROBLEMS_SHOWN} more`);
    io.stderr.write(
      `${shown.join("\n")}\nnewsmirror: ${counted(report.problems.length, "problem")} in ${shownOutput} (${counted(report.pages, "page")})\n`,
    );
    return 1;
  },
};

/**
 * `check --fixity [DIR|FILE.wacz]`: what is named (the positional, else --output, else _site) verified against its
 * hashes, alone: a published copy has no content folder to check, and its HTML was checked when it was built. The
 * positional is the thing verified, as in `sha256sum -c`; --output names the same folder as every other command.
 */
async function checkFixity({ cwd, io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1)
    throw new UsageError(`check --fixity: verifies one folder or .wacz file, but ${positionals.length} were named`);
  const given = positionals[0];
  const output = stringOption(values, "output");
  if (given !== undefined && output !== undefined)
    throw new UsageError(`check --fixity: name the folder once, as ${given} or as --output ${output}`);
  if (stringOption(values, "input") !== undefined)
    throw new UsageError("check --fixity: checks files against their hashes alone; --input is for the content check");
  const named = given ?? output ?? SITE_FOLDER.fallback;
  const shown = given !== undefined || output !== undefined ? named : `${named} (the default for --output)`;
  const target = path.resolve(cwd, named);
  const info = statSync(target, { throwIfNoEntry: false });
  if (!info)
    throw new UsageError(`check --fixity: ${shown}: no such folder or file; name a built site or a .wacz file`);
  const { fixityFailed, fixityLines, verifyFolder, verifyWacz } = await import("../../check/fixity.ts");
  let report;
  if (info.isDirectory()) report = verifyFolder(target, named);
  else if (info.isFile()) report = await verifyWacz(target, named);
  else throw new UsageError(`check --fixity: ${shown}: is neither a folder nor a file`);
  const against = report.kind === "folder" ? "manifest-sha256.txt" : "datapackage.json";
  if (!fixityFailed(report)) {
    io.stdout.write(`newsmirror: ${named}: all ${counted(report.listed, "file")} match ${against}\n`);
    return 0;
  }
  const lines = fixityLines(report);
  const counts = [
    `${report.changed.length} changed`,
    `${report.missing.length} missing`,
    `${report.extra.length} extra`,
  ].join(", ");
  io.stdout.write(`${lines.join("\n")}\n`);
  io.stderr.write(`newsmirror: ${named}: does not match ${against}: ${counts} (of ${report.listed} listed)\n`);
  return 1;
}
