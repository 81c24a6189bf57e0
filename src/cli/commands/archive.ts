import { lstat } from "node:fs/promises";
import path from "node:path";
import { shown } from "../../characters.ts";
import { NewsmirrorError, UsageError } from "../../errors.ts";
import { isWithin, realPathOf } from "../../folders.ts";
import { SITE_MARKER } from "../../output/guard.ts";
import { stringOption, type Command } from "../command.ts";
import { existingFolder, folderProblem, type FolderFlag } from "../folders.ts";

/** The built site to archive: `--site`, as `check` and `preview` name it `--output` (here the archive is the output). */
const ARCHIVED_SITE: FolderFlag = {
  flag: "site",
  fallback: "_site",
  todo: "give the folder a build wrote (newsmirror build --output DIR)",
  missingDefault: "build the site first (newsmirror build), or give --site DIR",
};

export const DEFAULT_ARCHIVE = "site.wacz";

/**
 * Where the archive goes, checked before anything is written: a `.wacz` name (what replay tools open), in a
 * folder that exists, outside the site (an archive inside it would be archived by the next run, and deleted by
 * the next build), and not a file newsmirror did not write.
 */
async function archiveTarget(given: string | undefined, cwd: string, siteDir: string): Promise<string> {
  if (given === "") throw new UsageError(`--output: needs a file name, e.g. --output ${DEFAULT_ARCHIVE}`);
  const named = given === undefined ? `${DEFAULT_ARCHIVE} (the default for --output)` : `--output ${given}`;
  const typed = given ?? DEFAULT_ARCHIVE;
  if (!typed.endsWith(".wacz"))
    throw new UsageError(`${named}: is not a .wacz file name; give one, e.g. --output ${DEFAULT_ARCHIVE}`);
  const target = path.resolve(cwd, typed);
  const folder = path.dirname(target);
  const problem = folderProblem(folder);
  if (problem)
    throw new UsageError(
      `${named}: ${path.dirname(typed)}: ${problem.what}; ${problem.todo ?? "make the folder first, or give another path"}`,
    );
  const realTarget = path.join(await realPathOf(folder), path.basename(target));
  if (isWithin(await realPathOf(siteDir), realTarget))
    throw new UsageError(
      `${named}: lies inside the site it archives (each build replaces that folder); write it outside, e.g. --output ${DEFAULT_ARCHIVE}`,
    );
  const info = await lstat(realTarget).catch(() => undefined);
  if (info) {
    if (!info.isFile())
      throw new UsageError(`${named}: is ${info.isDirectory() ? "a folder" : "not a plain file"}; give a file name`);
    const { isNewsmirrorWacz } = await import("../../archive/wacz.ts");
    if (!(await isNewsmirrorWacz(realTarget)))
      throw new UsageError(
        `${named}: is a file newsmirror did not write, and is not replaced; give another name, or remove it yourself`,
      );
  }
  return target;
}

export const archiveCommand: Command = {
  name: "archive",
  summary: "package the built site as a WACZ web archive, for ReplayWeb.page and pywb",
  usage: `newsmirror archive [--site DIR] [--output FILE.wacz]
  --site DIR           built site to archive (default: _site), at the address in its robots.txt, dated its build time
  --output FILE.wacz   the archive to write (default: ${DEFAULT_ARCHIVE}), outside the site; an archive newsmirror
                       wrote there before is replaced, any other file is left alone
Every file of the site is one WARC response record; a folder's page is recorded at the folder's address and, as a
revisit, under its index.html; an article with an original address (provenance.json) is recorded under that address
too, as a revisit of its page. The same site gives the same bytes.`,
  options: { site: { type: "string" }, output: { type: "string" } },
  examples: [
    { line: "newsmirror archive", does: `_site/ into ${DEFAULT_ARCHIVE}` },
    { line: "newsmirror archive --site public --output mirror-2021.wacz", does: "another site, another name" },
  ],
  async run({ cwd, io, values }) {
    const siteDir = existingFolder(values, cwd, ARCHIVED_SITE);
    const given = stringOption(values, "site");
    const named = given === undefined ? `${ARCHIVED_SITE.fallback} (the default for --site)` : `--site ${given}`;
    const { isEmptySite, isNewsmirrorSite } = await import("../../check/site-check.ts");
    if (await isEmptySite(siteDir))
      throw new UsageError(
        `${named}: is empty; build the site first (newsmirror build${given === undefined ? "" : ` --output ${given}`})`,
      );
    if (!(await isNewsmirrorSite(siteDir)))
      throw new UsageError(`${named}: is not a site newsmirror built (no ${SITE_MARKER}); ${ARCHIVED_SITE.todo}`);
    const target = await archiveTarget(stringOption(values, "output"), cwd, siteDir);

    const [{ readBuiltSite, NotArchivable }, { writeWacz }] = await Promise.all([
      import("../../archive/built-site.ts"),
      import("../../archive/wacz.ts"),
    ]);
    const started = performance.now();
    let site;
    try {
      site = await readBuiltSite(siteDir);
    } catch (error) {
      if (error instanceof NotArchivable) throw new NewsmirrorError(`${named}: ${error.message}`, { cause: error });
      throw error;
    }
    const summary = await writeWacz(site, target);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const mib = (summary.bytes / 2 ** 20).toFixed(1);
    io.stdout.write(
      `newsmirror: archived ${site.files.length} files of ${site.baseUrl} (${summary.pages} pages listed, ${site.originals.length} under their original address) as of ${new Date(site.builtAtMs).toISOString()} in ${seconds} s → ${shown(path.relative(cwd, target))} (${mib} MiB)\n`,
    );
    return 0;
  },
};
