/**
 * `newsmirror archive`, read back by real readers: the zip by yauzl, the
 * WARC and its records by warcio (Webrecorder's own WARC library), the CDXJ
 * index checked against the records its offsets point at, datapackage.json's
 * hashes against the entries. The sample site, with the provenance.json a
 * build writes once articles carry their original addresses.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { WARCParser, type WARCRecord } from "warcio";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { HOST_ONLY_FILES } from "../src/site/host-config.ts";
import { SEED_ORIGINAL_URL, SEED_TITLE, siteWithProvenance, zipEntries } from "./helpers/archive.ts";
import { runCli } from "./helpers/cli.ts";
import { SAMPLE_BUILD_TIME, SEED_PAGE, tempDir } from "./helpers/site.ts";

const BASE = "https://mirror.example.org/";

/** Every file of a site a host serves (no dotfiles), with `/`. */
/** The files a host serves: not the marker (a dotfile), not the host's own configuration (_headers, nginx.conf, …). */
function siteFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => !f.split("/").some((s) => s.startsWith(".")) && statSync(path.join(dir, f)).isFile())
    .filter((f) => !HOST_ONLY_FILES.includes(`/${f}`))
    .sort();
}

interface ReadRecord {
  type: string;
  url: string;
  date: string;
  refersTo: string | undefined;
  headers: Record<string, string>;
  payload: Buffer;
}

async function readRecord(record: WARCRecord): Promise<ReadRecord> {
  const payload = Buffer.from(await record.readFully(false));
  return {
    type: record.warcType ?? "",
    url: record.warcTargetURI ?? "",
    date: record.warcDate ?? "",
    refersTo: record.warcHeaders.headers.get("WARC-Refers-To-Target-URI") ?? undefined,
    headers: Object.fromEntries(
      ["Content-Type", "Content-Length", "Date"].flatMap((name) => {
        const value = record.httpHeaders?.headers.get(name);
        return value ? [[name, value]] : [];
      }),
    ),
    payload,
  };
}

async function readWarc(bytes: Buffer): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  for await (const record of new WARCParser([bytes])) records.push(await readRecord(record));
  return records;
}

let site: string;
let wacz: string;
let entries: Awaited<ReturnType<typeof zipEntries>>;
let records: ReadRecord[];
let stdout: string;

beforeAll(async () => {
  site = siteWithProvenance(inject("sampleSite"));
  wacz = path.join(tempDir("newsmirror-wacz-"), "site.wacz");
  const run = await runCli(["archive", "--site", site, "--output", wacz]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  stdout = run.stdout;
  entries = await zipEntries(wacz);
  records = await readWarc(entries.get("archive/data.warc.gz")!.bytes);
}, 60_000);

describe("newsmirror archive: the WACZ", () => {
  it("holds the WACZ 1.1.1 files, every one stored and dated the build time", () => {
    expect([...entries.keys()]).toEqual([
      "archive/data.warc.gz",
      "datapackage-digest.json",
      "datapackage.json",
      "indexes/index.cdx",
      "pages/pages.jsonl",
    ]);
    for (const [name, entry] of entries) {
      expect(entry.stored, name).toBe(true);
      expect(entry.mtime.toISOString(), name).toBe(new Date(SAMPLE_BUILD_TIME).toISOString());
    }
    expect(stdout).toMatch(/^newsmirror: archived \d+ files of https:\/\/mirror\.example\.org\/ .* → .*site\.wacz/);
  });

  it("records every file of the site under its address, with the headers a host sends, dated the build time", () => {
    const responses = new Map(records.filter((r) => r.type === "response").map((r) => [r.url, r]));
    const files = siteFiles(site);
    expect(files.length).toBeGreaterThan(50);
    expect(responses.size).toBe(files.length);
    // The host configuration is there, and read by the host, never served: not in the archive.
    expect(existsSync(path.join(site, "_headers"))).toBe(true);
    for (const file of HOST_ONLY_FILES) expect(responses.has(new URL(file.slice(1), BASE).href), file).toBe(false);
    for (const file of files) {
      const url = new URL(file, BASE).href.replace(/(^|\/)index\.html$/, "$1");
      const record = responses.get(url);
      expect(record, url).toBeDefined();
      const bytes = readFileSync(path.join(site, file));
      expect(record!.payload.equals(bytes), url).toBe(true);
      expect(record!.headers["Content-Length"], url).toBe(String(bytes.length));
      expect(record!.headers.Date).toBe("Sun, 08 Aug 2021 12:00:00 GMT");
      expect(record!.date).toBe("2021-08-08T12:00:00Z");
    }
    const type = (url: string) => responses.get(new URL(url, BASE).href)?.headers["Content-Type"];
    expect(type(SEED_PAGE)).toBe("text/html; charset=utf-8");
    expect(type("assets/site.css")).toBe("text/css; charset=utf-8");
    expect(type("feed.xml")).toBe("application/xml");
    expect(type("feed.json")).toBe("application/json; charset=utf-8");
    expect(records[0]!.type).toBe("warcinfo");
  });

  it("records a folder's page under its index.html too, and the seed article under its original address, as revisits", () => {
    const revisits = new Map(records.filter((r) => r.type === "revisit").map((r) => [r.url, r]));
    const home = revisits.get(`${BASE}index.html`);
    expect(home?.refersTo).toBe(BASE);
    const original = revisits.get(SEED_ORIGINAL_URL);
    expect(original?.refersTo).toBe(new URL(SEED_PAGE, BASE).href);
    expect(original?.headers["Content-Type"]).toBe("text/html; charset=utf-8");
    expect(original?.payload.length).toBe(0); // the bytes are the response's: the same payload digest
  });

  it("indexes every response and revisit in sorted CDXJ, each offset and length the record's", () => {
    const warc = entries.get("archive/data.warc.gz")!.bytes;
    const lines = entries.get("indexes/index.cdx")!.bytes.toString("utf8").trimEnd().split("\n");
    expect(lines).toEqual([...lines].sort());
    expect(lines.length).toBe(records.filter((r) => r.type !== "warcinfo").length);
    const indexed = new Set<string>();
    for (const line of lines) {
      const [, timestamp, json] = /^(\S+) (\d{14}) (\{.*\})$/.exec(line)!.slice(1);
      expect(timestamp).toBe("20210808120000");
      const entry = JSON.parse(json!) as { url: string; offset: string; length: string; filename: string };
      expect(entry.filename).toBe("data.warc.gz");
      // Each record is a gzip member of its own: the slice the index names decompresses to that record alone.
      const member = gunzipSync(warc.subarray(Number(entry.offset), Number(entry.offset) + Number(entry.length)));
      const header = member.toString("latin1", 0, member.indexOf("\r\n\r\n"));
      expect(header).toContain(`WARC-Target-URI: ${entry.url}\r\n`);
      indexed.add(entry.url);
    }
    expect(indexed.has(SEED_ORIGINAL_URL)).toBe(true);
    expect(indexed.has(new URL(SEED_PAGE, BASE).href)).toBe(true);
  });

  it("lists every article in pages.jsonl, the seed under its original address too", () => {
    const [header, ...pages] = entries
      .get("pages/pages.jsonl")!
      .bytes.toString("utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { url: string; title: string; ts: string });
    expect(header).toEqual({ format: "json-pages-1.0", id: "pages", title: "All Pages" });
    const articleFiles = siteFiles(site).filter((f) =>
      readFileSync(path.join(site, f), "utf8").includes('<meta property="og:type" content="article">'),
    );
    expect(pages.length).toBe(articleFiles.length + 1);
    expect(pages).toContainEqual({
      url: new URL(SEED_PAGE, BASE).href,
      title: SEED_TITLE,
      ts: "2021-08-08T12:00:00.000Z",
    });
    expect(pages).toContainEqual({ url: SEED_ORIGINAL_URL, title: SEED_TITLE, ts: "2021-08-08T12:00:00.000Z" });
  });

  it("gives every file's sha256 and size in datapackage.json, and that file's hash in datapackage-digest.json", () => {
    const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
    const datapackage = JSON.parse(entries.get("datapackage.json")!.bytes.toString("utf8")) as {
      wacz_version: string;
      resources: { path: string; hash: string; bytes: number }[];
    };
    expect(datapackage.wacz_version).toBe("1.1.1");
    expect(datapackage.resources.map((r) => r.path).sort()).toEqual([
      "archive/data.warc.gz",
      "indexes/index.cdx",
      "pages/pages.jsonl",
    ]);
    for (const resource of datapackage.resources) {
      const bytes = entries.get(resource.path)!.bytes;
      expect(resource.hash, resource.path).toBe(sha256(bytes));
      expect(resource.bytes, resource.path).toBe(bytes.length);
    }
    const digest = JSON.parse(entries.get("datapackage-digest.json")!.bytes.toString("utf8"));
    expect(digest).toEqual({ path: "datapackage.json", hash: sha256(entries.get("datapackage.json")!.bytes) });
  });

  it("is the same bytes when made again, and replaces the archive it wrote before", async () => {
    const again = path.join(path.dirname(wacz), "again.wacz");
    expect((await runCli(["archive", "--site", site, "--output", again])).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(wacz))).toBe(true);
    expect((await runCli(["archive", "--site", site, "--output", again])).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(wacz))).toBe(true);
    expect(readdirSync(path.dirname(wacz)).sort()).toEqual(["again.wacz", "site.wacz"]); // no temporary file left
  });
});

describe("newsmirror archive: what it refuses, touching nothing", () => {
  it("leaves a file it did not write", async () => {
    const dir = tempDir("newsmirror-wacz-");
    const mine = path.join(dir, "mine.wacz");
    writeFileSync(mine, "my notes\n");
    const run = await runCli(["archive", "--site", site, "--output", mine]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("is a file newsmirror did not write, and is not replaced");
    expect(readFileSync(mine, "utf8")).toBe("my notes\n");
    expect(readdirSync(dir)).toEqual(["mine.wacz"]);
  });

  it("refuses an archive inside the site", async () => {
    const before = siteFiles(site);
    const run = await runCli(["archive", "--site", site, "--output", path.join(site, "site.wacz")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("lies inside the site it archives");
    expect(siteFiles(site)).toEqual(before);
  });

  it("refuses an original address that is not http(s)", async () => {
    const bad = siteWithProvenance(inject("sampleSite"));
    const file = path.join(bad, "provenance.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(SEED_ORIGINAL_URL, "ftp://english.www.gov.cn/a.html"));
    const dir = tempDir("newsmirror-wacz-");
    const run = await runCli(["archive", "--site", bad, "--output", path.join(dir, "a.wacz")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`original_url is not an http(s) address`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
