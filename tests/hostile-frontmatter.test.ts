/**
 * Hostile front matter and bodies (issue 13): control and bidi characters,
 * century typos in dates, zod's own wording, links and upper-case names in
 * the content folder, file names that fake output lines. The inputs are in
 * tests/fixtures/hostile/.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArticleLoader } from "../src/article/load.ts";
import { problemReport, warningReport } from "../src/problems.ts";
import { ContentError, formatProblem } from "../src/errors.ts";
import { createBuildContext } from "../src/plugins/context.ts";
import { assembleNewsSite } from "../src/site/news-site.ts";
import { parseSettings, readSettings } from "../src/settings/settings.ts";
import { isInstant, parseOffsetDateTime } from "../src/time/instant.ts";
import { articleFrom } from "./helpers/pipeline.ts";
import { TestDevServer } from "./helpers/dev-server.ts";
import { makeContent, ROOT, tempDir } from "./helpers/site.ts";

const HOSTILE = path.join(ROOT, "tests/fixtures/hostile");
const fixture = (name: string) => readFileSync(path.join(HOSTILE, name), "utf8");
const settings = parseSettings({});

/** Characters XML 1.0 does not allow (its Char production), and the C1 controls and DEL, which it discourages. */
const NOT_XML_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The field each fixture puts the character in. */
const CONTROL_FIELDS: Record<string, string> = {
  "title-raw-soh.md": "title",
  "title-raw-nul.md": "title",
  "title-escape-x01.md": "title",
  "title-escape-nul.md": "title",
  "title-escape-vt.md": "title",
  "title-escape-del.md": "title",
  "title-escape-nel.md": "title",
  "title-escape-uffff.md": "title",
  "title-escape-lone-surrogate.md": "title",
  "source-raw-esc.md": "source",
  "dateline-escape-ff.md": "dateline",
  "summary-escape-nul.md": "summary",
  "tags-escape-bel.md": "tags.1",
  "image-alt-escape-x02.md": "image.alt",
  "image-caption-escape-vt.md": "image.caption",
};

describe("control characters in one-line fields", () => {
  it("has a fixture for each case", () => {
    expect(readdirSync(path.join(HOSTILE, "controls")).sort()).toEqual(Object.keys(CONTROL_FIELDS).sort());
  });

  it.each(Object.entries(CONTROL_FIELDS))(
    "refuses %s with one line naming the file, the line and the field %s",
    (name, field) => {
      const file = `content/${name}`;
      const { article, problems } = articleFrom(fixture(`controls/${name}`), file, settings);
      expect(article).toBeUndefined();
      expect(problems).toHaveLength(1);
      const line = formatProblem(problems[0]!);
      expect(line).toMatch(
        new RegExp(
          `^content/${name.replace(".", "\\.")}:\\d+: ${field.replace(".", "\\.")}: "[^"]*" holds (the invisible control character U\\+[0-9A-F]{4}|U\\+[0-9A-F]{4}, (a noncharacter|half of a UTF-16 surrogate pair))`,
        ),
      );
      // One line, and nothing in it a terminal would act on.
      expect(line).not.toMatch(NOT_XML_TEXT);
      expect(line).not.toContain("\n");
    },
  );
});

describe("bidi controls in one-line fields", () => {
  const files = readdirSync(path.join(HOSTILE, "bidi"));
  it.each(files)("refuses %s, saying what the character is and why", (name) => {
    const { article, problems } = articleFrom(fixture(`bidi/${name}`), `content/${name}`, settings);
    expect(article).toBeUndefined();
    expect(problems).toHaveLength(1);
    const line = formatProblem(problems[0]!);
    expect(line).toMatch(
      /holds U\+(202[A-E]|206[6-9]) [A-Z -]+(OVERRIDE|ISOLATE|EMBEDDING|FORMATTING), an invisible control that changes the direction of the text around it, so what readers see can differ from what is written; remove it$/,
    );
    // The message shows the value with the character escaped: it cannot turn the terminal's line around.
    expect(line).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it("keeps the bidi marks (U+200E, U+200F, U+061C) that right-to-left text needs", () => {
    const { article } = articleFrom(
      '---\ntitle: "\u05e9\u05dc\u05d5\u05dd\u200f (2021)"\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\nBody\n',
      "content/rtl.md",
      settings,
    );
    expect(article?.title).toBe("\u05e9\u05dc\u05d5\u05dd\u200f (2021)");
  });
});

describe("control characters in bodies", () => {
  const text = fixture("bodies/word-line-breaks.md");

  it("are turned into line breaks (vertical tab, form feed) or removed, so no feed or sitemap carries them", () => {
    const { article, problems } = articleFrom(text, "content/word.md", settings);
    expect(problems).toEqual([]);
    expect(article!.bodyHtml).not.toMatch(NOT_XML_TEXT);
    expect(article!.bodyText).not.toMatch(NOT_XML_TEXT);
    // A vertical tab (Word's Shift+Enter) separates words as the writer meant: they do not run together.
    expect(article!.bodyText).toMatch(/dawn\.\s+They finished/);
    expect(article!.bodyText).toContain("The co-op counted 300 kilos.");
    expect(article!.bodyText).toMatch(/kilos\.\s+More tomorrow/);
    const site = assembleNewsSite([article!], settings, { buildTimeMs: Date.parse("2021-07-29T00:00:00Z") });
    for (const file of site.files) expect(file.content, file.url).not.toMatch(NOT_XML_TEXT);
  });

  it("are reported as one warning naming the file and the line of the first", () => {
    const { warnings } = articleFrom(text, "content/word.md", settings);
    expect(warningReport(warnings ?? [])).toBe(
      "content/word.md:6: warning: the body holds the invisible control character U+000B (vertical tab), read as a line break; 3 more below, each read as a line break or removed\n",
    );
  });
});

describe("for any title and body", () => {
  /** Characters of every kind, the hostile ones over-represented. */
  const unit = fc.oneof(
    fc.constantFrom(
      "\u0000",
      "\u0001",
      "\u000b",
      "\u000c",
      "\u001b",
      "\u007f",
      "\u0085",
      "\u202e",
      "\u2066",
      "\u200f",
      "\ufffe",
      "\uffff",
      "\ud800",
      "\udc00",
      "\t",
      "\n",
      "&#12;",
      "a",
      " ",
    ),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  );
  const text = fc.string({ unit, minLength: 1, maxLength: 40 });
  const buildTimeMs = Date.parse("2021-07-29T00:00:00Z");

  it("an article is refused, or its data and every feed and sitemap made from it hold only text XML can carry", () => {
    fc.assert(
      fc.property(text, text, (title, body) => {
        // JSON's escapes are YAML's: the title reaches the parser with every character, as a writer could put it there.
        const source = `---\ntitle: ${JSON.stringify(title)}\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\n${body}\n`;
        const { article } = articleFrom(source, "content/a.md", settings);
        if (!article) return;
        expect(article.title).not.toMatch(NOT_XML_TEXT);
        expect(article.title).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        expect(article.bodyHtml).not.toMatch(NOT_XML_TEXT);
        expect(article.bodyText).not.toMatch(NOT_XML_TEXT);
        for (const file of assembleNewsSite([article], settings, { buildTimeMs }).files)
          expect(file.content).not.toMatch(NOT_XML_TEXT);
      }),
      { numRuns: 300 },
    );
  });
});

describe("years", () => {
  it("0000–0099 are the years written, not 1900–1999", () => {
    const parsed = parseOffsetDateTime("0021-07-28T07:01:00+08:00");
    expect(isInstant(parsed) && new Date(parsed.epochMs).getUTCFullYear()).toBe(21);
    // Year 0 is a leap year in ISO 8601's calendar, 1900 is not.
    expect(isInstant(parseOffsetDateTime("0000-02-29T00:00:00Z"))).toBe(true);
  });

  it.each([
    [
      "dates/year-0021.md",
      "updated",
      /^content\/a\.md:3: updated: "0021-07-28T07:01:00\+08:00" is in the year 0021, before 1900; check the century/,
    ],
    [
      "dates/year-9999.md",
      "updated",
      /^content\/a\.md:3: updated: "9999-12-31T23:59:59\+00:00" is in the year 9999, after 2200; check the year/,
    ],
    [
      "dates/published-1899.md",
      "published",
      /^content\/a\.md:4: published: "1899-12-31T23:00:00\+08:00" is in the year 1899, before 1900/,
    ],
  ])("outside 1900–2200 are refused by default: %s", (name, _field, expected) => {
    const { article, problems } = articleFrom(fixture(name), "content/a.md", settings);
    expect(article).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(expected)]);
  });

  it("are allowed from site.json's dates.earliest to dates.latest, and the address keeps four digits", () => {
    const wide = parseSettings({ dates: { earliest: 1000, latest: 9998 } });
    const old = articleFrom(fixture("dates/published-1899.md"), "content/a.md", wide);
    expect(old.problems).toEqual([]);
    expect(old.article!.url).toBe("/189912/31/old-publication.html");
    const late = articleFrom(
      fixture("dates/year-9999.md").replace("9999-12-31T23:59:59", "9998-12-31T23:59:59"),
      "content/a.md",
      wide,
    );
    expect(late.problems).toEqual([]);
    expect(late.article!.url).toBe("/999901/01/end-of-time.html");
  });

  it("settings: dates are whole years from 1000 to 9998, the latest not before the earliest", () => {
    const dir = makeContent({ "site.json": '{\n  "dates": {\n    "earliest": 1950,\n    "latest": 1949\n  }\n}\n' });
    expect(readSettings(dir, "content").problems.map(formatProblem)).toEqual([
      "content/site.json:4: dates.latest: must not be before dates.earliest (1950)",
    ]);
    const far = makeContent({ "site.json": '{ "dates": { "latest": 99999 } }' });
    expect(readSettings(far, "content").problems.map(formatProblem)).toEqual([
      "content/site.json:1: dates.latest: must be at most 9998, but is 99999",
    ]);
  });
});

/** zod's own wording, which must never reach a user. */
const ZOD_WORDING =
  /Too (big|small)|expected (string|array|object|boolean)|Invalid|<=|>=|a array|a object|must be a (string|boolean)|but is a (string|object)\b/;

describe("every front-matter message is ours", () => {
  const wrong: Record<string, string[]> = {
    title: ["5", "true", "[a, b]", "{a: 1}", "", `"${"x".repeat(301)}"`, '"  "'],
    updated: ["5", "[a]", "{a: 1}", "", "yesterday"],
    published: ["5", "[a]", "{a: 1}", "", "2021-02-30T00:00:00Z"],
    source: ["5", "[a]", "{a: 1}", "", `"${"x".repeat(201)}"`],
    dateline: ["5", "[a]", "{a: 1}", "", `"${"x".repeat(81)}"`],
    section: ["5", "[a]", "{a: 1}", "", "News", "photos", "assets/x"],
    id: ["5", "[a]", "{a: 1}", "", "xyz"],
    summary: ["5", "[a]", "{a: 1}", `"${"x".repeat(1001)}"`],
    tags: ["5", "abc", "{a: 1}", "[5]", '[""]', "[[a]]", "[{a: 1}]"],
    draft: ["5", "yes", "[a]", "{a: 1}", ""],
    language: ["5", "[a]", "{a: 1}", "", "english!"],
    image: [
      "5",
      "x.jpg",
      "[a]",
      "",
      "{src: 5, alt: x}",
      "{src: '', alt: x}",
      "{src: x.jpg}",
      "{src: x.jpg, alt: [a]}",
      "{src: x.jpg, alt: x, caption: {a: 1}}",
      "{src: x.jpg, alt: x, size: 5}",
    ],
  };
  const cases = Object.entries(wrong).flatMap(([field, values]) => values.map((value) => [field, value] as const));

  it.each(cases)("%s: %s", (field, value) => {
    const fields: Record<string, string> = {
      title: "T",
      updated: "2021-07-28T07:01:00+08:00",
      source: "Xinhua",
      [field]: value,
    };
    const text = `---\n${Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n")}\n---\nBody\n`;
    const { article, problems } = articleFrom(text, "content/a.md", settings);
    expect(article).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.field?.split(".")[0]).toBe(field);
      expect(problem.message).not.toMatch(ZOD_WORDING);
    }
  });
});

describe("an article and a listing writing one file", () => {
  const folder = () =>
    makeContent({
      "index.md": fixture("listing-overwrite/index.md"),
      "day-section.md": fixture("listing-overwrite/day-section.md"),
    });
  const expected = [
    "content/index.md: writes /news/202107/28/index.html, which the section listing news/202107/28 writes too; give the article another title or id, or its section another name",
  ];

  it("stops the build, naming both", async () => {
    const dir = folder();
    const error = await createBuildContext({ contentDir: dir, displayRoot: path.dirname(dir), includeDrafts: false })
      .content()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const { problems } = error as ContentError;
    expect(problems.map((p) => formatProblem({ ...p, file: p.file.replace(path.basename(dir), "content") }))).toEqual(
      expected,
    );
  });

  it("is caught by the dev server, and a body edit does not take the page-only path past it", async () => {
    const dir = folder();
    const dev = await new TestDevServer({ contentDir: dir, displayRoot: path.dirname(dir) }).start();
    try {
      await dev.logged(/1 problem in content/);
      writeFileSync(
        path.join(dir, "index.md"),
        fixture("listing-overwrite/index.md").replace("The article", "The edited article"),
      );
      // A broken site is rebuilt whole on every save (src/serve/dev-builder.ts), so the collision is found again.
      await dev.logged(/1 problem in content/, 2);
      expect(dev.log).toContain(expected[0]!.replace("content/", `${path.basename(dir)}/`));
      expect(dev.log).not.toMatch(/rewrote/);
    } finally {
      await dev.stop();
    }
  });
});

describe("links and upper-case names in the content folder", () => {
  it("reads *.MD, reads a link to an article inside the folder, and warns of the links it does not follow", async () => {
    const project = tempDir("newsmirror-links-");
    const content = path.join(project, "content");
    const outside = path.join(project, "elsewhere");
    mkdirSync(path.join(content, "news"), { recursive: true });
    mkdirSync(path.join(outside, "more"), { recursive: true });
    const article = (title: string) =>
      `---\ntitle: ${title}\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\nBody\n`;
    writeFileSync(path.join(content, "news", "UPPER.MD"), article("Upper case"));
    writeFileSync(path.join(content, "_drafts.md"), article("Kept aside"));
    mkdirSync(path.join(content, "_kept"));
    writeFileSync(path.join(content, "_kept", "linked.md"), article("Linked inside"));
    symlinkSync(path.join(content, "_kept", "linked.md"), path.join(content, "news", "inside.md"));
    writeFileSync(path.join(outside, "secret.md"), article("Outside"));
    symlinkSync(path.join(outside, "secret.md"), path.join(content, "news", "outside.md"));
    symlinkSync(path.join(outside, "more"), path.join(content, "linked-folder"));
    symlinkSync(path.join(content, "news", "UPPER.MD"), path.join(content, "twice.md"));
    symlinkSync(path.join(content, "gone.md"), path.join(content, "broken.md"));
    const { articles, problems, warnings } = await new ArticleLoader().load({
      contentDir: content,
      settings,
      displayRoot: project,
    });
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.title).sort()).toEqual(["Linked inside", "Upper case"]);
    expect(warnings.map(formatProblem)).toEqual([
      "content/broken.md: warning: is a symbolic link to nothing; it is not read",
      "content/linked-folder: warning: is a symbolic link to a folder; the articles in it are not read (move the folder into the content folder, or link each article)",
      "content/news/outside.md: warning: is a symbolic link to a file outside the content folder; it is not read (move the file into the content folder)",
      "content/twice.md: warning: is a symbolic link to content/news/UPPER.MD, which is read already; it is not read twice",
    ]);
  });
});

describe("file names in messages", () => {
  it("are escaped, so a newline in a name cannot fake a line of output", async () => {
    const dir = makeContent({
      "fine.md": "---\ntitle: T\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\nBody\n",
    });
    renameSync(path.join(dir, "fine.md"), path.join(dir, "a\nnewsmirror: built 999 pages\u202e.md"));
    writeFileSync(path.join(dir, "b\rc.md"), "---\ntitle: T\n---\n");
    const { problems } = await new ArticleLoader().load({ contentDir: dir, settings, displayRoot: dir });
    const report = problemReport(problems);
    expect(report.split("\n").filter(Boolean)).toEqual([
      '"b\\rc.md": updated: is required but missing',
      '"b\\rc.md": source: is required but missing',
      "newsmirror: 2 problems in content; nothing was written",
    ]);
    const warning = formatProblem({
      file: "content/a\nnewsmirror: built 999 pages\u202e.md",
      severity: "warning",
      message: "the article has no body",
    });
    expect(warning).toBe('"content/a\\nnewsmirror: built 999 pages\\u202e.md": warning: the article has no body');
  });
});
