/**
 * Which folders newsmirror may write: the output-folder rules, the marker
 * every site carries, and the photo cache's tag.
 *
 * A build replaces its whole output folder (src/output/staging.ts swaps a new
 * copy in and deletes the old), so pointed at the wrong folder it deletes the
 * user's files: `--output content` took every article, `--output .` a whole
 * project. Before anything is touched, the output folder and the photo cache
 * are checked against folders that are never newsmirror's to replace, by
 * their real paths (a symbolic link leads where it leads), and an existing
 * output folder is replaced only when it carries the marker every build
 * writes. One writer at a time: src/output/lock.ts.
 */
import { lstat, readFile, readdir, readlink, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { UsageError } from "../errors.ts";
import { exists, isWithin, realPathOf, shownPath } from "../folders.ts";
import { newsmirrorVersion } from "../package.ts";

/** Where the user is and what they are working on: the folders a build must never replace. */
export interface FolderContext {
  cwd: string;
  contentDir?: string;
  /** The newsmirror package (src/package.ts PACKAGE_ROOT). */
  packageRoot: string;
}

// ---------------------------------------------------------------------------
// Folders that are never newsmirror's to replace

interface Protected {
  real: string;
  /** "the content folder", "your home folder", … */
  name: string;
  /** Shown after "holds …" and "lies inside …" (what is meant, when the name alone does not say). */
  shown?: string;
  /** Shown after "is …" when the name alone does not say why (the project folder's .git). */
  why?: string;
  /** The output may not lie inside it either (only the content folder: a build inside it would be read as content). */
  noInside?: boolean;
}

/** The nearest folder at or above `start` holding `.git` or `package.json`: the user's project. */
async function projectRoot(start: string): Promise<{ dir: string; why: string } | undefined> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const marker of [".git", "package.json"]) {
      if (await exists(path.join(dir, marker))) return { dir, why: `it has ${marker}` };
    }
    if (dir === path.dirname(dir)) return undefined;
  }
}

async function protectedFolders(context: FolderContext): Promise<Protected[]> {
  const cwd = await realPathOf(context.cwd);
  const show = (p: string) => shownPath(cwd, p);
  const content =
    context.contentDir === undefined ? undefined : await realPathOf(path.resolve(context.cwd, context.contentDir));
  const home = await realPathOf(homedir());
  const packageRoot = await realPathOf(context.packageRoot);
  // In the order a rule is named when several apply: the most concrete loss first.
  const folders: Protected[] = [];
  if (content) folders.push({ real: content, name: "the content folder", shown: show(content), noInside: true });
  folders.push({ real: cwd, name: "the working directory" });
  // The project is found from the content folder and from where the user stands; they may differ.
  for (const start of [content, cwd]) {
    const project = start && (await projectRoot(start));
    if (project && !folders.some((f) => f.real === project.dir && f.name === "the project folder")) {
      folders.push({ real: project.dir, name: "the project folder", shown: show(project.dir), why: project.why });
    }
  }
  folders.push({ real: packageRoot, name: "newsmirror's own folder", shown: show(packageRoot) });
  folders.push(
    { real: home, name: "your home folder", shown: show(home) },
    { real: path.parse(cwd).root, name: "the root of the file system" },
  );
  return folders;
}

/**
 * The rule `real` breaks, if any: being one of the protected folders is named
 * first (the most specific reason), then holding one, then lying inside the
 * content folder.
 */
function brokenRule(real: string, folders: readonly Protected[]): { rule: string; inside?: boolean } | undefined {
  const same = folders.find((f) => f.real === real);
  if (same) return { rule: `is ${same.name}${same.why ? ` (${same.why})` : ""}` };
  const held = folders.find((f) => isWithin(real, f.real));
  if (held) return { rule: `holds ${held.name}${held.shown && held.shown !== "." ? ` (${held.shown})` : ""}` };
  const around = folders.find((f) => f.noInside && isWithin(f.real, real));
  if (around) return { rule: `lies inside ${around.name} (${around.shown})`, inside: true };
  return undefined;
}

/** Whether `real` (an existing folder) is a mount point: renaming it fails with EBUSY, so it cannot be swapped. */
async function isMountPoint(real: string): Promise<boolean> {
  if (real === path.dirname(real)) return true;
  const [self, parent] = await Promise.all([stat(real), stat(path.dirname(real))]);
  if (self.dev !== parent.dev) return true;
  // A bind mount of the same file system keeps st_dev; Linux lists every mount point here (octal escapes for spaces).
  const table = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  return table
    .split("\n")
    .some(
      (line) =>
        line.split(" ")[4]?.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))) ===
        real,
    );
}

/** The existing path's kind, refusing what cannot be a folder of ours (a file, a link to nothing). */
async function existingFolder(label: string, real: string, hint: string): Promise<boolean> {
  const info = await lstat(real).catch(() => undefined);
  if (!info) return false;
  if (info.isSymbolicLink())
    throw new UsageError(`${label}: is a symbolic link to ${await readlink(real)}, which does not exist; ${hint}`);
  if (!info.isDirectory()) throw new UsageError(`${label}: is a file, not a folder; ${hint}`);
  return true;
}

/**
 * Whether `name` is that of a folder newsmirror keeps beside an output folder (src/output/staging.ts): the spare
 * copy, or a build's staging, retired, swapped or trash folder. Built into, it would be changed by two builds at
 * once, each holding its own folder's lock.
 */
function besideAnother(name: string): { of: string; what: string } | undefined {
  const m = /^\.(.+)\.(spare|(?:staging|retired|swapped|trash)-\d+)$/.exec(name);
  if (!m) return undefined;
  return { of: m[1]!, what: m[2] === "spare" ? "the previous site" : "a site being built or replaced" };
}

/**
 * Throws UsageError naming `flag` (e.g. "--output") and the folder when `dir`
 * may not be written by newsmirror: it is, holds or (the content folder) lies
 * inside a folder of the user's, is a file or a mount point, or holds files
 * without the marker of a site newsmirror built. `dir` is shown as given;
 * relative to `context.cwd`.
 */
export async function checkOutputFolder(flag: string, dir: string, context: FolderContext): Promise<void> {
  const real = await realPathOf(path.resolve(context.cwd, dir));
  const label = `${flag} ${dir}`;
  const hint = `each build replaces the whole output folder: give ${flag} a new or empty folder, e.g. _site`;
  const broken = brokenRule(real, await protectedFolders(context));
  if (broken)
    throw new UsageError(`${label}: ${broken.rule}; ${broken.inside ? `give ${flag} a folder outside it` : hint}`);
  const beside = besideAnother(path.basename(real));
  if (beside) throw new UsageError(`${label}: is where builds of ${beside.of} keep ${beside.what}; ${hint}`);
  if (!(await existingFolder(label, real, hint))) return;
  if (await isMountPoint(real)) {
    throw new UsageError(
      `${label}: is a mount point, which a build cannot replace; build into a folder inside it, e.g. ${flag} ${path.join(dir, "site")}`,
    );
  }
  if ((await readdir(real)).length === 0) return;
  if (!(await readSiteMarker(real)) && !(await isUnmarkedNewsmirrorSite(real))) {
    throw new UsageError(`${label}: holds files newsmirror did not write (no ${SITE_MARKER}); ${hint}`);
  }
}

/**
 * The photo cache (`--image-cache`): the same protected folders, and never in
 * or around the output folder, whose swap would delete it. `flag` names the
 * setting to change; `label` how the value is named (default `flag`).
 */
export async function checkCacheFolder(
  flag: string,
  dir: string,
  context: FolderContext & { outputDir: string },
  options: { label?: string; builds?: boolean } = {},
): Promise<void> {
  const real = await realPathOf(path.resolve(context.cwd, dir));
  const label = `${options.label ?? flag} ${dir}`;
  const example = options.builds ? DEFAULT_BUILD_CACHE : DEFAULT_IMAGE_CACHE;
  const hint = `give ${flag} a folder of its own, e.g. ${example}`;
  const output = await realPathOf(path.resolve(context.cwd, context.outputDir));
  const folders = await protectedFolders(context);
  const shownOutput = shownPath(await realPathOf(context.cwd), output);
  const broken =
    brokenRule(real, folders) ??
    (isWithin(output, real)
      ? {
          rule: `${real === output ? "is the output folder" : `lies inside the output folder (${shownOutput})`}, which each build replaces`,
          inside: true,
        }
      : isWithin(real, output)
        ? { rule: `holds the output folder (${shownOutput})` }
        : undefined);
  if (broken)
    throw new UsageError(`${label}: ${broken.rule}; ${broken.inside ? `give ${flag} a folder outside it` : hint}`);
  if (!(await existingFolder(label, real, hint))) return;
  const other = await otherCacheKind(real, options.builds ? "build manifests" : "encoded photos");
  if (other) {
    throw new UsageError(
      `${label}: is newsmirror's ${other === "build manifests" ? "build" : "photo"} cache, which the ${options.builds ? "build" : "photo"} cache must not share; ${hint}`,
    );
  }
  if (await isPhotoCache(real)) return;
  throw new UsageError(
    `${label}: holds files that are not newsmirror's ${options.builds ? "build" : "photo"} cache (no ${CACHE_TAG}); give ${flag} a new or empty folder, e.g. ${example}`,
  );
}

// ---------------------------------------------------------------------------
// The site marker

/** Every site newsmirror builds carries this file; an output folder without it is not replaced. */
export const SITE_MARKER = ".newsmirror-site";

const SiteMarkerSchema = z.object({
  generator: z.literal("newsmirror"),
  version: z.string(),
  basePath: z.string(),
  builtAt: z.string(),
  // How the site was built, for `newsmirror check`; absent in the marker of an older newsmirror.
  search: z.boolean().optional(),
  relative: z.boolean().optional(),
  // Which state of the site the folder holds (an id the incremental build computes), or "dirty" while it is being changed.
  state: z.string().optional(),
});

/**
 * The marker's content. `basePath` is the path of the site's baseUrl (`/english/`): the preview server serves the site under it.
 * `search` is false for a `--no-search` build (no Pagefind files); `relative` is true for a `--relative` build.
 * `state` names the state of the site the folder holds (src/output/spare.ts), `"dirty"` while it is being changed.
 */
export type SiteMarker = z.infer<typeof SiteMarkerSchema>;

/**
 * Marks `dir` as a site newsmirror wrote. `builtAt` defaults to now (a build passes its build time, for reproducible output).
 * Written beside and renamed into place: a build killed meanwhile never leaves a half-written marker, which would make
 * the folder look like one newsmirror did not write (the spare copy, src/output/spare.ts, is refused then).
 */
export async function writeSiteMarker(
  dir: string,
  marker: { basePath: string; builtAt?: string; search?: boolean; relative?: boolean; state?: string },
): Promise<void> {
  const content: SiteMarker = {
    generator: "newsmirror",
    version: newsmirrorVersion(),
    basePath: marker.basePath,
    builtAt: marker.builtAt ?? new Date().toISOString(),
    ...(marker.search === undefined ? {} : { search: marker.search }),
    ...(marker.relative === undefined ? {} : { relative: marker.relative }),
    ...(marker.state === undefined ? {} : { state: marker.state }),
  };
  const temporary = path.join(dir, `${SITE_MARKER}.tmp-${process.pid}`);
  try {
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
    await rename(temporary, path.join(dir, SITE_MARKER));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The marker of the site in `dir`, or undefined when there is none (or it is not one newsmirror wrote). */
export async function readSiteMarker(dir: string): Promise<SiteMarker | undefined> {
  try {
    const parsed = SiteMarkerSchema.safeParse(JSON.parse(await readFile(path.join(dir, SITE_MARKER), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Files at the top of a site newsmirror built; everything else there is a folder (sections, months, assets…). */
const SITE_TOP_FILE =
  /^(index\.html|404\.html|search\.html|feed\.(xml|json)|sitemap(-\d+)?\.xml|news-sitemap\.xml|robots\.txt|provenance\.json|manifest-sha256\.txt)$/;
/** Its folders: section words (`statecouncil`), months (`202107`), `assets`, `archive`, `pagefind`, `photos`. */
const SITE_TOP_FOLDER = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A site an earlier newsmirror built, before every build carried the marker:
 * a `_site` from before an upgrade, which `npm run build` must still replace.
 * Recognised only by its whole shape: every top-level entry named as a build
 * names them (a user's `notes.txt` or `.git` there fails it), our home page
 * (its policy and `listing--home` page) and stylesheet, and a robots.txt
 * naming the sitemap. The build that replaces it writes the marker.
 */
export async function isUnmarkedNewsmirrorSite(real: string): Promise<boolean> {
  const entries = await readdir(real, { withFileTypes: true });
  const shaped = entries.every((e) =>
    e.isFile() ? SITE_TOP_FILE.test(e.name) : e.isDirectory() && SITE_TOP_FOLDER.test(e.name),
  );
  if (!shaped) return false;
  const read = (name: string) => readFile(path.join(real, name), "utf8").catch(() => "");
  const [home, robots, stylesheet] = await Promise.all([
    read("index.html"),
    read("robots.txt"),
    stat(path.join(real, "assets/site.css")).catch(() => undefined),
  ]);
  return (
    home.includes('<meta http-equiv="Content-Security-Policy"') &&
    home.includes('class="column listing listing--home"') &&
    /^Sitemap: \S+\/sitemap\.xml$/m.test(robots) &&
    stylesheet?.isFile() === true
  );
}

// ---------------------------------------------------------------------------
// The photo cache's tag

/** The Cache Directory Tagging standard (https://bford.info/cachedir/): backup tools skip the folder, and it says whose it is. */
/** The photo cache when none is named, relative to where the user works. */
export const DEFAULT_IMAGE_CACHE = ".cache/images";
/** The build cache (manifests of earlier builds, src/pipeline/manifest.ts) when none is named. */
export const DEFAULT_BUILD_CACHE = ".cache/builds";

export const CACHE_TAG = "CACHEDIR.TAG";
const cacheTagText = (what: string) => `Signature: 8a477f597d28d172789f06886806bc55
# This file is a cache directory tag created by newsmirror (${what}).
# For information about cache directory tags, see https://bford.info/cachedir/
`;

export async function writeCacheTag(dir: string, what = "encoded photos"): Promise<void> {
  await writeFile(path.join(dir, CACHE_TAG), cacheTagText(what));
}

/** What a tagged cache folder says it holds (`encoded photos`, `build manifests`) when that is not `expected`. */
async function otherCacheKind(real: string, expected: string): Promise<string | undefined> {
  const text = await readFile(path.join(real, CACHE_TAG), "utf8").catch(() => "");
  const kind = /created by newsmirror \(([^)]+)\)/.exec(text)?.[1];
  return kind !== undefined && kind !== expected ? kind : undefined;
}

/** Names in a photo cache written before it carried a tag: the hash index, its temporary copies, two-hex-digit key folders. */
const OLD_CACHE_ENTRY = /^(sources\.json(\.tmp-\d+)?|[0-9a-f]{2})$/;
const OLD_KEY_FOLDER = /^([0-9a-f]{32})(\.tmp-\d+-[0-9a-f]{8})?$/;

/**
 * A folder a photo cache may use: empty, tagged, or an untagged cache of an
 * earlier newsmirror. That one is recognised only when every entry is named
 * as newsmirror names them (sources.json, key folders `7a/7a8167…`), which a
 * folder of the user's practically never is; anything else is refused rather
 * than guessed at, since the cache writes into the folder it is given.
 */
async function isPhotoCache(real: string): Promise<boolean> {
  const names = await readdir(real);
  if (names.length === 0 || names.includes(CACHE_TAG)) return true;
  if (!names.every((name) => OLD_CACHE_ENTRY.test(name))) return false;
  for (const name of names.filter((n) => /^[0-9a-f]{2}$/.test(n))) {
    const keys = await readdir(path.join(real, name)).catch(() => undefined);
    if (!keys?.every((key) => OLD_KEY_FOLDER.test(key) && key.startsWith(name))) return false;
  }
  return true;
}
