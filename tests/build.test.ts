import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, inject, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { runCli } from "./helpers/cli.ts";
import {
  ROOT,
  SAMPLE_CONTENT,
  articleText,
  filesBelow,
  makeContent,
  spawnCli,
  tempDir,
  treeSnapshot,
} from "./helpers/site.ts";
import { GOVCN_CODES } from "./helpers/site.ts";

const sampleSite = inject("sampleSite");

/** `newsmirror build` of `content` in this process, into a new folder, without the search index. */
async function build(content: string, ...extra: string[]) {
  const out = tempDir();
  const args = ["build", "--input", content, "--output", out, "--no-search", ...extra];
  const result = await runCli(args, { cwd: tempDir() });
  return { ...result, out };
}

describe("newsmirror build", () => {
  it("builds the sample site: one page per article at its gov.cn-style address", () => {
    expect(filesBelow(sampleSite, { endingWith: ".html" })).toEqual(
      expect.arrayContaining([
        "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
        "policies/latestreleases/202108/02/content_WS6107c5e8c6d0df57f98de0a1.html",
        "culture/202108/05/exhibition-traces-the-ancient-tea-horse-road.html",
      ]),
    );
    expect(existsSync(path.join(sampleSite, "assets/site.css"))).toBe(true);
  });

  it("shows an article without a dateline without a prefix, and any source on the info line", () => {
    const page = "policies/latestreleases/202108/02/content_WS6107c5e8c6d0df57f98de0a1.html";
    const lines = pageLines(readFileSync(path.join(sampleSite, page), "utf8"));
    expect(lines[2]).toBe("Updated: August 2, 2021 18:30 english.www.gov.cn/Xinhua");
    expect(lines[3]).toMatch(/^A guideline on keeping public records/);
  });

  it("stops on a bad article with exit 1 and one line per problem naming file, line and field", async () => {
    const content = makeContent({
      "news/no-offset.md": articleText({ updated: "2021-07-28T07:01:00" }),
      "news/no-title.md": articleText({ title: undefined }),
      "news/list-title.md": articleText({ title: "[a, b]" }),
      "news/bad-id.md": articleText({ id: "xyz" }),
      "news/good.md": articleText(),
    });
    const { status, stderr, out } = await build(content);
    expect(status).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/news\/no-offset\.md:3: updated: "2021-07-28T07:01:00" has no UTC offset/),
        expect.stringMatching(/news\/no-title\.md: title: is required but missing$/),
        expect.stringMatching(/news\/list-title\.md:2: title: must be text, but is a list$/),
        expect.stringMatching(/news\/bad-id\.md:5: id: "xyz" must be 24 lower-case hex digits/),
      ]),
    );
    expect(lines.at(-1)).toBe("newsmirror: 4 problems in content; nothing was written (--verbose shows more)");
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  });

  it("stops when two articles would write the same page, naming both", async () => {
    const content = makeContent({
      "a/one.md": articleText({ title: "Same title" }),
      "b/two.md": articleText({ title: "Same title" }),
    });
    const { status, stderr } = await build(content);
    expect(status).toBe(1);
    expect(stderr).toMatch(/a\/one\.md: writes the same page as .*b\/two\.md \(\/202107\/28\/same-title\.html\)/);
  });

  it("keeps the last good site when a build fails, and drops pages of deleted articles when one succeeds", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }), "b.md": articleText({ title: "Beta" }) });
    const out = tempDir();
    const args = ["build", "--input", content, "--output", out, "--no-search"];
    const cwd = tempDir();
    expect((await runCli(args, { cwd })).status).toBe(0);
    const before = filesBelow(out);
    const page = readFileSync(path.join(out, "202107/28/alpha.html"), "utf8");

    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha", updated: "yesterday" }));
    expect((await runCli(args, { cwd })).status).toBe(1);
    expect(filesBelow(out)).toEqual(before);
    expect(readFileSync(path.join(out, "202107/28/alpha.html"), "utf8")).toBe(page);

    rmSync(path.join(content, "a.md"));
    expect((await runCli(args, { cwd })).status).toBe(0);
    expect(existsSync(path.join(out, "202107/28/alpha.html"))).toBe(false);
    expect(existsSync(path.join(out, "202107/28/beta.html"))).toBe(true);
  });

  it("leaves drafts out unless asked", async () => {
    const content = makeContent({
      "d.md": articleText({ title: "Draft piece", draft: "true" }),
      "p.md": articleText({ title: "Published piece" }),
    });
    expect(existsSync(path.join((await build(content)).out, "202107/28/draft-piece.html"))).toBe(false);
    expect(existsSync(path.join((await build(content, "--drafts")).out, "202107/28/draft-piece.html"))).toBe(true);
  });

  it("takes every footer string from site settings", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({
        footer: {
          copyright: "版权所有：中国政府网",
          links: [{ text: "联系我们", href: "/contact/" }],
          identification: "网站标识码{code}",
          registration: "京ICP备{number}号",
          registrationSeparator: "　",
          rights: [],
        },
        header: { app: { text: "客户端", href: "/app/" } },
      }),
      "a.md": articleText({ title: "Alpha" }),
    });
    const { out, status } = await build(content);
    expect(status).toBe(0);
    const lines = pageLines(readFileSync(path.join(out, "202107/28/alpha.html"), "utf8"));
    expect(lines[0]).toBe("客户端");
    expect(lines).toContain("版权所有：中国政府网 | 联系我们");
    expect(lines).toContain("网站标识码bm01000001 京ICP备05070218号");
    expect(lines.slice(-2)).toEqual(["网站标识码bm01000001", "京ICP备05070218号"]);
  });
});

describe("builds in one process", () => {
  const BUILD_TIME = "2021-08-08T12:00:00+08:00";
  /** A second site, unlike the sample: its own settings, sections and a draft. */
  const smallSite = (folder = "") => ({
    [`${folder}site.json`]: JSON.stringify({
      name: "Small Mirror",
      baseUrl: "https://example.org/small/",
      footer: GOVCN_CODES,
    }),
    [`${folder}news/a.md`]: articleText({ title: "Small alpha", section: "news/topnews", dateline: "BEIJING" }),
    [`${folder}culture/b.md`]: articleText({ title: "Beta", section: "culture", updated: "2021-07-29T09:00:00+08:00" }),
    [`${folder}news/c.md`]: articleText({ title: "Small draft", draft: "true" }),
  });

  /** A build's summary lines without what changes from run to run: the seconds, the rate, the output folder. */
  const timeless = (stdout: string) =>
    stdout
      .replace(/\d+\.\d\d s/g, "S s")
      .replace(/\d+ pages\/s → \S+/, "R pages/s → OUT")
      .replace(/no earlier site in \S+\)/, "no earlier site in OUT)")
      .replace(/preview --output \S+\n/, "preview --output OUT\n");
  const SAMPLE_SUMMARY = new RegExp(
    String.raw`^newsmirror: full build \(no earlier site in OUT\)\n` +
      String.raw`newsmirror: built \d+ pages \(3 articles\) in S s, R pages/s → OUT\n` +
      String.raw`newsmirror: search index \(Pagefind\) in S s, 3 articles\n` +
      String.raw`newsmirror: photos: \d+ encoded \(\d+ files\), 0 from the cache\n` +
      String.raw`newsmirror: to preview it: npx newsmirror preview --output OUT\n$`,
  );
  const SMALL_SUMMARY =
    /^newsmirror: full build \(no earlier site in OUT\)\nnewsmirror: built \d+ pages \(2 articles\) in S s, R pages\/s → OUT\nnewsmirror: to preview it: npx newsmirror preview --output OUT\n$/;

  it("builds two different folders in one process, byte for byte as two CLI builds", async () => {
    // One with a photo and the search index, one without either (a photo of 40×30: encoding is not what is tested).
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#4a7" } })
      .jpeg()
      .toBuffer();
    const withPhoto = makeContent({
      "site.json": readFileSync(path.join(SAMPLE_CONTENT, "site.json")),
      "news/a.md": articleText({ title: "Tea pickers", dateline: "PU'ER" }, "![Tea pickers at work](tea.jpg)\n"),
      "news/tea.jpg": photo,
      "news/b.md": articleText({ title: "Second", updated: "2021-07-29T09:00:00+08:00" }),
      "culture/c.md": articleText({ title: "Third", section: "culture", updated: "2021-07-30T09:00:00+08:00" }),
    });
    const small = makeContent(smallSite());
    const folders = [
      { content: withPhoto, args: [] as string[] },
      { content: small, args: ["--no-search"] },
    ];
    const argsFor = (folder: (typeof folders)[number], out: string, cache: string) => [
      ...["build", "--input", folder.content, "--output", out],
      ...["--build-time", BUILD_TIME, "--image-cache", cache, ...folder.args],
    ];
    // Both at once in this process: a build may share nothing with another but the modules.
    const inProcess = await Promise.all(
      folders.map(async (folder) => {
        const out = path.join(tempDir(), "site");
        const result = await runCli(argsFor(folder, out, path.join(tempDir(), "cache")), { cwd: tempDir() });
        expect([result.status, result.stderr]).toEqual([0, ""]);
        return { out, result };
      }),
    );
    for (const [i, folder] of folders.entries()) {
      const out = path.join(tempDir(), "site");
      const spawned = spawnCli(argsFor(folder, out, path.join(tempDir(), "cache")), { cwd: tempDir() });
      expect([spawned.status, spawned.stderr]).toEqual([0, ""]);
      // The binary's summary lines: pages and articles, then the search index and the photos where there are any.
      const summary = i === 0 ? SAMPLE_SUMMARY : SMALL_SUMMARY;
      expect(timeless(spawned.stdout)).toMatch(summary);
      expect(timeless(inProcess[i]!.result.stdout)).toBe(timeless(spawned.stdout));
      expect(treeSnapshot(inProcess[i]!.out)).toEqual(treeSnapshot(out));
    }
    // Each build wrote its own site: the settings of one never reached the other.
    expect(readFileSync(path.join(inProcess[1]!.out, "index.html"), "utf8")).toContain("Small Mirror");
    expect(readFileSync(path.join(inProcess[0]!.out, "index.html"), "utf8")).not.toContain("Small Mirror");
  });

  it("reads no Eleventy config or ignore file of the folder it runs in: the same site as from the project", async () => {
    // A user's folder: its content/, and an Eleventy setup of its own that would fail or hide everything if read.
    const project = makeContent({
      ...smallSite("content/"),
      "eleventy.config.js": 'throw new Error("eleventy.config.js of the working folder was loaded");\n',
      ".eleventy.js": 'throw new Error(".eleventy.js of the working folder was loaded");\n',
      ".eleventyignore": "**\n",
      ".gitignore": "*\n",
    });
    const sites = [];
    for (const [cwd, input] of [
      [project, "content"],
      [ROOT, path.join(project, "content")],
    ] as const) {
      const out = path.join(tempDir(), "site");
      const cache = path.join(tempDir(), "cache");
      const args = ["--input", input, "--output", out, "--image-cache", cache, "--no-search"];
      const result = await runCli(["build", ...args, "--build-time", BUILD_TIME], { cwd });
      expect([result.status, result.stderr]).toEqual([0, ""]);
      sites.push(treeSnapshot(out));
    }
    expect(Object.keys(sites[0]!)).toContain("news/topnews/index.html");
    expect(sites[1]).toEqual(sites[0]);
  });
});
