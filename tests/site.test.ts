/**
 * End to end: a small site built through the CLI (in this process), read back with real
 * parsers (HTML, XML, JSON) the way browsers, feed readers and crawlers read it.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DomUtils, parseDocument } from "htmlparser2";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { articleText, filesBelow, makeContent, tempDir } from "./helpers/site.ts";
import { GOVCN_CODES } from "./helpers/site.ts";

const DAY = 24 * 60 * 60 * 1000;
const FIRST = Date.parse("2021-07-01T08:00:00+08:00");
const BASE = "https://example.org/mirror/";

/** 45 articles in news/topnews, one a day from July 1, 2021; a draft; one elsewhere. */
function content(): string {
  const files: Record<string, string> = {
    "site.json": JSON.stringify({ name: "Test Mirror", baseUrl: BASE, footer: GOVCN_CODES }),
    "news/draft.md": articleText(
      { title: "Secret draft", updated: "2021-08-14T09:00:00+08:00", section: "news/topnews", draft: "true" },
      "Zebracorn sighting.\n",
    ),
    "culture/tea.md": articleText(
      { title: "Tea road", updated: "2021-07-15T09:00:00+08:00", section: "culture", dateline: "KUNMING" },
      "The quokkas of the museum.\n",
    ),
  };
  for (let i = 0; i < 45; i++) {
    const updated = new Date(FIRST + i * DAY).toISOString().replace(".000Z", "+00:00");
    files[`news/a${i}.md`] = articleText(
      { title: `Story number ${i}`, updated, section: "news/topnews" },
      `Paragraph of story ${i}.\n`,
    );
  }
  return makeContent(files);
}

/** Every href and src in a page (links, stylesheets, scripts, images). */
function linksOf(markup: string): string[] {
  const doc = parseDocument(markup);
  return DomUtils.findAll((e) => "href" in e.attribs || "src" in e.attribs, doc.children).map(
    (e) => e.attribs.href ?? e.attribs.src!,
  );
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["url", "entry", "link"].includes(name),
});

describe("a production build under a path prefix", () => {
  let out: string;
  let files: string[];
  const read = (file: string) => readFileSync(path.join(out, file), "utf8");
  beforeAll(async () => {
    out = tempDir();
    const args = ["build", "--input", content(), "--output", out, "--build-time", "2021-08-14T20:00:00+08:00"];
    const result = await runCli(args, { cwd: tempDir() });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/search index \(Pagefind\) in \d+\.\d\d s/);
    files = filesBelow(out);
  });

  it("paginates a section of 45 articles into 3 gov.cn-style pages, and its parent too", () => {
    for (const section of ["news/topnews", "news"]) {
      const pages = ["index.html", "page_2.html", "page_3.html"].map((p) => `${section}/${p}`);
      const counts = pages.map(
        (p) => DomUtils.findAll((e) => e.attribs.class === "listing__item", parseDocument(read(p)).children).length,
      );
      expect(counts).toEqual([20, 20, 5]);
      expect(existsSync(path.join(out, section, "page_4.html"))).toBe(false);
    }
    const second = read("news/topnews/page_2.html");
    expect(second).toContain(`<link rel="canonical" href="${BASE}news/topnews/page_2.html">`);
    expect(second).toContain(`<link rel="prev" href="${BASE}news/topnews/">`);
    expect(second).toContain(`<link rel="next" href="${BASE}news/topnews/page_3.html">`);
    expect(read("news/topnews/index.html")).not.toContain('rel="prev"');
  });

  it("has a home page, a date archive with an index, search and 404 pages", () => {
    for (const file of [
      "index.html",
      "archive/index.html",
      "archive/2021/07/index.html",
      "archive/2021/07/page_2.html",
      "archive/2021/08/index.html",
      "search.html",
      "404.html",
      "robots.txt",
    ]) {
      expect(files, file).toContain(file);
    }
    expect(read("index.html")).toContain("Story number 44");
    expect(read("archive/index.html")).toContain("July 2021");
  });

  it("writes Atom and JSON feeds for the site and each top-level section, with absolute URLs", () => {
    for (const [atom, json, count] of [
      ["feed.xml", "feed.json", 46],
      ["news/feed.xml", "news/feed.json", 45],
      ["culture/feed.xml", "culture/feed.json", 1],
    ] as const) {
      expect(XMLValidator.validate(read(atom)), atom).toBe(true);
      const feed = xml.parse(read(atom)).feed;
      expect(feed.entry).toHaveLength(count);
      for (const entry of feed.entry) expect(entry.id).toMatch(new RegExp(`^${BASE}`));
      const jf = JSON.parse(read(json));
      expect(jf.version).toBe("https://jsonfeed.org/version/1.1");
      expect(jf.items).toHaveLength(count);
      for (const item of jf.items) {
        expect(item.url.startsWith(BASE)).toBe(true);
        expect(item.date_modified).toMatch(/[+-]\d\d:\d\d$/);
      }
    }
  });

  it("lists every article and listing page in sitemap.xml, each an existing file", () => {
    const set = xml.parse(read("sitemap.xml")).urlset;
    expect(set["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const locs: string[] = set.url.map((u: { loc: string }) => u.loc);
    const htmlPages = files.filter((f) => f.endsWith(".html") && !["404.html", "search.html"].includes(f));
    expect(locs).toHaveLength(htmlPages.length);
    for (const loc of locs) {
      expect(loc.startsWith(BASE)).toBe(true);
      const file = loc.slice(BASE.length);
      expect(files, loc).toContain(file === "" || file.endsWith("/") ? `${file}index.html` : file);
    }
    for (const u of set.url) expect(u.lastmod).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it("puts in the news sitemap only the articles of the two days before the build time", () => {
    const set = xml.parse(read("news-sitemap.xml")).urlset;
    expect(set["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expect(set.url.map((u: Record<string, Record<string, string>>) => u["news:news"]!["news:title"])).toEqual([
      "Story number 44",
      "Story number 43",
    ]);
    expect(read("robots.txt")).toContain(`Sitemap: ${BASE}news-sitemap.xml`);
  });

  it("keeps drafts out of pages, listings, feeds, sitemaps and the search index", () => {
    for (const file of files) {
      const bytes = readFileSync(path.join(out, file));
      let text = bytes.toString("utf8");
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) text = gunzipSync(bytes).toString("utf8");
      expect(text, file).not.toMatch(/Secret draft|Zebracorn/);
    }
  });

  it("indexes article pages only for search, with their body words", () => {
    // Every month's bundle (src/site/search-bundles.ts).
    const fragments = files
      .filter((file) => /^pagefind\/[^/]+\/fragment\//.test(file))
      .map((file) => gunzipSync(readFileSync(path.join(out, file))).toString("utf8"));
    expect(fragments).toHaveLength(46);
    expect(fragments.some((f) => f.includes("quokkas") && f.includes("/culture/202107/15/tea-road.html"))).toBe(true);
    expect(read("search.html")).toContain('src="/mirror/pagefind/pagefind-ui.js"');
    expect(files).toContain("pagefind/pagefind-ui.js");
  });

  it("makes every internal link and asset start with the prefix and name a file that exists", () => {
    let checked = 0;
    for (const file of files.filter((f) => f.endsWith(".html"))) {
      for (const link of linksOf(read(file))) {
        if (/^[a-z]+:/i.test(link)) continue;
        expect(link, `${file}: ${link}`).toMatch(/^\/mirror\//);
        const target = link.slice("/mirror/".length).split("#")[0]!;
        expect(files, `${file}: ${link}`).toContain(
          target === "" || target.endsWith("/") ? `${target}index.html` : target,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe("a relative build", () => {
  let out: string;
  let files: string[];
  beforeAll(async () => {
    out = tempDir();
    const args = ["build", "--input", content(), "--output", out, "--relative", "--drafts"];
    const result = await runCli(args, { cwd: tempDir() });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    files = filesBelow(out);
  });

  it("links every page to files that exist, by relative paths only", () => {
    let checked = 0;
    for (const file of files.filter((f) => f.endsWith(".html"))) {
      for (const link of linksOf(readFileSync(path.join(out, file), "utf8"))) {
        if (/^[a-z]+:/i.test(link)) continue;
        expect(link, `${file}: ${link}`).not.toMatch(/^\//);
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), link.split("#")[0]!));
        expect(files, `${file}: ${link}`).toContain(target);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("keeps absolute URLs from the base URL in feeds and metadata", () => {
    expect(JSON.parse(readFileSync(path.join(out, "feed.json"), "utf8")).feed_url).toBe(`${BASE}feed.json`);
  });

  it("includes drafts when asked to, as the dev server does", () => {
    expect(readFileSync(path.join(out, "news/topnews/index.html"), "utf8")).toContain("Secret draft");
    expect(readFileSync(path.join(out, "feed.xml"), "utf8")).toContain("Secret draft");
  });
});
