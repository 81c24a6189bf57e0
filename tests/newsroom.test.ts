/**
 * Issue 16's newsroom tools that build pages from the articles: topic pages (`tags`), bylines and author pages
 * (`author`), related stories (`related` and computed), and redirects from old addresses (`aliases`). Each test
 * builds a small site in a temporary folder and reads what a reader, a feed reader or a host would.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { termSlug } from "../src/site/terms.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, filesBelow, makeContent, SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

async function buildSite(files: Record<string, string>, ...extra: string[]) {
  const content = makeContent(files);
  const work = tempDir();
  const out = path.join(work, "_site");
  const result = await runCli(
    ["build", "--input", content, "--output", out, "--build-time", SAMPLE_BUILD_TIME, "--no-search", ...extra],
    { cwd: work },
  );
  const read = (file: string) => readFileSync(path.join(out, file), "utf8");
  return { result, out, read, text: (file: string) => pageLines(read(file)), files: () => filesBelow(out) };
}

const day = (n: number) => `2021-07-${String(n).padStart(2, "0")}T08:00:00+08:00`;
const idOf = (n: number) => `"${String(n).padStart(24, "0")}"`;

/** A story of day n (1-28), with the fields given. */
function story(n: number, fields: Record<string, string> = {}, body = `What happened on day ${n}.`) {
  return articleText({ title: `Story ${n}`, updated: day(n), section: "news", id: idOf(n), ...fields }, `${body}\n`);
}

const page = (n: number) => `news/202107/${String(n).padStart(2, "0")}/content_WS${String(n).padStart(24, "0")}.html`;
/** The visible lines of a page's main part: between the header's `App` and the footer. */
const mainLines = (lines: string[]) =>
  lines.slice(
    1,
    lines.findIndex((l) => l.startsWith("Copyright")),
  );

describe("topic pages", () => {
  it("are paginated 20 to a page like a section, with a feed, an index of topics, and links from each article", async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 25; n++)
      files[`news/s${n}.md`] = story(n, { tags: n % 2 ? "[Hong Kong, Trade]" : "[hong-kong]" });
    files["news/untagged.md"] = story(27);
    const site = await buildSite(files);
    expect(site.result.status, site.result.stderr).toBe(0);

    // `Hong Kong` and `hong-kong` are one topic, named as most of its articles write it.
    const first = mainLines(site.text("topics/hong-kong/index.html"));
    expect(first.slice(0, 2)).toEqual(["Home › Topics ›", "Topic: Hong Kong"]);
    expect(site.read("topics/hong-kong/index.html")).toContain("<title>Topic: Hong Kong (page 1 of 2) - ");
    expect(first.filter((l) => /^Story \d+$/.test(l))).toHaveLength(20);
    expect(first.find((l) => /^Story \d+$/.test(l))).toBe("Story 25");
    const second = mainLines(site.text("topics/hong-kong/page_2.html"));
    expect(second.filter((l) => /^Story \d+$/.test(l))).toEqual([
      "Story 5",
      "Story 4",
      "Story 3",
      "Story 2",
      "Story 1",
    ]);
    expect(existsSync(path.join(site.out, "topics/hong-kong/page_3.html"))).toBe(false);
    expect(site.read("topics/hong-kong/index.html")).toContain(
      'href="https://english.www.gov.cn/topics/hong-kong/feed.xml"',
    );

    const index = mainLines(site.text("topics/index.html"));
    expect(index).toEqual(["Home ›", "Topics", "Hong Kong (25)", "Trade (13)"]);

    const feed = new XMLParser().parse(site.read("topics/trade/feed.xml")).feed;
    expect(feed.title).toBe("Topic: Trade - english.www.gov.cn");
    expect(feed.entry.map((e: { title: string }) => e.title).slice(0, 2)).toEqual(["Story 25", "Story 23"]);
    const json = JSON.parse(site.read("topics/trade/feed.json"));
    expect(json.items).toHaveLength(13);

    // An article lists its topics as it writes them, each a link to the topic's page.
    const tagged = site.read(page(25));
    expect(tagged).toContain('<a href="/topics/hong-kong/" rel="tag">Hong Kong</a>');
    expect(tagged).toContain('<a href="/topics/trade/" rel="tag">Trade</a>');
    expect(mainLines(site.text(page(24)))).toContain("Topics");
    // An article without tags shows nothing new.
    expect(mainLines(site.text(page(27)))).toEqual([
      "Story 27",
      "Updated: July 27, 2021 08:00 Xinhua",
      "What happened on day 27.",
    ]);
    expect(site.read("sitemap.xml")).toContain("/topics/hong-kong/page_2.html");
  });

  it("have ASCII slugs made from the name alone: C and C++, Chinese and accented names get pages of their own", async () => {
    expect(termSlug("Hong Kong")).toBe("hong-kong");
    expect(termSlug(" hong-kong ")).toBe("hong-kong");
    expect(termSlug("Café")).toBe("cafe");
    expect(termSlug("C")).toBe("c");
    expect(termSlug("C++")).toMatch(/^c--[0-9a-f]{8}$/);
    expect(termSlug("C#")).toMatch(/^c--[0-9a-f]{8}$/);
    expect(termSlug("C#")).not.toBe(termSlug("C++"));
    expect(termSlug("中国")).toMatch(/^x--[0-9a-f]{8}$/);
    expect(termSlug("中国")).not.toBe(termSlug("中国经济"));
    expect(termSlug("x".repeat(300))).toMatch(/^x{60}--[0-9a-f]{8}$/);
    const site = await buildSite({
      "news/a.md": story(1, { tags: '[C, "C++", 中国, "</a><script>"]' }),
    });
    expect(site.result.status, site.result.stderr).toBe(0);
    const topics = site.files().filter((f) => f.startsWith("topics/") && f.endsWith("/index.html"));
    expect(topics).toEqual(
      [
        "topics/index.html",
        "topics/c/index.html",
        `topics/${termSlug("C++")}/index.html`,
        `topics/${termSlug("中国")}/index.html`,
        `topics/${termSlug("</a><script>")}/index.html`,
      ].sort(),
    );
    expect(site.read(page(1))).toContain("&lt;/a&gt;&lt;script&gt;</a>");
    expect(site.read(page(1))).not.toContain("<script>\n");
  });

  it("file an article under its first 30 tags (the rest stay keywords): each topic's feed carries all its tags", async () => {
    const tags = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const site = await buildSite({ "news/a.md": story(1, { tags: `[${tags.join(", ")}]` }) });
    expect(site.result.status, site.result.stderr).toBe(0);
    const topicPages = site.files().filter((f) => /^topics\/[^/]+\/index\.html$/.test(f));
    expect(topicPages).toHaveLength(30);
    expect(topicPages).toContain("topics/t29/index.html");
    expect(topicPages).not.toContain("topics/t30/index.html");
    expect(site.read(page(1))).toContain('<meta property="article:tag" content="t39">');
    expect(site.read(page(1))).not.toContain('href="/topics/t30/"');
  });
});

describe("bylines and author pages", () => {
  it("put the byline under the title, link each author's pages, and name the authors in JSON-LD and feeds", async () => {
    const files: Record<string, string> = {
      "news/one.md": story(1, { author: "Li Wei" }),
      "news/two.md": story(2, { author: "[Li Wei, Zhang San, José Pérez]" }),
      "news/none.md": story(3),
    };
    const site = await buildSite(files);
    expect(site.result.status, site.result.stderr).toBe(0);
    expect(mainLines(site.text(page(2))).slice(0, 3)).toEqual([
      "Story 2",
      "By Li Wei, Zhang San and José Pérez",
      "Updated: July 2, 2021 08:00 Xinhua",
    ]);
    expect(mainLines(site.text(page(1)))[1]).toBe("By Li Wei");
    expect(site.read(page(3))).not.toContain("Artical_Byline");

    const liWei = mainLines(site.text("authors/li-wei/index.html"));
    expect(liWei).toContain("Stories by Li Wei");
    expect(liWei.filter((l) => /^Story \d$/.test(l))).toEqual(["Story 2", "Story 1"]);
    expect(mainLines(site.text("authors/jose-perez/index.html"))).toContain("Stories by José Pérez");
    expect(mainLines(site.text("authors/index.html"))).toEqual([
      "Home ›",
      "Authors",
      "José Pérez (1)",
      "Li Wei (2)",
      "Zhang San (1)",
    ]);

    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(site.read(page(2)))![1]!);
    expect(ld.author).toEqual([
      { "@type": "Person", name: "Li Wei", url: "https://english.www.gov.cn/authors/li-wei/" },
      { "@type": "Person", name: "Zhang San", url: "https://english.www.gov.cn/authors/zhang-san/" },
      { "@type": "Person", name: "José Pérez", url: "https://english.www.gov.cn/authors/jose-perez/" },
    ]);
    const noAuthor = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(site.read(page(3)))![1]!);
    expect(noAuthor.author).toEqual({ "@type": "Organization", name: "Xinhua" });

    const items = JSON.parse(site.read("feed.json")).items as { title: string; authors: { name: string }[] }[];
    expect(items.find((i) => i.title === "Story 2")!.authors.map((a) => a.name)).toEqual([
      "Li Wei",
      "Zhang San",
      "José Pérez",
    ]);
    expect(items.find((i) => i.title === "Story 3")!.authors).toEqual([{ name: "Xinhua" }]);
    const atom = new XMLParser().parse(site.read("feed.xml")).feed.entry as { title: string; author: unknown }[];
    expect(atom.find((e) => e.title === "Story 1")!.author).toEqual({ name: "Li Wei" });
  });
});

describe("related stories", () => {
  const relatedOf = (lines: string[]) => {
    const at = lines.indexOf("Related stories");
    return at === -1 ? [] : lines.slice(at + 1);
  };

  it("pin the named ones first, then the closest by topics and terms, newest first among ties, never itself or a draft", async () => {
    const files: Record<string, string> = {
      // The article: pinned by address and by id, then computed.
      "news/main.md": story(
        20,
        { tags: "[Rail]", related: `[/news/202107/03/content_WS${"3".padStart(24, "0")}.html, ${idOf(1)}]` },
        "The high-speed railway line to Lhasa opened with new bullet trains.",
      ),
      "news/s1.md": story(1, {}, "Harvest figures rose."),
      "news/s3.md": story(3, {}, "Flood defences held."),
      // Share the topic only: ties of one score, so the newest come first.
      "news/s5.md": story(5, { tags: "[Rail]" }, "Unrelated words entirely."),
      "news/s6.md": story(6, { tags: "[Rail]" }, "Unrelated words entirely."),
      "news/s7.md": story(7, { tags: "[Rail]" }, "Unrelated words entirely."),
      // Shares the topic and terms: the best of the computed ones.
      "news/s4.md": story(4, { tags: "[Rail]" }, "The railway line to Lhasa carries bullet trains."),
      // Terms only, two of them: qualifies, below the topic's.
      "news/s2.md": story(2, {}, "Bullet trains were shown at a museum."),
      // A draft shares everything: never shown.
      "news/draft.md": story(21, { tags: "[Rail]", draft: "true" }, "The high-speed railway line to Lhasa opened."),
    };
    const site = await buildSite(files);
    expect(site.result.status, site.result.stderr).toBe(0);
    expect(relatedOf(mainLines(site.text(page(20))))).toEqual(["Story 3", "Story 1", "Story 4", "Story 7", "Story 6"]);
    // Story 4 (tags) gets its own list: never itself, the main article first (topic and terms), ties newest first,
    // then two shared terms and no topic; five at most.
    expect(relatedOf(mainLines(site.text(page(4))))).toEqual(["Story 20", "Story 7", "Story 6", "Story 5", "Story 2"]);
    // An article with neither tags nor related shows none, though others share its words.
    expect(mainLines(site.text(page(2)))).not.toContain("Related stories");
    expect(site.read(page(20))).toContain(`href="/${page(3)}"`);
  });

  it("leave out a pinned article that is not on the site, and show no heading when none qualify", async () => {
    const site = await buildSite({
      "news/a.md": story(1, { tags: "[Solo]", related: `[${idOf(9)}]` }, "Nothing shared here."),
      "news/b.md": story(2, {}, "Different words altogether."),
    });
    expect(site.result.status, site.result.stderr).toBe(0);
    expect(mainLines(site.text(page(1)))).not.toContain("Related stories");
  });
});

describe("aliases", () => {
  const files = {
    "news/a.md": story(1, { aliases: "[/english/2020/07/28/content_123.htm, /old/story-one/, /old/bare]" }),
    "news/b.md": story(2, { aliases: "[/english/2020/07/29/content_124.htm]" }),
  };

  it("give each old address a redirect page, and list them in _redirects and an nginx map", async () => {
    const site = await buildSite(files);
    expect(site.result.status, site.result.stderr).toBe(0);
    const redirect = site.read("english/2020/07/28/content_123.htm");
    expect(redirect).toContain(`<meta http-equiv="refresh" content="0; url=/${page(1)}">`);
    expect(redirect).toContain(`<link rel="canonical" href="https://english.www.gov.cn/${page(1)}">`);
    expect(redirect).toContain('<meta name="robots" content="noindex">');
    expect(pageLines(redirect).join(" ")).toContain("This article has moved to Story 1");
    expect(site.read("old/story-one/index.html")).toContain(`href="/${page(1)}"`);
    expect(site.read("old/bare/index.html")).toContain(`href="/${page(1)}"`);
    expect(site.read("_redirects")).toBe(
      [
        `/english/2020/07/28/content_123.htm /${page(1)} 301`,
        `/english/2020/07/29/content_124.htm /${page(2)} 301`,
        `/old/bare /${page(1)} 301`,
        `/old/story-one/ /${page(1)} 301`,
        "",
      ].join("\n"),
    );
    const map = site.read("nginx-redirects.map");
    expect(map.split("\n").filter((l) => !l.startsWith("#"))).toEqual([
      `/english/2020/07/28/content_123.htm /${page(1)};`,
      `/english/2020/07/29/content_124.htm /${page(2)};`,
      `/old/bare /${page(1)};`,
      `/old/story-one/ /${page(1)};`,
      "",
    ]);
    // Not in the sitemap: an old address is no page to index.
    expect(site.read("sitemap.xml")).not.toContain("content_123");
  });

  it("follow the base URL's path and --relative", async () => {
    const withSite = { ...files, "site.json": JSON.stringify({ baseUrl: "https://english.www.gov.cn/mirror/" }) };
    const prefixed = await buildSite(withSite);
    expect(prefixed.result.status, prefixed.result.stderr).toBe(0);
    expect(prefixed.read("_redirects")).toContain(`/mirror/old/bare /mirror/${page(1)} 301`);
    expect(prefixed.read("old/bare/index.html")).toContain(`url=/mirror/${page(1)}"`);
    const relative = await buildSite(files, "--relative");
    expect(relative.read("old/story-one/index.html")).toContain(`url=../../${page(1)}"`);
  });

  it("are not written by a site without aliases", async () => {
    const site = await buildSite({ "news/a.md": story(1) });
    expect(site.files()).not.toContain("_redirects");
    expect(site.files()).not.toContain("nginx-redirects.map");
  });
});
