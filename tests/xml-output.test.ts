/**
 * Every XML file a build writes parses as XML 1.0, whatever characters
 * content carries: the feed and sitemap writers drop what XML forbids (C0
 * controls but TAB, LF and CR; U+FFFE, U+FFFF; lone surrogates), in every
 * value and inside the feeds' HTML, as a defence behind the loader's own
 * checks. JSON feeds stay JSON.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../src/article/article.ts";
import { assembleNewsSite } from "../src/site/news-site.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { sitemapEntries, sitemapFiles } from "../src/site/sitemaps.ts";
import { makeArticle } from "./helpers/article.ts";
import { buildFixture, xmlErrors, type BuiltFixture } from "./helpers/hostile.ts";
import { filesBelow } from "./helpers/site.ts";

/** Every character XML 1.0 forbids in a document, one of each kind, between words. */
const FORBIDDEN = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000b",
  "\u000c",
  "\u000e",
  "\u001b",
  "\u001f",
  "\ufffe",
  "\uffff",
  "\ud800",
  "\udfff",
];
const dirty = (words: string[]) => words.map((w, i) => `${w}${FORBIDDEN[i % FORBIDDEN.length]}`).join("");
/** Allowed and kept: TAB, a surrogate pair (an emoji), C1 and other characters XML accepts. */
const TITLE_WORDS = ["Break", "ing\t", "news ", "today ", "😀 ", "\u0085a", "b", "c", "d", "e", "f", "g"];

function hostileArticle(n: number): Article {
  const base = makeArticle(
    `title: Plain ${n}\nupdated: 2021-08-05T0${n}:00:00+08:00\nsource: Xinhua\nsection: news`,
    "Body.\n",
  );
  return {
    ...base,
    title: dirty(TITLE_WORDS),
    source: dirty(["Xin", "hua"]),
    summary: dirty(["A ", "summary"]),
    teaser: dirty(["A ", "summary"]),
    tags: [dirty(["ta", "g"])],
    language: "en",
    bodyHtml: `<p>${dirty(["A ", "vertical ", "tab ", "from ", "Word ", "and ", "more ", "] ]]", "> ", "end ", "x", "y"])}</p>\n`,
    bodyText: dirty(["Body ", "text"]),
  };
}

describe("the feed and sitemap writers", () => {
  const settings = { ...parseSettings({ baseUrl: "https://example.org/mirror/" }), name: dirty(["Site ", "name"]) };
  const articles = [hostileArticle(2), hostileArticle(1)];
  const site = assembleNewsSite(articles, settings, { buildTimeMs: Date.UTC(2021, 7, 5, 4) });
  const xmlFiles = site.files.filter((f) => f.url.endsWith(".xml"));

  it("write only well-formed XML, whatever characters titles, sources, tags, summaries, bodies and the site name carry", () => {
    expect(xmlFiles.map((f) => f.url).sort()).toEqual([
      "/feed.xml",
      "/news-sitemap.xml",
      "/news/feed.xml",
      "/sitemap.xml",
      // The hostile tag's topic feed: its slug is made of the tag's plain letters and a hash (src/site/terms.ts).
      "/topics/ta-g--b81c2ff0/feed.xml",
    ]);
    for (const file of xmlFiles)
      expect({ file: file.url, errors: xmlErrors(file.content) }).toEqual({ file: file.url, errors: [] });
  });

  it("drop only the forbidden characters: the rest of the text reads as written", () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      cdataPropName: "#cdata",
      isArray: (name) => ["entry", "url"].includes(name),
    });
    const news = parser.parse(site.files.find((f) => f.url === "/news-sitemap.xml")!.content).urlset.url;
    expect(news[0]["news:news"]["news:title"]).toBe(TITLE_WORDS.join(""));
    expect(news[0]["news:news"]["news:publication"]["news:name"]).toBe("Site name");
    const atom = parser.parse(site.files.find((f) => f.url === "/feed.xml")!.content).feed;
    expect(atom.title).toBe("Site name");
    // `]]>` in the HTML splits the CDATA section in two.
    expect([atom.entry[0].content["#cdata"]].flat().join("")).toContain(
      "A vertical tab from Word and more ] ]]> end xy",
    );
    expect(atom.entry[0].author.name).toBe("Xinhua");
  });

  it("split into a sitemap index and numbered sitemaps that are well-formed too", () => {
    const files = sitemapFiles(
      sitemapEntries(articles, site).map((e) => ({ ...e, url: `${e.url}${FORBIDDEN.join("")}` })),
      site.urls,
      settings.timeZone,
      2,
    );
    expect(files.length).toBeGreaterThan(2);
    for (const file of files)
      expect({ file: file.url, errors: xmlErrors(file.content) }).toEqual({ file: file.url, errors: [] });
  });

  it("keep JSON feeds valid JSON, with the text as given", () => {
    for (const file of site.files.filter((f) => f.url.endsWith("feed.json"))) {
      const feed = JSON.parse(file.content) as { items: { title: string }[] };
      expect(feed.items[0]!.title).toBe(articles[0]!.title);
    }
  });
});

describe("a built site whose bodies carry control characters and noncharacters", () => {
  let built: BuiltFixture;
  beforeAll(async () => {
    built = await buildFixture("xml-controls");
  });

  it("builds, and every XML file in it is well-formed", () => {
    expect(built.status, built.stderr).toBe(0);
    const xml = filesBelow(built.out, { endingWith: ".xml" });
    expect(xml).toEqual(expect.arrayContaining(["feed.xml", "news-sitemap.xml", "news/feed.xml", "sitemap.xml"]));
    for (const file of xml)
      expect({ file, errors: xmlErrors(readFileSync(path.join(built.out, file), "utf8")) }).toEqual({
        file,
        errors: [],
      });
  });

  it("writes feed.json files that are valid JSON", () => {
    const json = filesBelow(built.out, { endingWith: "feed.json" });
    expect(json).toEqual(["feed.json", "news/feed.json"]);
    for (const file of json) expect(() => JSON.parse(readFileSync(path.join(built.out, file), "utf8"))).not.toThrow();
  });
});
