import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getOuterHTML } from "domutils";
import { beforeAll, describe, expect, it } from "vitest";
import { expectedLines, firstDifference, pageLines } from "../src/fidelity/page-text.ts";
import { findById, parseHtml } from "../src/import/dom.ts";
import { runCli } from "./helpers/cli.ts";
import { ROOT, SEED_PAGE, tempDir } from "./helpers/site.ts";

const FIXTURES = path.join(ROOT, "tests/fixtures/import");
const SEED_TEXT = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");
/** The footer lines every built page ends with (default settings), as the seed shows them. */
const FOOTER = expectedLines(SEED_TEXT).slice(
  expectedLines(SEED_TEXT).indexOf("Copyright© www.gov.cn | About us | Contact us"),
);

const CURRENT_FIXTURES = [
  "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
  "policies/latestreleases/202303/15/content_WS64112dc3a1b2c3d4e5f60718.html",
  "news/photos/202403/04/content_WS65e59e75f0e1d2c3b4a59687.html",
];
const CAPTIONS = [
  "Visitors look at lanterns at a park in Beijing, capital of China, March 3, 2024. [Photo/Xinhua]",
  "Children carry rabbit lanterns in Dongcheng district. [Photo by Li Tao/chinadaily.com.cn]",
];

async function importAndBuild(args: string[]): Promise<{ content: string; site: string; stdout: string }> {
  const content = path.join(tempDir(), "content");
  const site = path.join(tempDir(), "site");
  const imported = await runCli(["import", ...args, "--output", content]);
  expect(imported.stderr).toBe("");
  expect(imported.status).toBe(0);
  const cache = tempDir("newsmirror-cache-");
  const built = await runCli(["build", "--input", content, "--output", site, "--no-search", "--image-cache", cache]);
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
  return { content, site, stdout: imported.stdout };
}

const builtLines = (site: string, page: string) => pageLines(readFileSync(path.join(site, page), "utf8"));

describe("import → build gives back the original page's text", () => {
  it("for the seed page saved as text", async () => {
    const dir = tempDir();
    const saved = path.join(
      dir,
      "english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.txt",
    );
    mkdirSync(path.dirname(saved), { recursive: true });
    writeFileSync(saved, SEED_TEXT);
    const { site, content } = await importAndBuild([dir]);
    expect(firstDifference(builtLines(site, SEED_PAGE), expectedLines(SEED_TEXT))).toBeUndefined();
    expect(
      readFileSync(path.join(content, "statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8.md"), "utf8"),
    ).toMatch(
      /^---\ntitle: Tajik president, Chinese defense minister agree to enhance cooperation\nupdated: 2021-07-28T07:01:00\+08:00\nsource: Xinhua\ndateline: DUSHANBE\nsection: statecouncil\/weifenghe\nid: 61009037c6d0df57f98ddaf8\ncaptured: \S+\nsource_sha256: [0-9a-f]{64}\n---\nTajik President Emomali Rahmon and/,
    );
  });

  describe("for every fixture page", () => {
    let site: string;
    let content: string;
    beforeAll(async () => {
      ({ site, content } = await importAndBuild([FIXTURES]));
    });

    it.each(CURRENT_FIXTURES)("current template: %s, line for line", (page) => {
      const original = pageLines(readFileSync(path.join(FIXTURES, "english.www.gov.cn", page), "utf8"));
      expect(firstDifference(builtLines(site, page), original)).toBeUndefined();
    });

    it("photos: captions in <figure>s, the files saved beside the page copied beside the article", () => {
      const page = CURRENT_FIXTURES[2]!;
      const built = readFileSync(path.join(site, page), "utf8");
      for (const caption of CAPTIONS) expect(built).toContain(`<figcaption>${caption}</figcaption>`);
      expect(built).toMatch(/<img [^>]*alt="Lantern display in Beijing"/);
      const source = readFileSync(
        path.join(
          FIXTURES,
          "english.www.gov.cn/news/photos/202403/04/content_WS65e59e75f0e1d2c3b4a59687_files/W020240304681234567890.jpg",
        ),
      );
      expect(readFileSync(path.join(content, "news/photos/content_WS65e59e75f0e1d2c3b4a59687-photo-1.jpg"))).toEqual(
        source,
      );
      const article = readFileSync(path.join(content, "news/photos/content_WS65e59e75f0e1d2c3b4a59687.md"), "utf8");
      expect(article).toContain(
        `![Lantern display in Beijing](<content_WS65e59e75f0e1d2c3b4a59687-photo-1.jpg> "Visitors look at lanterns at a park in Beijing, capital of China, March 3, 2024. \\[Photo/Xinhua\\]")`,
      );
      // The first paragraph of text carries the dateline, though a photo comes first.
      expect(article).toContain("dateline: BEIJING\n");
    });

    it("older template: the article's lines, its info line in today's format, in the current page", () => {
      const markup = readFileSync(
        path.join(FIXTURES, "english.gov.cn/news/top_news/2018/11/20/content_281476398405226.htm"),
        "utf8",
      );
      const body = pageLines(getOuterHTML(findById(parseHtml(markup), "sp")!));
      const expected = [
        "App",
        "Xi arrives in Manila for state visit to the Philippines",
        "Updated: November 20, 2018 19:46 Xinhua",
        ...body,
        ...FOOTER,
      ];
      expect(body[0]).toMatch(/^MANILA — Chinese President/);
      expect(
        firstDifference(
          builtLines(site, "news/top_news/201811/20/xi-arrives-in-manila-for-state-visit-to-the-philippines.html"),
          expected,
        ),
      ).toBeUndefined();
    });
  });
});

const GOOD_TEXT = SEED_TEXT;
const NOT_GOVCN = "<html><body><h1>My blog</h1><p>Hello</p></body></html>";

describe("a batch import", () => {
  it("imports what it can, says why each other page failed, and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "content_WS61009037c6d0df57f98ddaf8.txt"), GOOD_TEXT);
    writeFileSync(path.join(dir, "blog.html"), NOT_GOVCN);
    writeFileSync(path.join(dir, "broken.txt"), "App\nA title\nUpdated: Smarch 28, 2021 07:01 Xinhua\nBody\n");
    writeFileSync(path.join(dir, "latin1.txt"), Buffer.from([0x41, 0xe9, 0x0a]));
    writeFileSync(path.join(dir, "notes.md"), "not a page");
    // A browser's "save complete page" folder holds frames and scripts, not articles: not listed.
    mkdirSync(path.join(dir, "content_WS61009037c6d0df57f98ddaf8_files"));
    writeFileSync(path.join(dir, "content_WS61009037c6d0df57f98ddaf8_files/frame.htm"), NOT_GOVCN);
    const out = path.join(tempDir(), "content");
    const result = await runCli(["import", dir, "--output", out]);
    expect(result.status).toBe(1);
    const failed = result.stderr.split("\n").filter((l) => l.startsWith("failed"));
    expect(failed).toEqual([
      `failed   ${path.join(dir, "blog.html")}: not a gov.cn article page: no div.Artical_Content (current template), div.conter-conter (older template) or #UCAP-CONTENT (www.gov.cn, Chinese)`,
      `failed   ${path.join(dir, "broken.txt")}: info line: "Smarch" is not a month`,
      `failed   ${path.join(dir, "latin1.txt")}: is not valid UTF-8 text`,
    ]);
    expect(result.stdout).toContain(
      `imported ${path.join(dir, "content_WS61009037c6d0df57f98ddaf8.txt")} → ${path.join(out, "content_WS61009037c6d0df57f98ddaf8.md")}`,
    );
    expect(result.stdout).toMatch(/newsmirror: imported 1, skipped 0, failed 3 \(4 pages in [\d.]+ s\)/);
    expect(existsSync(path.join(out, "content_WS61009037c6d0df57f98ddaf8.md"))).toBe(true);
  });

  it("never overwrites an article that is there, by file or by id, unless --force", async () => {
    const dir = tempDir();
    const saved = path.join(
      dir,
      "english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
    );
    mkdirSync(path.dirname(saved), { recursive: true });
    cpSync(
      path.join(
        FIXTURES,
        "english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
      ),
      saved,
    );
    // The sample content already has the seed article, under another file name.
    const out = path.join(tempDir(), "content");
    cpSync(path.join(ROOT, "content"), out, { recursive: true });
    const existing = path.join(out, "statecouncil/weifenghe/tajik-president-wei-fenghe.md");
    writeFileSync(existing, readFileSync(existing, "utf8").replace("Mirzo personally", "EDITED Mirzo personally"));

    const skipped = await runCli(["import", dir, "--output", out]);
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain(
      `skipped  ${saved}: already imported, as ${existing} (same id 61009037c6d0df57f98ddaf8, the same saved bytes); --force replaces it`,
    );
    expect(skipped.stdout).toMatch(/imported 0, skipped 1, failed 0/);
    expect(readFileSync(existing, "utf8")).toContain("EDITED");

    const forced = await runCli(["import", dir, "--output", out, "--force"]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(`imported ${saved} → ${existing} (replaced)`);
    expect(readFileSync(existing, "utf8")).not.toContain("EDITED");
    expect(existsSync(path.join(out, "statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8.md"))).toBe(false);
  });

  it("refuses --url for more than one page", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.txt"), GOOD_TEXT);
    const url = "https://english.www.gov.cn/news/topnews/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
    const two = await runCli([
      "import",
      path.join(dir, "a.txt"),
      dir,
      "--url",
      url,
      "--output",
      path.join(dir, "content"),
    ]);
    expect(two.status).toBe(2);
    expect(two.stderr).toBe("newsmirror: --url: gives the address of one page, but 2 pages were named\n");
  });
});

describe("every import fixture, imported, built and checked", () => {
  it("gives content that builds and a site that checks clean: an import that exits 0 leaves content that builds", async () => {
    const project = tempDir();
    const fixtures = ["tests/fixtures/import", "tests/fixtures/import-zh"].map((f) => path.join(ROOT, f));
    const imported = await runCli(["import", ...fixtures, "--output", "content"], { cwd: project });
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/imported 7, skipped 0, failed 0/);
    const built = await runCli(["build", "--no-search"], { cwd: project });
    expect([built.status, built.stderr]).toEqual([0, ""]);
    const checked = await runCli(["check"], { cwd: project });
    expect([checked.status, checked.stderr]).toEqual([0, ""]);
    expect(checked.stdout).toMatch(/7 articles, no problems[\s\S]*pages valid, every internal link and image found/);
  });
});
