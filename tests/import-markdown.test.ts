import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownFor } from "../src/article/site-markdown.ts";
import { escapeImageText, escapeParagraph } from "../src/import/markdown.ts";
import { articleText, bodyMarkdown } from "../src/import/writer.ts";
import { loadSettings } from "../src/settings/settings.ts";
import { articleFrom, settingsWith } from "./helpers/pipeline.ts";
import { tempDir } from "./helpers/site.ts";

/** The renderer a build uses for a site with the default settings. */
const md = markdownFor(settingsWith());

/** Exactly one paragraph holding exactly this text, as HTML. */
const paragraphOf = (text: string) => `<p>${md.utils.escapeHtml(text)}</p>\n`;

/** Characters Markdown gives meaning to, and the shapes that open blocks, over-represented on purpose. */
const SPECIAL = [
  "\\",
  "`",
  "*",
  "_",
  "[",
  "]",
  "(",
  ")",
  "<",
  ">",
  "&",
  "#",
  "!",
  "~",
  "|",
  "-",
  "+",
  "=",
  ".",
  ":",
  '"',
  "'",
  "{",
  "}",
];
const PIECES = [
  "&amp;",
  "&#169;",
  "&#x41;",
  "&copy",
  "1.",
  "2)",
  "10.",
  "- ",
  "+ ",
  "* ",
  "# ",
  "## ",
  "> ",
  "---",
  "***",
  "___",
  "===",
  "```",
  "~~~",
  "[a](b)",
  "![x](y)",
  "<b>",
  "</p>",
  "<http://x.y>",
  "[ref]: /u",
  "    ",
  "\t",
  "  ",
  "\u00a0",
  "—",
  "“",
  "’",
  "《政府》",
  "é",
  "\\*",
  "a_b_c",
];
const textPiece = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.constantFrom(...PIECES),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.stringMatching(/^[A-Za-z0-9 ]{1,8}$/),
);
/** A paragraph as importers produce one: one line, no spaces at either end, not empty. */
const paragraph = fc
  .array(textPiece, { minLength: 1, maxLength: 12 })
  .map((parts) =>
    parts
      .join("")
      .replace(/[\r\n\f\v\0]/g, " ")
      .replace(/[ \t\u00a0]+$|^[ \t\u00a0]+/g, ""),
  )
  .filter((text) => text.trim() !== "" && !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "")));

describe("escaping paragraph text for Markdown", () => {
  it("renders any paragraph back to exactly its text, as one paragraph", () => {
    fc.assert(
      fc.property(paragraph, (text) => {
        expect(md.render(escapeParagraph(text))).toBe(paragraphOf(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("renders a body of several paragraphs back paragraph for paragraph, dateline included", () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 5 }), (texts) => {
        const body = bodyMarkdown(texts.map((text) => ({ kind: "paragraph" as const, text })));
        const frontMatter = "title: A visit\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\ndateline: BEIJING";
        const html = articleFrom(`---\n${frontMatter}\n---\n${body}\n`).article?.bodyHtml;
        const expected = texts.map(paragraphOf).join("").replace("<p>", "<p>BEIJING — ");
        expect(html).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps ordinary news text readable: only syntax is escaped", () => {
    expect(escapeParagraph("China's R&D spending rose 3 + 4 = 7% — “a record”.")).toBe(
      "China's R&D spending rose 3 + 4 = 7% — “a record”.",
    );
    expect(escapeParagraph("2021. A year")).toBe("2021\\. A year");
    expect(escapeParagraph("- a list? no")).toBe("\\- a list? no");
    expect(escapeParagraph("a *b* [c](d) &amp;")).toBe("a \\*b\\* \\[c\\](d) \\&amp;");
  });

  it("keeps image captions and alt text exact", () => {
    fc.assert(
      fc.property(paragraph, paragraph, (alt, caption) => {
        const html = md.render(`![${escapeImageText(alt)}](<x.jpg> "${escapeImageText(caption)}")`);
        expect(html).toBe(
          `<p><img src="x.jpg" alt="${md.utils.escapeHtml(alt)}" title="${md.utils.escapeHtml(caption)}"></p>\n`,
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe("front matter written by the importer", () => {
  const settings = loadSettings(tempDir());
  it("reads back, through the build's own parser, as exactly the values written", () => {
    fc.assert(
      fc.property(
        paragraph,
        paragraph,
        fc.constantFrom("610090370000000000000000", "6100e12300000000000000ab", "61009037c6d0df57f98ddaf8"),
        (title, source, id) => {
          const text = articleText({
            frontMatter: { title, updated: "2021-07-28T07:01:00+08:00", source, id },
            body: [],
            warnings: [],
          });
          const { article, problems } = articleFrom(text, "x.md", settings);
          expect(problems).toEqual([]);
          expect([article!.title, article!.source, article!.id]).toEqual([title.trim(), source.trim(), id]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
