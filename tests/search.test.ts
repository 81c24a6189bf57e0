import { existsSync, readFileSync, readdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { articleText, filesBelow, makeContent, tempDir, treeSnapshot } from "./helpers/site.ts";
import type { Article, ArticleMeta } from "../src/article/article.ts";
import { planSearch, searchRecord, stopSearchIndex, writeSearchIndex } from "../src/search/search-index.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { searchBundlePaths, searchBundlePathsOf, searchLanguagesOf } from "../src/site/search-bundles.ts";
import { makeArticle } from "./helpers/article.ts";

describe("what the search index holds for an article", () => {
  it("is the text a reader sees: dateline, body, and the title and address for the result", () => {
    const article = makeArticle(
      "title: Tea road\nupdated: 2021-08-05T09:15:00+08:00\nsource: Xinhua\ndateline: KUNMING\nsection: culture\nlanguage: zh-CN",
      "Caravans *carried* tea.\n\nSecond paragraph.\n",
    );
    expect(searchRecord(article, site)).toEqual({
      // A Chinese article: www.gov.cn's address, and its dateline followed by a space, as its page shows them.
      url: expect.stringMatching(/^\/culture\/2021-08\/05\/20210805-[0-9a-f]{8}\.htm$/),
      content: "KUNMING Caravans carried tea. Second paragraph.",
      language: "zh", // the article's: Pagefind segments Chinese words in a Chinese index alone
      meta: { title: "Tea road", 日期: "2021年8月5日", 来源: "Xinhua" },
    });
  });
});

/** An article named `name`, with an id (its address does not change with its title), published at `published`. */
const article = (name: string, published: string, title = `Story ${name}`) =>
  makeArticle(
    `title: ${title}\nupdated: ${published}\nsource: Xinhua\nid: "${Buffer.from(name).toString("hex").padStart(24, "0")}"\nsection: culture`,
  );

/** Each bundle's key with the names of its articles, in the order they are given to Pagefind. */
const membership = (articles: readonly Article[], size?: number) =>
  planSearch(articles, site, size).bundles.map((bundle) => [
    bundle.key,
    bundle.articles.map((a) => a.title.replace("Story ", "")),
  ]);

/** The keys of the bundles that an incremental build re-indexes (or removes) going from `before` to `after`: as the build compares them, by address and content. */
const changedBundles = (before: readonly Article[], after: readonly Article[]) => {
  const contents = (articles: readonly Article[]) =>
    new Map(
      planSearch(articles, site).bundles.map((bundle) => [
        bundle.key,
        bundle.articles.map((a) => `${a.url} ${a.hash}`).join("\n"),
      ]),
    );
  const [old, now] = [contents(before), contents(after)];
  return [...new Set([...old.keys(), ...now.keys()])].filter((key) => old.get(key) !== now.get(key)).sort();
};

const site = parseSettings({});

describe("a search index in bundles: one per publication year, the newest month's and its newest day's", () => {
  const archive = [
    article("a3", "2021-08-02T09:00:00+08:00"),
    article("a2", "2021-08-01T09:00:00+08:00"),
    article("a1", "2021-07-28T07:01:00+08:00"),
    article("a0", "2020-12-31T23:30:00+08:00"),
  ];

  it("has the newest article's day, the rest of its month, then a bundle per year, newest first, in the site's time zone", () => {
    // 2021-07-31T20:00Z is August 1 in Beijing, 2021-08-01T16:30Z August 2, and 2019-12-31T17:00Z is 2020: the
    // article's address and its bundle agree.
    const boundary = article("b", "2021-07-31T20:00:00Z");
    const nextDay = article("d", "2021-08-01T16:30:00Z");
    const newYear = article("y", "2019-12-31T17:00:00Z");
    expect(boundary.url).toContain("/202108/01/");
    expect(nextDay.url).toContain("/202108/02/");
    expect(newYear.url).toContain("/202001/01/");
    expect(membership([boundary, nextDay, newYear, ...archive])).toEqual([
      ["2021-08-02", ["a3", "d"]],
      ["2021-08", ["a2", "b"]],
      ["2021", ["a1"]],
      ["2020", ["a0", "y"]],
    ]);
    // The same articles in any order make the same bundles: nothing depends on the clock or the order of files.
    expect(membership([...archive].reverse())).toEqual(membership(archive));
    const { bundles, shared } = planSearch(archive, site);
    expect(bundles.map((bundle) => bundle.folder)).toEqual([
      "pagefind/2021-08-02/",
      "pagefind/2021-08/",
      "pagefind/2021/",
      "pagefind/2020/",
    ]);
    expect(shared).toEqual(["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"]);
  });

  it("re-indexes only the newest day when an article of it is added or edited", () => {
    const added = [article("n", "2021-08-02T18:00:00+08:00"), ...archive];
    expect(changedBundles(archive, added)).toEqual(["2021-08-02"]);
    expect(membership(added).slice(1)).toEqual(membership(archive).slice(1));
    const edited = [article("a3", "2021-08-02T09:00:00+08:00", "A new title"), ...archive.slice(1)];
    expect(changedBundles(archive, edited)).toEqual(["2021-08-02"]);
    // An edit to an earlier day of the newest month re-indexes the month's bundle alone.
    const earlier = [archive[0]!, article("a2", "2021-08-01T09:00:00+08:00", "A new title"), ...archive.slice(2)];
    expect(changedBundles(archive, earlier)).toEqual(["2021-08"]);
  });

  it("re-indexes only its year when an old article is edited, added or deleted", () => {
    const edited = [...archive.slice(0, 2), article("a1", "2021-07-28T07:01:00+08:00", "A new title"), archive[3]!];
    expect(changedBundles(archive, edited)).toEqual(["2021"]);
    expect(changedBundles(archive, [...archive, article("late", "2020-03-01T08:00:00+08:00")])).toEqual(["2020"]);
    expect(changedBundles(archive, archive.slice(0, 3))).toEqual(["2020"]);
  });

  it("moves the day before into its month when a new day's first article arrives, and the month before into its year at a new month", () => {
    const nextDay = [article("n", "2021-08-20T08:00:00+08:00"), ...archive];
    expect(membership(nextDay)).toEqual([
      ["2021-08-20", ["n"]],
      ["2021-08", ["a3", "a2"]],
      ["2021", ["a1"]],
      ["2020", ["a0"]],
    ]);
    expect(changedBundles(archive, nextDay)).toEqual(["2021-08", "2021-08-02", "2021-08-20"]);
    // A new month: August joins 2021's bundle; September has its first day alone (no month bundle without articles).
    const september = [article("n", "2021-09-01T08:00:00+08:00"), ...archive];
    expect(membership(september)).toEqual([
      ["2021-09-01", ["n"]],
      ["2021", ["a3", "a2", "a1"]],
      ["2020", ["a0"]],
    ]);
    expect(changedBundles(archive, september)).toEqual(["2021", "2021-08", "2021-08-02", "2021-09-01"]);
    // A new year: December joins its year's bundle, the new January's first day is a bundle of its own.
    const january = [article("j", "2022-01-03T08:00:00+08:00"), ...september];
    expect(membership(january).map(([key]) => key)).toEqual(["2022-01-03", "2021", "2020"]);
    expect(changedBundles(september, january)).toEqual(["2021", "2021-09-01", "2022-01-03"]);
  });

  it("splits a bundle of more articles than the bundle size, oldest first: a later article changes only the last part", () => {
    const july = ["01", "02", "03", "04", "05"].map((day) => article(`j${day}`, `2020-07-${day}T09:00:00+08:00`));
    // Two articles at the same time are ordered by address.
    const twin = article("j00", "2020-07-03T09:00:00+08:00");
    const newest = [article("n2", "2021-08-02T09:00:00+08:00"), article("n1", "2021-08-01T09:00:00+08:00")];
    const split = membership([...newest, ...july, twin].reverse(), 2);
    expect(split).toEqual([
      ["2021-08-02", ["n2"]],
      ["2021-08", ["n1"]],
      ["2020-p3", ["j05", "j04"]],
      ["2020-p2", ["j03", "j00"]],
      ["2020", ["j02", "j01"]],
    ]);
    const later = membership([...newest, article("j06", "2020-08-06T09:00:00+08:00"), ...july, twin], 2);
    expect(later[2]).toEqual(["2020-p4", ["j06"]]);
    expect([...later.slice(0, 2), ...later.slice(3)]).toEqual(split);
    // The newest day is split the same way.
    const busy = membership(
      [article("n4", "2021-08-02T11:00:00+08:00"), article("n3", "2021-08-02T10:00:00+08:00"), ...newest],
      2,
    );
    expect(busy).toEqual([
      ["2021-08-02-p2", ["n4"]],
      ["2021-08-02", ["n3", "n2"]],
      ["2021-08", ["n1"]],
    ]);
  });

  it("is one empty bundle for a site with no articles, so the search page still loads", () => {
    expect(membership([])).toEqual([["empty", []]]);
  });

  it("names on the search page (without sorting any bundle) the bundles the plan makes", () => {
    const july = ["01", "02", "03", "04", "05"].map((day) => article(`j${day}`, `2020-07-${day}T09:00:00+08:00`));
    const newest = [article("n2", "2021-08-02T09:00:00+08:00"), article("n1", "2021-08-01T09:00:00+08:00")];
    const sites = [
      [],
      july,
      july.slice(0, 1),
      [newest[1]!, ...july],
      [...newest, ...july],
      [...july, ...newest].reverse(),
    ];
    for (const articles of sites)
      for (const size of [1, 2, 3, undefined]) {
        const planned = searchBundlePaths(planSearch(articles, site, size));
        expect(searchBundlePathsOf(articles, site, size)).toEqual(planned);
      }
    expect(searchBundlePathsOf([...newest, ...july], site, 2)).toEqual([
      "/pagefind/2021-08-02/",
      "/pagefind/2021-08/",
      "/pagefind/2020-p3/",
      "/pagefind/2020-p2/",
      "/pagefind/2020/",
    ]);
  });

  it("names, for a site of two languages, each language's bundles, never the index Pagefind loads first", () => {
    let ids = 5600000;
    const zh = (name: string, published: string) =>
      makeArticle(
        `title: 中文 ${name}\nupdated: ${published}\nsource: 新华社\nid: "${++ids}"\nsection: guowuyuan\nlanguage: zh-CN`,
        "正文。\n",
      );
    const oldEn = article("e1", "2020-05-01T09:00:00+08:00");
    const oldZh = zh("z1", "2020-06-01T09:00:00+08:00");
    const julyEn = article("e2", "2021-07-01T09:00:00+08:00");
    const newestZh = zh("z2", "2021-08-01T09:00:00+08:00");
    // One language: nothing to name, and no bundle is planned for it.
    expect(searchLanguagesOf([oldEn, julyEn], site)).toEqual([]);
    expect(searchLanguagesOf([oldZh, newestZh], { ...site, language: "zh-CN" })).toEqual([]);
    // The newest bundle holds English: its first index is English; Chinese is merged from each bundle that has it.
    expect(searchLanguagesOf([oldEn, oldZh, julyEn, zh("z3", "2021-07-01T08:00:00+08:00")], site)).toEqual([
      { language: "en", bundles: ["/pagefind/2020/"] },
      { language: "zh", bundles: ["/pagefind/2021-07-01/", "/pagefind/2020/"] },
    ]);
    // The newest bundle holds only Chinese: Pagefind loads its Chinese index first (its fallback), so it is not named
    // again; English comes from the bundles that have it.
    expect(searchLanguagesOf([oldEn, oldZh, julyEn, newestZh], site)).toEqual([
      { language: "en", bundles: ["/pagefind/2021/", "/pagefind/2020/"] },
      { language: "zh", bundles: ["/pagefind/2020/"] },
    ]);
  });

  it("is written by the build, each bundle in its folder with the UI once, and named on the search page", async () => {
    const files = {
      "a.md": articleText({ title: "Alpha", updated: "2021-08-02T07:01:00+08:00" }),
      "b.md": articleText({ title: "Beta", updated: "2021-08-01T07:01:00+08:00" }),
      "c.md": articleText({ title: "Gamma", updated: "2021-07-26T07:01:00+08:00" }),
      "d.md": articleText({ title: "Delta", updated: "2020-03-09T07:01:00+08:00" }),
    };
    const build = async (content: string, ...args: string[]) => {
      const out = tempDir();
      const result = await runCli(["build", "--input", content, "--output", out, ...args], { cwd: tempDir() });
      expect(result.status, result.stderr).toBe(0);
      return out;
    };
    const first = await build(makeContent(files));
    const bundleFolders = (out: string) =>
      readdirSync(path.join(out, "pagefind"), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    const fragments = (out: string, bundle: string) =>
      readdirSync(path.join(out, "pagefind", bundle, "fragment")).length;
    expect(bundleFolders(first)).toEqual(["2020", "2021", "2021-08", "2021-08-02"]);
    expect(["2021-08-02", "2021-08", "2021", "2020"].map((bundle) => fragments(first, bundle))).toEqual([1, 1, 1, 1]);
    expect(filesBelow(path.join(first, "pagefind")).filter((file) => !file.includes("/"))).toEqual([
      "pagefind-ui.css",
      "pagefind-ui.js",
    ]);
    // Each bundle keeps its search engine, not a copy of the UI.
    const bundleFiles = filesBelow(path.join(first, "pagefind/2021")).filter((file) => !file.includes("/"));
    expect(bundleFiles).toContain("pagefind.js");
    expect(bundleFiles).toContain("pagefind-entry.json");
    expect(bundleFiles.filter((file) => file.startsWith("pagefind-") && file.endsWith("ui.js"))).toEqual([]);
    const searchPage = (out: string) => readFileSync(path.join(out, "search.html"), "utf8");
    expect(searchPage(first)).toContain(
      'data-bundle="/pagefind/2021-08-02/" data-more-bundles="/pagefind/2021-08/ /pagefind/2021/ /pagefind/2020/"',
    );

    // A new month's article: August joins 2021's bundle; 2020's bundle and the UI are the same bytes as before.
    const second = await build(
      makeContent({ ...files, "e.md": articleText({ title: "Epsilon", updated: "2021-09-01T07:01:00+08:00" }) }),
    );
    expect(bundleFolders(second)).toEqual(["2020", "2021", "2021-09-01"]);
    expect([fragments(second, "2021-09-01"), fragments(second, "2021")]).toEqual([1, 3]);
    expect(treeSnapshot(path.join(second, "pagefind/2020"))).toEqual(treeSnapshot(path.join(first, "pagefind/2020")));
    expect(readFileSync(path.join(second, "pagefind/pagefind-ui.js"))).toEqual(
      readFileSync(path.join(first, "pagefind/pagefind-ui.js")),
    );

    // A second article of the newest day, one article a bundle: the day in two parts, the later one first.
    const busy = { ...files, "f.md": articleText({ title: "Zeta", updated: "2021-08-02T09:00:00+08:00" }) };
    const relative = await build(makeContent(busy), "--search-bundle", "1", "--relative");
    expect(searchPage(relative)).toContain(
      'data-bundle="pagefind/2021-08-02-p2/" data-more-bundles="pagefind/2021-08-02/ pagefind/2021-08/ pagefind/2021/ pagefind/2020/"',
    );
  });

  it("refuses a bundle size that is not a whole number of articles", async () => {
    const cwd = tempDir();
    const result = await runCli(["build", "--input", tempDir(), "--output", "site", "--search-bundle", "0"], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--search-bundle: "0" is not a whole number of articles/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("a search step that is stopped", () => {
  // Three bundles (the newest day, the rest of its month, a year): two written side by side, the third waiting.
  const articles = [
    article("s3", "2021-08-02T09:00:00+08:00"),
    article("s2", "2021-08-01T09:00:00+08:00"),
    article("s1", "2020-05-01T09:00:00+08:00"),
  ];
  const { bundles } = planSearch(articles, site);
  const written = (dir: string) => readdirSync(path.join(dir, "pagefind")).sort();

  it("by a bundle that fails starts no bundle after it, and writes nothing once it has settled", async () => {
    expect(bundles.map((bundle) => bundle.key)).toEqual(["2021-08-02", "2021-08", "2020"]);
    const dir = tempDir();
    const started: number[] = [];
    const full = async (some: readonly ArticleMeta[]) => {
      if (some.includes(articles[1]!)) throw new Error("an article changed meanwhile");
      return some as Article[];
    };
    await expect(
      writeSearchIndex(dir, bundles, full, site, { onBundle: (done) => started.push(done), articlesAtOnce: 1 }),
    ).rejects.toThrow("an article changed meanwhile");
    await sleep(1500); // (a Pagefind started again for the bundle waiting would be writing it by now)
    expect(started.length).toBeLessThan(3);
    expect(existsSync(path.join(dir, "pagefind/2020"))).toBe(false);
  });

  it("by the build (its pages failed) leaves no bundle written or started once stopSearchIndex returns", async () => {
    const dir = tempDir();
    const stop = new AbortController();
    const step = writeSearchIndex(dir, bundles, async (some) => some as Article[], site, { signal: stop.signal });
    await sleep(50);
    await stopSearchIndex(step, stop);
    const after = existsSync(path.join(dir, "pagefind")) ? written(dir) : [];
    expect(after).not.toContain("2020"); // the bundle waiting its turn was never started
    await sleep(1500);
    expect(existsSync(path.join(dir, "pagefind")) ? written(dir) : []).toEqual(after);
    // Pagefind works again for the next build (a new process, started by it).
    const next = tempDir();
    await writeSearchIndex(next, bundles, async (some) => some as Article[], site);
    expect(written(next)).toEqual(["2020", "2021-08", "2021-08-02", "pagefind-ui.css", "pagefind-ui.js"]);
  });
});
