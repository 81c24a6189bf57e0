/**
 * What the archive tests share: a copy of a built site with the
 * `/provenance.json` a build writes once articles carry their original
 * addresses (issue 18, item 1), naming the seed article's gov.cn address;
 * and the entries of a WACZ, read by a zip reader of its own (yauzl).
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import yauzl from "yauzl";
import { SEED_PAGE, tempDir } from "./site.ts";

/** Where the seed article was first published. */
export const SEED_ORIGINAL_URL =
  "http://english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
export const SEED_TITLE = "Tajik president, Chinese defense minister agree to enhance cooperation";

/** Writes `/provenance.json` into the site at `siteDir`, in the shape the build writes, with the seed's original address. */
export function writeProvenance(siteDir: string, baseUrl = "https://mirror.example.org/"): void {
  const provenance = {
    site: baseUrl,
    generated: JSON.parse(readFileSync(path.join(siteDir, ".newsmirror-site"), "utf8")).builtAt,
    articles: [
      {
        url: new URL(SEED_PAGE, baseUrl).href,
        path: `/${SEED_PAGE}`,
        original_url: SEED_ORIGINAL_URL,
        captured: "2021-07-28T09:00:00Z",
        source_sha256: null,
        title: SEED_TITLE,
      },
    ],
  };
  writeFileSync(path.join(siteDir, "provenance.json"), `${JSON.stringify(provenance, null, 2)}\n`);
}

/** A copy of the built site at `siteDir`, with its provenance.json: the tests may write into it. */
export function siteWithProvenance(siteDir: string): string {
  const copy = path.join(tempDir("newsmirror-archive-site-"), "site");
  cpSync(siteDir, copy, { recursive: true });
  writeProvenance(copy);
  return copy;
}

/** The entries of a zip file by name, read by yauzl (yazl's counterpart), with whether each is stored (not deflated). */
export async function zipEntries(file: string): Promise<Map<string, { bytes: Buffer; stored: boolean; mtime: Date }>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const entries = new Map<string, { bytes: Buffer; stored: boolean; mtime: Date }>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          entries.set(entry.fileName, {
            bytes: Buffer.concat(chunks),
            stored: entry.compressionMethod === 0,
            mtime: entry.getLastModDate({ timezone: "UTC" }),
          });
          zip.readEntry();
        });
        stream.on("error", reject);
      });
    });
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.readEntry();
  });
  return entries;
}
