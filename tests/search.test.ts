import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { searchBundles } from "../src/site/search-bundles.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, makeContent, tempDir } from "./helpers/site.ts";
import { searchRecord } from "../src/search/search-index.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { makeArticle } from "./helpers/article.ts";

describe("what the search index holds for an article", () => {
  const site = parseSettings({});

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

describe("a search index in bundles", () => {
  it("is one bundle in /pagefind/ up to the bundle size, then /pagefind/part-N/ per further bundle", () => {
    expect(searchBundles(0, 10)).toEqual(["/pagefind/"]);
    expect(searchBundles(10, 10)).toEqual(["/pagefind/"]);
    expect(searchBundles(11, 10)).toEqual(["/pagefind/", "/pagefind/part-2/"]);
    expect(searchBundles(25, 10)).toEqual(["/pagefind/", "/pagefind/part-2/", "/pagefind/part-3/"]);
  });

  it("is written by the build, each bundle with its share of the articles, and named on the search page", async () => {
    const content = makeContent({
      "a.md": articleText({ title: "Alpha", updated: "2021-07-28T07:01:00+08:00" }),
      "b.md": articleText({ title: "Beta", updated: "2021-07-27T07:01:00+08:00" }),
      "c.md": articleText({ title: "Gamma", updated: "2021-07-26T07:01:00+08:00" }),
    });
    const build = (...args: string[]) => {
      const out = tempDir();
      const built = runCli(["build", "--input", content, "--output", out, ...args], { cwd: tempDir() });
      return built.then((result) => ({ ...result, out }));
    };
    const absolute = await build("--search-bundle", "2");
    expect(absolute.status, absolute.stderr).toBe(0);
    const fragments = (bundle: string) => readdirSync(path.join(absolute.out, bundle, "fragment")).length;
    // 3 articles, newest first: 2 in /pagefind/, 1 in /pagefind/part-2/.
    expect([fragments("pagefind"), fragments("pagefind/part-2")]).toEqual([2, 1]);
    const searchPage = (out: string) => readFileSync(path.join(out, "search.html"), "utf8");
    expect(searchPage(absolute.out)).toContain('data-more-bundles="/pagefind/part-2/"');
    const relative = await build("--search-bundle", "1", "--relative");
    expect(relative.status, relative.stderr).toBe(0);
    expect(searchPage(relative.out)).toContain('data-more-bundles="pagefind/part-2/ pagefind/part-3/"');
  });

  it("refuses a bundle size that is not a whole number of articles", async () => {
    const cwd = tempDir();
    const result = await runCli(["build", "--input", tempDir(), "--output", "site", "--search-bundle", "0"], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--search-bundle: "0" is not a whole number of articles/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
