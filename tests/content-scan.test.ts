/**
 * The content folder scanned ahead, in a worker thread (src/article/scan.ts): the files the loader would list, with
 * the stamps it would take, and a loader given the scan reads the same articles as one that lists the folder itself.
 */
import { mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ArticleLoader, listArticleFiles, type LoadOptions } from "../src/article/load.ts";
import { startContentScan } from "../src/article/scan.ts";
import { stampOf } from "../src/file-stamp.ts";
import { PhotoCache } from "../src/images/encode.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { articleText, makeContent, tempDir } from "./helpers/site.ts";

function content(): string {
  const dir = makeContent({
    "news/alpha.md": articleText({ title: "Alpha", section: "news" }),
    "news/BETA.MD": articleText({ title: "Beta", updated: "2021-07-29T07:01:00+08:00" }),
    "news/README.md": "Not an article.\n",
    "_drafts/gamma.md": articleText({ title: "Gamma" }),
    ".hidden/delta.md": articleText({ title: "Delta" }),
  });
  mkdirSync(path.join(dir, "links"));
  symlinkSync(path.join(dir, "news/alpha.md"), path.join(dir, "links/alpha-again.md"));
  return dir;
}

function loadOptions(contentDir: string): LoadOptions {
  const project = tempDir("newsmirror-scan-");
  return {
    contentDir,
    displayRoot: project,
    settings: parseSettings({}),
    photoCache: new PhotoCache(path.join(project, ".cache/images")),
  };
}

describe("the content folder scanned in a worker thread", () => {
  it("finds the files the loader lists, each with the stamp the loader takes", async () => {
    const dir = content();
    const scan = await startContentScan(dir);
    expect(scan).toBeDefined();
    expect(scan!.files).toEqual((await listArticleFiles(dir)).files);
    expect(scan!.links).toEqual([path.join(dir, "links/alpha-again.md")]);
    for (const [i, file] of scan!.files.entries()) {
      const [size, mtimeMs, ino] = scan!.stats.subarray(i * 3, i * 3 + 3);
      expect(stampOf({ size: size!, mtimeMs: mtimeMs!, ino: ino! }), file).toBe(stampOf(statSync(file)));
    }
  });

  it("gives a loader the same articles and warnings, the link that repeats an article included", async () => {
    const dir = content();
    const alone = await new ArticleLoader().load(loadOptions(dir));
    const scanned = await new ArticleLoader().load({ ...loadOptions(dir), scan: startContentScan(dir) });
    expect(scanned.articles.map((a) => a.title)).toEqual(["Beta", "Alpha"]);
    expect(scanned.articles.map((a) => a.hash)).toEqual(alone.articles.map((a) => a.hash));
    expect(scanned.warnings.map((w) => w.message)).toEqual(alone.warnings.map((w) => w.message));
    expect(scanned.warnings[0]?.message).toMatch(/which is read already/);
  });

  it("is not used for another folder, and a folder that cannot be scanned is listed by the loader", async () => {
    const dir = content();
    const other = makeContent({ "x.md": articleText({ title: "Elsewhere" }) });
    const loaded = await new ArticleLoader().load({ ...loadOptions(dir), scan: startContentScan(other) });
    expect(loaded.articles.map((a) => a.title)).toEqual(["Beta", "Alpha"]);
    await expect(startContentScan(path.join(dir, "missing"))).resolves.toBeUndefined();
    writeFileSync(path.join(dir, "news/new.md"), articleText({ title: "New", updated: "2021-07-30T07:01:00+08:00" }));
    const missing = startContentScan(path.join(dir, "missing"));
    const again = await new ArticleLoader().load({ ...loadOptions(dir), scan: missing });
    expect(again.articles.map((a) => a.title)).toEqual(["New", "Beta", "Alpha"]);
  });
});
