/**
 * Fixity: has a published copy of the site changed since newsmirror wrote it? Every build writes
 * `manifest-sha256.txt` at the output root, BagIt style (RFC 8493 §2.1.3: `HEX  path`, two spaces, one file a
 * line, sorted, LF), over every file of the output but itself. `newsmirror check --fixity` verifies a folder against
 * its manifest, or a WACZ file against its `datapackage.json` (WACZ 1.1.1: `resources[]` with `path`,
 * `hash: "sha256:HEX"` and `bytes`), and says the same three things either way: files changed, missing or extra.
 *
 * Hashing a whole site again on every incremental build would cost more than the build: an incremental build
 * takes the hashes of the files it did not write from the published site's manifest (hashesFromPublished).
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, type Stats } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { NewsmirrorError } from "../errors.ts";
import { textOrder } from "../order.ts";

/** The manifest's name, at the output root. */
export const FIXITY_MANIFEST = "manifest-sha256.txt";

/** What verification found, for a folder or a WACZ alike. Paths are `/`-separated, relative to the root. */
export interface FixityReport {
  kind: "folder" | "wacz";
  /** Files the manifest (or datapackage.json) lists. */
  listed: number;
  /** Listed and present, but with other bytes (or, in a WACZ, another size). */
  changed: string[];
  /** Listed, not present. */
  missing: string[];
  /** Present, not listed. */
  extra: string[];
}

/** A manifest or WACZ that cannot be verified at all (no manifest, a damaged zip): exit 1, one line. */
export class FixityError extends NewsmirrorError {
  override name = "FixityError";
}

/** Whether anything differs. */
export function fixityFailed(report: FixityReport): boolean {
  return report.changed.length + report.missing.length + report.extra.length > 0;
}

/** One line per difference, sorted by path: `changed  news/a.html`. */
export function fixityLines(report: FixityReport): string[] {
  const lines = [
    ...report.changed.map((file) => ({ file, line: `changed  ${file}` })),
    ...report.missing.map((file) => ({ file, line: `missing  ${file}` })),
    ...report.extra.map((file) => ({ file, line: `extra    ${file}` })),
  ];
  return lines.sort((a, b) => textOrder(a.file, b.file) || textOrder(a.line, b.line)).map((l) => l.line);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** BagIt encodes only CR, LF and % in a manifest's paths (RFC 8493 §2.1.3). */
const encodePath = (file: string) => file.replace(/%/g, "%25").replace(/\n/g, "%0A").replace(/\r/g, "%0D");
const decodePath = (file: string) =>
  file.includes("%") ? file.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%25/g, "%") : file;

// ---------------------------------------------------------------------------
// Folders

/** Every file below `dir` (regular files and anything else that is not a folder), `/`-separated, sorted; without the manifest. */
function filesBelow(dir: string): { file: string; info: Stats }[] {
  const found: { file: string; info: Stats }[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const file = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(file);
      else if (file !== FIXITY_MANIFEST) found.push({ file, info: lstatSync(path.join(dir, file)) });
    }
  };
  walk("");
  return found.sort((a, b) => textOrder(a.file, b.file));
}

/** A file's hash; a symbolic link (which no build writes) by its target's text, so it never matches a file's. */
function hashOf(dir: string, file: string, info: Stats): string {
  const absolute = path.join(dir, file);
  if (info.isSymbolicLink()) return sha256(Buffer.from(`symbolic link\0${file}`));
  return sha256(readFileSync(absolute));
}

/** Each file's hash below `dir`, sorted by path, every file read. */
export function hashFolder(dir: string): { file: string; hash: string }[] {
  return filesBelow(dir).map(({ file, info }) => ({ file, hash: hashOf(dir, file, info) }));
}

/** The published site's manifest, each file's hash by its path; undefined when there is none, or it is damaged. */
export async function readPublishedHashes(manifest: string): Promise<Map<string, string> | undefined> {
  try {
    return parseManifest(await readFile(manifest, "utf8"), manifest);
  } catch {
    return undefined;
  }
}

/**
 * An incremental build's hashes, without reading the site again: a file (or a whole folder, a search bundle) whose
 * key is the published site's and that this build did not write has the published file's bytes (the premise of
 * incremental builds: src/pipeline/site-plan.ts), so its hash is the published manifest's line; only the files this
 * build wrote are read. Undefined when the published site has no manifest to take from (a site an older newsmirror
 * built, a damaged one): the caller hashes the folder instead.
 *
 * At 20,000 articles (43,500 files), walking and stamping every file took 1.4 s of an incremental build's 4.5 s.
 */
export function hashesFromPublished(
  dir: string,
  published: { hashes: ReadonlyMap<string, string> | undefined; files: ReadonlyMap<string, string> },
  next: ReadonlyMap<string, string>,
  written: ReadonlySet<string>,
): { file: string; hash: string }[] | undefined {
  const previous = published.hashes;
  if (!previous) return undefined;
  // The published lines of each whole-folder entry (a search bundle: `pagefind/2019/`), by the folder.
  const folders = new Set([...next.keys()].filter((entry) => entry.endsWith("/")));
  const byFolder = new Map<string, { file: string; hash: string }[]>();
  // Only a file below a whole folder's top folder (`pagefind/`) can be in one: the others are passed by one lookup.
  const tops = new Set([...folders].map((folder) => folder.slice(0, folder.indexOf("/") + 1)));
  for (const [file, hash] of previous) {
    const top = file.indexOf("/");
    if (top < 0 || !tops.has(file.slice(0, top + 1))) continue;
    for (let at = top; at > 0; at = file.indexOf("/", at + 1)) {
      const folder = file.slice(0, at + 1);
      if (!folders.has(folder)) continue;
      const list = byFolder.get(folder);
      if (list) list.push({ file, hash });
      else byFolder.set(folder, [{ file, hash }]);
    }
  }
  const hashes: { file: string; hash: string }[] = [];
  for (const [entry, key] of next) {
    if (entry === FIXITY_MANIFEST) continue;
    const unchanged = published.files.get(entry) === key && !written.has(entry);
    if (entry.endsWith("/")) {
      const kept = unchanged ? byFolder.get(entry) : undefined;
      if (kept) hashes.push(...kept);
      else if (existsIn(dir, entry))
        hashes.push(...hashFolder(path.join(dir, entry)).map((h) => ({ file: `${entry}${h.file}`, hash: h.hash })));
    } else {
      const hash = unchanged ? previous.get(entry) : undefined;
      if (hash !== undefined) hashes.push({ file: entry, hash });
      else {
        let info: Stats;
        try {
          info = lstatSync(path.join(dir, entry));
        } catch {
          continue; // planned, but not a file of this site (none is; the clean build's walk agrees: the property test)
        }
        hashes.push({ file: entry, hash: hashOf(dir, entry, info) });
      }
    }
  }
  // In textOrder: a plain sort of the paths (43,500 objects through a comparator took 25 ms).
  const byFile = new Map(hashes.map((h) => [h.file, h]));
  return [...byFile.keys()].sort().map((file) => byFile.get(file)!);
}

function existsIn(dir: string, entry: string): boolean {
  try {
    lstatSync(path.join(dir, entry));
    return true;
  } catch {
    return false;
  }
}

/** The manifest's text for these hashes. */
export function manifestText(hashes: readonly { file: string; hash: string }[]): string {
  return hashes.map(({ file, hash }) => `${hash}  ${encodePath(file)}\n`).join("");
}

/**
 * Writes `manifest-sha256.txt` into a built site's folder, the last file a build writes. Written as a new file and
 * renamed into place: the folder may be the spare copy, whose files can be hard links into the published site
 * (src/output/spare.ts), which must never be written through.
 */
export async function writeFixityManifest(
  dir: string,
  known?: readonly { file: string; hash: string }[],
): Promise<number> {
  const hashes = known ?? hashFolder(dir);
  const target = path.join(dir, FIXITY_MANIFEST);
  const temporary = path.join(dir, `.${FIXITY_MANIFEST}.tmp-${process.pid}`);
  try {
    await writeFile(temporary, manifestText(hashes), { flag: "wx" });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return hashes.length;
}

/** Reads a manifest's lines: path → hash. A line that is not `HEX  path` stops the check, naming it. */
function parseManifest(text: string, shown: string): Map<string, string> {
  const listed = new Map<string, string>();
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  // A line at a time without capturing: 43,521 lines at 20,000 articles, read by every incremental build.
  const HASH = /^[0-9a-fA-F]{64} [ *]./;
  for (const [n, raw] of lines.entries()) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!HASH.test(line))
      throw new FixityError(
        `${shown}:${n + 1}: is not a manifest line (a SHA-256 in hex, two spaces, a path); the manifest is damaged`,
      );
    const file = line.slice(66);
    listed.set(decodePath(/^\s/.test(file) ? file.replace(/^\s+/, "") : file), line.slice(0, 64).toLowerCase());
  }
  return listed;
}

/** Verifies a folder against its `manifest-sha256.txt`. Reads only; never writes. */
export function verifyFolder(dir: string, shown = dir): FixityReport {
  const manifestFile = path.join(dir, FIXITY_MANIFEST);
  let text: string;
  try {
    text = readFileSync(manifestFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new FixityError(
        `${shown}: has no ${FIXITY_MANIFEST}, so there is nothing to verify it against; newsmirror build writes one (build the site again), or give a .wacz file`,
      );
    throw error;
  }
  const listed = parseManifest(text, `${shown}/${FIXITY_MANIFEST}`);
  const report: FixityReport = { kind: "folder", listed: listed.size, changed: [], missing: [], extra: [] };
  const present = new Set<string>();
  for (const { file, info } of filesBelow(dir)) {
    present.add(file);
    const expected = listed.get(file);
    if (expected === undefined) report.extra.push(file);
    else if (hashOf(dir, file, info) !== expected) report.changed.push(file);
  }
  for (const file of listed.keys()) if (!present.has(file)) report.missing.push(file);
  report.missing.sort(textOrder);
  return report;
}

// ---------------------------------------------------------------------------
// WACZ

/** The files of a WACZ that datapackage.json does not list, by the spec: itself and its digest. */
/** WACZ's optional digest of datapackage.json: `{ "path": "datapackage.json", "hash": "sha256:HEX" }`. */
const DIGEST = "datapackage-digest.json";
const WACZ_OWN = new Set(["datapackage.json", DIGEST]);

interface ZipEntryInfo {
  size: number;
  hash: string;
}

/** Every file entry of a zip, hashed as it is read (yauzl checks each entry's size, not its CRC: the hash says more). */
async function readZip(
  file: string,
  shown: string,
): Promise<{ entries: Map<string, ZipEntryInfo>; datapackage?: Buffer; digest?: Buffer }> {
  const yauzl = await import("yauzl");
  const damaged = (error: unknown) =>
    new FixityError(
      `${shown}: is not a readable WACZ (zip) file (${(error instanceof Error ? error.message : String(error)).replace(/\.$/, "")}); nothing was changed`,
      { cause: error },
    );
  let zip: import("yauzl").ZipFile;
  try {
    zip = await new Promise((resolve, reject) =>
      yauzl.open(
        file,
        { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true },
        (error, opened) => (error ? reject(error) : resolve(opened)),
      ),
    );
  } catch (error) {
    throw damaged(error);
  }
  const entries = new Map<string, ZipEntryInfo>();
  let datapackage: Buffer | undefined;
  let digest: Buffer | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: import("yauzl").Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const hash = createHash("sha256");
          const kept = entry.fileName === "datapackage.json" || entry.fileName === DIGEST;
          const chunks: Buffer[] | undefined = kept ? [] : undefined;
          let size = 0;
          stream.on("data", (chunk: Buffer) => {
            hash.update(chunk);
            size += chunk.length;
            chunks?.push(chunk);
          });
          stream.on("error", reject);
          stream.on("end", () => {
            entries.set(entry.fileName, { size, hash: hash.digest("hex") });
            if (chunks && entry.fileName === DIGEST) digest = Buffer.concat(chunks);
            else if (chunks) datapackage = Buffer.concat(chunks);
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } catch (error) {
    throw damaged(error);
  } finally {
    zip.close();
  }
  return { entries, ...(datapackage ? { datapackage } : {}), ...(digest ? { digest } : {}) };
}

interface WaczResource {
  path: string;
  hash: string;
  bytes: number;
}

function resourcesOf(datapackage: Buffer, shown: string): WaczResource[] {
  let data: unknown;
  try {
    data = JSON.parse(datapackage.toString("utf8"));
  } catch (error) {
    throw new FixityError(`${shown}: its datapackage.json is not JSON; the WACZ is damaged`, { cause: error });
  }
  const resources = (data as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources))
    throw new FixityError(`${shown}: its datapackage.json has no "resources" list; the WACZ is damaged`);
  return resources.map((resource: unknown, n) => {
    const r = resource as Partial<Record<string, unknown>> | null;
    const hash = typeof r?.hash === "string" ? /^sha256:([0-9a-f]{64})$/i.exec(r.hash)?.[1] : undefined;
    if (typeof r?.path !== "string" || hash === undefined || typeof r.bytes !== "number")
      throw new FixityError(
        `${shown}: datapackage.json resources[${n}] needs "path", "hash" ("sha256:" and 64 hex digits) and "bytes"; the WACZ is damaged`,
      );
    return { path: r.path, hash: hash.toLowerCase(), bytes: r.bytes };
  });
}

/** Verifies a WACZ's files against its datapackage.json. Reads only; never writes. */
export async function verifyWacz(file: string, shown = file): Promise<FixityReport> {
  const { entries, datapackage, digest } = await readZip(file, shown);
  if (!datapackage) throw new FixityError(`${shown}: has no datapackage.json, so it is not a WACZ file`);
  const resources = resourcesOf(datapackage, shown);
  const report: FixityReport = { kind: "wacz", listed: resources.length, changed: [], missing: [], extra: [] };
  // The digest, when there is one, names datapackage.json's own hash: a datapackage.json rewritten to match changed
  // files shows there.
  if (digest) {
    let named: unknown;
    try {
      named = (JSON.parse(digest.toString("utf8")) as { hash?: unknown }).hash;
    } catch {
      named = undefined;
    }
    if (named !== `sha256:${entries.get("datapackage.json")?.hash}`) report.changed.push("datapackage.json");
  }
  const listed = new Set<string>();
  for (const resource of resources) {
    listed.add(resource.path);
    const entry = entries.get(resource.path);
    if (!entry) report.missing.push(resource.path);
    else if (entry.hash !== resource.hash || entry.size !== resource.bytes) report.changed.push(resource.path);
  }
  for (const name of entries.keys()) if (!listed.has(name) && !WACZ_OWN.has(name)) report.extra.push(name);
  for (const list of [report.changed, report.missing, report.extra]) list.sort(textOrder);
  return report;
}
