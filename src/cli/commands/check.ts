import { existsSync } from "node:fs";
import path from "node:path";
import { SITE_MARKER } from "../../output/guard.ts";
import { formatProblem, UsageError } from "../../errors.ts";
import { loadSettings } from "../../settings/settings.ts";
import { CONTENT_OPTIONS, stringOption, type Command } from "../command.ts";
import { shown as shownName } from "../../characters.ts";
import { contentOptions, existingFolder, SITE_FOLDER } from "../folders.ts";
import { PROBLEMS_SHOWN, warningReport } from "../../problems.ts";

export const checkCommand: Command = {
  name: "check",
  summary: "check content (writing nothing), then the built site's HTML and links",
  usage: `newsmirror check [--input DIR] [--output DIR]
  --input DIR    content folder (default: content); checked exactly as a build would, nothing written
  --output DIR   built site to check (default: _site): every HTML file through the
                 HTML validator, every internal link, #fragment and image reference
                 resolved (under the base URL's path, or relative for --relative builds),
                 each page's CSP and inline-script hashes, feeds and sitemaps against
                 their specifications, stylesheets, photos decoded, no symbolic links
Exit code 1 when anything is wrong; each problem is one line naming the file.`,
  options: { ...CONTENT_OPTIONS, output: { type: "string" } },
  examples: [
    { line: "newsmirror check", does: "content/, then the site in _site/" },
    { line: "newsmirror check --input articles --output public", does: "other folders" },
  ],
  async run({ cwd, io, values }) {
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
    io.stdout.write(`newsmirror: ${shownContent}: ${content.articles} articles, no problems\n`);

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
      io.stdout.write(`newsmirror: ${shownOutput}: ${report.pages} pages valid, every internal link and image found\n`);
      return 0;
    }
    const shown = report.problems.slice(0, PROBLEMS_SHOWN).map(formatProblem);
    if (report.problems.length > PROBLEMS_SHOWN) shown.push(`… and ${report.problems.length - PROBLEMS_SHOWN} more`);
    io.stderr.write(
      `${shown.join("\n")}\nnewsmirror: ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"} in ${shownOutput} (${report.pages} pages)\n`,
    );
    return 1;
  },
};
