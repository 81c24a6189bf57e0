/** Article pages (src/pages/article-pages.ts): written by newsmirror itself, each inside the output folder. */
import { describe, expect, it } from "vitest";
import { pageFile } from "../src/pages/article-pages.ts";

describe("article page files", () => {
  it("go under the output folder at the article's address, and nowhere else", () => {
    expect(pageFile("/site", "/news/202107/28/a.html")).toBe("/site/news/202107/28/a.html");
    for (const url of ["/../outside.html", "/news/../../x.html", "news/a.html", "/news/a.txt", "/"]) {
      expect(() => pageFile("/site", url), url).toThrow(/not a page inside the site/);
    }
  });
});
