/**
 * Newsroom tools (issue 16, part A): the editor line, corrections (notices, JSON-LD, feeds, the corrections page),
 * scheduling and withdrawal by the build time, and the navigation menu. Each builds a small site and reads it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/pipeline/build.ts";
import { ListingKeys, planSite } from "../src/pipeline/site-plan.ts";
import { pageLines } from "../src/fidelity/page-text.ts";
import { assembleNewsSite } from "../src/site/news-site.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { makeArticle } from "./helpers/article.ts";
import { runCli } from "./helpers/cli.ts";
import { get, TestDevServer, treeHashes } from "./helpers/dev-server.ts";
import { articleText, makeContent, ROOT, tempDir } from "./helpers/site.ts";

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
const text = (dir: string, file: string) => pageLines(read(dir, file));

async function buildSite(content: string, buildTime: string, ...extra: string[]) {
  const work = tempDir();
  const out = path.join(work, "_site");
  const result = await runCli(["build", "--input", content, "--output", out, "--build-time", buildTime, ...extra], {
    cwd: work,
  });
  expect(result.status, result.stderr).toBe(0);
  return { out, work, ...result };
}

/** The JSON-LD of an article page. */
function jsonLd(page: string): Record<string, unknown> {
  const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1];
  return JSON.parse(json!) as Record<string, unknown>;
}

const CORRECTED = articleText(
  {
    title: "Harvest figures revised",
    updated: "2021-07-28T07:01:00+08:00",
    section: "news",
    editor: "Li Wei",
    corrections: [
      "",
      "  - date: 2021-07-29T09:00:00+08:00",
      "    text: An earlier version gave the harvest as 5 <b>million</b> tonnes.",
      "  - date: 2021-07-30T23:30:00Z",
      "    text: The province was misnamed.",
    ].join("\n"),
  },
  "The harvest rose.\n",
);

describe("corrections and the editor line", () => {
  let site: { out: string };
  beforeAll(async () => {
    const content = makeContent({
      "news/corrected.md": CORRECTED,
      "news/plain.md": articleText({ title: "Plain story", section: "news", updated: "2021-07-27T10:00:00+08:00" }),
      "news/chinese.md": articleText({
        title: "中文报道",
        section: "news",
        language: "zh-CN",
        editor: "王芳",
        id: '"61009037c6d0df57f98ddaf9"',
        updated: "2021-07-26T10:00:00+08:00",
      }),
    });
    site = await buildSite(content, "2021-08-01T12:00:00+08:00");
  });
  const page = "news/202107/28/harvest-figures-revised.html";

  it("shows each correction under the body, dated in the site's time zone, then the editor", () => {
    const lines = text(site.out, page);
    const body = lines.indexOf("The harvest rose.");
    expect(lines.slice(body + 1, body + 4)).toEqual([
      "Correction (July 29, 2021): An earlier version gave the harvest as 5 <b>million</b> tonnes.",
      // 23:30 UTC on July 30 is July 31 in Asia/Shanghai.
      "Correction (July 31, 2021): The province was misnamed.",
      "Editor: Li Wei",
    ]);
    expect(read(site.out, page)).not.toContain("<b>million</b>"); // escaped, shown as text
  });

  it("shows neither on an article without them, and names the editor the gov.cn way on a Chinese page", () => {
    const plain = read(site.out, "news/202107/27/plain-story.html");
    expect(plain).not.toMatch(/Correction|Editor|Artical_Corrections/);
    expect(
      // A Chinese article: www.gov.cn's page and address (its id as it is).
      text(site.out, "news/2021-07/26/content_61009037c6d0df57f98ddaf9.htm").find((l) => l.includes("王芳")),
    ).toBe("责任编辑：王芳");
  });

  it("writes them into the JSON-LD as CorrectionComments and raises dateModified", () => {
    const data = jsonLd(read(site.out, page));
    expect(data.correction).toEqual([
      {
        "@type": "CorrectionComment",
        datePublished: "2021-07-29T09:00:00+08:00",
        text: "An earlier version gave the harvest as 5 <b>million</b> tonnes.",
      },
      { "@type": "CorrectionComment", datePublished: "2021-07-31T07:30:00+08:00", text: "The province was misnamed." },
    ]);
    expect(data.dateModified).toBe("2021-07-31T07:30:00+08:00");
    expect(data.datePublished).toBe("2021-07-28T07:01:00+08:00");
    expect(read(site.out, page)).toContain(
      '<meta property="article:modified_time" content="2021-07-31T07:30:00+08:00">',
    );
    expect(jsonLd(read(site.out, "news/202107/27/plain-story.html"))).not.toHaveProperty("correction");
  });

  it("raises the feeds' updated times and the sitemap's lastmod, but not the info line", () => {
    const atom = read(site.out, "feed.xml");
    expect(/<feed[\s\S]*?<updated>(.*?)<\/updated>/.exec(atom)?.[1]).toBe("2021-07-31T07:30:00+08:00");
    const feed = JSON.parse(read(site.out, "feed.json")) as { items: { title: string; date_modified: string }[] };
    expect(feed.items.find((i) => i.title === "Harvest figures revised")?.date_modified).toBe(
      "2021-07-31T07:30:00+08:00",
    );
    expect(read(site.out, "sitemap.xml")).toContain(
      `<loc>https://english.www.gov.cn/${page}</loc><lastmod>2021-07-31T07:30:00+08:00</lastmod>`,
    );
    expect(text(site.out, page)).toContain("Updated: July 28, 2021 07:01 Xinhua");
  });

  it("lists every correction on /corrections/, newest first, linking to the article, and puts it in the sitemap", () => {
    const lines = text(site.out, "corrections/index.html");
    const start = lines.indexOf("Corrections");
    expect(lines.slice(start + 1, start + 5)).toEqual([
      "Harvest figures revised",
      "Correction (July 31, 2021): The province was misnamed.",
      "Harvest figures revised",
      "Correction (July 29, 2021): An earlier version gave the harvest as 5 <b>million</b> tonnes.",
    ]);
    expect(read(site.out, "corrections/index.html")).toContain(`<a href="/${page}">Harvest figures revised</a>`);
    expect(read(site.out, "sitemap.xml")).toContain(
      "<loc>https://english.www.gov.cn/corrections/</loc><lastmod>2021-07-31T07:30:00+08:00</lastmod>",
    );
  });

  it("has no corrections page on a site without corrections", async () => {
    const plain = await buildSite(makeContent({ "a.md": articleText() }), "2021-08-01T12:00:00+08:00");
    expect(existsSync(path.join(plain.out, "corrections"))).toBe(false);
    expect(read(plain.out, "sitemap.xml")).not.toContain("corrections");
  });
});

describe("the corrections page's key in the build plan", () => {
  const settings = parseSettings({});
  const keyOf = (...articles: ReturnType<typeof makeArticle>[]) => {
    const newsSite = assembleNewsSite(articles, settings, { buildTimeMs: Date.parse("2021-08-01T00:00:00Z") });
    return planSite({ articles, newsSite, photos: [] }, new ListingKeys()).get("corrections/index.html");
  };
  const front = (text: string, extra = "") =>
    `title: Harvest\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n${extra}corrections:\n  - date: 2021-07-29T09:00:00+08:00\n    text: ${text}`;

  it("changes when a correction changes, and not when the rest of the article does", () => {
    const other = makeArticle("title: Other\nupdated: 2021-07-20T07:01:00+08:00\nsource: Xinhua");
    const first = keyOf(makeArticle(front("Fixed.")), other);
    expect(first).toBeDefined();
    expect(keyOf(makeArticle(front("Fixed."), "A new body.\n"), other)).toBe(first);
    expect(keyOf(makeArticle(front("Fixed.", "summary: New summary\n")), other)).toBe(first);
    expect(keyOf(makeArticle(front("Fixed.")))).toBe(first);
    expect(keyOf(makeArticle(front("Fixed again.")), other)).not.toBe(first);
  });
});

describe("scheduling and withdrawal by the build time", () => {
  let content: string;
  const scheduledPage = "news/202108/02/rail-line-opens.html";
  const expiringPage = "news/202107/20/flood-warning.html";
  beforeAll(() => {
    content = makeContent({
      "news/now.md": articleText({ title: "Talks open", section: "news", updated: "2021-07-28T07:01:00+08:00" }),
      "news/later.md": articleText({
        title: "Rail line opens",
        section: "news",
        updated: "2021-08-02T08:00:00+08:00",
      }),
      "news/much-later.md": articleText({
        title: "Bridge opens",
        section: "news",
        published: "2021-09-01T08:00:00+08:00",
        updated: "2021-09-01T08:00:00+08:00",
      }),
      "news/expiring.md": articleText({
        title: "Flood warning",
        section: "news",
        updated: "2021-07-20T08:00:00+08:00",
        expires: "2021-08-01T00:00:00+08:00",
      }),
    });
  });

  /** Where an article's title or address shows on the site: listings, feeds, sitemaps. */
  const mentions = (out: string, what: string) =>
    ["index.html", "news/index.html", "archive/2021/07/index.html", "feed.xml", "feed.json", "sitemap.xml"].filter(
      (file) => existsSync(path.join(out, file)) && read(out, file).includes(what),
    );

  it("leaves a scheduled article off the site entirely, and says when to build again", async () => {
    const { out, stdout } = await buildSite(content, "2021-07-30T12:00:00+08:00", "--no-search");
    expect(existsSync(path.join(out, scheduledPage))).toBe(false);
    expect(mentions(out, "Rail line opens")).toEqual([]);
    expect(mentions(out, "rail-line-opens")).toEqual([]);
    expect(existsSync(path.join(out, "archive/2021/08"))).toBe(false);
    expect(stdout).toContain("newsmirror: 2 scheduled; next at 2021-08-02T08:00:00+08:00\n");
    // Not yet expired: listed as any other.
    expect(mentions(out, "Flood warning")).toEqual([
      "index.html",
      "news/index.html",
      "archive/2021/07/index.html",
      "feed.xml",
      "feed.json",
    ]);
  });

  it("publishes it, and withdraws an expired one, when a later build time comes with no file changed", async () => {
    const work = tempDir();
    const out = path.join(work, "_site");
    const at = async (time: string) => {
      const result = await runCli(["build", "--input", content, "--output", out, "--build-time", time], { cwd: work });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    await at("2021-07-30T12:00:00+08:00");
    const later = await at("2021-08-03T12:00:00+08:00");
    expect(later).toMatch(/incremental build/);
    expect(later).toContain("newsmirror: 1 scheduled; next at 2021-09-01T08:00:00+08:00\n");
    expect(text(out, scheduledPage)).toContain("Rail line opens");
    expect(mentions(out, "Rail line opens")).toEqual(["index.html", "news/index.html", "feed.xml", "feed.json"]);
    expect(read(out, "archive/2021/08/index.html")).toContain("Rail line opens");
    expect(read(out, "sitemap.xml")).toContain(scheduledPage);

    // Withdrawn: out of every listing, feed and sitemap; the address keeps a notice, not indexed.
    expect(mentions(out, "Flood warning")).toEqual([]);
    expect(mentions(out, "flood-warning")).toEqual([]);
    const notice = read(out, expiringPage);
    expect(notice).toContain('<meta name="robots" content="noindex">');
    expect(pageLines(notice)).toContain("This article has been withdrawn");
    expect(notice).not.toContain("Flood warning");

    // The search index holds the published article and not the withdrawn one.
    const indexed = searchText(out);
    expect(indexed).toContain("Rail line opens");
    expect(indexed).not.toContain("Flood warning");
    expect(indexed).not.toContain("Bridge opens");

    // The same as a clean build at that time.
    const clean = await buildSite(content, "2021-08-03T12:00:00+08:00");
    for (const file of [scheduledPage, expiringPage, "index.html", "news/index.html", "feed.xml", "sitemap.xml"]) {
      expect(read(out, file), file).toBe(read(clean.out, file));
    }
  });

  it("publishes a scheduled article's photos only with it", async () => {
    const photo = readFileSync(path.join(ROOT, "content/culture/tea-horse-road.jpg"));
    const withPhoto = makeContent({
      "news/now.md": articleText({ title: "Talks open", section: "news" }),
      "news/later.md": articleText(
        { title: "Caravans return", section: "news", updated: "2021-08-10T08:00:00+08:00" },
        "![A caravan path](caravan.jpg)\n",
      ),
      "news/caravan.jpg": photo,
    });
    const work = tempDir();
    const out = path.join(work, "_site");
    const at = async (time: string) => {
      const result = await runCli(
        ["build", "--input", withPhoto, "--output", out, "--build-time", time, "--no-search"],
        {
          cwd: work,
        },
      );
      expect(result.status, result.stderr).toBe(0);
    };
    await at("2021-08-01T00:00:00+08:00");
    expect(existsSync(path.join(out, "photos"))).toBe(false);
    await at("2021-08-11T00:00:00+08:00");
    const photos = readdirSync(path.join(out, "photos"));
    expect(photos.length).toBeGreaterThan(0);
    for (const name of photos) expect(read(out, "news/202108/10/caravans-return.html")).toContain(`/photos/${name}`);
  });

  it("shows a scheduled article in the dev server's build, under a banner; a production build never does", async () => {
    const work = tempDir();
    const out = path.join(work, "_site");
    await build({
      contentDir: content,
      displayRoot: work,
      outputDir: out,
      includeDrafts: true,
      dev: true,
      search: false,
      buildTimeMs: Date.parse("2021-07-30T12:00:00+08:00"),
    });
    const lines = text(out, scheduledPage);
    expect(lines[lines.indexOf("App") + 1]).toBe(
      "Scheduled: published on August 2, 2021 08:00; a site built before then does not have this article.",
    );
    expect(read(out, "news/index.html")).toContain("Rail line opens");
    expect(read(out, "news/202107/28/talks-open.html")).not.toContain("scheduled-banner");
  });
});

/** The text of every record of the Pagefind index below `out` (its fragments are gzipped JSON after a signature). */
function searchText(out: string): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".pf_fragment")) texts.push(gunzipSync(readFileSync(file)).toString("utf8"));
    }
  };
  walk(path.join(out, "pagefind"));
  expect(texts.length).toBeGreaterThan(0);
  return texts.join("\n");
}

describe("the navigation menu", () => {
  const menu = [
    { label: "Culture", url: "/culture/" },
    { label: "Partner site", url: "https://example.com/?a=1&b=2" },
  ];
  const articles = {
    "culture/a.md": articleText({ title: "Opera season opens", section: "culture/stage" }),
  };
  const article = "culture/stage/202107/28/opera-season-opens.html";

  it("is in the header of every listing page, linked under the base URL's path, and on no article page by default", async () => {
    const content = makeContent({
      ...articles,
      "site.json": JSON.stringify({ baseUrl: "https://example.org/mirror/", menu }),
    });
    const { out } = await buildSite(content, "2021-08-01T12:00:00+08:00", "--no-search");
    for (const file of [
      "index.html",
      "culture/index.html",
      "culture/stage/index.html",
      "archive/index.html",
      "archive/2021/07/index.html",
    ]) {
      const page = read(out, file);
      expect(page, file).toContain(
        '<nav class="menu" aria-label="Menu"><ul class="menu__items"><li><a href="/mirror/culture/">Culture</a></li><li><a href="https://example.com/?a=1&amp;b=2">Partner site</a></li></ul></nav>',
      );
      expect(page.indexOf('class="menu"')).toBeLessThan(page.indexOf("</header>"));
    }
    const page = read(out, article);
    expect(page).not.toContain('class="menu"');
    expect(page).not.toContain('class="breadcrumb"');
  });

  it("is on article pages too, with a breadcrumb, when `onArticles` is true; links are relative with --relative", async () => {
    const content = makeContent({
      ...articles,
      "site.json": JSON.stringify({
        menu: { items: menu, onArticles: true },
        sectionNames: { culture: "Arts & Culture" },
      }),
    });
    const { out } = await buildSite(content, "2021-08-01T12:00:00+08:00", "--no-search", "--relative");
    const lines = text(out, article);
    expect(lines.slice(0, 5)).toEqual([
      "App",
      "Culture",
      "Partner site",
      "Home › Arts & Culture › Stage",
      "Opera season opens",
    ]);
    const page = read(out, article);
    expect(page).toContain('<li><a href="../../../index.html">Culture</a></li>');
    expect(page).toContain(
      '<nav class="breadcrumb" aria-label="Breadcrumb"><a href="../../../../index.html">Home</a> › <a href="../../../index.html">Arts &amp; Culture</a> › <a href="../../index.html">Stage</a></nav>',
    );
  });

  it("takes no menu from a site.json without one: the pages are as before", async () => {
    const { out } = await buildSite(makeContent(articles), "2021-08-01T12:00:00+08:00", "--no-search");
    expect(read(out, "index.html")).not.toContain('class="menu"');
    expect(read(out, article)).not.toContain('class="menu"');
  });
});

describe("the dev server's page updates", () => {
  const buildTimeMs = Date.parse("2021-07-30T12:00:00+08:00");
  let content: string;
  let dev: TestDevServer;
  /** The folder a fresh server writes for the same content at the same time: the truth to compare with. */
  const wholeBuild = async () => {
    const fresh = await new TestDevServer({ contentDir: content, buildTimeMs }).start();
    try {
      return treeHashes(fresh.server.folder);
    } finally {
      await fresh.stop();
    }
  };
  beforeAll(async () => {
    content = makeContent({
      "news/now.md": articleText({ title: "Talks open", section: "news" }),
      "news/later.md": articleText({ title: "Rail line opens", section: "news", updated: "2021-08-02T08:00:00+08:00" }),
    });
    dev = await new TestDevServer({ contentDir: content, buildTimeMs }).start();
  }, 120_000);
  afterAll(() => dev?.stop());

  it("show a scheduled article under its banner, and write a correction and a withdrawal as a whole build would", async () => {
    const scheduled = await get(dev.port, "/news/202108/02/rail-line-opens.html");
    expect(scheduled.body).toContain('<p class="scheduled-banner" role="status">Scheduled: published on');
    expect((await get(dev.port, "/corrections/")).status).toBe(404);

    const updates = () => (dev.log.match(/rewrote/g) ?? []).length;
    let before = updates();
    writeFileSync(
      path.join(content, "news/now.md"),
      articleText({
        title: "Talks open",
        section: "news",
        corrections: "\n  - date: 2021-07-29T10:00:00+08:00\n    text: The talks opened on Tuesday.",
      }),
    );
    await dev.logged(/rewrote/, before + 1);
    expect((await get(dev.port, "/corrections/")).body).toContain("The talks opened on Tuesday.");
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild());

    before = updates();
    writeFileSync(
      path.join(content, "news/now.md"),
      articleText({ title: "Talks open", section: "news", expires: "2021-07-30T00:00:00+08:00" }),
    );
    await dev.logged(/rewrote/, before + 1);
    const withdrawn = await get(dev.port, "/news/202107/28/talks-open.html");
    expect(withdrawn.body).toContain("This article has been withdrawn");
    expect((await get(dev.port, "/news/")).body).not.toContain("Talks open");
    expect((await get(dev.port, "/corrections/")).status).toBe(404);
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild());
  });
});

describe("newsmirror check on a site with a menu", () => {
  it("checks the menu's site paths as the site's links, and leaves its full addresses to their hosts", async () => {
    const menu = [
      { label: "Partner", url: "https://example.org/partner.html" },
      { label: "Nowhere", url: "/nowhere/" },
    ];
    const content = makeContent({
      "a.md": articleText(),
      "site.json": JSON.stringify({ baseUrl: "https://example.org/", menu }),
    });
    const { out, work } = await buildSite(content, "2021-08-01T12:00:00+08:00", "--no-search");
    const check = await runCli(["check", "--input", content, "--output", out], { cwd: work });
    const problems = check.stderr.split("\n").filter((line) => line.includes("broken link"));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((line) => line.endsWith("broken link: /nowhere/ (no such file in the site)"))).toBe(true);
    expect(check.status).toBe(1);
  });
});
