/**
 * A built site as a WACZ 1.1.1 file (Webrecorder's packaging of web
 * archives, which ReplayWeb.page and pywb open): the WARC
 * (archive/data.warc.gz), its CDXJ index (indexes/index.cdx), the article
 * pages (pages/pages.jsonl), and datapackage.json with every file's sha256
 * and size, whose own hash is in datapackage-digest.json.
 *
 * The zip is written by yazl with every entry stored, not deflated (the
 * spec asks it of the WARC, whose records are compressed one by one so a
 * reader can seek to one; the rest are small), in a fixed order, each
 * dated the build time: the same site and build time give the same bytes.
 *
 * The file is written beside its destination and renamed into place, and a
 * file already there is replaced only when it is a WACZ newsmirror wrote:
 * the zip's comment says so, and it is read from the file's last bytes.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { newsmirrorVersion } from "../package.ts";
import type { BuiltSite } from "./built-site.ts";
import { cdxjIndex, WARC_NAME, warcDate, writeWarc, type WarcSummary } from "./warc.ts";

/** The zip comment of every WACZ newsmirror writes: what lets a later run replace it. */
export const WACZ_COMMENT = "newsmirror WACZ";

export interface WaczSummary extends WarcSummary {
  /** Size of the WACZ file. */
  bytes: number;
  /** Lines of pages/pages.jsonl after its header. */
  pages: number;
}

/** One entry of the zip: its path and its bytes (in memory), or the file holding them. */
type Entry = { name: string; bytes: Buffer } | { name: string; file: string };

function sha256(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`);

/** pages/pages.jsonl: its header line, then one line per article (mirror address, then original address). */
export function pagesJsonl(site: BuiltSite): Buffer {
  const ts = new Date(site.builtAtMs).toISOString();
  const lines = [
    { format: "json-pages-1.0", id: "pages", title: "All Pages" },
    ...site.articles.map((a) => ({ url: a.url, title: a.title, ts })),
    ...site.originals.map((a) => ({ url: a.originalUrl, title: a.title, ts })),
  ];
  return Buffer.from(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
}

/**
 * A zip date for yazl, which writes a Date's local fields: the build time's UTC fields set as local ones, so
 * the zip says the build time in UTC whatever the time zone of the machine that writes it.
 */
function zipDate(epochMs: number): Date {
  const d = new Date(epochMs);
  return new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
}

async function writeZip(entries: readonly Entry[], target: string, builtAtMs: number): Promise<void> {
  const zip = new yazl.ZipFile();
  const options = { mtime: zipDate(builtAtMs), mode: 0o100644, compress: false, forceDosTimestamp: true };
  for (const entry of entries) {
    if ("file" in entry) zip.addFile(entry.file, entry.name, options);
    else zip.addBuffer(entry.bytes, entry.name, options);
  }
  zip.end({ comment: WACZ_COMMENT, forceZip64Format: false });
  await pipeline(zip.outputStream, createWriteStream(target, { flags: "wx" }));
}

/** Whether `file` is a zip whose comment is newsmirror's: read from its end (the comment closes a zip). */
export async function isNewsmirrorWacz(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const tail = Buffer.from(`PK\u0005\u0006`); // the end-of-central-directory record, then 18 bytes, then the comment
    const length = Math.min(size, 22 + WACZ_COMMENT.length);
    const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length);
    return buffer.subarray(0, 4).equals(tail) && buffer.subarray(22).toString("latin1") === WACZ_COMMENT;
  } finally {
    await handle.close();
  }
}

/**
 * Writes the WACZ of `site` at `target`, through temporary files beside it (removed whatever happens). The
 * caller has checked that `target` may be written (src/cli/commands/archive.ts).
 */
export async function writeWacz(site: BuiltSite, target: string): Promise<WaczSummary> {
  const stem = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
  const warcFile = `${stem}.warc.gz`;
  const zipFile = `${stem}.wacz`;
  try {
    const software = `newsmirror ${newsmirrorVersion()}`;
    const summary = await writeWarc(site, warcFile, software);
    const index = await cdxjIndex(warcFile);
    const pages = pagesJsonl(site);
    const warcBytes = (await stat(warcFile)).size;
    const resources = [
      { name: WARC_NAME, path: `archive/${WARC_NAME}`, hash: await fileSha256(warcFile), bytes: warcBytes },
      { name: "index.cdx", path: "indexes/index.cdx", hash: sha256(index), bytes: index.length },
      { name: "pages.jsonl", path: "pages/pages.jsonl", hash: sha256(pages), bytes: pages.length },
    ];
    const built = warcDate(site.builtAtMs);
    const seed = site.originals[0] ?? site.articles[0];
    const datapackage = json({
      profile: "data-package",
      wacz_version: "1.1.1",
      title: `${new URL(site.baseUrl).host} (newsmirror)`,
      created: built,
      modified: built,
      software,
      ...(seed ? { mainPageUrl: "originalUrl" in seed ? seed.originalUrl : seed.url, mainPageDate: built } : {}),
      resources,
    });
    const digest = json({ path: "datapackage.json", hash: sha256(datapackage) });
    await writeZip(
      [
        { name: `archive/${WARC_NAME}`, file: warcFile },
        { name: "datapackage-digest.json", bytes: digest },
        { name: "datapackage.json", bytes: datapackage },
        { name: "indexes/index.cdx", bytes: index },
        { name: "pages/pages.jsonl", bytes: pages },
      ],
      zipFile,
      site.builtAtMs,
    );
    await rename(zipFile, target);
    return { ...summary, bytes: (await stat(target)).size, pages: site.articles.length + site.originals.length };
  } finally {
    await rm(warcFile, { force: true });
    await rm(zipFile, { force: true });
  }
}
