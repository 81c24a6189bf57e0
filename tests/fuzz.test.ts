/**
 * Property: whatever front matter and Markdown a file holds, the pipeline
 * either makes a page the HTML validator accepts, in which every value from
 * the file appears as text (never as markup), or gives one of our one-line
 * problems. It never throws. FUZZ_RUNS sets the number of cases (default 300;
 * every run draws new ones, so CI runs add up; FUZZ_RUNS=5000 for a deep run).
 */
import fc from "fast-check";
import { Parser } from "htmlparser2";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { FRONT_MATTER_FIELDS } from "../src/article/schema.ts";
import { validateHtml } from "../src/check/site-check.ts";
import { formatProblem } from "../src/errors.ts";
import { buildPage, executableScripts, jsonLd, scriptingElements, settingsWith } from "./helpers/pipeline.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const NASTY = [
  "<script>alert(1)</script>",
  "</script>",
  "<!--",
  "-->",
  "]]>",
  "<![CDATA[",
  '"',
  "'",
  "`",
  "&",
  "&amp;",
  "&#x3c;",
  "<",
  ">",
  "<img src=x onerror=alert(1)>",
  '" onmouseover="x()',
  "javascript:alert(1)",
  "data:text/html,<b>",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\r",
  "\r\n",
  "\t",
  "—",
  "中文",
  "Ü",
  "😀",
  "{{ x }}",
  "{% x %}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the hostile input here
  "${x}",
  "---",
  "...",
  "*",
  "_",
  "#",
  "[a](b)",
  "![i](/x.png)",
  "<div>",
  "</div>",
  "<p>",
  "\\",
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "x".repeat(5000)) },
);
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));

/** One line of text that fits a field, built from the same nasty pieces. */
const line = (max: number) => text.map((t) => `${t.replace(/[\r\n\u0085\u2028\u2029]/g, " ").slice(0, max - 1)}x`);
/** Mostly a value the field accepts, sometimes anything at all. */
const mostly = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: text as fc.Arbitrary<T | string> });

const updated = mostly(
  fc.oneof(
    fc.constant("2021-07-28T07:01:00+08:00"),
    fc
      .date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
  ),
);

/** Front matter shaped like an article's, with random values, and now and then random keys. */
const fields = fc.record(
  {
    title: mostly(line(300)),
    updated,
    source: mostly(line(200)),
    dateline: mostly(line(80)),
    section: mostly(fc.constantFrom("news", "statecouncil/weifenghe", "a-b/c_d")),
    id: mostly(fc.constant("61009037c6d0df57f98ddaf8")),
    summary: mostly(line(1000)),
    tags: fc.array(mostly(line(30)), { maxLength: 3 }),
    draft: mostly(fc.boolean()),
    language: mostly(fc.constantFrom("en", "zh-CN")),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 1 }),
  },
  { requiredKeys: ["title", "updated", "source"] },
);

/** Serialised properly (valid YAML) most of the time, pasted raw (anything goes) sometimes. */
const frontMatter = fc.tuple(fields, fc.integer({ min: 0, max: 5 })).map(([f, mode]) => {
  const { extra, ...known } = f;
  const all: Record<string, unknown> = { ...known, ...(mode === 1 ? extra : {}) };
  if (mode === 0)
    return Object.entries(all)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(", ")}]` : String(v)}`)
      .join("\n");
  return stringify(all, { lineWidth: 0 }).trimEnd();
});

const markdown = fc
  .array(fc.oneof(piece, fc.constantFrom("\n", "\n\n", "\n- ", "\n> ", "\n```\n", "\n    ", "\n# ")), { maxLength: 30 })
  .map((p) => p.join(""));

const file = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(frontMatter, markdown).map(([fm, body]) => `---\n${fm}\n---\n${body}`) },
  { weight: 1, arbitrary: text },
);

/** The text of the first element with this name, as a browser would read it. */
function textOf(html: string, element: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === element && found === undefined) [depth, found] = [1, ""];
        else if (depth > 0) depth++;
      },
      ontext(t) {
        if (depth > 0) found += t;
      },
      onclosetag() {
        if (depth > 0) depth--;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return found;
}

const settings = settingsWith();

describe("any article file", () => {
  it(
    `makes a valid page with its values as text, or one-line problems (${RUNS} cases)`,
    () => {
      fc.assert(
        fc.property(file, (source) => {
          const result = buildPage(source, settings);
          if (!result.page) {
            expect(result.problems.length).toBeGreaterThan(0);
            for (const problem of result.problems) {
              expect(problem.file).toBe("content/x.md");
              expect(formatProblem(problem)).not.toMatch(/[\r\n]/);
              expect(problem.message.length).toBeGreaterThan(0);
            }
            return;
          }
          const { article } = result;
          const page = result.page;
          expect(validateHtml(page, "x.html")).toEqual([]);
          expect(scriptingElements(page)).toEqual([]);
          // A Chinese article gets www.gov.cn's page: its toolbar's script is a same-origin file, its title `标题_栏目_站名`.
          const chinese = /^zh(?:-|$)/i.test(article!.language);
          expect(executableScripts(page)).toHaveLength(chinese ? 2 : 1); // ours
          expect(jsonLd(page)).toContainEqual(expect.objectContaining({ headline: article!.title })); // JSON-LD read back intact
          expect(textOf(page, "h1")).toBe(article!.title);
          if (chinese) {
            expect(textOf(page, "title")?.startsWith(`${article!.title}_`)).toBe(true);
            expect(textOf(page, "title")?.endsWith(`_${settings.name}`)).toBe(true);
          } else expect(textOf(page, "title")).toBe(`${article!.title} - ${settings.name}`);
        }),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * 100,
  );
});

it("knows every front-matter field the generator varies", () => {
  expect(FRONT_MATTER_FIELDS).toEqual(
    expect.arrayContaining([
      "title",
      "updated",
      "source",
      "dateline",
      "section",
      "id",
      "summary",
      "tags",
      "draft",
      "language",
    ]),
  );
});
