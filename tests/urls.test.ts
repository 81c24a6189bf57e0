import { describe, expect, it } from "vitest";
import { SiteUrls, relativeHref } from "../src/site/urls.ts";
import { linkSitePaths, rootRelativePath } from "../src/html-urls.ts";

describe("internal links honour the base URL's path prefix", () => {
  it("prefixes site paths with the base URL's path", () => {
    const urls = new SiteUrls("https://example.org/mirror/");
    expect(urls.prefix).toBe("/mirror/");
    expect(urls.link("/assets/site.css", "/culture/index.html")).toBe("/mirror/assets/site.css");
    expect(urls.link("/", "/culture/")).toBe("/mirror/");
    expect(urls.absolute("/culture/feed.xml")).toBe("https://example.org/mirror/culture/feed.xml");
  });

  it("treats a base URL without a trailing slash as a folder", () => {
    expect(new SiteUrls("https://example.org/mirror").absolute("/a.html")).toBe("https://example.org/mirror/a.html");
    expect(new SiteUrls("https://example.org").rooted("/a.html")).toBe("/a.html");
  });
});

describe("relative links, for browsing the output from disk", () => {
  it("climbs out of the page's folder and names index.html for folders", () => {
    expect(relativeHref("/statecouncil/weifenghe/202107/28/content_WS1.html", "/statecouncil/")).toBe(
      "../../../index.html",
    );
    expect(relativeHref("/statecouncil/weifenghe/202107/28/content_WS1.html", "/assets/site.css")).toBe(
      "../../../../assets/site.css",
    );
    expect(relativeHref("/index.html", "/culture/page_2.html")).toBe("culture/page_2.html");
    expect(relativeHref("/", "/")).toBe("index.html");
    expect(relativeHref("/culture/", "/culture/page_2.html")).toBe("page_2.html");
    expect(relativeHref("/culture/page_2.html", "/culture/")).toBe("index.html");
  });

  it("is what link() gives in the relative mode, whatever the base URL's path", () => {
    const urls = new SiteUrls("https://example.org/mirror/", true);
    expect(urls.link("/archive/", "/archive/2021/07/index.html")).toBe("../../index.html");
    expect(urls.absolute("/feed.xml")).toBe("https://example.org/mirror/feed.xml");
  });
});

describe("site paths an author writes in a body", () => {
  const mirror = new SiteUrls("https://example.org/mirror/").linker("/news/202107/28/x.html");

  it("are root-relative addresses on this host, however the rest of the address looks", () => {
    expect(rootRelativePath("/news/other.html")).toBe("/news/other.html");
    expect(rootRelativePath("/news/?q=1#top")).toBe("/news/?q=1#top");
    for (const other of [
      "//evil.example/x",
      "/\\evil.example/x",
      "/\t/evil.example/x",
      "https://example.org/x",
      "other.html",
      "#note",
      "javascript:x",
    ]) {
      expect(rootRelativePath(other), other).toBeUndefined();
    }
  });

  it("go under the base path on a page; other hosts, relative links and fragments stay as written", () => {
    const body =
      '<p><a href="/news/other.html#b">in</a> <a href="//evil.example/x">out</a> <a href="other.html">rel</a> <a href="#n">frag</a></p>';
    expect(linkSitePaths(body, mirror)).toBe(
      '<p><a href="/mirror/news/other.html#b">in</a> <a href="//evil.example/x">out</a> <a href="other.html">rel</a> <a href="#n">frag</a></p>',
    );
    expect(linkSitePaths(body, new SiteUrls("https://example.org/").linker("/x.html"))).toBe(body);
  });
});
