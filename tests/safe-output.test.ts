import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sanitizeBodyHtml } from "../src/article/site-markdown.ts";
import { validateHtml } from "../src/check/site-check.ts";
import { contentSecurityPolicy, scriptHash } from "../src/security/csp.ts";
import {
  buildPage,
  elementsOf,
  executableScripts,
  jsonLd,
  scriptingElements,
  settingsWith,
} from "./helpers/pipeline.ts";

const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2)>'`;

function article(fields: Record<string, string>, body = "First paragraph.\n"): string {
  const all = { title: "T", updated: "2021-07-28T07:01:00+08:00", source: "Xinhua", ...fields };
  return `---\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join("\n")}\n---\n${body}`;
}

function page(text: string, settings = settingsWith()): string {
  const result = buildPage(text, settings);
  expect(result.problems).toEqual([]);
  return result.page!;
}

/** Every inline script a browser would run. */
const scripts = executableScripts;

describe("values from front matter", () => {
  it.each(["title", "source", "dateline", "summary"])("%s cannot inject markup, in text or in attributes", (field) => {
    const html = page(article({ [field]: HOSTILE }));
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(scriptingElements(html)).toEqual([]);
    expect(
      elementsOf(html)
        .filter((e) => e.name === "img")
        .map((e) => e.attributes.src),
    ).toEqual(["/assets/logo.svg"]);
    expect(validateHtml(html, "page.html")).toEqual([]);
    expect(scripts(html)).toHaveLength(1); // ours only
  });

  it("cannot break out of the JSON-LD block", () => {
    const html = page(article({ title: `</script><script>alert(1)</script>`, summary: HOSTILE }));
    expect(html).not.toContain("</script><script>alert");
    expect(jsonLd(html)).toContainEqual(expect.objectContaining({ headline: `</script><script>alert(1)</script>` }));
  });

  it("shows the escaped text exactly as written", () => {
    const html = page(article({ title: HOSTILE }));
    expect(html).toContain(
      `<h1>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;</h1>`,
    );
  });
});

describe("Markdown bodies", () => {
  it("show raw HTML as text by default", () => {
    const html = page(article({}, `<script>alert(1)</script>\n\nHello <b onclick="x()">bold</b>\n`));
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Hello &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;");
    expect(scripts(html)).toHaveLength(1);
  });

  it.each([
    ["javascript:", "[click](javascript:alert(1))"],
    ["JavaScript: with spaces and case", "[click]( JaVaScRiPt:alert(1) )"],
    ["data:", "[click](data:text/html;base64,PHNjcmlwdD4=)"],
    ["vbscript:", "[click](vbscript:msgbox)"],
    ["an autolink to javascript:", "<javascript:alert(1)>"],
  ])("do not turn a %s URL into a link", (_what, markdown) => {
    const html = page(article({}, `${markdown}\n`));
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    expect(html).not.toMatch(/<a [^>]*>click<\/a>/);
  });

  it("do not load data: images", () => {
    const html = page(article({}, "![x](data:image/png;base64,iVBORw0KGgo=)\n"));
    expect(html).not.toContain('src="data:');
  });

  it("keep ordinary links", () => {
    const html = page(article({}, "[gov.cn](https://english.www.gov.cn/) and [an archive](/archive/)\n"));
    expect(html).toContain('<a href="https://english.www.gov.cn/">gov.cn</a>');
    expect(html).toContain('<a href="/archive/">an archive</a>');
  });
});

describe("raw HTML, when a site turns it on", () => {
  const rawHtml = settingsWith({ markdown: { html: true } });

  it("keeps structure and text but drops scripts, handlers, styles and unsafe URLs", () => {
    const body = [
      '<figure><img src="/photos/a.jpg" alt="A" onerror="alert(1)"><figcaption>Caption</figcaption></figure>',
      "",
      '<p style="color:red" onclick="x()">Text <a href="javascript:alert(1)">bad</a> <a href="https://example.org/">good</a></p>',
      "",
      '<script>alert(2)</script><style>body{}</style><iframe src="https://evil.example/"></iframe>',
      "",
      '<img src="https://tracker.example/pixel.gif" alt="t"><img src="data:image/png;base64,AAAA" alt="d">',
      "",
    ].join("\n");
    const html = page(article({}, body), rawHtml);
    expect(html).toContain('<figure><img src="/photos/a.jpg" alt="A"><figcaption>Caption</figcaption></figure>');
    expect(html).toContain('<a href="https://example.org/">good</a>');
    expect(html).toContain("<a>bad</a>");
    for (const gone of [
      "onerror",
      "onclick",
      "style=",
      "<script>alert",
      "<style>",
      "<iframe",
      "tracker.example",
      "data:image",
      "javascript:",
    ]) {
      expect(html).not.toContain(gone);
    }
    expect(scripts(html)).toHaveLength(1);
  });

  it("sanitises what markdown-it passes through, inline HTML included", () => {
    expect(sanitizeBodyHtml('<p>a <span onmouseover="x()">b</span> <svg><script>x()</script></svg></p>')).toBe(
      "<p>a <span>b</span> </p>",
    );
  });
});

describe("the Content-Security-Policy <meta>", () => {
  const html = page(article({}));
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
    .exec(html)?.[1]
    ?.replaceAll("&#39;", "'");

  it("is on every page, before any script", () => {
    expect(policy).toBeDefined();
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<script"));
  });

  it("allows exactly our inline scripts, by the SHA-256 of the text the page carries", () => {
    const hashes = scripts(html).map((text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`);
    const scriptSrc = policy!.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc.split(" ").slice(1).sort()).toEqual(hashes.sort());
  });

  it("names no other origin", () => {
    expect(policy).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'|data:/);
    expect(policy).toMatch(/default-src 'self'/);
    expect(policy).toMatch(/object-src 'none'/);
    expect(policy).toMatch(/base-uri 'none'/);
  });

  it("lets the dev server's live-reload client (same origin) run, in the dev server only", () => {
    expect(contentSecurityPolicy({ inlineScripts: ["x"], dev: true })).toContain(
      `script-src ${scriptHash("x")} 'self';`,
    );
    expect(contentSecurityPolicy({ inlineScripts: ["x"] })).toContain(`script-src ${scriptHash("x")};`);
  });
});
