import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { expectedLines, firstDifference, pageLines } from "../src/fidelity/page-text.ts";
import { ROOT, SEED_PAGE, SEED_ZH_PAGE } from "./helpers/site.ts";

describe("the built seed article reads exactly like the english.www.gov.cn page", () => {
  const out = inject("sampleSite");

  it("is written at the gov.cn address and its visible text matches the seed line for line", () => {
    const page = readFileSync(path.join(out, SEED_PAGE), "utf8");
    const seed = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");
    expect(firstDifference(pageLines(page), expectedLines(seed))).toBeUndefined();
  });

  it("carries the class names and metas that gov.cn scrapers select on", () => {
    const page = readFileSync(path.join(out, SEED_PAGE), "utf8");
    for (const cls of ["Artical_Title", "Artical_Info", "Artical_Content"]) expect(page).toContain(`class="${cls}"`);
    expect(page).toContain('<meta name="publishdate" content="2021-07-28 07:01:00">');
    expect(page).toContain('<meta name="source" content="Xinhua">');
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toMatch(
      /<title>Tajik president, Chinese defense minister agree to enhance cooperation - [^<]+<\/title>/,
    );
  });

  it("loads nothing from another origin", () => {
    const page = readFileSync(path.join(out, SEED_PAGE), "utf8");
    // canonical, alternate, prev, next and original (the page mirrored) links name addresses; browsers do not load them.
    const loaded = [...page.matchAll(/<(?:link|script|img|source|iframe)\b[^>]*(?:src|href)="([^"]+)"/g)]
      .filter((m) => !/^<link rel="(?:canonical|alternate|prev|next|original)"/.test(m[0]))
      .map((m) => m[1]!);
    expect(loaded.length).toBeGreaterThan(0);
    for (const url of loaded) expect(url, url).toMatch(/^\/(?!\/)/);
  });
});

describe("the built Chinese sample article reads like a www.gov.cn page of 2021", () => {
  const out = inject("sampleSite");
  const read = () => readFileSync(path.join(out, SEED_ZH_PAGE), "utf8");

  it("is written at www.gov.cn's address and its visible text matches its text file line for line", () => {
    const expected = readFileSync(path.join(ROOT, "tests/fixtures/govcn-zh-article.txt"), "utf8");
    expect(firstDifference(pageLines(read()), expectedLines(expected))).toBeUndefined();
  });

  it("carries the class names, ids and metas that www.gov.cn scrapers select on", () => {
    const page = read();
    expect(page).toMatch(/<html lang="zh-CN">/);
    for (const part of [
      '<div class="BreadcrumbNav">',
      '<div class="article oneColumn pub_border"',
      '<div class="pages-date">',
      '<span class="font">来源： 新华社</span>',
      '<div class="pages_print">',
      '<div class="pages_content" id="UCAP-CONTENT">',
      '<div class="editor">责任编辑：宋岩</div>',
      '<div class="xg-list related"><div class="pannel-title">',
      '<ul class="list01"',
      '<meta name="firstpublishedtime" content="2021-07-28-06:52:00">',
      '<meta name="lastmodifiedtime" content="2021-07-28-06:59:00">',
      '<meta name="author" content="宋岩">',
      '<meta name="lanmu" content="国务院">',
      '<meta name="manuscriptId" content="5627841">',
      '<meta name="keywords" content="国务委员">',
      '<link rel="canonical" href="https://mirror.example.org/guowuyuan/2021-07/28/content_5627841.htm">',
      '<script type="application/ld+json">',
      '<meta property="og:locale" content="zh_CN">',
    ]) {
      expect(page, part).toContain(part);
    }
    // 首页&nbsp;>&nbsp;国务院, each level a link, as www.gov.cn writes it.
    expect(page).toMatch(/<a href="[^"]*">首页<\/a>&nbsp;&gt;&nbsp;<a href="[^"]*guowuyuan\/[^"]*">国务院<\/a>/);
    expect(page).toMatch(/<title>塔吉克斯坦总统拉赫蒙会见魏凤和_国务院_[^<]+<\/title>/);
    // No share buttons: they would load third-party sites.
    expect(page).not.toMatch(/weibo|qzone|douban|weixin/i);
  });

  it("loads nothing from another origin", () => {
    const loaded = [...read().matchAll(/<(?:link|script|img|source|iframe)\b[^>]*(?:src|href)="([^"]+)"/g)]
      .filter((m) => !/^<link rel="(?:canonical|alternate|prev|next|original)"/.test(m[0]))
      .map((m) => m[1]!);
    expect(loaded).toContain("/assets/font-size.js");
    for (const url of loaded) expect(url, url).toMatch(/^\/(?!\/)/);
  });
});

describe("page text, by the referee's rules", () => {
  it("puts each block on its own line and keeps inline elements on one", () => {
    expect(pageLines("<div>Updated: <span>July 28</span> <b>Xinhua</b></div><p>a<br>b</p>")).toEqual([
      "Updated: July 28 Xinhua",
      "a",
      "b",
    ]);
  });

  it("ignores head, scripts, styles, svg and hidden elements", () => {
    const markup = `<html><head><title>T</title></head><body><script>x()</script><style>p{}</style><svg><text>s</text></svg>
      <div hidden>h</div><div aria-hidden="true">a</div><p>shown</p></body></html>`;
    expect(pageLines(markup)).toEqual(["shown"]);
  });

  it("collapses whitespace and decodes entities", () => {
    expect(pageLines("<p>  a \n\t b &amp; &quot;c&quot; &#8212; d  </p>")).toEqual(['a b & "c" — d']);
  });

  it("reports the first differing line", () => {
    expect(firstDifference(["a", "b"], ["a", "c"])).toEqual({ line: 2, page: "b", expected: "c" });
    expect(firstDifference(["a"], ["a", "c"])).toEqual({ line: 2, page: "<end of page>", expected: "c" });
  });
});
