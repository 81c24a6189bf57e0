/**
 * Remote photos linked as they are (`"images": {"remote": "link"}`): each
 * page's Content-Security-Policy allows exactly the origins of the photos it
 * shows, so they show, and nothing wider. Built from
 * tests/fixtures/hostile/remote-photos/.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { remoteImageSource } from "../src/security/csp.ts";
import { elementsOf } from "./helpers/pipeline.ts";
import { buildFixture, imgSources, urlsIn, type BuiltFixture } from "./helpers/hostile.ts";
import { filesBelow } from "./helpers/site.ts";

const PAGES = {
  twoHosts: "news/202108/05/photos-from-two-other-sites.html",
  protocolRelative: "news/202108/04/a-protocol-relative-photo.html",
  noPhotos: "news/202108/03/no-photos-at-all.html",
};

/** Origins of the images a page loads from other sites. */
function remoteImageOrigins(page: string): string[] {
  const origins = elementsOf(page)
    .filter((e) => e.name === "img" && /^https?:/i.test(e.attributes.src ?? ""))
    .map((e) => new URL(e.attributes.src!).origin);
  return [...new Set(origins)].sort();
}

describe("a site that links remote photos", () => {
  let built: BuiltFixture;
  beforeAll(async () => {
    built = await buildFixture("remote-photos");
  });
  const read = (file: string) => readFileSync(path.join(built.out, file), "utf8");

  it("builds", () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it("allows, on each article page, exactly the origins of the photos it shows (scheme, host and port)", () => {
    expect(imgSources(read(PAGES.twoHosts))).toEqual([
      "'self'",
      "https://cdn.example.net:8443",
      "https://images.example.com",
    ]);
    expect(imgSources(read(PAGES.protocolRelative))).toEqual(["'self'", "https://static.example.org"]);
    expect(imgSources(read(PAGES.noPhotos))).toEqual(["'self'"]);
  });

  it("allows every remote photo of every page, and no origin a page does not show", () => {
    const pages = filesBelow(built.out, { endingWith: ".html" });
    expect(pages.length).toBeGreaterThan(5);
    for (const file of pages) {
      const page = read(file);
      const sources = imgSources(page);
      if (sources === undefined) continue; // a page without a policy is check's business
      const others = sources.filter((s) => s !== "'self'" && s !== "data:");
      expect({ file, others }).toEqual({ file, others: remoteImageOrigins(page) });
      for (const source of others) expect(source).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/);
    }
  });

  it("carries in its feeds only the remote photos the articles linked", () => {
    const linked = [
      "https://images.example.com/lead.jpg",
      "https://cdn.example.net:8443/p/body.jpg",
      "https://images.example.com/second.jpg",
      "https://static.example.org/y.jpg",
    ];
    const feedHtml = [
      ...filesBelow(built.out, { endingWith: "feed.json" }).flatMap((f) =>
        (JSON.parse(read(f)) as { items: { content_html: string }[] }).items.map((i) => i.content_html),
      ),
    ];
    const remote = feedHtml.flatMap((html) =>
      urlsIn(html)
        .filter((r) => r.tag === "img" && !r.url.startsWith("https://example.org/"))
        .map((r) => r.url),
    );
    expect(new Set(remote)).toEqual(new Set(linked));
  });

  it('is refused, as before, without images.remote set to "link"', async () => {
    const refused = await buildFixture("remote-photos", { settings: { images: { remote: "error" } } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('image.src: "https://images.example.com/lead.jpg" is a remote URL');
    expect(existsSync(refused.out)).toBe(false);
  });
});

describe("the CSP source of a remote photo", () => {
  it.each([
    ["https://images.example.com/a.jpg", "https://images.example.com"],
    ["https://cdn.example.net:8443/a.jpg", "https://cdn.example.net:8443"],
    ["http://example.org:80/a.jpg", "http://example.org"],
    ["https://user:secret@example.org/a.jpg", "https://example.org"],
    ["https://Bücher.example/a.jpg", "https://xn--bcher-kva.example"],
  ])("of %s is %s", (url, source) => {
    expect(remoteImageSource(url)).toBe(source);
  });

  it.each([
    "https://*.example/a.jpg",
    "https://a;script-src *.example/a.jpg",
    "https://a'b.example/a.jpg",
    "https://a,b.example/",
    "https://[::1]/a.jpg",
    "ftp://example.org/a.jpg",
    "data:image/png;base64,AAAA",
  ])("of %s cannot be written, so the photo is refused", (url) => {
    expect(remoteImageSource(url)).toBeUndefined();
  });
});
