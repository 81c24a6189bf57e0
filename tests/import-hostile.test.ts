/**
 * `newsmirror import` against hostile and broken saved pages (issue 13,
 * items 8–12): the inputs are in tests/fixtures/hostile/import/.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { ROOT, filesBelow, tempDir } from "./helpers/site.ts";

const HOSTILE = path.join(ROOT, "tests/fixtures/hostile/import");
const FIXTURES = path.join(ROOT, "tests/fixtures/import");
const SEED_TEXT = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");
const PHOTO_PAGE = "english.www.gov.cn/news/photos/202403/04/content_WS65e59e75f0e1d2c3b4a59687.html";
const PHOTO_ARTICLE = "content/news/photos/content_WS65e59e75f0e1d2c3b4a59687.md";

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

/** A project folder holding `saved/` with the named fixture entries (symbolic links kept as they are). */
function project(entries: string[], from = HOSTILE): string {
  const dir = tempDir("newsmirror-import-");
  for (const entry of entries)
    cpSync(path.join(from, entry), path.join(dir, "saved", entry), { recursive: true, verbatimSymlinks: true });
  return dir;
}

describe("a batch with a page nested 5,000 elements deep", () => {
  it("reports that page in one line and imports the rest", async () => {
    const dir = project(["deep-nesting.html"]);
    writeFileSync(path.join(dir, "saved/seed.txt"), SEED_TEXT);
    const run = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(lines(run.stderr)).toContain(
      "failed   saved/deep-nesting.html: nested more than 512 elements deep (browsers stop nesting there); not a page newsmirror reads",
    );
    expect(run.stderr).not.toContain("internal error");
    expect(run.stdout).toContain(
      "imported saved/seed.txt → content/tajik-president-chinese-defense-minister-agree-to-enhance-cooperation.md",
    );
    expect(run.status).toBe(1);
    expect(filesBelow(path.join(dir, "content"))).toEqual([
      "tajik-president-chinese-defense-minister-agree-to-enhance-cooperation.md",
    ]);
  });
});

describe("symbolic links in a saved page's folder", () => {
  it("are never followed, even one that stays inside the folder: the photo is named, the article not written", async () => {
    // saved/symlink/page_files/photo.jpg → ../private.jpg: a file beside the page (your Downloads folder, say) that the page never showed.
    const dir = project(["symlink"]);
    const run = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(lines(run.stderr)).toContain(
      "failed   saved/symlink/page.html: photo page_files/photo.jpg is a symbolic link (to ../private.jpg); import follows no link, so that no file from elsewhere on this computer reaches the site: put the photo itself there and import again",
    );
    expect(run.status).toBe(1);
    expect(filesBelow(path.join(dir, "content"))).toEqual([]);
  });
});

describe("an import that exits 0 leaves content that builds", () => {
  const cases: [string, string[], string][] = [
    [
      "a photo that was not saved (a build refuses remote photos)",
      ["remote-photo.html"],
      'failed   saved/remote-photo.html: photo https://english.www.gov.cn/images/202107/28/lanterns.jpg was not saved with the page, and the site\'s photos must be its own files; save the page with its photos (a browser\'s "Web page, complete"), or set "images": { "remote": "link" } in content/site.json to link such photos as they are',
    ],
    [
      "a photo without alt text or caption",
      ["no-alt.html", "no-alt_files"],
      'failed   saved/no-alt.html: photo no-alt_files/photo.jpg has no alt text and no caption to describe it; add alt="what it shows" to its <img> in the saved page (alt="" if it is decorative) and import it again',
    ],
    [
      "a truncated photo",
      ["truncated-photo.html", "truncated-photo_files"],
      "failed   saved/truncated-photo.html: photo truncated-photo_files/photo.jpg is truncated or corrupt (VipsJpeg: premature end of JPEG image)",
    ],
    [
      "a photo of 20000×20000 pixels",
      ["huge-photo.html", "huge-photo_files"],
      "failed   saved/huge-photo.html: photo huge-photo_files/photo.png is too large: 20000×20000 pixels (400 megapixels); a photo may have at most 50 megapixels (images.maxPixels in site.json): make it smaller",
    ],
  ];

  it.each(cases)("%s: reported at import time, nothing written", async (_what, entries, line) => {
    const dir = project(entries);
    const run = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(lines(run.stderr)).toContain(line);
    expect(run.status).toBe(1);
    expect(filesBelow(path.join(dir, "content"))).toEqual([]);
  });

  it("an article over the 1 MiB a build reads: reported at import time, nothing written", async () => {
    const dir = tempDir("newsmirror-import-");
    mkdirSync(path.join(dir, "saved"));
    const paragraph = "Premier Li Keqiang said China would keep its economy running within a reasonable range. ".repeat(
      20,
    );
    writeFileSync(
      path.join(dir, "saved/long.txt"),
      `App\nA very long page\nUpdated: July 28, 2021 07:01 Xinhua\n${`${paragraph}\n`.repeat(650)}`,
    );
    const run = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(lines(run.stderr)).toContainEqual(
      expect.stringMatching(
        /^failed {3}saved\/long\.txt: the article would be \d+ bytes, and a build reads no article over 1048576 bytes \(1 MiB\); not written$/,
      ),
    );
    expect(run.status).toBe(1);
    expect(filesBelow(path.join(dir, "content"))).toEqual([]);
  });

  it("for every hostile page at once: whatever was imported builds", async () => {
    const dir = project(readdirSync(HOSTILE));
    writeFileSync(path.join(dir, "saved/seed.txt"), SEED_TEXT);
    const imported = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(imported.stdout).toContain("imported 1, skipped 0, failed 7");
    const built = await runCli(["build", "--input", "content", "--output", "site", "--no-search"], { cwd: dir });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
  });
});

describe("importing a page a second time", () => {
  it("skips it, naming the file, even when that article no longer builds (its photo deleted); --force replaces it", async () => {
    const dir = project([PHOTO_PAGE, PHOTO_PAGE.replace(/\.html$/, "_files")], FIXTURES);
    expect((await runCli(["import", "saved", "--output", "content"], { cwd: dir })).status).toBe(0);
    const before = filesBelow(path.join(dir, "content"));
    const photo = before.find((file) => file.endsWith("-photo-1.jpg"))!;
    rmSync(path.join(dir, "content", photo));

    const again = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(lines(again.stdout)).toContain(
      `skipped  saved/${PHOTO_PAGE}: already imported, as ${PHOTO_ARTICLE} (same id 65e59e75f0e1d2c3b4a59687, the same saved bytes); --force replaces it`,
    );
    expect(again.status).toBe(0);
    expect(filesBelow(path.join(dir, "content"))).toEqual(before.filter((file) => file !== photo));

    const forced = await runCli(["import", "saved", "--output", "content", "--force"], { cwd: dir });
    expect(lines(forced.stdout)).toContain(`imported saved/${PHOTO_PAGE} → ${PHOTO_ARTICLE} (replaced)`);
    expect(filesBelow(path.join(dir, "content"))).toEqual(before);
  });

  it("refuses it, naming the file and --force and --keep-history, when the article there is of another capture (no source_sha256; a misspelt field elsewhere) but names the page's id", async () => {
    const dir = tempDir("newsmirror-import-");
    mkdirSync(path.join(dir, "saved"));
    writeFileSync(path.join(dir, "saved/content_WS61009037c6d0df57f98ddaf8.txt"), SEED_TEXT);
    mkdirSync(path.join(dir, "content"));
    const article = path.join(dir, "content/content_WS61009037c6d0df57f98ddaf8.md");
    writeFileSync(
      article,
      '---\ntitle: Tajik president meets Wei\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\ndatline: DUSHANBE\nid: "61009037c6d0df57f98ddaf8"\n---\nEdited.\n',
    );
    const again = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(
      "failed   saved/content_WS61009037c6d0df57f98ddaf8.txt: content/content_WS61009037c6d0df57f98ddaf8.md already holds this page (same id 61009037c6d0df57f98ddaf8), from another capture; nothing written: --force replaces it, --keep-history keeps it as an earlier version beside this one",
    );
    expect(filesBelow(path.join(dir, "content"))).toEqual(["content_WS61009037c6d0df57f98ddaf8.md"]);
  });

  it("of a page without an id skips it too: no -2.md", async () => {
    const dir = tempDir("newsmirror-import-");
    mkdirSync(path.join(dir, "saved"));
    writeFileSync(path.join(dir, "saved/seed.txt"), SEED_TEXT);
    await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    // The user edits the article into one the build refuses (a photo not there yet); it is still the same page.
    const article = path.join(dir, "content/tajik-president-chinese-defense-minister-agree-to-enhance-cooperation.md");
    writeFileSync(article, `${readFileSync(article, "utf8")}\n![The two leaders](leaders.jpg)\n`);
    const again = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(again.stdout).toContain(
      "skipped  saved/seed.txt: already imported, as content/tajik-president-chinese-defense-minister-agree-to-enhance-cooperation.md (same address",
    );
    expect(filesBelow(path.join(dir, "content"))).toEqual([
      "tajik-president-chinese-defense-minister-agree-to-enhance-cooperation.md",
    ]);
  });
});

describe("what import reads of the content folder", () => {
  it("is the articles' front matter: no photo is encoded, and no photo cache is written into it or beside it", async () => {
    const dir = project(["english.www.gov.cn"], FIXTURES);
    expect((await runCli(["import", "saved", "--output", "content"], { cwd: dir })).status).toBe(0);
    const again = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(again.stdout).toContain("imported 0, skipped 3, failed 0");
    expect(readdirSync(path.join(dir, "content")).filter((name) => name.startsWith("."))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(["content", "saved"]);
  });
});

describe("plain messages", () => {
  it("an unknown charset is called unknown, with the charsets newsmirror reads", async () => {
    const dir = project(["unknown-charset.html"]);
    const run = await runCli(["import", "saved", "--output", "content"], { cwd: dir });
    expect(lines(run.stderr)).toEqual([
      'failed   saved/unknown-charset.html: its <meta charset> names "x-klingon", which is not a charset newsmirror knows (it reads UTF-8 and the charsets browsers know: GB2312, GBK, GB18030, Big5, Shift_JIS, EUC-KR, ISO-8859-1, windows-1252, …); correct the <meta charset>, or save the page as UTF-8',
    ]);
  });

  it("a --url that is not on gov.cn gets a warning", async () => {
    const dir = tempDir("newsmirror-import-");
    writeFileSync(path.join(dir, "page.txt"), SEED_TEXT);
    const url = "https://example.com/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
    const run = await runCli(["import", "page.txt", "--output", "content", "--url", url], { cwd: dir });
    expect(lines(run.stderr)).toEqual([
      `warning  page.txt: --url ${url} is not on gov.cn (example.com), so this may not be an english.www.gov.cn article; its path gave the section and id all the same`,
    ]);
    expect(run.status).toBe(0);
  });
});
