import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { parseSettings } from "../src/settings/settings.ts";
import {
  newsArticles,
  newsSitemap,
  NEWS_NS,
  robotsTxt,
  SITEMAP_NS,
  sitemapFiles,
  type SitemapEntry,
} from "../src/site/sitemaps.ts";
import { SiteUrls } from "../src/site/urls.ts";
import { makeArticle } from "./helpers/article.ts";

const site = parseSettings({ name: "Mirror", baseUrl: "https://example.org/mirror/" });
const urls = new SiteUrls(site.baseUrl);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["url", "sitemap"].includes(name),
});

describe("sitemap.xml", () => {
  const entries: SitemapEntry[] = Array.from({ length: 5 }, (_, i) => ({
    url: `/a${i}.html`,
    lastmodMs: Date.UTC(2021, 0, i + 1),
  }));

  it("is one urlset when the URLs fit in one file", () => {
    const files = sitemapFiles(entries, urls, site.timeZone);
    expect(files.map((f) => f.url)).toEqual(["/sitemap.xml"]);
    expect(XMLValidator.validate(files[0]!.content)).toBe(true);
    const set = parser.parse(files[0]!.content).urlset;
    expect(set["@xmlns"]).toBe(SITEMAP_NS);
    expect(set.url[0]).toEqual({ loc: "https://example.org/mirror/a0.html", lastmod: "2021-01-01T08:00:00+08:00" });
  });

  it("becomes a sitemap index over numbered files past the limit (50,000 by default)", () => {
    const files = sitemapFiles(entries, urls, site.timeZone, 2);
    expect(files.map((f) => f.url)).toEqual(["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]);
    const index = parser.parse(files[0]!.content).sitemapindex;
    expect(index["@xmlns"]).toBe(SITEMAP_NS);
    expect(index.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      "https://example.org/mirror/sitemap-1.xml",
      "https://example.org/mirror/sitemap-2.xml",
      "https://example.org/mirror/sitemap-3.xml",
    ]);
    expect(index.sitemap[2].lastmod).toBe("2021-01-05T08:00:00+08:00");
    expect(parser.parse(files[3]!.content).urlset.url).toHaveLength(1);
  });
});

describe("Google News sitemap", () => {
  const at = (iso: string, title: string) => makeArticle(`title: "${title}"\nupdated: ${iso}\nsource: Xinhua`);
  const articles = [
    at("2021-07-30T12:00:00+08:00", "Future"),
    at("2021-07-29T11:00:00+08:00", "Fresh & <new>"),
    at("2021-07-27T13:00:00+08:00", "Edge"),
    at("2021-07-27T11:00:00+08:00", "Old"),
  ];
  const buildTime = Date.parse("2021-07-29T12:00:00+08:00");

  it("holds only articles updated in the two days before the build time", () => {
    expect(newsArticles(articles, buildTime).map((a) => a.title)).toEqual(["Fresh & <new>", "Edge"]);
  });

  it("is well-formed with the news namespace, publication, date and title", () => {
    const file = newsSitemap(articles, site, urls, buildTime);
    expect(file.url).toBe("/news-sitemap.xml");
    expect(XMLValidator.validate(file.content)).toBe(true);
    const set = parser.parse(file.content).urlset;
    expect(set["@xmlns"]).toBe(SITEMAP_NS);
    expect(set["@xmlns:news"]).toBe(NEWS_NS);
    expect(set.url).toHaveLength(2);
    expect(set.url[0]["news:news"]).toEqual({
      "news:publication": { "news:name": "Mirror", "news:language": "en" },
      "news:publication_date": "2021-07-29T11:00:00+08:00",
      "news:title": "Fresh & <new>",
    });
  });

  it("is still valid when no article is recent", () => {
    const content = newsSitemap(articles, site, urls, Date.parse("2030-01-01T00:00:00Z")).content;
    expect(XMLValidator.validate(content)).toBe(true);
    expect(parser.parse(content).urlset.url).toBeUndefined();
  });
});

describe("robots.txt", () => {
  it("points at both sitemaps with absolute URLs", () => {
    expect(robotsTxt(urls).content).toContain(
      "Sitemap: https://example.org/mirror/sitemap.xml\nSitemap: https://example.org/mirror/news-sitemap.xml\n",
    );
  });
});
