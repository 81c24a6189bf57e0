/**
 * Importing saved www.gov.cn (Chinese) article pages: the ZH-2016 template in GBK and in UTF-8, and the ZH-2023
 * template. The pages are tests/fixtures/import-zh/ (written by its make-fixtures.py; the GBK one is checked in as
 * the bytes it wrote). What is checked is what the importer writes: the front matter and the Markdown.
 */
import { cpSync, readFileSync } from "node:fs";
import { getOuterHTML } from "domutils";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { pageLines } from "../src/fidelity/page-text.ts";
import { parseAddress } from "../src/import/address.ts";
import { findById, parseHtml } from "../src/import/dom.ts";
import { ImportError } from "../src/import/model.ts";
import { decodePage, readPage } from "../src/import/read-page.ts";
import { articlePath, articleText, prepareArticle, splitDateline } from "../src/import/writer.ts";
import { runCli } from "./helpers/cli.ts";
import { filesBelow, makeContent, ROOT, tempDir } from "./helpers/site.ts";

const FIXTURES = path.join(ROOT, "tests/fixtures/import-zh/www.gov.cn");
const GBK_PAGE = "guowuyuan/2021-07/22/content_5626689.htm";
const PHOTO_PAGE = "xinwen/2021-08/01/content_5628797.htm";
const PAGE_2023 = "xinwen/2023-02/26/content_5743376.htm";

/** The article file import writes for a fixture page: its front matter (parsed) and its Markdown body. */
function imported(page: string): {
  frontMatter: Record<string, unknown>;
  body: string;
  text: string;
  warnings: string[];
} {
  const file = path.join(FIXTURES, page);
  const read = readPage(readFileSync(file), file);
  const prepared = prepareArticle(read, parseAddress(`www.gov.cn/${page}`));
  const text = articleText(prepared);
  const [, yaml, body] = /^---\n([\s\S]*?)---\n([\s\S]*)$/.exec(text)!;
  return { frontMatter: parseYaml(yaml!) as Record<string, unknown>, body: body!, text, warnings: prepared.warnings };
}

describe("a ZH-2016 page saved in GBK (declared gb2312)", () => {
  const bytes = readFileSync(path.join(FIXTURES, GBK_PAGE));

  it("is really GBK: not UTF-8, and decoded by its http-equiv charset", () => {
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(decodePage(bytes, true)).toContain("王勇在河北检查防汛救灾工作时强调");
  });

  it("imports to the front matter the page says, the id quoted, the dateline out of the lede", () => {
    const { frontMatter, text } = imported(GBK_PAGE);
    expect(frontMatter).toEqual({
      title: "王勇在河北检查防汛救灾工作时强调 压实责任 全力做好防汛救灾各项工作",
      // The minute of pages-date, the seconds of lastmodifiedtime (the same minute); firstpublishedtime is the same.
      updated: "2021-07-22T20:31:05+08:00",
      source: "新华社",
      dateline: "新华社石家庄7月22日电",
      section: "guowuyuan",
      id: "5626689",
      editor: "宋岩",
      language: "zh-CN",
    });
    expect(text).toContain('\nid: "5626689"\n');
  });

  it("keeps the paragraphs as text, without fonts, styles, the toolbar, QR code, related list or footer", () => {
    const { body } = imported(GBK_PAGE);
    expect(body).toBe(
      `${[
        "国务委员、国家防汛抗旱总指挥部副总指挥王勇22日在河北检查防汛救灾工作。他强调，要压实各级防汛责任，全力做好防汛救灾各项工作。",
        "王勇先后来到保定、石家庄等地，察看河道行洪和水库运行情况，看望慰问一线抢险人员。",
        "王勇指出，当前正值“七下八上”防汛关键期，要加强监测预报预警，做到早发现、早报告、早处置。",
      ].join("\n\n")}\n`,
    );
    for (const chrome of ["字体", "打印", "分享", "扫一扫", "相关稿件", "责任编辑", "版权所有", "宋体"])
      expect(body).not.toContain(chrome);
  });
});

describe("a ZH-2016 page in UTF-8 with a photo, a link and bold type", () => {
  it("takes published from firstpublishedtime when it is another minute, updated from the minute shown", () => {
    const { frontMatter } = imported(PHOTO_PAGE);
    expect(frontMatter).toMatchObject({
      title: "河北：多措并举保障群众安全度汛",
      updated: "2021-08-01T06:59:12+08:00",
      published: "2021-08-01T06:58:40+08:00",
      source: "新华社",
      section: "xinwen",
      id: "5628797",
      editor: "宋岩",
      language: "zh-CN",
    });
    // The lede has no space after 电 (a reporter's name follows in brackets): no dateline is cut out of it.
    expect(frontMatter).not.toHaveProperty("dateline");
  });

  it("keeps links (made absolute on www.gov.cn), bold and italics, and the photo with its caption", () => {
    const { body } = imported(PHOTO_PAGE);
    const paragraphs = body.trimEnd().split("\n\n");
    expect(paragraphs).toEqual([
      "新华社石家庄7月31日电（记者 杨帆）记者31日从河北省应急管理厅获悉，河北已转移安置受威胁群众**12万余人**。",
      '![7月31日，救援人员在河北省邢台市转移群众。新华社记者 杨世尧 摄](<content_5628797_files/W020210801345678901234.jpg> "7月31日，救援人员在河北省邢台市转移群众。新华社记者 杨世尧 摄")',
      "根据[国家防总的部署](<https://www.gov.cn/zhengce/2021-07/30/content_5628433.htm>)，河北省启动防汛**Ⅳ级**应急响应，并派出*工作组*赴一线。",
      // `坚持**“…”**` is no emphasis in Markdown (its asterisks would show): the text is kept, without the bold.
      "各地坚持“人民至上、生命至上”，把保障人民群众生命安全放在第一位。",
    ]);
    expect(body).not.toContain("不应导入"); // a script's output
    expect(body).not.toContain("下一页"); // page navigation
    expect(body).not.toContain("分享到微信");
  });

  it("says which paragraph lost its bold type", () => {
    expect(imported(PHOTO_PAGE).warnings).toEqual([
      expect.stringMatching(/^1 paragraph of the body lost its links or bold\/italic type/),
    ]);
  });
});

describe("a ZH-2023 page (h1#ti, span.zrbj)", () => {
  it("imports title, editor, source without the size switch, and the dateline", () => {
    const { frontMatter, body } = imported(PAGE_2023);
    expect(frontMatter).toEqual({
      title: "各地抓好春耕备耕工作",
      // firstpublishedtime falls within the minute shown: its seconds make `updated` exact.
      updated: "2023-02-26T10:02:33+08:00",
      source: "新华社",
      dateline: "新华社北京2月26日电",
      section: "xinwen",
      id: "5743376",
      editor: "王洋",
      language: "zh-CN",
    });
    expect(body).toBe(
      "眼下，各地抓住农时，*科学*推进春耕备耕。\n\n农业农村部表示，将加强[农资保供](<https://www.moa.gov.cn/>)和技术指导。\n",
    );
  });
});

describe("Chinese pages: addresses, datelines, encodings, errors", () => {
  it("reads section, date and the 7-digit id from a www.gov.cn address", () => {
    expect(parseAddress("http://www.gov.cn/guowuyuan/2021-07/22/content_5626689.htm")).toEqual({
      section: "guowuyuan",
      id: "5626689",
      date: "2021-07-22",
    });
    expect(parseAddress("saved/content_5626689.htm")).toEqual({ id: "5626689" });
    expect(parseAddress("https://www.gov.cn/zhengce/content/202107/content_5626689.htm")).toEqual({
      section: "zhengce/content",
      id: "5626689",
    });
  });

  it("writes the article as content_{id}.md in its section", () => {
    expect(articlePath("/out", { section: "guowuyuan", id: "5626689", title: "王勇" })).toBe(
      path.resolve("/out/guowuyuan/content_5626689.md"),
    );
  });

  it("cuts a Chinese dateline only before a space, and only in a Chinese article", () => {
    expect(splitDateline("新华社石家庄7月31日电 记者从河北获悉。", "zh-CN")).toEqual({
      dateline: "新华社石家庄7月31日电",
      rest: "记者从河北获悉。",
    });
    expect(splitDateline("新华社石家庄7月31日电（记者 杨帆）记者获悉。", "zh-CN")).toBeUndefined();
    expect(splitDateline("今天 天气很好。", "zh-CN")).toBeUndefined();
    expect(splitDateline("新华社石家庄7月31日电 记者从河北获悉。")).toBeUndefined();
  });

  it("reads an undeclared page as UTF-8 when it is, else as GB18030", () => {
    const gbk = readFileSync(path.join(FIXTURES, GBK_PAGE));
    const undeclared = Buffer.from(gbk.toString("latin1").replace(/<meta http-equiv[^>]*>/, ""), "latin1");
    expect(decodePage(undeclared, true)).toContain("压实责任");
    expect(decodePage(Buffer.from("<p>中文</p>"), true)).toBe("<p>中文</p>");
    // A page saved as text is the referee's form of an English page: UTF-8 only.
    expect(() => decodePage(undeclared, false)).toThrow(/not valid UTF-8/);
  });

  it("names what is missing from a Chinese page", () => {
    const page = (inner: string) =>
      Buffer.from(`<meta charset="utf-8"><div class="pages_content" id="UCAP-CONTENT"><p>正文</p></div>${inner}`);
    expect(() => readPage(page(""), "a.htm")).toThrow(/no title \(h1 in div\.article\.oneColumn, or h1#ti\)/);
    expect(() => readPage(page('<h1 id="ti">标题</h1>'), "a.htm")).toThrow(/no date line \(div\.pages-date\)/);
    expect(() =>
      readPage(
        page('<h1 id="ti">标题</h1><div class="pages-date">2021-08-01 06:59 <span class="font">打印</span></div>'),
        "a.htm",
      ),
    ).toThrow(ImportError);
    expect(() =>
      readPage(
        page('<h1 id="ti">标题</h1><div class="pages-date">2021-08-01 06:59 <span class="font">打印</span></div>'),
        "a.htm",
      ),
    ).toThrow(/names no source/);
  });
});

describe("an imported Chinese body builds back to the saved page's body text", () => {
  /** The saved page's body lines, as the referee reads #UCAP-CONTENT, its widgets left out. */
  const savedBody = (page: string) => {
    const document = parseHtml(decodePage(readFileSync(path.join(FIXTURES, page)), true));
    return pageLines(getOuterHTML(findById(document, "UCAP-CONTENT")!)).filter(
      (line) => !["分享到微信", "1 下一页"].includes(line),
    );
  };
  const pages = [GBK_PAGE, PHOTO_PAGE, PAGE_2023];
  let built: string[][];

  // What import writes, built by a real build, the id left out (the page then has a slug address; the round trip
  // below imports and builds the pages whole).
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const [n, page] of pages.entries()) {
      const { text, frontMatter } = imported(page);
      files[`${frontMatter.section}/zh-${n}.md`] = text.replace(/^id: .*\n/m, "");
    }
    const content = makeContent(files);
    const photo = "xinwen/content_5628797_files/W020210801345678901234.jpg";
    cpSync(path.join(FIXTURES, "xinwen/2021-08/01", photo.slice("xinwen/".length)), path.join(content, photo));
    const out = path.join(tempDir(), "site");
    const result = await runCli([
      "build",
      "--input",
      content,
      "--output",
      out,
      "--no-search",
      "--image-cache",
      tempDir(),
    ]);
    expect(result.stderr).toBe("");
    built = filesBelow(out)
      .filter((f) => /^(?:guowuyuan|xinwen)\/.*\/(?!index|page_)[^/]+\.html?$/.test(f))
      .map((file) => pageLines(readFileSync(path.join(out, file), "utf8")));
  });

  it.each(pages)("%s: every line, in order; the lede's after its dateline", (page) => {
    const { frontMatter } = imported(page);
    const lines = built.find((page) => page.includes(frontMatter.title as string))!;
    const saved = savedBody(page);
    const dateline = frontMatter.dateline as string | undefined;
    // The Chinese design prints the dateline and a space, as the saved page: the lede is compared after it.
    const first = dateline ? saved[0]!.slice(dateline.length + 1) : saved[0]!;
    if (dateline) expect(saved[0]!.startsWith(`${dateline} `)).toBe(true);
    const at = lines.findIndex((line) => line.endsWith(first) && (!dateline || line.startsWith(dateline)));
    expect(at).toBeGreaterThan(1);
    expect(lines.slice(at + 1, at + saved.length)).toEqual(saved.slice(1));
  });
});

/**
 * The round trip: every fixture imports, builds at the address it had on www.gov.cn, and shows the title, and the
 * body's lines as the saved page does.
 */
describe("import → build gives back a Chinese page's text", () => {
  const pages = [GBK_PAGE, PHOTO_PAGE, PAGE_2023];
  /** The saved page's article: title, `pages-date` minute and source, body lines (its widgets left out). */
  const articleLines = (page: string) => {
    const document = parseHtml(decodePage(readFileSync(path.join(FIXTURES, page)), true));
    const body = pageLines(getOuterHTML(findById(document, "UCAP-CONTENT")!));
    return body.filter((line) => !["分享到微信", "1 下一页"].includes(line));
  };

  it.each(pages)("%s", async (page) => {
    const content = path.join(tempDir(), "content");
    const site = path.join(tempDir(), "site");
    const done = await runCli(["import", path.join(ROOT, "tests/fixtures/import-zh"), "--output", content]);
    expect(done.status).toBe(0);
    const built = await runCli([
      "build",
      "--input",
      content,
      "--output",
      site,
      "--no-search",
      "--image-cache",
      tempDir(),
    ]);
    expect(built.stderr).toBe("");
    const lines = pageLines(readFileSync(path.join(site, page), "utf8"));
    const body = articleLines(page);
    const first = lines.indexOf(body[0]!);
    expect(first).toBeGreaterThan(-1);
    expect(lines.slice(first, first + body.length)).toEqual(body);
    const { frontMatter } = imported(page);
    expect(lines).toContain(frontMatter.title);
  });
});
