/**
 * Raw HTML that nests as HTML does not allow (issue 13): a <div> or a table
 * inside a paragraph, a figure in a heading, list items without a list, an
 * anchor the parser copies with its id. Whatever the author wrote, the
 * article's page passes html-validate (what `newsmirror check` runs), the
 * body reads as the same tree in a browser (parse5, the WHATWG parser,
 * gives back the markup unchanged), and the author's words are all there.
 * Bodies in tests/fixtures/hostile/raw-html-nesting/.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Parser } from "htmlparser2";
import { defaultTreeAdapter, html, parseFragment, serialize } from "parse5";
import { describe, expect, it } from "vitest";
import { validateHtml } from "../src/check/site-check.ts";
import { HOSTILE } from "./helpers/hostile.ts";
import { buildPage, settingsWith } from "./helpers/pipeline.ts";

const DIR = path.join(HOSTILE, "raw-html-nesting");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".md")).sort();
const settings = settingsWith({ markdown: { html: true } });

/** The words of some markup's text (each text node apart: tags are not letters). */
function wordsOf(markup: string): string[] {
  let text = "";
  const parser = new Parser({ ontext: (t) => void (text += ` ${t}`) }, { decodeEntities: true });
  parser.end(markup);
  return text.split(/[^A-Za-z]+/).filter((w) => w.length > 1);
}

/** `markup` as a browser reads it inside the article's <div>, written out again. */
function asBrowserReadsIt(markup: string): string {
  return serialize(parseFragment(defaultTreeAdapter.createElement("div", html.NS.HTML, []), markup, {}));
}

describe("raw HTML that nests invalidly", () => {
  it("has its fixtures", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(FILES)("%s", (file) => {
    const text = readFileSync(path.join(DIR, file), "utf8");
    const result = buildPage(text, settings, `content/${file}`);

    it("makes a page that passes html-validate", () => {
      expect(result.problems).toEqual([]);
      expect(validateHtml(result.page!, file)).toEqual([]);
    });

    it("makes a body a browser reads as the same tree", () => {
      const body = result.article!.bodyHtml;
      expect(asBrowserReadsIt(body)).toBe(body);
    });

    it("keeps every word the author wrote", () => {
      const shown = new Set(wordsOf(result.article!.bodyHtml));
      const written = wordsOf(text.slice(text.indexOf("\n---\n") + 5));
      expect(written.filter((w) => !shown.has(w))).toEqual([]);
    });

    it("keeps each id once at most", () => {
      const ids = [...result.article!.bodyHtml.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});
