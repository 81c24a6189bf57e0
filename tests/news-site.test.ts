import { describe, expect, it } from "vitest";
import type { Article } from "../src/article/article.ts";
import { ListingKeys, planSite } from "../src/pipeline/site-plan.ts";
import { assembleNewsSite } from "../src/site/news-site.ts";
import { ClaimCheck, claimProblems, outputClaims } from "../src/site/output-paths.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { makeArticle } from "./helpers/article.ts";

const articles = [
  makeArticle("title: B\nupdated: 2021-08-02T10:00:00+08:00\nsource: Xinhua\nsection: policies/latestreleases"),
  makeArticle("title: A\nupdated: 2021-08-01T10:00:00+08:00\nsource: Xinhua\nsection: culture"),
];

describe("the files of the news site, assembled once per build", () => {
  it("are the site's feeds, one pair per top-level section, the sitemaps, robots.txt, the host configuration and provenance.json", () => {
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
      "/_headers",
      "/nginx.conf",
      "/provenance.json",
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

describe("a news site planned again after each save (the dev server)", () => {
  const site = parseSettings({ feedSize: 2, perPage: 2 });
  const buildTimeMs = Date.parse("2021-08-05T12:00:00+08:00");
  const story = (n: number, section = "culture", day = 10 + n, extra = "", body = `Paragraph of story ${n}.`) =>
    makeArticle(
      `title: Story ${n}${extra}\nupdated: 2021-07-${day}T10:00:00+08:00\nsource: Xinhua\nsection: ${section}\nid: "${String(n).padStart(24, "0")}"`,
      `${body}\n`,
    );
  const first = [5, 4, 3, 2, 1].map((n) => story(n, n % 2 ? "culture" : "news/world"));
  /** Each save as the loader gives it: the unchanged articles the same objects, newest first. */
  const saves: [string, (articles: Article[]) => Article[]][] = [
    ["nothing changed", (a) => a],
    [
      "a body edited, in the feeds",
      (a) => a.map((x) => (x.title === "Story 5" ? story(5, "culture", 15, "", "A new first paragraph.") : x)),
    ],
    [
      "a title edited, in no feed",
      (a) => a.map((x) => (x.title === "Story 1" ? story(1, "culture", 11, " again") : x)),
    ],
    [
      "an article updated later: first in every list",
      (a) => [story(2, "news/world", 20), ...a.filter((x) => x.title !== "Story 2")],
    ],
    ["an article in a new section", (a) => [story(6, "sports", 21), ...a]],
    ["an article deleted", (a) => a.filter((x) => x.title !== "Story 4")],
    ["the newest deleted: the feeds shrink", (a) => a.slice(1)],
  ];

  it("is planned, after every save, with the listing keys of the last plan kept, as a plan from nothing plans it", () => {
    const keys = new ListingKeys();
    let articles = first;
    planSite({ articles, newsSite: assembleNewsSite(articles, site, { buildTimeMs }), photos: [] }, keys);
    for (const [what, save] of saves) {
      articles = save(articles);
      const newsSite = assembleNewsSite(articles, site, { buildTimeMs });
      const plan = planSite({ articles, newsSite, photos: [] }, keys);
      expect(plan, what).toEqual(
        planSite({ articles, newsSite: assembleNewsSite(articles, site, { buildTimeMs }), photos: [] }),
      );
    }
  });
});

describe("the files claimed, checked again after each save (the dev server)", () => {
  it("have the problems a check from nothing finds: two articles at one address, then none", () => {
    const site = parseSettings({});
    const story = (title: string, id: string) =>
      makeArticle(`title: ${title}\nupdated: 2021-07-28T10:00:00+08:00\nsource: Xinhua\nsection: news\nid: "${id}"`);
    const a = story("A", "61009037c6d0df57f98dda01");
    const b = story("B", "61009037c6d0df57f98dda02");
    const twin = story("B twin", "61009037c6d0df57f98dda01");
    const check = new ClaimCheck();
    for (const [what, articles] of [
      ["two articles", [a, b]],
      ["the same again", [a, b]],
      ["one at the other's address", [a, twin]],
      ["the same again", [a, twin]],
      ["moved away", [a, b]],
    ] as const) {
      const claims = outputClaims(articles, site);
      expect(check.problems(claims, "content"), what).toEqual(claimProblems(claims, "content"));
    }
    expect(claimProblems(outputClaims([a, twin], site), "content")).toHaveLength(1);
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
