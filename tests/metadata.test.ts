import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { articleHead, newsArticleJsonLd, scriptSafeJson } from "../src/site/metadata.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { SiteUrls } from "../src/site/urls.ts";
import { makeArticle } from "./helpers/article.ts";

const site = parseSettings({ name: "Mirror", baseUrl: "https://example.org/mirror/" });
const urls = new SiteUrls(site.baseUrl);

const hostile = makeArticle(
  `title: "Hello </script><script>alert(1)</script> <!-- & \\u2028 done"
updated: 2021-07-28T07:01:00+08:00
published: 2021-07-27T22:00:00+08:00
source: Xinhua
dateline: DUSHANBE
section: statecouncil/weifenghe
summary: "A summary with </script> in it."
tags: [defense]`,
);

type Doc = ReturnType<typeof parseDocument>;

/** Elements by tag name and one attribute value. */
function elements(doc: Doc, tag: string, attr: string, value: string) {
  return DomUtils.findAll((e) => e.name === tag && e.attribs[attr] === value, doc.children);
}

function scripts(markup: string) {
  return elements(parseDocument(markup), "script", "type", "application/ld+json");
}

describe("NewsArticle JSON-LD", () => {
  it("carries the headline, dates with offsets, place, publisher and language", () => {
    const data = newsArticleJsonLd(hostile, site, urls);
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: hostile.title,
      datePublished: "2021-07-27T22:00:00+08:00",
      dateModified: "2021-07-28T07:01:00+08:00",
      locationCreated: { "@type": "Place", name: "DUSHANBE" },
      publisher: { "@type": "Organization", name: "Mirror" },
      inLanguage: "en",
      url: "https://example.org/mirror/statecouncil/weifenghe/202107/27/hello-script-script-alert-1-script-done.html",
    });
    expect(data.image).toBeUndefined();
  });

  it("cannot be broken out of by </script> or a comment in the content", () => {
    const head = articleHead(hostile, site, urls).value;
    const found = scripts(head);
    expect(found).toHaveLength(1);
    expect(head.match(/<script/g)).toHaveLength(1);
    const text = DomUtils.textContent(found[0]!);
    expect(JSON.parse(text).headline).toBe(hostile.title);
    expect(JSON.parse(text).description).toBe("A summary with </script> in it.");
    expect(scriptSafeJson("</script><!--\u2028")).not.toMatch(/[<>\u2028]/);
  });

  it("uses the article's social image when it has one (the lead photo's 1200×630 crop), with its size", () => {
    const withImage = {
      ...hostile,
      socialImage: { url: "/photos/a-1200x630.jpg", width: 1200, height: 630, alt: "A", type: "image/jpeg" as const },
    };
    expect(newsArticleJsonLd(withImage, site, urls).image).toEqual({
      "@type": "ImageObject",
      url: "https://example.org/mirror/photos/a-1200x630.jpg",
      width: 1200,
      height: 630,
    });
    const head = articleHead(withImage, site, urls).value;
    expect(head).toContain('<meta property="og:image" content="https://example.org/mirror/photos/a-1200x630.jpg">');
    expect(head).toContain('<meta property="og:image:width" content="1200">');
    expect(head).toContain('<meta property="og:image:height" content="630">');
  });
});

describe("Open Graph, Twitter card, canonical and description", () => {
  it("are in the head with escaped values", () => {
    const doc = parseDocument(articleHead(hostile, site, urls).value);
    const attr = (tag: string, key: string, value: string, wanted: string) =>
      elements(doc, tag, key, value)[0]?.attribs[wanted];
    expect(attr("link", "rel", "canonical", "href")).toBe(newsArticleJsonLd(hostile, site, urls).url);
    expect(attr("meta", "property", "og:type", "content")).toBe("article");
    expect(attr("meta", "property", "og:title", "content")).toBe(hostile.title);
    expect(attr("meta", "property", "article:published_time", "content")).toBe("2021-07-27T22:00:00+08:00");
    expect(attr("meta", "name", "twitter:card", "content")).toBe("summary");
    expect(attr("meta", "name", "description", "content")).toBe("A summary with </script> in it.");
  });
});
