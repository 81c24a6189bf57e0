/**
 * The WARC of a built site, written by warcio (Webrecorder's WARC library):
 * a warcinfo record, then one WARC/1.1 `response` record per file, with the
 * HTTP headers a static host sends (its type, its length, the build time as
 * its date), in the order of the files' paths. Two more kinds of record
 * point at a response instead of repeating its bytes, as `revisit` records
 * of the identical-payload-digest profile (WARC-Refers-To-Target-URI and
 * -Date name the response): a folder's index.html, recorded at the folder's
 * address, under its own name too; and an article with an original address,
 * under that address. A revisit is what WARC has for "the same bytes as that
 * record", and replay tools (pywb, ReplayWeb.page) serve the response's
 * payload with the revisit's own headers.
 *
 * Reproducible: every date is the build time, every record id is made from
 * the record's address and kind, and each record is compressed by pako (the
 * same bytes on every platform and Node version, where zlib may differ).
 * The index is then made from the written file by warcio's own indexer, so
 * its offsets are what a reader of the file finds.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import mime from "mime-types";
import { CDXIndexer, WARCRecord, WARCSerializer } from "warcio";
import type { BuiltSite } from "./built-site.ts";

export const WARC_NAME = "data.warc.gz";
const WARC_VERSION = "WARC/1.1";

/** `2021-08-08T12:00:00Z`: WARC-Date to the second (the CDXJ timestamp has seconds). */
export function warcDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** A record id from what the record is: the same site gives the same ids, two records never one. */
function recordId(kind: string, url: string): string {
  const hex = createHash("sha256").update(`${kind} ${url}`).digest("hex");
  return `<urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}>`;
}

/** The Content-Type a host sends for a file, from its name (mime-types, the database Express's static server uses). */
export function contentTypeOf(relative: string): string {
  return mime.contentType(relative.slice(relative.lastIndexOf("/") + 1)) || "application/octet-stream";
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * A record's bytes. Its block digest (HTTP headers and payload) is computed here, by Node's own sha256, and
 * given to warcio, which then hashes nothing itself: its hasher is a WebAssembly module instantiated once per
 * record, and with pako's garbage half the archive's CPU time at 4,000 articles (15.3 s → 8.4 s). The same
 * digest as warcio's: the archive's bytes did not change.
 */
async function serialize(record: WARCRecord, payload?: Uint8Array): Promise<Uint8Array> {
  if (record.httpHeaders) {
    const block = createHash("sha256").update(`${record.httpHeaders.toString()}\r\n`);
    if (payload) block.update(payload);
    record.warcHeaders.headers.set("WARC-Block-Digest", `sha256:${block.digest("hex")}`);
  }
  return WARCSerializer.serialize(record, { gzip: true, preferPako: true });
}

export interface WarcSummary {
  /** Response records (one per file of the site). */
  responses: number;
  /** Revisit records (folder pages under their file's name, articles under their original address). */
  revisits: number;
}

/** Writes the site's WARC to `target` (a new file), record by record: one file's bytes in memory at a time. */
export async function writeWarc(site: BuiltSite, target: string, software: string): Promise<WarcSummary> {
  const date = warcDate(site.builtAtMs);
  const out = await open(target, "wx");
  let responses = 0;
  let revisits = 0;
  try {
    const write = async (record: WARCRecord, payload?: Uint8Array) => {
      await out.write(await serialize(record, payload));
    };
    await write(
      await WARCRecord.createWARCInfo(
        {
          filename: WARC_NAME,
          warcVersion: WARC_VERSION,
          date,
          warcHeaders: { "WARC-Record-ID": recordId("warcinfo", site.baseUrl) },
        },
        { software, format: "WARC File Format 1.1", isPartOf: site.baseUrl },
      ),
    );
    /** Each response's digest and headers, for the revisits that point at it. */
    const responded = new Map<string, { digest: string; headers: Record<string, string> }>();
    const revisit = async (url: string, of: string) => {
      const original = responded.get(of)!;
      await write(
        WARCRecord.create({
          url,
          date,
          type: "revisit",
          warcVersion: WARC_VERSION,
          refersToUrl: of,
          refersToDate: date,
          warcHeaders: { "WARC-Record-ID": recordId("revisit", url), "WARC-Payload-Digest": original.digest },
          httpHeaders: original.headers,
        }),
      );
      revisits++;
    };
    for (const file of site.files) {
      const bytes = await readFile(file.file);
      const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
      const headers = {
        "Content-Type": contentTypeOf(file.relative),
        "Content-Length": String(bytes.length),
        Date: new Date(site.builtAtMs).toUTCString(),
      };
      await write(
        WARCRecord.create(
          {
            url: file.url,
            date,
            type: "response",
            warcVersion: WARC_VERSION,
            warcHeaders: { "WARC-Record-ID": recordId("response", file.url), "WARC-Payload-Digest": digest },
            httpHeaders: headers,
          },
          once(bytes),
        ),
        bytes,
      );
      responses++;
      responded.set(file.url, { digest, headers });
      if (file.fileUrl) await revisit(file.fileUrl, file.url);
    }
    for (const page of site.originals) await revisit(page.originalUrl, page.url);
  } finally {
    await out.close();
  }
  return { responses, revisits };
}

/**
 * The CDXJ index of the WARC in `file`, made by warcio's indexer from the file as written: one line per
 * response and revisit (SURT key, timestamp, then url, mime, status, digest, length, offset and filename),
 * sorted by their bytes as CDXJ readers expect.
 */
export async function cdxjIndex(file: string): Promise<Buffer> {
  const indexer = new CDXIndexer({ format: "cdxj" });
  const lines: Buffer[] = [];
  for await (const entry of indexer.iterIndex([{ filename: WARC_NAME, reader: createReadStream(file) }])) {
    lines.push(Buffer.from(indexer.serializeCDXJ(entry)));
  }
  return Buffer.concat(lines.sort(Buffer.compare));
}
