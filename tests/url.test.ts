import { describe, expect, it } from "vitest";
import { articleUrl, slugify } from "../src/article/url.ts";

const published = Date.UTC(2021, 6, 27, 23, 1); // 2021-07-28 07:01 in Beijing

describe("article addresses", () => {
  it("mirror gov.cn when the article has an id", () => {
    expect(
      articleUrl(
        { section: "statecouncil/weifenghe", id: "61009037c6d0df57f98ddaf8", title: "x", publishedMs: published },
        "Asia/Shanghai",
      ),
    ).toBe("/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html");
  });

  it("use a slug of the title without an id, and no section folder without a section", () => {
    expect(articleUrl({ title: "Premier meets delegates", publishedMs: published }, "Asia/Shanghai")).toBe(
      "/202107/28/premier-meets-delegates.html",
    );
  });

  it("date the folder in the site's time zone", () => {
    expect(articleUrl({ title: "a", publishedMs: published }, "UTC")).toBe("/202107/27/a.html");
  });
});

describe("slugs", () => {
  it("are lower-case ASCII words joined by hyphens", () => {
    expect(slugify("Tajik president, Chinese defense minister agree to enhance cooperation")).toBe(
      "tajik-president-chinese-defense-minister-agree-to-enhance-cooperation",
    );
    expect(slugify("China’s “new” Café — 2021!")).toBe("chinas-new-cafe-2021");
  });

  it("stay short, cutting at a word", () => {
    const slug = slugify("word ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith("-")).toBe(false);
    expect(slug.endsWith("word")).toBe(true);
  });

  it("give titles without Latin letters a stable address", () => {
    expect(slugify("国务院常务会议")).toMatch(/^article-[0-9a-f]{10}$/);
    expect(slugify("国务院常务会议")).toBe(slugify("国务院常务会议"));
    expect(slugify("国务院常务会议")).not.toBe(slugify("国务院"));
  });
});
