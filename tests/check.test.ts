import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { checkSite, pageReferences, validateHtml } from "../src/check/site-check.ts";
import { runCli } from "./helpers/cli.ts";
import { tempDir } from "./helpers/site.ts";

describe("newsmirror check on the sample site", () => {
  it("finds every page valid and every internal link and image present", async () => {
    const check = await runCli(["check", "--output", inject("sampleSite")]);
    const problems = check.stderr.split("\n").filter((l) => l && !l.startsWith("newsmirror: "));
    expect(problems).toEqual([]);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/pages valid, every internal link and image found/);
    expect(check.stdout).toContain("newsmirror: content: 10 articles, no problems");
  });
});

describe("checking a built site", () => {
  it("lists broken links and images, unsafe and remote references, with the page and line holding them", async () => {
    const site = tempDir();
    mkdirSync(path.join(site, "news"), { recursive: true });
    const plain =
      '<!doctype html>\n<html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><title>t</title></head><body><p>x</p></body></html>\n';
    for (const page of ["news/ok.html", "index.html", "404.html"])
      writeFileSync(path.join(site, page), plain.replace("<p>", '<p id="part">'));
    writeFileSync(path.join(site, "logo.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(
      path.join(site, "news/page.html"),
      [
        '<!doctype html>\n<html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><title>t</title><link rel="canonical" href="https://news.example/news/page.html"><link rel="alternate" href="https://news.example/feed.xml"></head><body>',
        '<a href="/news/ok.html">ok</a> <a href="ok.html#part">relative ok</a> <a href="https://example.org/">external</a>',
        '<a href="/news/gone.html">gone</a>',
        '<img src="../logo.svg" alt="logo"> <img src="/missing.png" alt="missing">',
        '<img src="https://cdn.example.org/x.png" alt="remote">',
        '<a href="../../../etc/passwd">out</a>',
        "</body></html>",
      ].join("\n"),
    );
    const { pages, problems } = await checkSite(site, {
      display: (f) => path.relative(site, f),
      baseUrl: "https://news.example/",
    });
    expect(pages).toBe(4);
    expect(problems).toEqual([
      {
        file: "news/page.html",
        line: 2,
        message: "broken link: https://news.example/feed.xml (no such file in the site)",
      },
      { file: "news/page.html", line: 4, message: "broken link: /news/gone.html (no such file in the site)" },
      { file: "news/page.html", line: 5, message: "broken reference: /missing.png (no such file in the site)" },
      {
        file: "news/page.html",
        line: 6,
        message: "loads https://cdn.example.org/x.png from another origin; pages load nothing remote",
      },
      { file: "news/page.html", line: 7, message: "link ../../../etc/passwd points outside the site" },
    ]);
  });

  it("reads each URL as a browser does: a host however disguised is another origin, a backslash a slash", async () => {
    const site = tempDir();
    mkdirSync(path.join(site, "news"), { recursive: true });
    const plain =
      '<!doctype html>\n<html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><title>t</title></head><body><p>x</p></body></html>\n';
    for (const page of ["news/ok.html", "index.html", "404.html"]) writeFileSync(path.join(site, page), plain);
    writeFileSync(
      path.join(site, "news/page.html"),
      [
        plain.slice(0, plain.indexOf("<p>")),
        '<img src="/\\evil.example/x.png" alt="a"> <img src="https:\\\\evil.example/y.png" alt="b">',
        '<a href="..\\news\\ok.html">ok</a> <a href=" /news/ok.html ">ok</a>',
        '<a href="..\\..\\etc\\passwd">out</a>',
        "</body></html>",
      ].join("\n"),
    );
    const { problems } = await checkSite(site, {
      display: (f) => path.relative(site, f),
      baseUrl: "https://news.example/",
    });
    expect(problems).toEqual([
      {
        file: "news/page.html",
        line: 3,
        message: "loads /\\evil.example/x.png from another origin; pages load nothing remote",
      },
      {
        file: "news/page.html",
        line: 3,
        message: "loads https:\\\\evil.example/y.png from another origin; pages load nothing remote",
      },
      { file: "news/page.html", line: 5, message: "link ..\\..\\etc\\passwd points outside the site" },
    ]);
  });

  it("reports invalid HTML with the validator's message and rule", () => {
    const problems = validateHtml(
      '<!doctype html>\n<html lang="en"><head><title>t</title></head><body>\n<p><div>x</div></p></body></html>',
      "x.html",
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: "x.html", line: 3 });
    expect(problems[0]!.message).toMatch(/\(\S+\)$/);
  });

  it("reads srcset candidates as references", () => {
    expect(
      pageReferences('<img srcset="/a.jpg 1x, /b.jpg 2x" src="/c.jpg" alt="">')
        .map((r) => r.url)
        .sort(),
    ).toEqual(["/a.jpg", "/b.jpg", "/c.jpg"]);
  });
});
