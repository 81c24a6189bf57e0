import { describe, expect, it } from "vitest";
import { assembleNewsSite } from "../src/site/news-site.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { makeArticle } from "./helpers/article.ts";

const articles = [
  makeArticle("title: B\nupdated: 2021-08-02T10:00:00+08:00\nsource: Xinhua\nsection: policies/latestreleases"),
  makeArticle("title: A\nupdated: 2021-08-01T10:00:00+08:00\nsource: Xinhua\nsection: culture"),
];

describe("the files of the news site, assembled once per build", () => {
  it("are the site's feeds, one pair per top-level section, the sitemaps and robots.txt", () => {
    const site = assembleNewsSite(articles, parseSettings({}), {
      buildTimeMs: Date.parse("2021-08-02T12:00:00+08:00"),
    });
    expect(site.files.map((f) => f.url)).toEqual([
      "/feed.xml",
      "/feed.json",
      "/culture/feed.xml",
      "/culture/feed.json",
      "/policies/feed.xml",
      "/policies/feed.json",
      "/sitemap.xml",
      "/news-sitemap.xml",
      "/robots.txt",
    ]);
    expect(site.pages.map((p) => p.url)).toEqual([
      "/culture/index.html",
      "/policies/index.html",
      "/policies/latestreleases/index.html",
      "/archive/2021/08/index.html",
    ]);
  });

  it("take relative links and the page size from the settings", () => {
    const site = assembleNewsSite(articles, parseSettings({ relativeLinks: true, perPage: 1 }), {});
    expect(site.urls.relative).toBe(true);
    expect(site.pages.filter((p) => p.key === "2021/08").map((p) => p.url)).toEqual([
      "/archive/2021/08/index.html",
      "/archive/2021/08/page_2.html",
    ]);
  });

  it("date the news sitemap by the real time unless a build time is given", () => {
    const before = Date.now();
    expect(assembleNewsSite(articles, parseSettings({}), {}).buildTimeMs).toBeGreaterThanOrEqual(before);
  });
});

describe("sections", () => {
  it("cannot take a top-level folder the site itself writes (archive, assets, search index)", () => {
    for (const section of ["archive", "archive/2021/07", "assets", "pagefind/x"]) {
      expect(
        () => makeArticle(`title: X\nupdated: 2021-08-01T10:00:00+08:00\nsource: Xinhua\nsection: ${section}`),
        section,
      ).toThrow(/^section: .* must not start with a folder the site itself uses/);
    }
    expect(makeArticle("title: X\nupdated: 2021-08-01T10:00:00+08:00\nsource: Xinhua\nsection: archives").section).toBe(
      "archives",
    );
  });
});
