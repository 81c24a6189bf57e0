/**
 * `newsmirror init` and a site's own brand (issue 19): a new site that builds at once with its own name, logo and
 * footer, and none of gov.cn's lines; init's refusals (a folder with something in it, a bad value) touching nothing;
 * a logo that is missing, mislabelled or unsafe named by its field before anything is written.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { filesBelow, makeContent, tempDir } from "./helpers/site.ts";

const MINIMAL_ARTICLE = `---
title: Port reopens
updated: 2024-03-05T09:30:00+08:00
source: Daily News
section: news
---
The port reopened on Tuesday.
`;

describe("newsmirror init", () => {
  it("writes a site of its own that builds and checks at once, English and Chinese", async () => {
    const where = tempDir();
    for (const [dir, design, name] of [
      ["daily", "govcn-en", "Daily News"],
      ["xinwen", "govcn-zh", "每日新闻"],
    ] as const) {
      const made = await runCli(["init", dir, "--design", design, "--name", name], { cwd: where });
      expect([made.status, made.stderr]).toEqual([0, ""]);
      expect(made.stdout).toContain(`cd ${dir} && npm install`);
      const site = path.join(where, dir);
      expect(filesBelow(site)).toEqual([
        ".github/workflows/site.yml",
        ".gitignore",
        "content/logo.svg",
        "content/news/welcome.md",
        "content/site.json",
        "package.json",
      ]);
      const built = await runCli(["build", "--no-search"], { cwd: site });
      expect([built.status, built.stderr]).toEqual([0, ""]);
      const checked = await runCli(["check"], { cwd: site });
      expect([checked.status, checked.stderr]).toEqual([0, ""]);
      const page = filesBelow(path.join(site, "_site/news")).find((f) => /content_|\d{8}-/.test(f))!;
      const html = readFileSync(path.join(site, "_site/news", page), "utf8");
      expect(html).toContain(design === "govcn-en" ? "Welcome to Daily News" : "欢迎来到每日新闻");
      expect(html).toContain(`<img src="/assets/site-logo.svg" alt="${name}" height="60">`);
      // No gov.cn lines: its registration numbers, rights, App link, logo.
      for (const govcn of ["05070218", "bm01000001", "gov.cn", "header__app", "国务院", "/assets/logo"])
        expect(html, `${dir}: ${govcn}`).not.toContain(govcn);
    }
  });

  it("keeps everything builds make out of git: the site, its caches, and its spare copy beside it", async () => {
    const where = tempDir();
    expect((await runCli(["init", "daily"], { cwd: where })).status).toBe(0);
    const site = path.join(where, "daily");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: site, encoding: "utf8" });
    git("init", "-q");
    const made = git("status", "--porcelain", "--untracked-files=all");
    // Two builds: the second, incremental, leaves the first site beside _site as its spare copy.
    for (const title of ["Welcome", "Welcome again"]) {
      const welcome = path.join(site, "content/news/welcome.md");
      writeFileSync(welcome, readFileSync(welcome, "utf8").replace(/^title: .*$/m, `title: ${title}`));
      expect((await runCli(["build", "--no-search"], { cwd: site })).status).toBe(0);
    }
    expect(existsSync(path.join(site, "._site.spare"))).toBe(true);
    expect(git("status", "--porcelain", "--untracked-files=all")).toBe(made);
  });

  it("refuses a folder with anything in it, a file, and bad values, writing nothing", async () => {
    const where = tempDir();
    mkdirSync(path.join(where, "taken"));
    writeFileSync(path.join(where, "taken", "notes.txt"), "mine");
    writeFileSync(path.join(where, "plain-file"), "mine");
    const cases: [string[], RegExp][] = [
      [["init", "taken"], /taken: is not empty \(1 entry, e\.g\. notes\.txt\)/],
      [["init", "plain-file"], /plain-file: is not a folder/],
      [["init"], /give the folder for the new site/],
      [["init", "a", "b"], /one folder, not 2/],
      [["init", "fresh", "--design", "govcn-fr"], /--design: "govcn-fr" is not a design; did you mean govcn-en/],
      [["init", "fresh", "--base-url", "ftp://x.example/"], /--base-url: "ftp:\/\/x\.example\/" is not an http/],
      [["init", "fresh", "--name", "  "], /--name: must not be empty/],
      [["init", "fresh", "--nmae", "X"], /--nmae.*--name/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd: where });
      expect([result.status, result.stderr], args.join(" ")).toEqual([2, expect.stringMatching(message)]);
    }
    expect(readdirSync(where).sort()).toEqual(["plain-file", "taken"]);
    expect(readdirSync(path.join(where, "taken"))).toEqual(["notes.txt"]);
    expect(readFileSync(path.join(where, "plain-file"), "utf8")).toBe("mine");
  });

  it("makes missing parent folders, and an empty folder is fine", async () => {
    const where = tempDir();
    mkdirSync(path.join(where, "empty"));
    for (const dir of ["empty", "a/b/site"]) {
      const made = await runCli(["init", dir], { cwd: where });
      expect([made.status, made.stderr]).toEqual([0, ""]);
      expect(existsSync(path.join(where, dir, "content/site.json"))).toBe(true);
    }
    // The name defaults to the folder's.
    expect(JSON.parse(readFileSync(path.join(where, "a/b/site/content/site.json"), "utf8")).name).toBe("site");
  });
});

describe("a site's own brand (site.json logo, header.app, footer)", () => {
  const settings = (extra: object) =>
    JSON.stringify({ name: "Daily News", baseUrl: "https://news.example.com/", ...extra });

  it("publishes a PNG logo, no App link when header.app is false, no empty footer lines", async () => {
    const realPng = Buffer.from(
      "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
      "hex",
    );
    const content = makeContent({
      "site.json": settings({
        logo: { file: "brand/logo.png", alt: "Daily News" },
        header: { app: false },
        footer: { identification: "", registration: "", rights: [], links: [] },
      }),
      "brand/logo.png": realPng,
      "news/port.md": MINIMAL_ARTICLE,
    });
    const out = path.join(tempDir(), "site");
    const built = await runCli(["build", "--input", content, "--output", out, "--no-search"]);
    expect([built.status, built.stderr]).toEqual([0, ""]);
    expect(readFileSync(path.join(out, "assets/site-logo.png")).equals(realPng)).toBe(true);
    const home = readFileSync(path.join(out, "index.html"), "utf8");
    expect(home).toContain('<img src="/assets/site-logo.png" alt="Daily News" height="60">');
    expect(home).not.toContain("header__app");
    expect(home).not.toContain("footer__codes");
    expect(home).not.toContain("footer__rights");
    expect(home).toContain('<div class="footer__links">Copyright© www.gov.cn</div>');
  });

  it("names logo.file when the logo is missing, mislabelled, unsafe or leads out; nothing is built", async () => {
    const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${body}</svg>`;
    const cases: [Record<string, string | Buffer>, object, RegExp][] = [
      [{}, { file: "logo.svg", alt: "D" }, /logo\.file: "logo\.svg": no such file beside site\.json/],
      [{ "logo.gif": "GIF89a" }, { file: "logo.gif", alt: "D" }, /a logo is an \.svg, \.png or \.webp file/],
      [{ "logo.png": svg("") }, { file: "logo.png", alt: "D" }, /is not PNG \(its bytes are SVG: rename it to \.svg\)/],
      [{ "logo.svg": svg("<script>alert(1)</script>") }, { file: "logo.svg", alt: "D" }, /holds a <script> element/],
      [{ "logo.svg": svg('<rect onclick="x()"/>') }, { file: "logo.svg", alt: "D" }, /an event handler attribute/],
      [
        { "logo.svg": svg('<image href="https://cdn.example/x.png"/>') },
        { file: "logo.svg", alt: "D" },
        /a reference to another site/,
      ],
      [{}, { file: "../outside.svg", alt: "D" }, /give a file in the content folder/],
      [{ "logo.svg": svg("") }, { file: "logo.svg", alt: " " }, /site\.json:1: logo\.alt: must not be empty/],
    ];
    for (const [files, logo, message] of cases) {
      const content = makeContent({ "site.json": settings({ logo }), "news/port.md": MINIMAL_ARTICLE, ...files });
      const out = path.join(tempDir(), "site");
      const built = await runCli(["build", "--input", content, "--output", out, "--no-search"]);
      expect([built.status, built.stderr], JSON.stringify(logo)).toEqual([1, expect.stringMatching(message)]);
      expect(built.stderr).toContain("site.json");
      expect(existsSync(out)).toBe(false);
    }
  });

  it("warns when a site not on gov.cn publishes gov.cn's codes by default; not when site.json writes them", async () => {
    const build = async (site: object) => {
      const content = makeContent({ "site.json": JSON.stringify(site), "news/port.md": MINIMAL_ARTICLE });
      const project = tempDir();
      cpSync(content, path.join(project, "content"), { recursive: true });
      return runCli(["build", "--output", path.join(tempDir(), "site"), "--no-search"], { cwd: project });
    };
    const inherited = await build({ baseUrl: "https://news.example.com/" });
    expect([inherited.status, inherited.stderr]).toEqual([
      0,
      `content/site.json: warning: footer.identificationCode: the site (news.example.com) publishes gov.cn's bm01000001 and 05070218 in its footer, by default: write your own footer.identificationCode and footer.registrationNumber in site.json, "" to leave the line out, or gov.cn's own to keep them in a mirror\n`,
    ]);
    const quiet = [
      { baseUrl: "https://english.www.gov.cn/" }, // gov.cn itself
      {
        baseUrl: "https://news.example.com/",
        footer: { identificationCode: "bm01000001", registrationNumber: "05070218" },
      },
      {
        baseUrl: "https://news.example.com/",
        footer: { identification: "", registration: "" },
        chinese: { footer: ["版权所有"] },
      },
      { baseUrl: "https://news.example.com/", footer: { identificationCode: "X1", registrationNumber: "2" } },
    ];
    for (const site of quiet) expect((await build(site)).stderr, JSON.stringify(site)).toBe("");
  });

  it("warns of a section name near a section with articles (a typo), not of a section without any yet", async () => {
    const project = tempDir();
    cpSync(
      makeContent({
        "site.json": JSON.stringify({
          baseUrl: "https://english.www.gov.cn/",
          sectionNames: { nwes: "News", news: "News", sports: "Sports" },
        }),
        "news/port.md": MINIMAL_ARTICLE,
      }),
      path.join(project, "content"),
      { recursive: true },
    );
    const built = await runCli(["build", "--output", path.join(tempDir(), "site"), "--no-search"], { cwd: project });
    expect([built.status, built.stderr]).toEqual([
      0,
      'content/site.json: warning: sectionNames.nwes: no article is in section "nwes", so the name is not shown; did you mean "news"?\n',
    ]);
  });

  it("says which article addresses a time-zone change moved, and builds in full saying why", async () => {
    const project = tempDir();
    const content = path.join(project, "content");
    const article = MINIMAL_ARTICLE.replace("2024-03-05T09:30:00+08:00", "2021-07-28T07:01:00+08:00"); // 27 July in UTC
    cpSync(
      makeContent({ "site.json": JSON.stringify({ timeZone: "Asia/Shanghai" }), "news/port.md": article }),
      content,
      {
        recursive: true,
      },
    );
    const build = () => runCli(["build", "--output", "site", "--no-search"], { cwd: project });
    expect((await build()).status).toBe(0);
    expect(filesBelow(path.join(project, "site/news"))).toContain("202107/28/port-reopens.html");
    writeFileSync(path.join(content, "site.json"), JSON.stringify({ timeZone: "UTC" }));
    const moved = await build();
    expect(moved.status).toBe(0);
    expect(moved.stdout).toContain("full build (the time zone changed (Asia/Shanghai → UTC))");
    expect(moved.stderr).toBe(
      "newsmirror: note: the time zone changed (Asia/Shanghai → UTC) and 1 article page of the last build is gone (e.g. /news/202107/28/port-reopens.html): an article's address holds its date in the site's time zone, so links to the old address break; list them in the articles' aliases, or keep the time zone\n",
    );
    expect(filesBelow(path.join(project, "site/news"))).toContain("202107/27/port-reopens.html");
    // Back again: moved back, said again; a change that moves nothing says nothing.
    writeFileSync(path.join(content, "site.json"), JSON.stringify({ timeZone: "Asia/Tokyo" }));
    const back = await build();
    expect(back.stderr).toContain("(UTC → Asia/Tokyo) and 1 article page");
    writeFileSync(path.join(content, "site.json"), JSON.stringify({ timeZone: "Asia/Shanghai" }));
    expect((await build()).stderr).toBe("");
  });
});
