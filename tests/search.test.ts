import { describe, expect, it } from "vitest";
import { searchRecord } from "../src/build/search.ts";
import { parseSettings } from "../src/site/settings.ts";
import { makeArticle } from "./helpers/article.ts";

describe("what the search index holds for an article", () => {
  const site = parseSettings({});

  it("is the text a reader sees: dateline, body, and the title and address for the result", () => {
    const article = makeArticle("title: Tea road\nupdated: 2021-08-05T09:15:00+08:00\nsource: Xinhua\ndateline: KUNMING\nsection: culture\nlanguage: zh-CN", "Caravans *carried* tea.\n\nSecond paragraph.\n");
    expect(searchRecord(article, site)).toEqual({
      url: "/culture/202108/05/tea-road.html",
      content: "KUNMING — Caravans carried tea. Second paragraph.",
      language: "en", // the site's: one index, so the search page finds every article
      meta: { title: "Tea road", date: "2021-08-05T09:15:00+08:00", source: "Xinhua" },
    });
  });
});
