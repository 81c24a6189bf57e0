import { describe, expect, it } from "vitest";
import type { Article } from "../src/article/article.ts";
import { buildListings, pagerNumbers, sectionTitle } from "../src/site/listings.ts";
import { firstSentences, summaryOf } from "../src/site/summary.ts";
import { makeArticle } from "./helpers/article.ts";

const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2021, 6, 1, 0, 0); // July 1, 2021 08:00 in Shanghai

function article(i: number, section?: string): Article {
  const at = { iso: "", epochMs: START + i * DAY };
  return {
    file: `a${i}.md`,
    title: `Article ${i}`,
    updated: at,
    published: at,
    source: "Xinhua",
    section,
    tags: [],
    draft: false,
    language: "en",
    url: `/${section ?? "x"}/a${i}.html`,
    updatedText: "",
    teaser: "",
    hash: `hash${i}`,
    bodyHtml: "",
    bodyText: "",
  };
}

/** Newest first, as the loader gives them. */
function articles(count: number, section?: string): Article[] {
  return Array.from({ length: count }, (_, i) => article(i, section)).reverse();
}

describe("section listings", () => {
  const listings = buildListings(articles(45, "news/topnews"), { perPage: 20, timeZone: "Asia/Shanghai" });
  const pagesOf = (key: string) => listings.pages.filter((p) => p.kind === "section" && p.key === key);

  it("splits 45 articles into 3 gov.cn-style pages of 20, 20 and 5", () => {
    const pages = pagesOf("news/topnews");
    expect(pages.map((p) => p.url)).toEqual([
      "/news/topnews/index.html",
      "/news/topnews/page_2.html",
      "/news/topnews/page_3.html",
    ]);
    expect(pages.map((p) => p.articles.length)).toEqual([20, 20, 5]);
    expect(pages.map((p) => p.pageCount)).toEqual([3, 3, 3]);
    expect(pages[0]!.articles[0]!.title).toBe("Article 44");
    expect(pages[2]!.articles.at(-1)!.title).toBe("Article 0");
  });

  it("gives a parent section its own listing of everything below it", () => {
    expect(pagesOf("news").map((p) => p.articles.length)).toEqual([20, 20, 5]);
    expect(pagesOf("news")[0]!.subsections).toEqual([{ title: "Topnews", url: "/news/topnews/", count: 45 }]);
    expect(pagesOf("news/topnews")[0]!.parents.map((p) => p.url)).toEqual(["/news/"]);
    expect(listings.topSections.map((s) => s.path)).toEqual(["news"]);
  });

  it("honours the number per page from settings", () => {
    const small = buildListings(articles(45, "news"), { perPage: 10, timeZone: "Asia/Shanghai" });
    expect(small.pages.filter((p) => p.key === "news")).toHaveLength(5);
  });

  it("takes section names from settings, else spells the path", () => {
    expect(sectionTitle("statecouncil/weifenghe")).toBe("Weifenghe");
    expect(sectionTitle("latest-releases")).toBe("Latest Releases");
    expect(sectionTitle("statecouncil", { statecouncil: "State Council" })).toBe("State Council");
  });
});

describe("archive and home", () => {
  const listings = buildListings(articles(45, "news"), { perPage: 20, timeZone: "Asia/Shanghai" });

  it("lists each month of publication in the site's time zone, newest first", () => {
    const months = listings.archive.flatMap((y) => y.months.map((m) => [m.url, m.count]));
    expect(months).toEqual([
      ["/archive/2021/08/", 14],
      ["/archive/2021/07/", 31],
    ]);
    const july = listings.pages.filter((p) => p.kind === "archive" && p.key === "2021/07");
    expect(july.map((p) => p.url)).toEqual(["/archive/2021/07/index.html", "/archive/2021/07/page_2.html"]);
  });

  it("puts the newest articles on the home page", () => {
    expect(listings.home.articles.map((a) => a.title).slice(0, 2)).toEqual(["Article 44", "Article 43"]);
    expect(listings.home.articles).toHaveLength(20);
  });

  it("has no section pages for articles without a section", () => {
    expect(buildListings(articles(3), { perPage: 20, timeZone: "UTC" }).pages.every((p) => p.kind === "archive")).toBe(
      true,
    );
  });
});

describe("the pager", () => {
  it("shows first, last and the pages around the current one, with gaps", () => {
    expect(pagerNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pagerNumbers(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(pagerNumbers(1, 1)).toEqual([1]);
  });
});

describe("summaries", () => {
  it("prefer the front-matter summary", () => {
    const head = "title: T\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua";
    expect(summaryOf(makeArticle(`${head}\nsummary: Given.`, "Body. More.\n"))).toBe("Given.");
    expect(summaryOf(makeArticle(head, `${"First sentence is here. ".repeat(12)}\n`))).toBe(
      "First sentence is here. ".repeat(8).trim(),
    );
  });

  it("else take whole first sentences of the body", () => {
    const body = `${"First sentence is here. ".repeat(6)}${"x".repeat(300)}`;
    const summary = firstSentences(body, 100);
    expect(summary.endsWith("here.")).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(100);
  });

  it("cut a long first sentence at a word", () => {
    expect(firstSentences(`${"word ".repeat(60)}end.`, 50)).toMatch(/^word( word)*…$/);
  });
});
