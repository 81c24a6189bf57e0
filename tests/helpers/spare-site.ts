/**
 * Small sites in known states, for the tests of the spare copy (tests/spare.test.ts): each file's bytes are made
 * from its key, as a build's would be from what it is made from, so a folder holds a state exactly when its tree
 * equals the state written out afresh.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeSiteMarker } from "../../src/output/guard.ts";
import type { FileKeys, FolderState } from "../../src/output/spare.ts";

export function state(id: string, files: Record<string, string>): FolderState {
  return { id, files: new Map(Object.entries(files)) };
}

/** Writes `entries` of a state into `dir` as a build would: a file from its key, a whole folder as two files. */
export async function writeEntries(dir: string, files: FileKeys, entries: Iterable<string> = files.keys()) {
  for (const entry of entries) {
    const key = files.get(entry)!;
    const target = path.join(dir, entry);
    const written = entry.endsWith("/")
      ? [path.join(target, "index.pf"), path.join(target, "fragment/one.pf")]
      : [target];
    for (const file of written) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${entry} ${key}\n`);
    }
  }
}

/** The build's last step: the marker of the state the folder now holds. */
export function markState(dir: string, id: string): Promise<void> {
  return writeSiteMarker(dir, { basePath: "/", builtAt: "2021-07-29T12:00:00.000Z", state: id });
}

/** A whole site in `state`, marked. */
export async function writeState(dir: string, folderState: FolderState): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeEntries(dir, folderState.files);
  await markState(dir, folderState.id);
}

// Three states of one site, each a small edit of the one before.
export const S1 = state("s1", {
  "index.html": "home-1",
  "feed.xml": "feed-1",
  "news/202107/28/a.html": "a-1",
  "news/202107/28/b.html": "b-1",
  "news/202107/29/c.html": "c-1",
  "assets/site.css": "css",
  "pagefind/2021-06/": "bundle-06-1",
  "pagefind/2021-07/": "bundle-07-1",
});
export const S2 = state("s2", {
  "index.html": "home-2",
  "feed.xml": "feed-2",
  "news/202107/28/a.html": "a-2", // edited
  "news/202107/28/b.html": "b-1",
  "news/202107/29/c.html": "c-1",
  "news/202107/30/d.html": "d-1", // added
  "assets/site.css": "css",
  "pagefind/2021-06/": "bundle-06-1",
  "pagefind/2021-07/": "bundle-07-2",
});
export const S3 = state("s3", {
  "index.html": "home-3",
  "feed.xml": "feed-2", // as in S2: copied from the published folder
  "news/202107/28/a.html": "a-2", // as in S2: copied
  "news/202107/28/b.html": "b-1", // as in S1 and S2: kept
  // c.html deleted: its day folder goes with it
  "news/202107/30/d.html": "d-2", // edited: rendered
  "news/202108/01/e.html": "e-1", // added: rendered
  "assets/site.css": "css",
  "pagefind/2021-06/": "bundle-06-1", // kept whole
  "pagefind/2021-07/": "bundle-07-2", // copied whole
  "pagefind/2021-08/": "bundle-08-1", // rendered whole
});
