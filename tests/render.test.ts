import { describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { articleFrom } from "./helpers/pipeline.ts";

/** The body as the build renders it (HTML and plain text), through the article pipeline. */
function rendered(markdown: string, dateline?: string): { html: string; text: string } {
  const frontMatter = ["title: A visit", "updated: 2021-07-28T07:01:00+08:00", "source: Xinhua"];
  if (dateline) frontMatter.push(`dateline: ${dateline}`);
  const { article, problems } = articleFrom(`---\n${frontMatter.join("\n")}\n---\n${markdown}\n`);
  expect(problems).toEqual([]);
  return { html: article!.bodyHtml, text: article!.bodyText };
}

describe("article bodies", () => {
  it("open the first paragraph with the dateline and an em dash", () => {
    const { html } = rendered("Tajik President met Wei.\n\nSecond.", "DUSHANBE");
    expect(pageLines(html)).toEqual(["DUSHANBE — Tajik President met Wei.", "Second."]);
  });

  it("have no prefix without a dateline", () => {
    expect(pageLines(rendered("First.").html)).toEqual(["First."]);
  });

  it("keep straight and curly quotes, dashes and ellipses exactly as written", () => {
    const text = `He said "three evil forces" -- it's China’s 'view'... (c) 1/2 ‘ok’ “ok”`;
    expect(pageLines(rendered(text).html)).toEqual([text]);
  });

  it("show raw HTML as text instead of interpreting it", () => {
    const { html } = rendered('Hello <script>alert(1)</script> <b onclick="x()">bold</b>');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b ");
    expect(pageLines(html)).toEqual(['Hello <script>alert(1)</script> <b onclick="x()">bold</b>']);
  });

  it("render links to web addresses but not to script or data URLs", () => {
    const { html } = rendered("[site](https://example.org/a) [bad](javascript:alert(1)) [data](data:text/html,x)");
    expect(html).toContain('<a href="https://example.org/a">site</a>');
    expect(html).not.toMatch(/href="(javascript|data):/);
  });

  it("give plain text for summaries, without the dateline", () => {
    const { text } = rendered("First *emphasised* sentence.\n\nSecond [link](https://x.org).", "BEIJING");
    expect(text).toBe("First emphasised sentence. Second link.");
  });
});
