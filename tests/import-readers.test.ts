import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseAddress } from "../src/import/address.ts";
import { parseInfoLine } from "../src/import/info-line.ts";
import { ImportError } from "../src/import/model.ts";
import { readPage } from "../src/import/read-page.ts";
import { articlePath, articleText, bodyMarkdown, prepareArticle, splitDateline } from "../src/import/writer.ts";
import { ROOT } from "./helpers/site.ts";

const FIXTURES = path.join(ROOT, "tests/fixtures/import");
const SEED_HTML = path.join(
  FIXTURES,
  "english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
);
const OLDER_HTML = path.join(FIXTURES, "english.gov.cn/news/top_news/2018/11/20/content_281476398405226.htm");
const PHOTO_HTML = path.join(
  FIXTURES,
  "english.www.gov.cn/news/photos/202403/04/content_WS65e59e75f0e1d2c3b4a59687.html",
);

const read = (file: string) => readPage(readFileSync(file), file);
const html = (body: string) => Buffer.from(body);

describe("reading a page saved as text (the seed's shape)", () => {
  const page = read(path.join(ROOT, "tests/fixtures/govcn-article.txt"));

  it("takes the title, the Updated time in Beijing time and the source", () => {
    expect(page.title).toBe("Tajik president, Chinese defense minister agree to enhance cooperation");
    expect(page.updated).toBe("2021-07-28T07:01:00+08:00");
    expect(page.source).toBe("Xinhua");
  });

  it("keeps the body paragraphs and drops the header and both footers", () => {
    expect(page.body).toHaveLength(9);
    expect(page.body[0]).toEqual({ kind: "paragraph", text: expect.stringMatching(/^DUSHANBE — Tajik President/) });
    expect(page.body.at(-1)).toEqual({
      kind: "paragraph",
      text: "Mirzo personally greeted Wei and the delegation at the airport on July 26.",
    });
  });

  it("refuses text without an info line or a title, saying which", () => {
    expect(() => readPage(Buffer.from("App\nJust a title\nA paragraph\n"), "x.txt")).toThrow(/no info line/);
    expect(() => readPage(Buffer.from("App\nUpdated: July 28, 2021 07:01 Xinhua\nBody\n"), "x.txt")).toThrow(
      /no title/,
    );
  });
});

describe("the source, without the info line's widgets", () => {
  const page = (info: string, meta = "") =>
    readPage(
      html(
        `${meta}<div class="Artical_Title"><h1>T</h1></div><div class="Artical_Info">${info}</div><div class="Artical_Content"><p>Body</p></div>`,
      ),
      "saved.html",
    );
  const WIDGETS =
    '<div class="fontsize">Font size: <a>A+</a> <a>A</a> <a>A-</a></div> <div class="share">Share - <a>WeChat</a> <a>Facebook</a> <a>Twitter</a></div> <a>Print</a>';

  it("takes the words after the time up to the font size, share and print widgets (a real saved page's shape)", () => {
    expect(page(`Updated: July 28, 2021 07:01 Xinhua ${WIDGETS}`).source).toBe("Xinhua");
    expect(
      parseInfoLine("Updated: July 28, 2021 07:01 Xinhua Font size: A+ A A- Share - WeChat Facebook Twitter Print"),
    ).toEqual({
      updated: "2021-07-28T07:01:00+08:00",
      source: "Xinhua",
    });
  });

  it("prefers the source element, then the source meta, to the line's words", () => {
    const element = page(
      `<span class="time">Updated: July 28, 2021 07:01</span> <span class="source">english.www.gov.cn</span> ${WIDGETS}`,
      '<meta name="source" content="Xinhua">',
    );
    expect(element.source).toBe("english.www.gov.cn");
    expect(element.warnings).toContain(
      'the source meta says "Xinhua", the info line "english.www.gov.cn"; kept the info line\'s',
    );
    expect(page(`Updated: July 28, 2021 07:01 ${WIDGETS}`, '<meta name="source" content="Xinhua">').source).toBe(
      "Xinhua",
    );
  });
});

describe("reading the current english.www.gov.cn template", () => {
  it("reads the article parts by their class names and prefers the publishdate meta's seconds", () => {
    const page = read(SEED_HTML);
    expect(page.title).toBe("Tajik president, Chinese defense minister agree to enhance cooperation");
    expect(page.updated).toBe("2021-07-28T07:01:11+08:00");
    expect(page.published).toBeUndefined();
    expect(page.source).toBe("Xinhua");
    expect(page.body.map((b) => b.kind)).toEqual(Array(9).fill("paragraph"));
  });

  it("keeps a publishdate that differs from the info line as the first publication", () => {
    const page = readPage(
      html(`<meta name="publishdate" content="2021-07-27 22:00:00"><div class="Artical_Title">T</div>
        <div class="Artical_Info">Updated: July 28, 2021 07:01 Xinhua</div><div class="Artical_Content"><p>Body</p></div>`),
      "x.html",
    );
    expect(page.updated).toBe("2021-07-28T07:01:00+08:00");
    expect(page.published).toBe("2021-07-27T22:00:00+08:00");
  });

  it("takes the source from the meta when the info line has none", () => {
    const page = readPage(
      html(`<meta name="source" content="english.www.gov.cn/Xinhua"><div class="Artical_Title">T</div>
        <div class="Artical_Info">Updated: July 28, 2021 07:01</div><div class="Artical_Content"><p>Body</p></div>`),
      "x.html",
    );
    expect(page.source).toBe("english.www.gov.cn/Xinhua");
  });

  it("pairs each photo with the caption that follows it", () => {
    const page = read(PHOTO_HTML);
    expect(page.body).toEqual([
      {
        kind: "photo",
        photo: {
          src: "content_WS65e59e75f0e1d2c3b4a59687_files/W020240304681234567890.jpg",
          alt: "Lantern display in Beijing",
          caption: "Visitors look at lanterns at a park in Beijing, capital of China, March 3, 2024. [Photo/Xinhua]",
        },
      },
      { kind: "paragraph", text: expect.stringMatching(/^BEIJING — Lantern shows/) },
      {
        kind: "photo",
        photo: {
          src: "content_WS65e59e75f0e1d2c3b4a59687_files/W020240304681234567891.jpg",
          alt: "Children with lanterns",
          caption: "Children carry rabbit lanterns in Dongcheng district. [Photo by Li Tao/chinadaily.com.cn]",
        },
      },
      { kind: "paragraph", text: "The displays run until the end of the month." },
    ]);
  });

  it("finds the page's own address in a canonical link or the browser's saved-from comment", () => {
    const parts = `<div class="Artical_Title">T</div><div class="Artical_Info">Updated: July 28, 2021 07:01 Xinhua</div><div class="Artical_Content"><p>B</p></div>`;
    const saved = readPage(
      html(
        `<!-- saved from url=(0085)https://english.www.gov.cn/news/topnews/202107/28/content_WS61009037c6d0df57f98ddaf8.html -->${parts}`,
      ),
      "x.html",
    );
    expect(saved.address).toBe(
      "https://english.www.gov.cn/news/topnews/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
    );
    const canonical = readPage(
      html(
        `<link rel="canonical" href="https://english.www.gov.cn/a/202107/28/content_WS61009037c6d0df57f98ddaf8.html">${parts}`,
      ),
      "x.html",
    );
    expect(parseAddress(canonical.address!)).toMatchObject({ section: "a", id: "61009037c6d0df57f98ddaf8" });
  });

  it("refuses a page that is not a gov.cn article", () => {
    expect(() => readPage(html("<html><body><p>Hello</p></body></html>"), "x.html")).toThrow(ImportError);
    expect(() => readPage(html("<html><body><p>Hello</p></body></html>"), "x.html")).toThrow(
      /not a gov.cn article page/,
    );
  });
});

describe("reading the older english.gov.cn template", () => {
  it("reads the h3 title, the 12-hour info line as Beijing time and the #sp paragraphs", () => {
    const page = read(OLDER_HTML);
    expect(page.title).toBe("Xi arrives in Manila for state visit to the Philippines");
    expect(page.updated).toBe("2018-11-20T19:46:00+08:00");
    expect(page.source).toBe("Xinhua");
    expect(page.body).toHaveLength(4);
    expect(page.body[0]).toEqual({ kind: "paragraph", text: expect.stringMatching(/^MANILA — Chinese President/) });
  });
});

describe("info lines", () => {
  it("reads both templates' date formats, noon and midnight included", () => {
    expect(parseInfoLine("Updated: July 28, 2021 07:01 Xinhua")).toEqual({
      updated: "2021-07-28T07:01:00+08:00",
      source: "Xinhua",
    });
    expect(parseInfoLine("Updated: Nov 20,2018 7:46 PM \u00a0 Xinhua")).toEqual({
      updated: "2018-11-20T19:46:00+08:00",
      source: "Xinhua",
    });
    expect(parseInfoLine("Updated: Sept 3,2017 12:05 AM english.gov.cn")).toEqual({
      updated: "2017-09-03T00:05:00+08:00",
      source: "english.gov.cn",
    });
    expect(parseInfoLine("Updated: Jan 1,2016 12:30 PM Xinhua")).toMatchObject({
      updated: "2016-01-01T12:30:00+08:00",
    });
  });

  it("says why a line is not an info line", () => {
    expect(parseInfoLine("Published: July 28, 2021")).toHaveProperty("error");
    expect(parseInfoLine("Updated: Foo 28, 2021 07:01 Xinhua")).toEqual({ error: 'info line: "Foo" is not a month' });
    expect(parseInfoLine("Updated: Feb 30, 2021 07:01 Xinhua")).toHaveProperty(
      "error",
      expect.stringContaining("not a real calendar date"),
    );
    expect(parseInfoLine("Updated: Feb 3, 2021 13:01 PM Xinhua")).toHaveProperty(
      "error",
      expect.stringContaining("12-hour"),
    );
  });
});

describe("addresses", () => {
  it("gives section and id from a gov.cn address, a URL or a saved path", () => {
    const want = { section: "statecouncil/weifenghe", id: "61009037c6d0df57f98ddaf8", date: "2021-07-28" };
    expect(parseAddress("/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html")).toEqual(want);
    expect(
      parseAddress(
        "https://english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
      ),
    ).toEqual(want);
    expect(
      parseAddress(
        "/home/me/saved/english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
      ),
    ).toEqual(want);
    expect(parseAddress("http://english.gov.cn/news/top_news/2018/11/20/content_281476398405226.htm")).toEqual({
      section: "news/top_news",
      date: "2018-11-20",
    });
    expect(parseAddress("content_WS61009037c6d0df57f98ddaf8.html")).toEqual({ id: "61009037c6d0df57f98ddaf8" });
    expect(parseAddress("my page.html")).toEqual({});
  });

  it("gives no section from path segments that could leave the content folder or are not gov.cn sections", () => {
    expect(
      parseAddress("https://english.www.gov.cn/../../etc/202107/28/content_WS61009037c6d0df57f98ddaf8.html").section,
    ).not.toMatch(/\.\./);
    expect(parseAddress("../../etc/202107/28/content_WS61009037c6d0df57f98ddaf8.html")).toEqual({
      id: "61009037c6d0df57f98ddaf8",
      date: "2021-07-28",
    });
    expect(parseAddress("My Pages/202107/28/content_WS61009037c6d0df57f98ddaf8.html").section).toBeUndefined();
  });

  it("writes below the output folder only, named by id or by the title's slug", () => {
    expect(articlePath("/c", { section: "statecouncil/weifenghe", id: "61009037c6d0df57f98ddaf8", title: "T" })).toBe(
      "/c/statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8.md",
    );
    expect(articlePath("/c", { title: "../../etc/passwd" })).toBe("/c/etc-passwd.md");
    expect(() => articlePath("/c", { section: "../x", title: "T" })).toThrow(/outside/);
  });
});

describe("preparing the article", () => {
  const page = {
    title: "T",
    updated: "2021-07-28T07:01:00+08:00",
    source: "Xinhua",
    warnings: [],
    body: [{ kind: "paragraph" as const, text: "DUSHANBE — Text, exactly — as written." }],
  };

  it("splits an upper-case dateline off the first paragraph and keeps the rest exact", () => {
    expect(splitDateline("DUSHANBE — Text")).toEqual({ dateline: "DUSHANBE", rest: "Text" });
    expect(splitDateline("WASHINGTON, D.C. — Text")).toEqual({ dateline: "WASHINGTON, D.C.", rest: "Text" });
    expect(splitDateline("HONG KONG — “Quoted”")).toEqual({ dateline: "HONG KONG", rest: "“Quoted”" });
    for (const no of ["Beijing — Text", "BEIJING —Text", "BEIJING - Text", "A — Text", "BEIJING — "])
      expect(splitDateline(no), no).toBeUndefined();
    const prepared = prepareArticle(page, {});
    expect(prepared.frontMatter.dateline).toBe("DUSHANBE");
    expect(prepared.body[0]).toEqual({ kind: "paragraph", text: "Text, exactly — as written." });
  });

  it("warns when the id's time (its first 8 hex digits) disagrees with Updated", () => {
    expect(prepareArticle(page, { id: "61009037c6d0df57f98ddaf8" }).warnings).toEqual([]);
    const late = prepareArticle(page, { id: "610090ffc6d0df57f98ddaf8", date: "2021-07-28" });
    expect(late.warnings).toEqual([
      expect.stringMatching(
        /^id 610090ffc6d0df57f98ddaf8 dates the page 2021-07-28T07:04:31\+08:00 .*Updated 2021-07-28T07:01:00\+08:00$/,
      ),
    ]);
  });

  it("keeps the original address's date when the page was updated on a later day", () => {
    const updatedLater = { ...page, updated: "2021-07-30T09:00:00+08:00" };
    const prepared = prepareArticle(updatedLater, { id: "61009037c6d0df57f98ddaf8", date: "2021-07-28" });
    expect(prepared.frontMatter.published).toBe("2021-07-28T07:01:11+08:00");
    expect(prepared.warnings).toHaveLength(1);
  });

  it("writes front matter that reads back as the same text, quoting ids YAML would take for numbers", () => {
    for (const id of [
      "610090370000000000000000",
      "6100e12300000000000000ab",
      "6100e123000000000000000f",
      "000000000000000000000001",
    ]) {
      const text = articleText({
        frontMatter: { title: "No: a [title] # here", updated: page.updated, source: "yes", id },
        body: [],
        warnings: [],
      });
      const yaml = text.split("---\n")[1]!;
      expect(parseYaml(yaml, { schema: "core" })).toEqual({
        title: "No: a [title] # here",
        updated: page.updated,
        source: "yes",
        id,
      });
    }
    expect(
      articleText({
        frontMatter: { title: "T", updated: page.updated, source: "S", id: "610090370000000000000000" },
        body: [],
        warnings: [],
      }),
    ).toContain('id: "610090370000000000000000"');
  });
});

describe("page encodings", () => {
  it("decodes a page in the charset its meta declares (older gov.cn pages may be GB 2312)", () => {
    const head = Buffer.from(
      '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><div class="conter-conter"><h3>',
    );
    const tail = Buffer.from('</h3><div>Updated: Nov 20,2018 7:46 PM Xinhua</div><div id="sp"><p>Body</p></div></div>');
    const page = readPage(Buffer.concat([head, Buffer.from([0xd6, 0xd0, 0xb9, 0xfa]), tail]), "x.htm"); // 中国 in GBK
    expect(page.title).toBe("中国");
  });
});

describe("photos without alt text", () => {
  const base = { title: "T", updated: "2021-07-28T07:01:00+08:00", source: "Xinhua", warnings: [] };
  it("are described by their caption, credit left out", () => {
    const prepared = prepareArticle(
      {
        ...base,
        body: [{ kind: "photo", photo: { src: "a.jpg", alt: "", caption: "Lanterns in Beijing. [Photo/Xinhua]" } }],
      },
      {},
    );
    expect(prepared.body[0]).toEqual({
      kind: "photo",
      photo: { src: "a.jpg", alt: "Lanterns in Beijing.", caption: "Lanterns in Beijing. [Photo/Xinhua]" },
    });
    expect(prepared.warnings).toEqual([]);
  });

  it('with alt="" and no caption, are decorative, as the page says', () => {
    const prepared = prepareArticle({ ...base, body: [{ kind: "photo", photo: { src: "a.jpg", alt: "" } }] }, {});
    expect(bodyMarkdown(prepared.body)).toBe('![""](<a.jpg>)');
    expect(prepared.warnings).toEqual([]);
  });
});
