/**
 * Raw HTML in bodies (`"markdown": {"html": true}`): the author's HTML is
 * sanitised, our own photo markup is not touched, nothing loads from another
 * site (srcset candidates included), and no id of the author's can take one
 * our page uses; a photo inside the author's HTML (bold, heading, list) stays
 * our figure, and the page stays valid. Built from tests/fixtures/hostile/raw-html/.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sanitizeBodyHtml } from "../src/article/site-markdown.ts";
import { validateHtml } from "../src/check/site-check.ts";
import { RESERVED_IDS } from "../src/page-ids.ts";
import { elementsOf } from "./helpers/pipeline.ts";
import { buildFixture, urlsIn, type BuiltFixture } from "./helpers/hostile.ts";
import { filesBelow } from "./helpers/site.ts";

const PAGE = "news/202108/05/an-article-with-raw-html-and-a-photo.html";
const NESTED = "news/202108/05/photos-inside-the-authors-html.html";

function idsOf(markup: string): string[] {
  return elementsOf(markup).flatMap((e) => (e.attributes.id === undefined ? [] : [e.attributes.id]));
}

/** The markup of the article's body on its page. */
function bodyOf(page: string): string {
  const start = page.indexOf('<div class="Artical_Content">');
  return page.slice(start, page.indexOf("</article>", start));
}

describe("an article with raw HTML and body photos", () => {
  let built: BuiltFixture;
  beforeAll(async () => {
    built = await buildFixture("raw-html");
  });
  const page = () => readFileSync(path.join(built.out, PAGE), "utf8");

  it("builds, and its page passes html-validate (what newsmirror check runs)", () => {
    expect(built.status, built.stderr).toBe(0);
    expect(validateHtml(page(), PAGE)).toEqual([]);
  });

  it("keeps our photo markup whole: figure class, sizes, loading and decoding, and no </source> end tags", () => {
    const elements = elementsOf(bodyOf(page()));
    const figures = elements.filter((e) => e.name === "figure");
    expect(figures).toHaveLength(2);
    for (const figure of figures) expect(figure.attributes.class).toBe("photo");
    const photos = elements.filter((e) => e.name === "img" && e.attributes.src?.startsWith("/photos/"));
    expect(photos.map((img) => img.attributes.alt)).toEqual(["A hillside at dusk", "Another view of the hillside"]);
    for (const img of photos) {
      expect(img.attributes).toMatchObject({ loading: "lazy", decoding: "async", width: "96", height: "64" });
      expect(img.attributes.sizes).toMatch(/96px/);
    }
    for (const source of elements.filter((e) => e.name === "source")) expect(source.attributes.sizes).toMatch(/96px/);
    expect(page()).not.toContain("</source>");
    expect(page()).toContain("<figcaption>The hillside. [Photo/Xinhua]</figcaption>");
  });

  it("loads nothing from another site, in the page or in the feeds: src and every srcset candidate", () => {
    const feeds = filesBelow(built.out, { endingWith: "feed.xml" }).map((f) =>
      readFileSync(path.join(built.out, f), "utf8"),
    );
    const feedHtml = filesBelow(built.out, { endingWith: "feed.json" }).flatMap((f) =>
      (JSON.parse(readFileSync(path.join(built.out, f), "utf8")) as { items: { content_html: string }[] }).items.map(
        (i) => i.content_html,
      ),
    );
    const atomHtml = feeds.flatMap((xml) =>
      [...xml.matchAll(/<content type="html"><!\[CDATA\[([\s\S]*?)\]\]><\/content>/g)].map((m) => m[1]!),
    );
    expect(atomHtml.length).toBeGreaterThan(0);
    expect(feedHtml.length).toBeGreaterThan(0);
    for (const markup of [bodyOf(page()), ...atomHtml, ...feedHtml]) {
      const loads = urlsIn(markup).filter((r) => r.tag === "img" || r.tag === "source");
      expect(loads.length).toBeGreaterThan(0);
      for (const ref of loads)
        expect(new URL(ref.url, "https://example.org/news/202108/05/x.html").origin, JSON.stringify(ref)).toBe(
          "https://example.org",
        );
    }
    expect(page()).not.toContain("tracker.example");
  });

  it("lets no body element take an id our page uses, and keeps every id unique", () => {
    const ids = idsOf(page());
    expect(new Set(ids).size).toBe(ids.length);
    expect(idsOf(bodyOf(page()))).toEqual(["keep-me"]);
    const radios = elementsOf(page()).filter(
      (e) => e.attributes.id === "view-desktop" || e.attributes.id === "view-mobile",
    );
    expect(radios.map((e) => e.name)).toEqual(["input", "input"]);
  });

  it("drops a forged photo placeholder", () => {
    expect(page()).not.toContain("newsmirror-photo");
    expect(elementsOf(bodyOf(page())).filter((e) => e.name === "figure")).toHaveLength(2);
  });

  it("keeps photos whole where the author's HTML wraps them in bold text, a heading or a list, and the page valid", () => {
    const nested = readFileSync(path.join(built.out, NESTED), "utf8");
    expect(validateHtml(nested, NESTED)).toEqual([]);
    const figures = elementsOf(bodyOf(nested)).filter((e) => e.name === "figure");
    expect(figures.map((f) => f.attributes.class)).toEqual(["photo", "photo", "photo"]);
    const alts = elementsOf(bodyOf(nested))
      .filter((e) => e.name === "img")
      .map((e) => e.attributes.alt);
    expect(alts).toEqual(["A hillside in bold", "A hillside in a heading", "A hillside in a list"]);
    expect(nested).toContain("<figcaption>In a heading. [Photo/Xinhua]</figcaption>");
  });

  it("reserves every id our pages carry (article and search pages)", () => {
    const search = readFileSync(path.join(built.out, "search.html"), "utf8");
    const ours = [...idsOf(page().replace(bodyOf(page()), "")), ...idsOf(search)];
    expect(ours.length).toBeGreaterThan(0);
    for (const id of ours) expect(RESERVED_IDS).toContain(id);
  });
});

describe("the raw-HTML sanitiser", () => {
  const srcOf = (markup: string) =>
    urlsIn(markup)
      .filter((r) => r.tag === "img" || r.tag === "source")
      .map((r) => r.url);

  it.each([
    [
      "a remote srcset candidate",
      '<img src="/a.jpg" srcset="https://t.example/1.gif 1x, /a.jpg 2x" alt="">',
      ["/a.jpg", "/a.jpg"],
    ],
    ["a protocol-relative candidate", '<img src="/a.jpg" srcset="//t.example/1.gif 2x" alt="">', ["/a.jpg"]],
    [
      "a backslash host",
      '<img src="/a.jpg" srcset="\\\\t.example\\1.gif 2x, https:\\\\t.example/2.gif 3x" alt="">',
      ["/a.jpg"],
    ],
    [
      "candidates without spaces after commas",
      '<img src="/a.jpg" srcset="/a.jpg 1x,https://t.example/1.gif 2x" alt="">',
      ["/a.jpg", "/a.jpg"],
    ],
    ["a data: candidate", '<img src="/a.jpg" srcset="data:image/gif;base64,R0lGOD 2x" alt="">', ["/a.jpg"]],
    [
      "a remote <source> in a picture",
      '<picture><source srcset="https://t.example/a.webp" type="image/webp"><img src="/a.jpg" alt=""></picture>',
      ["/a.jpg"],
    ],
    [
      "a picture whose img is remote",
      '<picture><source srcset="/a.webp" type="image/webp"><img src="https://t.example/a.jpg" alt=""></picture>',
      [],
    ],
  ])("drops %s", (_what, markup, kept) => {
    const clean = sanitizeBodyHtml(markup);
    expect(srcOf(clean)).toEqual(kept);
    expect(clean).not.toContain("t.example");
    expect(clean).not.toContain("</source>");
  });

  it("drops ids our pages use, blank ones and repeats, and keeps the rest", () => {
    const clean = sanitizeBodyHtml(
      '<p><a id="view-mobile">a</a><a id="search">b</a><a id=" ">c</a><a id="x">d</a><a id="x">e</a><a id="y">f</a></p>',
    );
    expect(idsOf(clean)).toEqual(["x", "y"]);
    const fresh = sanitizeBodyHtml('<a id="x">again</a>');
    expect(idsOf(fresh)).toEqual(["x"]);
  });
});
