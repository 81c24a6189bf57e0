import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { Article } from "../src/article/article.ts";
import { atomFeed, jsonFeed, JSON_FEED_VERSION, type FeedSpec } from "../src/site/feeds.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { SiteUrls } from "../src/site/urls.ts";
import { makeArticle } from "./helpers/article.ts";
import { xmlErrors } from "./helpers/hostile.ts";

const site = parseSettings({ name: "Mirror & Co", baseUrl: "https://example.org/mirror/" });
const urls = new SiteUrls(site.baseUrl);
const hostile = makeArticle(
  `title: "A ]]> B ]]> <b>C</b> & D"
updated: 2021-07-28T07:01:00+08:00
source: Xinhua
section: culture
tags: [culture]`,
  "Body with `]]>` twice: `]]>`, and <b>markup</b> as text.\n",
);
const plain = makeArticle(`title: Plain\nupdated: 2021-07-27T07:01:00-04:00\nsource: AP`);
const spec: FeedSpec<Article> = {
  title: "Mirror & Co",
  home: "/",
  atom: "/feed.xml",
  json: "/feed.json",
  articles: [hostile, plain],
  language: "en",
};
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["entry", "link"].includes(name),
});

describe("Atom feed", () => {
  const xml = atomFeed(spec, site, urls, Date.UTC(2021, 7, 1));
  const feed = parser.parse(xml).feed;

  it("is well-formed Atom even when titles and bodies contain ]]>, markup and &", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.entry).toHaveLength(2);
  });

  it("carries absolute URLs from the base URL and the full article HTML", () => {
    const entry = feed.entry[0];
    expect(entry.id).toBe(urls.absolute(hostile.url));
    expect(entry.link[0]["@href"]).toBe(`https://example.org/mirror${hostile.url}`);
    expect(entry.content["#text"] ?? entry.content).toContain(hostile.bodyHtml.trim().slice(0, 40));
    expect(feed.link.find((l: Record<string, string>) => l["@rel"] === "self")["@href"]).toBe(
      "https://example.org/mirror/feed.xml",
    );
  });

  it("gives the title as escaped HTML that decodes to the article's title", () => {
    const title = String(feed.entry[0].title["#text"]);
    expect(
      title
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&"),
    ).toBe(hostile.title);
  });

  it("is well-formed when tags and a linked photo's address hold &, < and quotes (written into attributes)", () => {
    const tagged = makeArticle(
      `title: Tagged\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\ntags: ["Belt & Road", "<b>", 'say "hi"']`,
    );
    const photo = {
      ...tagged,
      image: {
        ...tagged.image,
        src: "https://photos.example/a.jpg?w=1&h=2",
        alt: "A photo",
        url: "https://photos.example/a.jpg?w=1&h=2",
      },
    };
    const xml = atomFeed({ ...spec, articles: [photo as typeof tagged] }, site, urls, Date.UTC(2021, 7, 1));
    expect(xmlErrors(xml)).toEqual([]);
    const entry = parser.parse(xml).feed.entry[0];
    const categories = ([] as Record<string, string>[]).concat(entry.category).map((c) => c["@term"]);
    expect(categories).toEqual(["Belt & Road", "<b>", 'say "hi"']);
  });

  it("writes updated times with the site's UTC offset", () => {
    expect(feed.updated).toBe("2021-07-28T07:01:00+08:00");
    expect(feed.entry[0].updated).toBe("2021-07-28T07:01:00+08:00");
    expect(feed.entry[1].updated).toBe("2021-07-27T19:01:00+08:00");
  });
});

describe("JSON Feed 1.1", () => {
  const feed = JSON.parse(jsonFeed(spec, site, urls));

  it("has the version and every required field", () => {
    expect(feed.version).toBe(JSON_FEED_VERSION);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe("Mirror & Co");
    expect(feed.home_page_url).toBe("https://example.org/mirror/");
    expect(feed.feed_url).toBe("https://example.org/mirror/feed.json");
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(typeof item.content_html).toBe("string");
    }
  });

  it("has the title as text, the full HTML, 1.1 authors and dates with offsets", () => {
    const [item] = feed.items;
    expect(item.title).toBe(hostile.title);
    expect(item.content_html).toBe(hostile.bodyHtml);
    expect(item.url).toBe(urls.absolute(hostile.url));
    expect(item.date_modified).toBe("2021-07-28T07:01:00+08:00");
    expect(item.authors).toEqual([{ name: "Xinhua" }]);
    expect(item.author).toBeUndefined();
    expect(item.tags).toEqual(["culture"]);
  });
});
