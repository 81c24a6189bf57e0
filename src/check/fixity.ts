/**
 * Fixity: has a published copy of the site changed since newsmirror wrote it? Every build writes
 * `manifest-sha256.txt` at the output root, BagIt style (RFC 8493 §2.1.3: `HEX  path`, two spaces, one file a
 * line, sorted, LF), over every file of the output but itself. `newsmirror check --fixity` verifies a folder against
 * its manifest, or a WACZ file against its `datapackage.json` (WACZ 1.1.1: `resources[]` with `path`,
 * `hash: "sha256:HEX"` and `bytes`), and says the same three things either way: files changed, missing or extra.
 *
 * Hashing a whole site again on every incremental build would cost more than the build: an incremental build
 * takes the hashes of the files it did not write from the published site's manifest (patchedManifest), and every
 * build those of the files it wrote from their bytes as written (WrittenHashes).
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, type Stats } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { NewsmirrorError } from "../errors.ts";
import { textOrder } from "../order.ts";
import type { WrittenFiles } from "../written-files.ts";

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

/**
 * The hashes of files as a build wrote them, by path below the output folder (`/`-separated): the manifest takes
 * them instead of reading the files back. A build's page writers give the bytes they write (src/pages/), and the
 * search step each bundle it finished (src/search/search-index.ts) while Pagefind still writes the others. At 4,000
 * articles, cold, hashing the whole folder after the search index took 0.78-0.87 s at the end of every build.
 *
 * A hash is taken only for a file of the size it had when hashed: a file written again by anything else since (no
 * build does: every output path is claimed once, src/site/output-paths.ts) is read like any other.
 */
export class WrittenHashes implements WrittenFiles {
  readonly #hashes = new Map<string, { hash: string; size: number }>();

  /** `bytes` were written to `file` (below the output folder). */
  wrote(file: string, bytes: Uint8Array): void {
    this.#hashes.set(file, { hash: sha256(bytes), size: bytes.byteLength });
  }

  /** Every file below `folder` (below the output folder `dir`, ending in `/`), read and hashed now. */
  wroteFolder(dir: string, folder: string): void {
    for (const { file, info } of filesBelow(path.join(dir, folder)))
      if (info.isFile())
        this.#hashes.set(`${folder}${file}`, {
          hash: sha256(readFileSync(path.join(dir, folder, file))),
          size: info.size,
        });
  }

  /** The hash of `file` as written, if it still has that size. */
  of(file: string, info: Stats): string | undefined {
    const written = this.#hashes.get(file);
    return written && info.isFile() && written.size === info.size ? written.hash : undefined;
  }
}

/** A file's hash; a symbolic link (which no build writes) by its target's text, so it never matches a file's. */
function hashOf(dir: string, file: string, info: Stats): string {
  if (info.isSymbolicLink()) return sha256(Buffer.from(`symbolic link\0${file}`));
  return sha256(readFileSync(path.join(dir, file)));
}

/**
 * Each file's hash below `dir`, sorted by path: read, or as `written` has it (`dir` is the output folder, or its
 * folder `prefix`).
 */
export function hashFolder(dir: string, written?: WrittenHashes, prefix = ""): { file: string; hash: string }[] {
  return filesBelow(dir).map(({ file, info }) => ({
    file,
    hash: written?.of(`${prefix}${file}`, info) ?? hashOf(dir, file, info),
  }));
}

/** The published site's manifest text; undefined when there is none, or it cannot be read. */
export async function readPublishedManifest(manifest: string): Promise<string | undefined> {
  return readFile(manifest, "utf8").catch(() => undefined);
}

/** A line newsmirror writes: lowercase hex, two spaces, a path not starting with a space (parseManifest takes more). */
const OWN_LINE = /^[0-9a-f]{64} {2}[^\s]/;

/**
 * An incremental build's manifest text, without reading the site again: the published manifest's lines of the files
 * (or whole folders, search bundles) whose key is the published site's and that this build did not write (they hold
 * the published bytes: the premise of incremental builds, src/pipeline/site-plan.ts), merged in order with lines for
 * the files that changed, which alone are read (or taken from `hashes`, as this build wrote them). The published text
 * is read as lines, not parsed into a map: at 20,000 articles (43,500 lines) parsing, looking up and writing every
 * line again took 230-280 ms of each incremental build.
 *
 * Undefined when the published manifest is not one newsmirror wrote as it writes them (missing, damaged, out of order,
 * a path twice): the caller hashes the folder instead.
 */
export function patchedManifest(
  dir: string,
  published: { text: string | undefined; files: ReadonlyMap<string, string> },
  next: ReadonlyMap<string, string>,
  written: ReadonlySet<string>,
  hashes?: WrittenHashes,
): string | undefined {
  const { text } = published;
  if (text === undefined || (text !== "" && !text.endsWith("\n"))) return undefined;
  // The entries whose lines cannot be taken: written by this build, changed since the published state, or gone.
  const redo = new Set(written);
  for (const [entry, key] of next) if (published.files.get(entry) !== key) redo.add(entry);
  // A file below a whole folder (`pagefind/2019/pagefind.en_1.pf_meta`) is that folder's line; only files below a
  // whole folder's top folder (`pagefind/`) are looked for in one.
  const folders = new Set<string>();
  for (const entries of [next.keys(), published.files.keys()])
    for (const entry of entries) if (entry.endsWith("/")) folders.add(entry);
  const tops = new Set([...folders].map((folder) => folder.slice(0, folder.indexOf("/") + 1)));
  const entryOf = (file: string): string => {
    const top = file.indexOf("/");
    if (top < 0 || !tops.has(file.slice(0, top + 1))) return file;
    for (let at = top; at > 0; at = file.indexOf("/", at + 1)) {
      const folder = file.slice(0, at + 1);
      if (folders.has(folder)) return folder;
    }
    return file;
  };
  const kept: string[] = [];
  const keptPaths: string[] = [];
  const met = new Set<string>(); // entries of `next` with a line kept
  let last: string | undefined;
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf("\n", start) + 1;
    const line = text.slice(start, end); // (its newline included)
    start = end;
    if (!OWN_LINE.test(line)) return undefined;
    const file = decodePath(line.slice(66, -1));
    if (last !== undefined && textOrder(last, file) >= 0) return undefined; // out of order, or twice
    last = file;
    const entry = entryOf(file);
    if (redo.has(entry) || !next.has(entry)) continue;
    met.add(entry);
    kept.push(line);
    keptPaths.push(file);
  }
  // Lines for the rest: what was redone, and what the published manifest lacked (none, for a manifest of ours).
  const fresh: { file: string; hash: string }[] = [];
  for (const entry of next.keys()) {
    if (entry === FIXITY_MANIFEST || met.has(entry)) continue;
    if (entry.endsWith("/")) {
      if (existsIn(dir, entry))
        for (const h of hashFolder(path.join(dir, entry), hashes, entry))
          fresh.push({ file: `${entry}${h.file}`, hash: h.hash });
      continue;
    }
    let info: Stats;
    try {
      info = lstatSync(path.join(dir, entry));
    } catch {
      continue; // planned, but not a file of this site (none is; the clean build's walk agrees: the property test)
    }
    fresh.push({ file: entry, hash: hashes?.of(entry, info) ?? hashOf(dir, entry, info) });
  }
  fresh.sort((a, b) => textOrder(a.file, b.file));
  // Merged in textOrder (a path is kept or fresh, never both: a fresh entry had no line kept).
  const lines: string[] = [];
  let i = 0;
  for (const h of fresh) {
    while (i < kept.length && textOrder(keptPaths[i]!, h.file) < 0) lines.push(kept[i++]!);
    lines.push(manifestLine(h));
  }
  while (i < kept.length) lines.push(kept[i++]!);
  return lines.join("");
}

function existsIn(dir: string, entry: string): boolean {
  try {
    lstatSync(path.join(dir, entry));
    return true;
  } catch {
    return false;
  }
}

/** A file's line of the manifest: `HEX  path`, LF. */
const manifestLine = ({ file, hash }: { file: string; hash: string }) => `${hash}  ${encodePath(file)}\n`;

/** The manifest's text for these hashes. */
function manifestText(hashes: readonly { file: string; hash: string }[]): string {
  return hashes.map(manifestLine).join("");
}

/**
 * Writes `manifest-sha256.txt` into a built site's folder, the last file a build writes: the text given (an incremental
 * build's, patchedManifest), or every file hashed (those `known` as the build wrote them). Written as a new file and
 * renamed into place: the folder may be the spare copy, whose files can be hard links into the published site
 * (src/output/spare.ts), which must never be written through.
 */
export async function writeFixityManifest(dir: string, known: string | WrittenHashes | undefined): Promise<void> {
  const text = typeof known === "string" ? known : manifestText(hashFolder(dir, known));
  const target = path.join(dir, FIXITY_MANIFEST);
  const temporary = path.join(dir, `.${FIXITY_MANIFEST}.tmp-${process.pid}`);
  try {
    await writeFile(temporary, text, { flag: "wx" });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
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
