/**
 * Paths a user gives, compared as they really are: a symbolic link leads
 * where it leads, and "inside" is decided by path segment, never by string
 * prefix (`/a/bc` is not inside `/a/b`). Every check of where newsmirror may
 * write or serve uses these: the output-folder rules (src/output/guard.ts),
 * import and new (writing inside a folder), the local servers (serving inside one).
 */
import { lstat, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { shown } from "./characters.ts";

/**
 * The real path of `p`: symbolic links of the part that exists resolved, the
 * rest (folders a build would create) appended as written.
 */
export async function realPathOf(p: string): Promise<string> {
  const absolute = path.resolve(p);
  const rest: string[] = [];
  for (let existing = absolute; ; existing = path.dirname(existing)) {
    try {
      return path.join(await realpath(existing), ...rest);
    } catch {
      if (existing === path.dirname(existing)) return absolute;
      rest.unshift(path.basename(existing));
    }
  }
}

/** `child` is `parent` or lies below it (by path segment: `/a/bc` is not inside `/a/b`). */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** How a path is named in a message: relative to the working directory when below it (`.` for itself), else absolute. */
export function shownPath(cwd: string, p: string): string {
  const relative = path.relative(cwd, p);
  if (relative === "") return ".";
  // Escaped when it holds a control or bidi character: a name cannot fake a line of output.
  return shown(isWithin(cwd, p) ? relative : p);
}

/** Something is at `p` (a link to nothing included). */
export async function exists(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined)) !== undefined;
}

/** The nearest ancestor of `p` (or `p`) that exists. */
export async function nearestExisting(p: string): Promise<string> {
  let dir = path.resolve(p);
  while (!(await exists(dir)) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
}

/**
 * Why writing `target` would leave `root`, if it would: its real path (a
 * symbolic link on the way, or the file itself a link) lies outside root's.
 * Checked before each write, so a link inside the folder cannot carry a
 * file out of it.
 */
export async function outsideFolder(root: string, target: string): Promise<string | undefined> {
  const [realRoot, realTarget] = await Promise.all([realPathOf(root), realTargetOf(target)]);
  if (isWithin(realRoot, realTarget)) return undefined;
  return `would write outside ${root}: ${target} leads to ${realTarget} (a symbolic link)`;
}

/** The real path of a file about to be written: a symbolic link at its name is followed, even to nothing. */
async function realTargetOf(target: string): Promise<string> {
  const info = await lstat(target).catch(() => undefined);
  if (info?.isSymbolicLink())
    return realPathOf(path.resolve(await realPathOf(path.dirname(target)), await readlink(target)));
  return realPathOf(target);
}
