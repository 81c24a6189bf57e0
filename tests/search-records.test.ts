/**
 * Each search bundle's records kept in the build cache (src/search/record-cache.ts): re-indexing a bundle makes
 * again only the records of its changed articles, and never trusts a file of other inputs or a damaged one.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Article, ArticleMeta } from "../src/article/article.ts";
import { SearchRecordCache } from "../src/search/record-cache.ts";
import type { SearchBundle } from "../src/site/search-bundles.ts";
import { tempDir } from "./helpers/site.ts";

const article = (n: number, hash = `h${n}`) => ({ url: `/news/${n}.html`, hash, title: `Story ${n}` }) as ArticleMeta;
const bundle = (articles: ArticleMeta[]): SearchBundle => ({ key: "2021", folder: "pagefind/2021/", articles });

/** A loader's `full` that says which articles it was asked for. */
function fullSpy() {
  const asked: string[][] = [];
  const full = async (articles: readonly ArticleMeta[]) => {
    asked.push(articles.map((a) => a.url));
    return articles.map((a) => ({ ...a, bodyText: `Body of ${a.title} (${a.hash})` }) as unknown as Article);
  };
  return { asked, full };
}
const make = (a: Article) => ({ url: a.url, content: a.bodyText });

describe("the search records kept between builds", () => {
  it("makes a record again only for an article that changed, added or moved, in the bundle's order", async () => {
    const folder = path.join(tempDir(), "search-records");
    const cache = new SearchRecordCache(folder, "inputs-1");
    const first = fullSpy();
    const all = bundle([article(3), article(2), article(1)]);
    const records = await cache.records(all, first.full, make);
    expect(first.asked).toEqual([["/news/3.html", "/news/2.html", "/news/1.html"]]);
    await cache.save(all, records);

    const next = fullSpy();
    const edited = bundle([article(4), article(3), article(2, "h2-edited"), article(1)]);
    const again = await cache.records(edited, next.full, make);
    expect(next.asked).toEqual([["/news/4.html", "/news/2.html"]]);
    expect(again.map((r) => r.content)).toEqual([
      "Body of Story 4 (h4)",
      "Body of Story 3 (h3)",
      "Body of Story 2 (h2-edited)",
      "Body of Story 1 (h1)",
    ]);
  });

  it("makes every record again under other inputs, from a damaged file, or one whose record names another article", async () => {
    const folder = path.join(tempDir(), "search-records");
    const all = bundle([article(2), article(1)]);
    const saved = new SearchRecordCache(folder, "inputs-1");
    await saved.save(all, await saved.records(all, fullSpy().full, make));

    const other = fullSpy();
    await new SearchRecordCache(folder, "inputs-2").records(all, other.full, make);
    expect(other.asked).toEqual([["/news/2.html", "/news/1.html"]]);

    const file = path.join(folder, "2021.json");
    for (const damaged of [
      "{ not json",
      JSON.stringify({ key: "inputs-1", records: [["/news/2.html", "h2"]] }),
      JSON.stringify({ key: "inputs-1", records: [["/news/2.html", "h2", { url: "/news/1.html" }]] }),
    ]) {
      writeFileSync(file, damaged);
      const spy = fullSpy();
      await saved.records(all, spy.full, make);
      expect(spy.asked, damaged).toEqual([["/news/2.html", "/news/1.html"]]);
    }
  });

  it("removes the files of bundles the site no longer has", async () => {
    const folder = path.join(tempDir(), "search-records");
    const cache = new SearchRecordCache(folder, "inputs-1");
    const old = { ...bundle([article(1)]), key: "2024-11", folder: "pagefind/2024-11/" };
    const year = bundle([article(2)]);
    for (const b of [old, year]) await cache.save(b, await cache.records(b, fullSpy().full, make));
    await cache.prune([year]);
    const spy = fullSpy();
    await cache.records(old, spy.full, make);
    expect(spy.asked).toEqual([["/news/1.html"]]);
    const kept = fullSpy();
    await cache.records(year, kept.full, make);
    expect(kept.asked).toEqual([[]]);
  });
});
