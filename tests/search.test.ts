import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { articleText, filesBelow, makeContent, tempDir, treeSnapshot } from "./helpers/site.ts";
import type { Article } from "../src/article/article.ts";
import { planSearch, searchRecord } from "../src/search/search-index.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { makeArticle } from "./helpers/article.ts";

describe("what the search index holds for an article", () => {
  it("is the text a reader sees: dateline, body, and the title and address for the result", () => {
    const article = makeArticle(
      "title: Tea road\nupdated: 2021-08-05T09:15:00+08:00\nsource: Xinhua\ndateline: KUNMING\nsection: culture\nlanguage: zh-CN",
      "Caravans *carried* tea.\n\nSecond paragraph.\n",
    );
    expect(searchRecord(article, site)).toEqual({
      url: "/culture/202108/05/tea-road.html",
      content: "KUNMING — Caravans carried tea. Second paragraph.",
      language: "en", // the site's: one index, so the search page finds every article
      meta: { title: "Tea road", date: "2021-08-05T09:15:00+08:00", source: "Xinhua" },
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

const site = parseSettings({});

describe("a search index in bundles by publication month", () => {
  const archive = [
    article("a3", "2021-08-02T09:00:00+08:00"),
    article("a2", "2021-08-01T09:00:00+08:00"),
    article("a1", "2021-07-28T07:01:00+08:00"),
    article("a0", "2020-12-31T23:30:00+08:00"),
  ];

  it("has a bundle per month, newest first, in the month of the article's address (the site's time zone)", () => {
    // 2021-07-31T20:00Z is August 1 in Beijing: the article's address and its bundle say August.
    const boundary = article("b", "2021-07-31T20:00:00Z");
    expect(boundary.url).toContain("/202108/01/");
    expect(membership([boundary, ...archive])).toEqual([
      ["2021-08", ["a3", "a2", "b"]],
      ["2021-07", ["a1"]],
      ["2020-12", ["a0"]],
    ]);
    const { bundles, shared } = planSearch(archive, site);
    expect(bundles.map((bundle) => bundle.folder)).toEqual([
      "pagefind/2021-08/",
      "pagefind/2021-07/",
      "pagefind/2020-12/",
    ]);
    expect(shared).toEqual(["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"]);
  });

  it("leaves every old month's bundle as it was when a new month's article arrives, and an edit changes only its month", () => {
    const before = membership(archive);
    const added = membership([article("n", "2021-09-01T08:00:00+08:00"), ...archive]);
    expect(added).toEqual([["2021-09", ["n"]], ...before]);
    const edited = [archive[0]!, archive[1]!, article("a1", "2021-07-28T07:01:00+08:00", "A new title"), archive[3]!];
    const plan = (articles: readonly Article[]) => planSearch(articles, site).bundles;
    const changed = plan(edited).filter((bundle, i) =>
      bundle.articles.some((a, j) => a !== plan(archive)[i]!.articles[j]),
    );
    expect(changed.map((bundle) => bundle.key)).toEqual(["2021-07"]);
  });

  it("splits a month of more articles than the bundle size, oldest first: a later article changes only the last part", () => {
    const july = ["01", "02", "03", "04", "05"].map((day) => article(`j${day}`, `2021-07-${day}T09:00:00+08:00`));
    // Two articles at the same time are ordered by address.
    const twin = article("j00", "2021-07-03T09:00:00+08:00");
    const split = membership([...july, twin].reverse(), 2);
    expect(split).toEqual([
      ["2021-07-p3", ["j05", "j04"]],
      ["2021-07-p2", ["j03", "j00"]],
      ["2021-07", ["j02", "j01"]],
    ]);
    const later = membership([article("j06", "2021-07-06T09:00:00+08:00"), ...july, twin], 2);
    expect(later[0]).toEqual(["2021-07-p4", ["j06"]]);
    expect(later.slice(1)).toEqual(split);
  });

  it("is one empty bundle for a site with no articles, so the search page still loads", () => {
    expect(membership([])).toEqual([["empty", []]]);
  });

  it("is written by the build, each month in its folder with the UI once, and named on the search page", async () => {
    const files = {
      "a.md": articleText({ title: "Alpha", updated: "2021-08-02T07:01:00+08:00" }),
      "b.md": articleText({ title: "Beta", updated: "2021-08-01T07:01:00+08:00" }),
      "c.md": articleText({ title: "Gamma", updated: "2021-07-26T07:01:00+08:00" }),
    };
    const build = async (content: string, ...args: string[]) => {
      const out = tempDir();
      const result = await runCli(["build", "--input", content, "--output", out, ...args], { cwd: tempDir() });
      expect(result.status, result.stderr).toBe(0);
      return out;
    };
    const first = await build(makeContent(files));
    const fragments = (out: string, bundle: string) =>
      readdirSync(path.join(out, "pagefind", bundle, "fragment")).length;
    expect([fragments(first, "2021-08"), fragments(first, "2021-07")]).toEqual([2, 1]);
    expect(filesBelow(path.join(first, "pagefind")).filter((file) => !file.includes("/"))).toEqual([
      "pagefind-ui.css",
      "pagefind-ui.js",
    ]);
    // Each bundle keeps its search engine, not a copy of the UI.
    const bundleFiles = filesBelow(path.join(first, "pagefind/2021-07")).filter((file) => !file.includes("/"));
    expect(bundleFiles).toContain("pagefind.js");
    expect(bundleFiles).toContain("pagefind-entry.json");
    expect(bundleFiles.filter((file) => file.startsWith("pagefind-") && file.endsWith("ui.js"))).toEqual([]);
    const searchPage = (out: string) => readFileSync(path.join(out, "search.html"), "utf8");
    expect(searchPage(first)).toContain('data-bundle="/pagefind/2021-08/" data-more-bundles="/pagefind/2021-07/"');

    // A new month's article: July's bundle and the UI are the same bytes as before.
    const second = await build(
      makeContent({ ...files, "d.md": articleText({ title: "Delta", updated: "2021-09-01T07:01:00+08:00" }) }),
    );
    for (const unchanged of ["pagefind/2021-07", "pagefind/2021-08"])
      expect(treeSnapshot(path.join(second, unchanged)), unchanged).toEqual(treeSnapshot(path.join(first, unchanged)));
    expect(readFileSync(path.join(second, "pagefind/pagefind-ui.js"))).toEqual(
      readFileSync(path.join(first, "pagefind/pagefind-ui.js")),
    );

    const relative = await build(makeContent(files), "--search-bundle", "1", "--relative");
    expect(searchPage(relative)).toContain(
      'data-bundle="pagefind/2021-08-p2/" data-more-bundles="pagefind/2021-08/ pagefind/2021-07/"',
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
