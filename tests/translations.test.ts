/**
 * Two languages, one story (issue 17): front matter `translations` links an article to its version in another
 * language, from either side. Each test builds a small site and reads what a reader, a crawler or a sitemap
 * reader sees: the language switch, <link rel="alternate" hreflang>, xhtml:link, and the errors naming files.
 *
 * The Chinese articles here have no 7-digit id (the schema accepts one only with the Chinese page design), and
 * their pages are found through the English page's links, not by a path written here: with the Chinese design,
 * their addresses and look are its own.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { parseHtml } from "../src/import/dom.ts";
import { languageName } from "../src/site/translations.ts";
import { findAll, getAttributeValue, textContent } from "domutils";
import { runCli } from "./helpers/cli.ts";
import { articleText, makeContent, SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

const BASE = "https://example.org";
const EN_ID = "61009037c6d0df57f98ddaf8";
const EN_PAGE = `/news/202107/28/content_WS${EN_ID}.html`;

async function buildSite(files: Record<string, string>) {
  const content = makeContent({ "site.json": JSON.stringify({ baseUrl: `${BASE}/` }), ...files });
  const work = tempDir();
  const out = path.join(work, "_site");
  const result = await runCli(
    ["build", "--input", content, "--output", out, "--build-time", SAMPLE_BUILD_TIME, "--no-search"],
    { cwd: work },
  );
  const read = (sitePath: string) => readFileSync(path.join(out, sitePath), "utf8");
  return { result, read };
}

const english = (fields: Record<string, string> = {}) =>
  articleText(
    { title: "Floods recede in Hebei", section: "news", id: `"${EN_ID}"`, ...fields },
    "Waters fell on Monday.\n",
  );
const chinese = (fields: Record<string, string> = {}) =>
  articleText(
    {
      title: "河北洪水消退",
      section: "xinwen",
      updated: "2021-07-28T07:05:00+08:00",
      language: "zh-CN",
      source: "新华社",
      ...fields,
    },
    "洪水周一消退。\n",
  );

/** The page's alternate links and language switch, as a crawler and a reader find them. */
function languageLinks(markup: string) {
  const document = parseHtml(markup);
  const alternates = findAll(
    (e) =>
      e.name === "link" &&
      getAttributeValue(e, "rel") === "alternate" &&
      getAttributeValue(e, "hreflang") !== undefined,
    document.children,
  ).map((e) => ({ hreflang: getAttributeValue(e, "hreflang"), href: getAttributeValue(e, "href") }));
  const switchLinks = findAll(
    (e) => e.name === "nav" && (getAttributeValue(e, "class") ?? "").includes("language-switch"),
    document.children,
  ).flatMap((nav) =>
    findAll((e) => e.name === "a", nav.children).map((a) => ({
      text: textContent(a),
      href: getAttributeValue(a, "href"),
      lang: getAttributeValue(a, "lang"),
      hreflang: getAttributeValue(a, "hreflang"),
    })),
  );
  return { alternates, switchLinks };
}

describe("an article and its translation", () => {
  it.each([
    [
      "by id, declared on the Chinese side",
      { "zh.md": chinese({ translations: `[{ language: en, id: "${EN_ID}" }]` }), "en.md": english() },
    ],
    [
      "by url, declared on the Chinese side",
      { "zh.md": chinese({ translations: `[{ language: en, url: "${EN_PAGE}" }]` }), "en.md": english() },
    ],
  ])("%s: both pages link each other, in <head> and in a visible switch", async (_how, files) => {
    const site = await buildSite(files);
    expect(site.result.status, site.result.stderr).toBe(0);
    const en = languageLinks(site.read(EN_PAGE));
    expect(en.switchLinks).toHaveLength(1);
    const [toChinese] = en.switchLinks;
    expect(toChinese).toMatchObject({ text: "中文", lang: "zh-CN", hreflang: "zh-CN" });
    const zhPath = toChinese!.href!;
    expect(zhPath.startsWith("/xinwen/")).toBe(true);
    expect(en.alternates).toEqual([
      { hreflang: "en", href: `${BASE}${EN_PAGE}` },
      { hreflang: "zh-CN", href: `${BASE}${zhPath}` },
    ]);

    const zh = languageLinks(site.read(zhPath));
    expect(zh.switchLinks).toEqual([{ text: "English", href: EN_PAGE, lang: "en", hreflang: "en" }]);
    expect(zh.alternates).toEqual([
      { hreflang: "zh-CN", href: `${BASE}${zhPath}` },
      { hreflang: "en", href: `${BASE}${EN_PAGE}` },
    ]);
    // The switch is a line of its own, before the title; the article's own lines follow as before.
    const lines = pageLines(site.read(EN_PAGE));
    expect(lines.slice(lines.indexOf("中文"), lines.indexOf("中文") + 2)).toEqual(["中文", "Floods recede in Hebei"]);
  });

  it("lists both versions of each page in the sitemap as xhtml:link, in valid XML", async () => {
    const site = await buildSite({
      "zh.md": chinese({ translations: `[{ language: en, id: "${EN_ID}" }]` }),
      "en.md": english(),
      "other.md": articleText({ title: "Unrelated", section: "news" }),
    });
    expect(site.result.status, site.result.stderr).toBe(0);
    const xml = site.read("/sitemap.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === "url" || name === "xhtml:link",
    }).parse(xml) as {
      urlset: { "@_xmlns:xhtml": string; url: { loc: string; "xhtml:link"?: Record<string, string>[] }[] };
    };
    expect(parsed.urlset["@_xmlns:xhtml"]).toBe("http://www.w3.org/1999/xhtml");
    const byLoc = new Map(parsed.urlset.url.map((u) => [u.loc, u["xhtml:link"] ?? []]));
    // The Chinese page: the other one with versions (its address is the Chinese design's to choose).
    const zhUrl = [...byLoc.entries()].find(([loc, links]) => links.length > 0 && loc !== `${BASE}${EN_PAGE}`)![0];
    expect(zhUrl).toMatch(/\/xinwen\/.+\.html?$/);
    const pair = [
      { "@_rel": "alternate", "@_hreflang": "en", "@_href": `${BASE}${EN_PAGE}` },
      { "@_rel": "alternate", "@_hreflang": "zh-CN", "@_href": zhUrl },
    ];
    expect(byLoc.get(`${BASE}${EN_PAGE}`)).toEqual(pair);
    expect(byLoc.get(zhUrl)).toEqual([pair[1], pair[0]]);
    const other = [...byLoc.entries()].find(([loc]) => loc.includes("unrelated"))!;
    expect(other[1]).toEqual([]);
  });

  it("an article without a translation shows no switch and no alternate link, and its sitemap no xhtml namespace", async () => {
    const site = await buildSite({ "en.md": english() });
    expect(site.result.status, site.result.stderr).toBe(0);
    expect(languageLinks(site.read(EN_PAGE))).toEqual({ alternates: [], switchLinks: [] });
    expect(site.read("/sitemap.xml")).not.toContain("xhtml");
  });

  it("names each language in itself", () => {
    expect([languageName("en"), languageName("zh-CN"), languageName("zh-Hant"), languageName("fr")]).toEqual([
      "English",
      "中文",
      "中文",
      "Français",
    ]);
  });
});

describe("a translation that cannot be linked stops the build, naming the files", () => {
  const fails = async (files: Record<string, string>) => {
    const site = await buildSite(files);
    expect(site.result.status).toBe(1);
    return site.result.stderr;
  };

  it("names the declaring file and what it points at, when no article is there", async () => {
    const byId = await fails({
      "zh.md": chinese({ translations: '[{ language: en, id: "0000000000000000000000ff" }]' }),
    });
    expect(byId).toMatch(
      /zh\.md.*translations: en id "0000000000000000000000ff": no article of the site has id "0000000000000000000000ff"/,
    );
    const byUrl = await fails({
      "zh.md": chinese({ translations: "[{ language: en, url: /news/202107/28/nothing.html }]" }),
    });
    expect(byUrl).toMatch(/zh\.md.*no article of the site has the address \/news\/202107\/28\/nothing\.html/);
  });

  it("names both files when the article named is in another language than said, or in the article's own", async () => {
    const wrong = await fails({
      "zh.md": chinese({ translations: `[{ language: fr, id: "${EN_ID}" }]` }),
      "en.md": english(),
    });
    expect(wrong).toMatch(
      /zh\.md.*translations: fr id "61009037c6d0df57f98ddaf8" is .*en\.md, whose language is en, not fr/,
    );
    const same = await fails({
      "en.md": english(),
      "en2.md": articleText({
        title: "Floods recede",
        section: "news",
        translations: `[{ language: en, id: "${EN_ID}" }]`,
      }),
    });
    expect(same).toMatch(/en2\.md.*is .*en\.md, in this article's own language \(en\)/);
  });

  it("names all three files when two articles claim one article's slot", async () => {
    const stderr = await fails({
      "en.md": english(),
      "zh.md": chinese({ translations: `[{ language: en, id: "${EN_ID}" }]` }),
      "zh2.md": chinese({ title: "河北洪水", translations: `[{ language: en, id: "${EN_ID}" }]` }),
    });
    expect(stderr).toMatch(/zh2\.md.*translations: .*en\.md would have two zh-CN versions, .*zh\.md and .*zh2\.md/);
  });

  it("refuses a translation naming itself, neither or both of id and url, or one language twice", async () => {
    expect(await fails({ "en.md": english({ translations: `[{ language: zh-CN, id: "${EN_ID}" }]` }) })).toMatch(
      /en\.md.*is this article itself/,
    );
    expect(await fails({ "en.md": english({ translations: "[{ language: zh-CN }]" }) })).toMatch(
      /en\.md.*translations.*must name the article by its id or by its url/,
    );
    expect(
      await fails({ "en.md": english({ translations: `[{ language: zh-CN, id: "5626689", url: /a.htm }]` }) }),
    ).toMatch(/must name the article by its id or by its url \(one of the two\)/);
    expect(
      await fails({
        "en.md": english({ translations: '[{ language: zh-CN, id: "5626689" }, { language: zh-cn, id: "5626690" }]' }),
      }),
    ).toMatch(/en\.md.*names zh-cn twice/);
  });
});

describe("an incremental build", () => {
  it("re-renders an article's page when its translation's address changes, though its own file did not", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({ baseUrl: `${BASE}/` }),
      "en.md": english(),
      "zh.md": chinese({ translations: `[{ language: en, id: "${EN_ID}" }]` }),
    });
    const work = tempDir();
    const out = path.join(work, "_site");
    const build = async () => {
      const result = await runCli(
        ["build", "--input", content, "--output", out, "--build-time", SAMPLE_BUILD_TIME, "--no-search"],
        { cwd: work },
      );
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    await build();
    const before = languageLinks(readFileSync(path.join(out, EN_PAGE), "utf8")).switchLinks[0]!.href!;
    // The Chinese article moves to another section: its address changes, the English file does not.
    writeFileSync(
      path.join(content, "zh.md"),
      chinese({ section: "yaowen", translations: `[{ language: en, id: "${EN_ID}" }]` }),
    );
    expect(await build()).toMatch(/incremental build/);
    const after = languageLinks(readFileSync(path.join(out, EN_PAGE), "utf8")).switchLinks[0]!.href!;
    expect(after.startsWith("/yaowen/")).toBe(true);
    expect(after).toBe(before.replace("/xinwen/", "/yaowen/"));
  });
});
