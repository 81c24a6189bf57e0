import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { hashFolder, verifyFolder, verifyWacz, WrittenHashes } from "../src/check/fixity.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, makeContent, tempDir } from "./helpers/site.ts";
import { storedZip } from "./helpers/zip.ts";

const sha256 = (bytes: string | Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A copy of the sample site, to change. */
function sampleCopy(): string {
  const dir = path.join(tempDir(), "_site");
  cpSync(inject("sampleSite"), dir, { recursive: true });
  return dir;
}

/** Every file and its bytes, to show a check changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = `${sha256(readFileSync(file))} ${statSync(file).mtimeMs}`;
    }
  }
  return out;
}

describe("the build's manifest-sha256.txt", () => {
  it("lists every file of the output but itself, BagIt style: hash, two spaces, path, sorted, LF", () => {
    const site = inject("sampleSite");
    const text = readFileSync(path.join(site, "manifest-sha256.txt"), "utf8");
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    const files = readdirSync(site, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(site, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .filter((f) => f !== "manifest-sha256.txt")
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(lines.map((l) => l.slice(66))).toEqual(files);
    for (const line of lines) {
      expect(line).toMatch(/^[0-9a-f]{64} {2}\S/);
      expect(line.slice(0, 64)).toBe(sha256(readFileSync(path.join(site, line.slice(66)))));
    }
    expect(files).toContain(".newsmirror-site");
    expect(files).toContain("provenance.json");
  });
});

describe("newsmirror check --fixity on a folder", () => {
  it("passes an untouched site with a one-line summary (the folder by --output, or by name)", async () => {
    const site = sampleCopy();
    for (const args of [["--output", site], [site]]) {
      const result = await runCli(["check", "--fixity", ...args]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^newsmirror: .*_site: all \d+ files match manifest-sha256\.txt\n$/);
      expect(result.stderr).toBe("");
    }
  });

  it("reports an edited, a deleted and an added file, each on its own line, and exits 1", async () => {
    const site = sampleCopy();
    writeFileSync(path.join(site, "404.html"), "changed\n");
    rmSync(path.join(site, "robots.txt"));
    writeFileSync(path.join(site, "statecouncil", "extra.html"), "<p>added</p>\n");
    const before = snapshot(site);
    const result = await runCli(["check", "--fixity", site]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("changed  404.html\nmissing  robots.txt\nextra    statecouncil/extra.html\n");
    expect(result.stderr).toMatch(/does not match manifest-sha256\.txt: 1 changed, 1 missing, 1 extra/);
    expect(snapshot(site)).toEqual(before);
  });

  it("says so when the folder has no manifest (exit 1), and refuses a positional without --fixity (exit 2)", async () => {
    const site = sampleCopy();
    rmSync(path.join(site, "manifest-sha256.txt"));
    const result = await runCli(["check", "--fixity", site]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/_site: has no manifest-sha256\.txt, so there is nothing to verify it against/);
    const positional = await runCli(["check", site]);
    expect(positional.status).toBe(2);
    expect(positional.stderr).toMatch(/unexpected argument ".*_site"; did you mean --output .*_site, or --fixity/);
    const both = await runCli(["check", "--fixity", site, "--output", site]);
    expect(both.status).toBe(2);
  });

  it("names a damaged manifest line", () => {
    const site = sampleCopy();
    writeFileSync(path.join(site, "manifest-sha256.txt"), "not a line\n");
    expect(() => verifyFolder(site, "_site")).toThrow(/_site\/manifest-sha256\.txt:1: is not a manifest line/);
  });
});

/** A WACZ's files and the datapackage.json listing them. */
function wacz(files: Record<string, string>, listed = files): Buffer {
  const resources = Object.entries(listed).map(([name, content]) => ({
    name: path.basename(name),
    path: name,
    hash: `sha256:${sha256(content)}`,
    bytes: Buffer.byteLength(content),
  }));
  const datapackage = JSON.stringify({ profile: "data-package", wacz_version: "1.1.1", resources });
  return storedZip({ ...files, "datapackage.json": datapackage });
}

const WACZ_FILES = {
  "archive/data.warc.gz": "warc bytes",
  "indexes/index.cdx": "cdx lines\n",
  "pages/pages.jsonl": '{"format":"json-pages-1.0"}\n',
};

describe("newsmirror check --fixity on a WACZ", () => {
  it("checks datapackage.json against datapackage-digest.json: a datapackage rewritten to match edited files shows", async () => {
    const dir = tempDir();
    const withDigest = (datapackageFor: Record<string, string>, files: Record<string, string>, digestOf?: string) => {
      // The datapackage as the zip holds it, and a digest of it (or of another one, the honest one before an edit).
      const datapackage = JSON.stringify({
        profile: "data-package",
        wacz_version: "1.1.1",
        resources: Object.entries(datapackageFor).map(([name, content]) => ({
          name: path.basename(name),
          path: name,
          hash: `sha256:${sha256(content)}`,
          bytes: Buffer.byteLength(content),
        })),
      });
      const digest = JSON.stringify({ path: "datapackage.json", hash: `sha256:${sha256(digestOf ?? datapackage)}` });
      return storedZip({ ...files, "datapackage.json": datapackage, "datapackage-digest.json": digest });
    };
    const honest = path.join(dir, "honest.wacz");
    writeFileSync(honest, withDigest(WACZ_FILES, WACZ_FILES));
    expect((await runCli(["check", "--fixity", honest])).status).toBe(0);
    // A WARC edited, and datapackage.json rewritten to match it: the digest, made before, names the old datapackage.
    const edited = { ...WACZ_FILES, "archive/data.warc.gz": "other warc bytes" };
    const original = JSON.stringify({
      profile: "data-package",
      wacz_version: "1.1.1",
      resources: Object.entries(WACZ_FILES).map(([name, content]) => ({
        name: path.basename(name),
        path: name,
        hash: `sha256:${sha256(content)}`,
        bytes: Buffer.byteLength(content),
      })),
    });
    const forged = path.join(dir, "forged.wacz");
    writeFileSync(forged, withDigest(edited, edited, original));
    const result = await runCli(["check", "--fixity", forged]);
    expect([result.status, result.stdout]).toEqual([1, "changed  datapackage.json\n"]);
  });

  it("passes a WACZ whose files match its datapackage.json", async () => {
    const file = path.join(tempDir(), "site.wacz");
    writeFileSync(file, wacz(WACZ_FILES));
    const result = await runCli(["check", "--fixity", file]);
    expect(result.stdout).toMatch(/site\.wacz: all 3 files match datapackage\.json\n$/);
    expect(result.status).toBe(0);
  });

  it("reports changed, missing and extra entries the same way as a folder's", async () => {
    const file = path.join(tempDir(), "site.wacz");
    const listed = { ...WACZ_FILES, "pages/extraPages.jsonl": "gone\n" };
    const present = {
      ...WACZ_FILES,
      "indexes/index.cdx": "other lines\n",
      "archive/more.warc.gz": "unlisted",
    };
    writeFileSync(file, wacz(present, listed));
    const report = await verifyWacz(file);
    expect(report).toMatchObject({
      kind: "wacz",
      changed: ["indexes/index.cdx"],
      missing: ["pages/extraPages.jsonl"],
      extra: ["archive/more.warc.gz"],
    });
    const result = await runCli(["check", "--fixity", file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      "extra    archive/more.warc.gz\nchanged  indexes/index.cdx\nmissing  pages/extraPages.jsonl\n",
    );
  });

  it("refuses a damaged or non-zip file with one clear line, exit 1, and changes nothing", async () => {
    const dir = tempDir();
    const damaged = path.join(dir, "damaged.wacz");
    const whole = wacz(WACZ_FILES);
    writeFileSync(damaged, whole.subarray(0, whole.length - 30));
    const text = path.join(dir, "notes.wacz");
    writeFileSync(text, "not a zip at all\n");
    const before = snapshot(dir);
    for (const file of [damaged, text]) {
      const result = await runCli(["check", "--fixity", file]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/\.wacz: is not a readable WACZ \(zip\) file \(.+\); nothing was changed\n$/);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    // Bytes of an entry changed in place (the zip's structure intact): that file changed, said on its line.
    const flipped = Buffer.from(whole);
    const at = 30 + "archive/data.warc.gz".length + 2;
    flipped[at] = flipped[at]! ^ 0xff;
    const inPlace = path.join(dir, "flipped.wacz");
    writeFileSync(inPlace, flipped);
    const result = await runCli(["check", "--fixity", inPlace]);
    expect([result.status, result.stdout]).toEqual([1, "changed  archive/data.warc.gz\n"]);
    expect(snapshot(dir)).toMatchObject(before);
  });

  it("refuses a zip with no datapackage.json", async () => {
    const file = path.join(tempDir(), "plain.wacz");
    writeFileSync(file, storedZip({ "a.txt": "a" }));
    const result = await runCli(["check", "--fixity", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/plain\.wacz: has no datapackage\.json, so it is not a WACZ file/);
  });
});

describe("an incremental build's manifest", () => {
  it("is the one a clean build writes, and reuses the hashes of files it did not write", async () => {
    const work = tempDir();
    const content = makeContent({ "a.md": articleText({ title: "Talks open" }) });
    const out = path.join(work, "_site");
    const build = (dir: string, cwd: string) =>
      runCli(["build", "--input", content, "--output", dir, "--no-search", "--build-time", "2021-08-01T00:00:00Z"], {
        cwd,
      });
    expect((await build(out, work)).status).toBe(0);
    writeFileSync(path.join(content, "b.md"), articleText({ title: "Harvest up" }));
    const second = await build(out, work);
    expect(second.stdout).toMatch(/incremental build/);
    const clean = path.join(tempDir(), "_site");
    expect((await build(clean, tempDir())).status).toBe(0);
    expect(readFileSync(path.join(out, "manifest-sha256.txt"), "utf8")).toBe(
      readFileSync(path.join(clean, "manifest-sha256.txt"), "utf8"),
    );
    expect(verifyFolder(out)).toMatchObject({ changed: [], missing: [], extra: [] });
  });

  it("takes an unwritten file's hash from the published manifest, without reading the file (shown by a planted one)", async () => {
    const work = tempDir();
    const content = makeContent({ "a.md": articleText({ title: "Talks open" }) });
    const out = path.join(work, "_site");
    const build = () =>
      runCli(["build", "--input", content, "--output", out, "--no-search", "--build-time", "2021-08-01T00:00:00Z"], {
        cwd: work,
      });
    expect((await build()).status).toBe(0);
    const manifest = path.join(out, "manifest-sha256.txt");
    const planted = "0".repeat(64);
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/^[0-9a-f]{64}( {2}404\.html)$/m, `${planted}$1`));
    writeFileSync(path.join(content, "b.md"), articleText({ title: "Harvest up" }));
    expect((await build()).stdout).toMatch(/incremental build/);
    // 404.html was not written again: its hash came from the published manifest (and check --fixity finds the plant);
    // the files it wrote were read (the marker, every build; the new article's page).
    const next = readFileSync(manifest, "utf8");
    expect(next).toContain(`${planted}  404.html\n`);
    expect(verifyFolder(out).changed).toEqual(["404.html"]);
    // A published manifest newsmirror did not write as it writes them (lines out of order, a damaged line, a path
    // twice) is not taken from: every file is hashed, and the plant is gone.
    const lines = readFileSync(manifest, "utf8").split("\n").slice(0, -1);
    for (const damaged of [
      [lines[1], lines[0], ...lines.slice(2)],
      [lines[0], "not a line", ...lines.slice(1)],
      [lines[0], ...lines],
    ]) {
      writeFileSync(manifest, `${damaged.join("\n")}\n`);
      writeFileSync(path.join(content, "b.md"), articleText({ title: `Harvest up ${damaged.length}` }));
      expect((await build()).stdout).toMatch(/incremental build/);
      expect(verifyFolder(out)).toMatchObject({ changed: [], missing: [], extra: [] });
      writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/^[0-9a-f]{64}( {2}404\.html)$/m, `${planted}$1`));
    }
    // Without a published manifest (a site an older newsmirror built), every file is hashed.
    rmSync(manifest);
    writeFileSync(path.join(content, "c.md"), articleText({ title: "Rain due" }));
    expect((await build()).stdout).toMatch(/incremental build/);
    expect(verifyFolder(out)).toMatchObject({ changed: [], missing: [], extra: [] });
  });
});

describe("the hashes of files as a build wrote them", () => {
  it("stand in for reading a file still of the size written; a file of another size since, or not told, is read", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "news"));
    mkdirSync(path.join(dir, "pagefind/2021"), { recursive: true });
    const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
    write("index.html", "home");
    write("news/a.html", "page a");
    write("news/b.html", "page b");
    write("pagefind/2021/index.pf_meta", "bundle");
    write("robots.txt", "robots");
    const written = new WrittenHashes();
    // Told other bytes than the files hold, of the same size: a hash taken from what was told shows as that.
    written.wrote("index.html", Buffer.from("HOME"));
    written.wrote("news/a.html", Buffer.from("page a"));
    written.wrote("news/b.html", Buffer.from("page b, before it was written again"));
    written.wroteFolder(dir, "pagefind/");
    write("pagefind/2021/index.pf_meta", "BUNDLE"); // (the same size: the hash as read when told)
    const hashes = Object.fromEntries(hashFolder(dir, written).map(({ file, hash }) => [file, hash]));
    expect(hashes).toEqual({
      "index.html": sha256("HOME"),
      "news/a.html": sha256("page a"),
      "news/b.html": sha256("page b"), // another size than told: read
      "pagefind/2021/index.pf_meta": sha256("bundle"),
      "robots.txt": sha256("robots"), // not told: read
    });
    // A folder of the site hashed on its own names its files below it, and finds them told under the site's paths.
    expect(hashFolder(path.join(dir, "pagefind"), written, "pagefind/")).toEqual([
      { file: "2021/index.pf_meta", hash: sha256("bundle") },
    ]);
    expect(hashFolder(dir).find((h) => h.file === "index.html")?.hash).toBe(sha256("home"));
  });
});
