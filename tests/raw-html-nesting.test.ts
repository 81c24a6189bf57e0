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
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateHtml } from "../src/check/site-check.ts";
import { HOSTILE } from "./helpers/hostile.ts";
import { buildPage, settingsWith } from "./helpers/pipeline.ts";

const DIR = path.join(HOSTILE, "raw-html-nesting");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".md"))
  .sort();
const settings = settingsWith({ markdown: { html: true } });

/** The words of some markup's text (each text node apart: tags are not letters). */
function wordsOf(markup: string): string[] {
  let text = "";
  const parser = new Parser({ ontext: (t) => void (text += ` ${t}`) }, { decodeEntities: true });
  parser.end(markup);
  return text.split(/[^A-Za-z]+/).filter((w) => w.length > 1);
}

/**
 * `markup` as a browser reads it inside the article's <div>, written out
 * again. A <pre> whose text starts with a newline is written with one more
 * (the parser drops the first), as HTML's serialisation did; parse5 omits it.
 */
function asBrowserReadsIt(markup: string): string {
  return serialize(parseFragment(defaultTreeAdapter.createElement("div", html.NS.HTML, []), markup, {})).replace(
    /<pre([^>]*)>\n/g,
    "<pre$1>\n\n",
  );
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
      const shown = wordsOf(result.article!.bodyHtml).join(" ");
      const written = wordsOf(text.slice(text.indexOf("\n---\n") + 5));
      expect(written.filter((w) => !shown.includes(w))).toEqual([]);
    });

    it("keeps each id once at most", () => {
      const ids = [...result.article!.bodyHtml.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});

/** Tags of the sanitiser's allow-list, opened and closed in any order, with attributes HTML may or may not allow. */
const TAGS = [
  "a",
  "abbr",
  "address",
  "article",
  "aside",
  "b",
  "blockquote",
  "br",
  "caption",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "header",
  "hgroup",
  "hr",
  "i",
  "img",
  "ins",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "picture",
  "pre",
  "q",
  "rb",
  "rp",
  "rt",
  "rtc",
  "ruby",
  "section",
  "small",
  "source",
  "span",
  "strong",
  "sub",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "u",
  "ul",
];
const ATTRS = [
  "",
  ' id="n1"',
  ' id="n2"',
  ' id="main"',
  ' href="/news/x.html"',
  ' href="https://example.com/"',
  ' dir="rtl"',
  ' dir="up"',
  ' colspan="0"',
  ' rowspan="2"',
  ' src="/photos/x.jpg"',
  ' srcset="/photos/x.jpg 2x"',
  ' alt="alt"',
  ' scope="bad"',
];
const soupPiece = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRS)).map(([tag, attr]) => `<${tag}${attr}>`),
  },
  { weight: 2, arbitrary: fc.constantFrom(...TAGS).map((tag) => `</${tag}>`) },
  { weight: 3, arbitrary: fc.constantFrom("alpha", "beta", "gamma", "delta", " ", "\n", "\n\n", "- ", "# ", "&amp;") },
);

describe("any soup of allowed tags (property)", () => {
  it("comes out valid, as the tree a browser reads, with every word", () => {
    fc.assert(
      fc.property(fc.array(soupPiece, { minLength: 1, maxLength: 25 }), (pieces) => {
        const body = pieces.join("");
        const result = buildPage(
          `---\ntitle: Soup\nupdated: 2021-08-05T10:00:00+08:00\nsource: Xinhua\n---\nLead ${body}\n`,
          settings,
          "content/soup.md",
        );
        expect(validateHtml(result.page!, "soup")).toEqual([]);
        const html = result.article!.bodyHtml;
        expect(asBrowserReadsIt(html)).toBe(html);
        // Each word somewhere in the text (an element between two words, say a dropped <source>, joins them as a browser would show them).
        const shown = wordsOf(html).join(" ");
        expect(wordsOf(body).filter((w) => !shown.includes(w))).toEqual([]);
      }),
      { numRuns: Number(process.env.SOUP_RUNS ?? 100) },
    );
  }, 600_000);
});
