import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importPages, listInputs } from "../src/import/batch.ts";
import { loadSettings } from "../src/settings/settings.ts";
import { filesBelow, ROOT, tempDir } from "./helpers/site.ts";

/** A real photo (a build decodes every photo, and so does import before it copies one). */
const REAL_JPEG = path.join(
  ROOT,
  "tests/fixtures/import/english.www.gov.cn/news/photos/202403/04/content_WS65e59e75f0e1d2c3b4a59687_files/W020240304681234567890.jpg",
);

const page = (title: string, date: string, body: string) => `App\n${title}\nUpdated: ${date} 07:01 Xinhua\n${body}\n`;

async function importDir(dir: string, out: string, force = false) {
  const inputs = await listInputs([dir], dir);
  return importPages({ inputs, outDir: out, displayRoot: out, settings: loadSettings(out), force });
}

describe("importing pages without an id", () => {
  it("gives two articles with the same title two files, and --force never replaces the other one", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.txt"), page("Premier's schedule", "July 28, 2021", "Monday's meetings."));
    writeFileSync(path.join(dir, "b.txt"), page("Premier's schedule", "July 29, 2021", "Tuesday's meetings."));
    const out = tempDir();
    const first = await importDir(dir, out);
    expect(first.map((o) => [o.status, "file" in o ? o.file : ""])).toEqual([
      ["imported", "premiers-schedule.md"],
      ["imported", "premiers-schedule-2.md"],
    ]);
    const again = await importDir(dir, out, true);
    expect(again.map((o) => [o.status, "file" in o ? o.file : ""])).toEqual([
      ["imported", "premiers-schedule.md"],
      ["imported", "premiers-schedule-2.md"],
    ]);
    expect(readdirSync(out).sort()).toEqual(["premiers-schedule-2.md", "premiers-schedule.md"]);
    expect(readFileSync(path.join(out, "premiers-schedule-2.md"), "utf8")).toContain("Tuesday's meetings.");
  });

  it("skips a second copy of the same page in one batch", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "copy"));
    writeFileSync(path.join(dir, "a.txt"), page("Same", "July 28, 2021", "Text."));
    writeFileSync(path.join(dir, "copy/a.txt"), page("Same", "July 28, 2021", "Text."));
    const outcomes = await importDir(dir, tempDir());
    expect(outcomes.map((o) => o.status)).toEqual(["imported", "skipped"]);
    expect(outcomes[1]).toMatchObject({ reason: `same page as ${path.join(dir, "a.txt")}, imported just before` });
  });
});

describe("where an imported page's address comes from", () => {
  const seed = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");

  it("takes section and id from --url when the file name does not hold them", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "saved page.txt"), seed);
    const out = tempDir();
    const inputs = await listInputs([path.join(dir, "saved page.txt")], dir);
    const url = "https://english.www.gov.cn/news/topnews/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
    const [outcome] = await importPages({
      inputs,
      outDir: out,
      displayRoot: out,
      settings: loadSettings(out),
      force: false,
      url,
    });
    expect(outcome).toMatchObject({
      status: "imported",
      file: "news/topnews/content_WS61009037c6d0df57f98ddaf8.md",
      warnings: [],
    });
    expect(readFileSync(path.join(out, "news/topnews/content_WS61009037c6d0df57f98ddaf8.md"), "utf8")).toContain(
      "section: news/topnews\nid: 61009037c6d0df57f98ddaf8\n",
    );
  });

  it("warns when the id's time disagrees with Updated", async () => {
    const pages = tempDir();
    writeFileSync(
      path.join(pages, "content_WS61009037c6d0df57f98ddaf8.html"),
      `<div class="Artical_Title"><h1>T</h1></div><div class="Artical_Info">Updated: July 29, 2021 07:01 Xinhua</div>
      <div class="Artical_Content"><p>Body.</p></div>`,
    );
    const out = tempDir();
    const [outcome] = await importDir(pages, out);
    expect(outcome!.status).toBe("imported");
    expect(outcome!.warnings).toEqual([
      "id 61009037c6d0df57f98ddaf8 dates the page 2021-07-28T07:01:11+08:00 (its first 8 hex digits are Unix seconds), but it says Updated 2021-07-29T07:01:00+08:00",
      "no section in the page's address (give --url, or import the folder that mirrors gov.cn's paths)",
    ]);
    expect(readdirSync(out)).toEqual(["content_WS61009037c6d0df57f98ddaf8.md"]);
  });

  it("copies no file from outside the saved page's folder, and writes no article that would lack it", async () => {
    const dir = tempDir();
    const pages = path.join(dir, "pages");
    mkdirSync(pages);
    writeFileSync(path.join(dir, "secret.jpg"), readFileSync(REAL_JPEG));
    writeFileSync(
      path.join(pages, "content_WS61009037c6d0df57f98ddaf8.html"),
      `<div class="Artical_Title"><h1>T</h1></div><div class="Artical_Info">Updated: July 28, 2021 07:01 Xinhua</div>
      <div class="Artical_Content"><p><img src="../secret.jpg" alt="x"></p><p>Caption. [Photo/Xinhua]</p><p>Body.</p></div>`,
    );
    const out = tempDir();
    const [outcome] = await importDir(pages, out);
    expect(outcome).toMatchObject({
      status: "failed",
      reason: `photo ../secret.jpg lies outside the saved page's folder (${pages}); import takes photos from that folder only`,
    });
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("where an import may write", () => {
  const JPEG = readFileSync(REAL_JPEG);
  const ADDRESS = "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
  const ARTICLE = "statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8.md";

  /** A saved page with a photo saved beside it, in gov.cn's folders. */
  function savedPage(photo: Buffer | null = JPEG, pages = tempDir()): string {
    const file = path.join(pages, ADDRESS);
    mkdirSync(path.dirname(file), { recursive: true });
    const figure = photo === null ? "" : '<p><img src="photo.jpg" alt="A photo"></p><p>Caption. [Photo/Xinhua]</p>';
    writeFileSync(
      file,
      `<div class="Artical_Title"><h1>T</h1></div><div class="Artical_Info">Updated: July 28, 2021 07:01 Xinhua</div>
      <div class="Artical_Content">${figure}<p>Body.</p></div>`,
    );
    if (photo) writeFileSync(path.join(path.dirname(file), "photo.jpg"), photo);
    return pages;
  }

  it("never writes through a symbolic link inside --output that leads out of it", async () => {
    const out = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, path.join(out, "statecouncil"));
    const [outcome] = await importDir(savedPage(), out);
    expect(outcome).toMatchObject({
      status: "failed",
      reason: `would write outside ${out}: ${path.join(out, ARTICLE)} leads to ${path.join(elsewhere, "weifenghe/content_WS61009037c6d0df57f98ddaf8.md")} (a symbolic link)`,
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("never copies a photo through a symbolic link beside the article, even with --force", async () => {
    const out = tempDir();
    // First without its photo; then the page again, now with one, replacing the article.
    const pages = savedPage(null);
    expect((await importDir(pages, out))[0]).toMatchObject({ status: "imported" });
    const photo = path.join(out, "statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8-photo-1.jpg");
    const outside = path.join(tempDir(), "precious.jpg");
    writeFileSync(outside, "not to be overwritten");
    symlinkSync(outside, photo);
    savedPage(JPEG, pages);
    const [again] = await importDir(pages, out, true);
    expect(again).toMatchObject({
      status: "failed",
      reason: `would write outside ${out}: ${photo} leads to ${outside} (a symbolic link)`,
    });
    expect(readFileSync(outside, "utf8")).toBe("not to be overwritten");
  });

  it("never replaces a file that is already there without --force (a photo of the same name)", async () => {
    const out = tempDir();
    const photo = path.join(out, "statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8-photo-1.jpg");
    mkdirSync(path.dirname(photo), { recursive: true });
    writeFileSync(photo, "the user's own file");
    const [outcome] = await importDir(savedPage(), out);
    expect(outcome).toMatchObject({
      status: "failed",
      reason: `${photo} is already there (not an article of this page; nothing replaced)`,
    });
    expect(readFileSync(photo, "utf8")).toBe("the user's own file");
    expect(readdirSync(path.dirname(photo))).toEqual([path.basename(photo)]);
  });

  it("takes no photo through a symbolic link that leads out of the saved page's folder", async () => {
    const pages = savedPage(JPEG);
    const link = path.join(pages, path.dirname(ADDRESS), "photo.jpg");
    rmSync(link);
    const secret = path.join(tempDir(), "secret.jpg");
    writeFileSync(secret, JPEG);
    symlinkSync(secret, link);
    const out = tempDir();
    const [outcome] = await importDir(pages, out);
    expect(outcome).toMatchObject({
      status: "failed",
      reason: `photo photo.jpg is a symbolic link (to ${secret}); import follows no link, so that no file from elsewhere on this computer reaches the site: put the photo itself there and import again`,
    });
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("the articles already in the content folder", () => {
  it("are known by front matter alone: photos missing, broken or fine, none opened, no photo cache made", async () => {
    const dir = tempDir();
    const seed = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");
    writeFileSync(path.join(dir, "content_WS61009037c6d0df57f98ddaf8.txt"), seed);
    writeFileSync(path.join(dir, "a.txt"), page("Premier's schedule", "July 28, 2021", "Monday's meetings."));
    writeFileSync(path.join(dir, "b.txt"), page("Tea harvest", "July 29, 2021", "Pickers on the hillside."));
    const out = tempDir();
    expect((await importDir(dir, out)).map((o) => o.status)).toEqual(["imported", "imported", "imported"]);
    // Then edited: a lead photo that is not there, a body photo that is no photo, and a real one.
    const edit = (file: string, change: (text: string) => string) =>
      writeFileSync(path.join(out, file), change(readFileSync(path.join(out, file), "utf8")));
    const lead = "image: { src: gone.jpg, alt: Gone }";
    edit("content_WS61009037c6d0df57f98ddaf8.md", (text) => text.replace("\n---\n", `\n${lead}\n---\n`));
    edit("premiers-schedule.md", (text) => `${text}\n![A photo](broken.jpg)\n`);
    writeFileSync(path.join(out, "broken.jpg"), "not a photo");
    edit("tea-harvest.md", (text) => `${text}\n![Pickers](pickers.jpg)\n`);
    writeFileSync(path.join(out, "pickers.jpg"), readFileSync(REAL_JPEG));
    const before = filesBelow(out);

    const again = await importDir(dir, out);
    expect(again.map((o) => [o.status, "reason" in o ? o.reason.replace(/; --force replaces it$/, "") : ""])).toEqual([
      [
        "skipped",
        "already imported, as premiers-schedule.md (same address /202107/28/premiers-schedule.html, the same saved bytes)",
      ],
      [
        "skipped",
        "already imported, as tea-harvest.md (same address /202107/29/tea-harvest.html, the same saved bytes)",
      ],
      [
        "skipped",
        "already imported, as content_WS61009037c6d0df57f98ddaf8.md (same id 61009037c6d0df57f98ddaf8, the same saved bytes)",
      ],
    ]);
    expect(filesBelow(out)).toEqual(before);
    expect(filesBelow(dir)).toEqual(["a.txt", "b.txt", "content_WS61009037c6d0df57f98ddaf8.txt"]);
  });
});
