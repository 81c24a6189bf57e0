import { describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { plainText, renderBody } from "../src/article/render.ts";

describe("article bodies", () => {
  it("open the first paragraph with the dateline and an em dash", () => {
    const html = renderBody("Tajik President met Wei.\n\nSecond.", "DUSHANBE");
    expect(pageLines(html)).toEqual(["DUSHANBE — Tajik President met Wei.", "Second."]);
  });

  it("have no prefix without a dateline", () => {
    expect(pageLines(renderBody("First.", undefined))).toEqual(["First."]);
  });

  it("keep straight and curly quotes, dashes and ellipses exactly as written", () => {
    const text = `He said "three evil forces" -- it's China’s 'view'... (c) 1/2 ‘ok’ “ok”`;
    expect(pageLines(renderBody(text))).toEqual([text]);
  });

  it("show raw HTML as text instead of interpreting it", () => {
    const html = renderBody('Hello <script>alert(1)</script> <b onclick="x()">bold</b>');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b ");
    expect(pageLines(html)).toEqual(['Hello <script>alert(1)</script> <b onclick="x()">bold</b>']);
  });

  it("render links to web addresses but not to script or data URLs", () => {
    const html = renderBody("[site](https://example.org/a) [bad](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)");
    expect(html).toContain('<a href="https://example.org/a">site</a>');
    expect(html).not.toMatch(/href="(javascript|data):/);
  });

  it("give plain text for summaries", () => {
    expect(plainText("First *emphasised* sentence.\n\nSecond [link](https://x.org).")).toBe("First emphasised sentence. Second link.");
  });
});
