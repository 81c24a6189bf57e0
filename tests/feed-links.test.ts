/**
 * Feeds are read away from the site: every link and image address in their
 * HTML is absolute, and leads where the same link on the article's page
 * leads, under a base URL with a path (`https://example.org/mirror/`) and at
 * a host's root; a link written as a site path (`/archive/`) goes under the
 * base path on the page, and stays relative in a --relative build. Built
 * from tests/fixtures/hostile/feed-links/ (a lead
 * photo, a body photo, root-relative, fragment and relative links).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFixture, urlsIn, type BuiltFixture } from "./helpers/hostile.ts";
import { tempDir } from "./helpers/site.ts";

const ARTICLE = "culture/202108/05/tea-caravans-return-to-the-old-road.html";
/** The builds of this file encode the same photos: one cache. */
const imageCache = tempDir("newsmirror-cache-");

/** The HTML of every item of the site's and the section's Atom and JSON feeds. */
function feedContents(out: string): { feed: string; html: string }[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    cdataPropName: "#cdata",
    isArray: (name) => name === "entry",
  });
  const contents: { feed: string; html: string }[] = [];
  for (const feed of ["feed.xml", "culture/feed.xml"]) {
    const atom = parser.parse(readFileSync(path.join(out, feed), "utf8")).feed;
    for (const entry of atom.entry) contents.push({ feed, html: [entry.content["#cdata"]].flat().join("") });
  }
  for (const feed of ["feed.json", "culture/feed.json"]) {
    const json = JSON.parse(readFileSync(path.join(out, feed), "utf8")) as { items: { content_html: string }[] };
    for (const item of json.items) contents.push({ feed, html: item.content_html });
  }
  return contents;
}

describe.each([
  ["under a path", "https://example.org/mirror/"],
  ["at the root of its host", "https://example.org/"],
])("feed HTML of a site %s", (_where, baseUrl) => {
  let built: BuiltFixture;
  beforeAll(async () => {
    built = await buildFixture("feed-links", { settings: { baseUrl }, imageCache });
  });
  const pageUrl = `${baseUrl}${ARTICLE}`;

  it("builds", () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it("has only absolute addresses, each where the same link or image on the article's page leads", () => {
    const page = readFileSync(path.join(built.out, ARTICLE), "utf8");
    const body = page.slice(page.indexOf('<div class="Artical_Content">'), page.indexOf("</article>"));
    const onPage = urlsIn(body).map((r) => ({ ...r, url: new URL(r.url, pageUrl).href }));
    expect(onPage.filter((r) => r.tag === "img" && r.attr === "src")).toHaveLength(2);
    const contents = feedContents(built.out);
    expect(contents).toHaveLength(4);
    for (const { feed, html } of contents) {
      const inFeed = urlsIn(html);
      for (const ref of inFeed) expect(ref.url, `${feed}: ${ref.tag} ${ref.attr}`).toMatch(/^(https:\/\/|mailto:)/);
      expect(inFeed, feed).toEqual(onPage);
    }
  });

  it("points photos at files the build wrote, below the base URL", () => {
    const photos = feedContents(built.out).flatMap(({ html }) =>
      urlsIn(html).filter((r) => r.tag === "img" || r.tag === "source"),
    );
    expect(photos.length).toBeGreaterThan(0);
    for (const { url } of photos) {
      expect(url.startsWith(`${baseUrl}photos/`), url).toBe(true);
      expect(existsSync(path.join(built.out, url.slice(baseUrl.length))), url).toBe(true);
    }
  });

  it("links the author's site paths (`/archive/`) below the base URL: under its path on the page, absolute from it in the feeds", () => {
    const page = readFileSync(path.join(built.out, ARTICLE), "utf8");
    const body = page.slice(page.indexOf('<div class="Artical_Content">'), page.indexOf("</article>"));
    expect(
      urlsIn(body)
        .filter((r) => r.tag === "a")
        .map((r) => r.url),
    ).toContain(`${new URL(baseUrl).pathname}archive/`);
    for (const { feed, html } of feedContents(built.out)) {
      expect(
        urlsIn(html)
          .filter((r) => r.tag === "a")
          .map((r) => r.url),
        feed,
      ).toContain(`${baseUrl}archive/`);
    }
  });

  it("resolves the author's fragment and relative links against the article's address", () => {
    const links = feedContents(built.out).flatMap(({ html }) =>
      urlsIn(html)
        .filter((r) => r.tag === "a")
        .map((r) => r.url),
    );
    expect(links).toContain(`${pageUrl}#note`);
    expect(links).toContain(new URL("../index.html", pageUrl).href);
    expect(links).toContain("https://english.www.gov.cn/");
    expect(links).toContain("mailto:desk@example.org");
  });
});

describe("the author's site paths in a --relative build", () => {
  let built: BuiltFixture;
  beforeAll(async () => {
    built = await buildFixture("feed-links", { args: ["--relative"], imageCache });
  });

  it("are relative to the article's page, to the file itself, so the site can be read from disk", () => {
    expect(built.status, built.stderr).toBe(0);
    const page = readFileSync(path.join(built.out, ARTICLE), "utf8");
    const body = page.slice(page.indexOf('<div class="Artical_Content">'), page.indexOf("</article>"));
    const links = urlsIn(body)
      .filter((r) => r.tag === "a")
      .map((r) => r.url);
    expect(links).toContain("../../../archive/index.html");
    expect(existsSync(path.join(built.out, "archive/index.html"))).toBe(true);
    for (const { url } of urlsIn(body).filter((r) => r.tag === "img" || r.tag === "source"))
      expect(url).toMatch(/^\.\.\/\.\.\/\.\.\/photos\//);
  });
});
