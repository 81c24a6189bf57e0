/**
 * Issue 17: the Chinese article page and the `govcn-zh` design. Each test builds a small site in a temporary
 * folder and reads what a reader, a scraper of www.gov.cn or a feed reader would: addresses, page text, words,
 * `lang`, the footer made from settings, and which language a listing takes in a site of both languages.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { firstSentences } from "../src/article/teaser.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, filesBelow, makeContent, SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

async function buildSite(content: string, ...extra: string[]) {
  const work = tempDir();
  const out = path.join(work, "_site");
  const result = await runCli(
    ["build", "--input", content, "--output", out, "--build-time", SAMPLE_BUILD_TIME, "--no-search", ...extra],
    { cwd: work },
  );
  const read = (file: string) => readFileSync(path.join(out, file), "utf8");
  return { result, out, read, text: (file: string) => pageLines(read(file)), files: () => filesBelow(out) };
}

/** A Chinese article of 2021-08-01 in `guowuyuan`, with the fields given. */
function zhArticle(fields: Record<string, string | undefined> = {}, body = "国务委员王勇在河北检查防汛工作。\n") {
  return articleText(
    {
      title: "王勇在河北检查安全生产和防汛工作",
      updated: "2021-08-01T06:59:00+08:00",
      published: "2021-08-01T06:08:00+08:00",
      source: "新华社",
      section: "guowuyuan",
      language: "zh-CN",
      ...fields,
    },
    body,
  );
}

const ZH_SITE = JSON.stringify({ design: "govcn-zh", sectionNames: { guowuyuan: "国务院" } });

describe("the design setting", () => {
  it("defaults to english.www.gov.cn's design; govcn-zh makes the site Chinese unless a setting says otherwise", () => {
    expect(parseSettings({})).toMatchObject({ design: "govcn-en", language: "en", timeZone: "Asia/Shanghai" });
    expect(parseSettings({ design: "govcn-zh" })).toMatchObject({
      language: "zh-CN",
      name: "中国政府网",
      timeZone: "Asia/Shanghai",
    });
    expect(parseSettings({ design: "govcn-zh", name: "我的镜像", language: "zh-Hans" })).toMatchObject({
      name: "我的镜像",
      language: "zh-Hans",
    });
  });

  it("refuses a design it does not know, naming the setting", () => {
    expect(() => parseSettings({ design: "govcn-fr" })).toThrow(/design.*"govcn-fr" must be "govcn-en" or "govcn-zh"/);
  });
});

describe("a Chinese article's page", () => {
  it("is at www.gov.cn's address with a 7-digit id, and shows the parts in www.gov.cn's order", async () => {
    const content = makeContent({
      "site.json": ZH_SITE,
      "guowuyuan/wang-yong.md": zhArticle({ id: '"5626689"', editor: "宋岩", dateline: "新华社石家庄7月31日电" }),
    });
    const site = await buildSite(content);
    expect(site.result.status, site.result.stderr).toBe(0);
    const lines = site.text("guowuyuan/2021-08/01/content_5626689.htm");
    expect(lines).toEqual([
      "国务院客户端",
      "首页 > 国务院",
      "王勇在河北检查安全生产和防汛工作",
      "2021-08-01 06:59 来源： 新华社",
      "【字体：大 中 小】 打印",
      "新华社石家庄7月31日电 国务委员王勇在河北检查防汛工作。",
      "责任编辑：宋岩",
      "主办单位：国务院办公厅 运行维护单位：中国政府网运行中心",
      "版权所有：中国政府网 中文域名：中国政府网.政务",
      "网站标识码bm01000001 京ICP备05070218号 京公网安备11010202000001号",
    ]);
    const page = site.read("guowuyuan/2021-08/01/content_5626689.htm");
    expect(page).toContain('<main class="column article-zh">');
    expect(page).toContain("<title>王勇在河北检查安全生产和防汛工作_国务院_中国政府网</title>");
  });

  it("has no editor line, author or manuscriptId meta without editor and id", async () => {
    const content = makeContent({ "site.json": ZH_SITE, "guowuyuan/a.md": zhArticle() });
    const site = await buildSite(content);
    const [file] = site.files().filter((f) => f.endsWith(".htm"));
    const page = site.read(file!);
    expect(page).not.toContain('class="editor"');
    expect(page).not.toMatch(/<meta name="(?:author|manuscriptId)"/);
    expect(page).toContain('<meta name="lanmu" content="国务院">');
  });

  it("without an id, is named by its date and its file's path: a new title keeps the address, a moved file changes it", async () => {
    const content = makeContent({ "site.json": ZH_SITE, "guowuyuan/a.md": zhArticle() });
    const pages = async () => (await buildSite(content)).files().filter((f) => f.endsWith(".htm"));
    const [first] = await pages();
    expect(first).toMatch(/^guowuyuan\/2021-08\/01\/20210801-[0-9a-f]{8}\.htm$/);
    writeFileSync(path.join(content, "guowuyuan/a.md"), zhArticle({ title: "新的标题" }));
    expect(await pages()).toEqual([first]);
    renameSync(path.join(content, "guowuyuan/a.md"), path.join(content, "guowuyuan/b.md"));
    const [moved] = await pages();
    expect(moved).toMatch(/^guowuyuan\/2021-08\/01\/20210801-[0-9a-f]{8}\.htm$/);
    expect(moved).not.toBe(first);
  });

  it("takes its footer lines from settings, with the site's identification code and registration number", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({
        design: "govcn-zh",
        footer: { identificationCode: "xx0001", registrationNumber: "123" },
        chinese: { footer: ["主办：某单位", "网站标识码{code}　备案号{number}"] },
      }),
      "guowuyuan/a.md": zhArticle(),
    });
    const site = await buildSite(content);
    const [file] = site.files().filter((f) => f.endsWith(".htm"));
    expect(site.text(file!).slice(-2)).toEqual(["主办：某单位", "网站标识码xx0001 备案号123"]);
  });
});

describe("a site of both languages", () => {
  it("gives Chinese articles the Chinese page and listing, English ones the English, each with its own lang", async () => {
    const content = makeContent({
      "guowuyuan/a.md": zhArticle({ id: '"5626689"' }),
      "culture/b.md": articleText({ title: "Tea", section: "culture" }),
    });
    const site = await buildSite(content);
    expect(site.result.status, site.result.stderr).toBe(0);
    expect(site.read("guowuyuan/2021-08/01/content_5626689.htm")).toContain('<html lang="zh-CN">');
    expect(site.read("culture/202107/28/tea.html")).toContain('<html lang="en">');
    // A section whose articles are all Chinese is a Chinese listing; the home page and archive follow the site.
    const section = site.read("guowuyuan/index.html");
    expect(section).toContain('<html lang="zh-CN">');
    expect(site.text("guowuyuan/index.html")).toContain("2021-08-01 06:59 来源：新华社");
    expect(JSON.parse(site.read("guowuyuan/feed.json"))).toMatchObject({
      language: "zh-CN",
      title: "Guowuyuan_english.www.gov.cn",
    });
    expect(site.read("index.html")).toContain('<html lang="en">');
    expect(site.text("archive/2021/08/index.html")).toContain("Archive: August 2021");
  });

  it("refuses a 7-digit id on an English article, saying how to mend it", async () => {
    const content = makeContent({ "a.md": articleText({ id: '"5626689"' }) });
    const site = await buildSite(content);
    expect(site.result.status).toBe(1);
    expect(site.result.stderr).toMatch(/a\.md:5: id: "5626689" is a www\.gov\.cn id \(7 digits\).*add language: zh-CN/);
  });
});

describe("newsmirror new in a govcn-zh site", () => {
  it("writes an article without an English id, from 新华社, that builds at its date-and-hash address", async () => {
    const content = makeContent({ "site.json": ZH_SITE });
    const cwd = tempDir();
    const made = await runCli(["new", "国务院常务会议", "--section", "guowuyuan", "--input", content], { cwd });
    expect(made.status, made.stderr).toBe(0);
    const file = made.stdout.trim().split("\n").at(-1)!;
    const text = readFileSync(path.resolve(cwd, file), "utf8");
    expect(text).toContain("source: 新华社");
    expect(text).not.toMatch(/^id:/m);
    // Published (a new article is a draft), and built now (it is dated now, after the sample's build time).
    writeFileSync(path.resolve(cwd, file), text.replace("draft: true\n", ""));
    const out = path.join(cwd, "_site");
    const built = await runCli(["build", "--input", content, "--output", out, "--no-search"], { cwd });
    expect(built.status, built.stderr).toBe(0);
    expect(filesBelow(out).filter((f) => f.endsWith(".htm"))).toEqual([
      expect.stringMatching(/^guowuyuan\/\d{4}-\d\d\/\d\d\/\d{8}-[0-9a-f]{8}\.htm$/),
    ]);
  });
});

describe("a Chinese article's teaser", () => {
  it("is its first whole sentences, which end at 。！？ with no space after them", () => {
    const body = `${"国务委员王勇在河北检查安全生产工作。".repeat(6)}他强调要压实责任！`;
    const teaser = firstSentences(body, 60);
    expect(teaser).toBe("国务委员王勇在河北检查安全生产工作。".repeat(3));
  });
});

describe("a govcn-zh site", () => {
  it("speaks Chinese on every page readers see: home, listings and pager, archive, search, 404, feeds", async () => {
    const files: Record<string, string> = { "site.json": JSON.stringify({ design: "govcn-zh", perPage: 1 }) };
    for (const n of [1, 2])
      files[`guowuyuan/${n}.md`] = zhArticle({
        title: `标题${n}`,
        updated: `2021-08-0${n}T08:00:00+08:00`,
        published: undefined,
      });
    const site = await buildSite(makeContent(files));
    expect(site.result.status, site.result.stderr).toBe(0);
    for (const file of ["index.html", "guowuyuan/index.html", "archive/index.html", "search.html", "404.html"])
      expect(site.read(file), file).toContain('<html lang="zh-CN">');
    expect(site.text("index.html")).toEqual(
      expect.arrayContaining(["最新新闻", "搜索 · 归档 · Atom 订阅 · JSON 订阅"]),
    );
    expect(site.text("guowuyuan/index.html")).toEqual(expect.arrayContaining(["首页 ›", "1 2 下一页"]));
    expect(site.read("guowuyuan/page_2.html")).toContain("<title>Guowuyuan（第2页，共2页）_中国政府网</title>");
    expect(site.text("archive/index.html")).toEqual(expect.arrayContaining(["归档", "2021年8月 (2)"]));
    expect(site.text("archive/2021/08/index.html")).toContain("归档：2021年8月");
    expect(site.text("404.html")).toContain("页面未找到");
    expect(site.text("search.html")).toContain("搜索");
    const feed = JSON.parse(site.read("feed.json")) as { title: string; language: string };
    expect(feed).toMatchObject({ title: "中国政府网", language: "zh-CN" });
    expect(JSON.parse(site.read("guowuyuan/feed.json"))).toMatchObject({ title: "Guowuyuan_中国政府网" });
  });
});
