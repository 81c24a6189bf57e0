/**
 * The flat front-matter fast path must give exactly what gray-matter + `yaml`
 * give, or stand aside. Property-style: thousands of generated files, built
 * from the characters and shapes that change YAML's reading (indicators,
 * quotes, comments, numbers, booleans, nulls, odd whitespace), from a fixed
 * seed so a failure is reproducible.
 */
import { describe, expect, it } from "vitest";
import { prng } from "../bench/generate.ts";
import { splitArticle, splitFlat, splitWithYaml } from "../src/article/frontmatter.ts";

const KEYS = [
  "title",
  "updated",
  "source",
  "dateline",
  "section",
  "id",
  "summary",
  "tags",
  "draft",
  "a_b",
  "x1",
  "null",
  "true",
  "True",
  "NULL",
  "Title",
  "__proto__",
  "1",
  "-a",
  "a b",
  "? a",
  "<<",
  "ke'y",
];
const PIECES = [
  "a",
  "b",
  "Z",
  "é",
  "’",
  "中",
  " ",
  "  ",
  "\t",
  "-",
  "?",
  ":",
  ",",
  "[",
  "]",
  "{",
  "}",
  "#",
  "&",
  "*",
  "!",
  "|",
  ">",
  "'",
  '"',
  "%",
  "@",
  "`",
  "\\",
  ".",
  "~",
  "+",
  "_",
  "e",
  "E",
  "x",
  "o",
  "0",
  "1",
  "7",
  "9",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\u0007",
  "null",
  "true",
  "False",
  "NULL",
  ".inf",
  ".NaN",
  "0x1F",
  "0o17",
  "1e3",
  "2021-07-28T07:01:00+08:00",
  "6100e123",
  "1_000",
  ": ",
  " #",
  "...",
  "---",
  "- ",
  "https://x.cn/a?b=c#d",
];
const VALUES = [
  "",
  "~",
  "null",
  "Null",
  "true",
  "TRUE",
  "yes",
  "no",
  "on",
  "12",
  "-12",
  "+1",
  "0x1f",
  "0o7",
  "1.5",
  ".5",
  "5.",
  "1e3",
  "-.inf",
  ".nan",
  "2021-07-28T07:01:00+08:00",
  "6100e1230000000000000000",
  '"6100e123"',
  "'it''s'",
  '"a\\"b"',
  '"x" # c',
  "a # b",
  "a#b",
  "[1, 2]",
  "{a: 1}",
  "- a",
  "&x a",
  "*x",
  "!!str 1",
  "|",
  ">",
  "a: b",
  "a:",
  "Tajik president: a visit",
];

function randomValue(rand: () => number): string {
  if (rand() < 0.25) return VALUES[Math.floor(rand() * VALUES.length)]!;
  let v = "";
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) v += PIECES[Math.floor(rand() * PIECES.length)]!;
  const q = rand();
  if (q < 0.15) return `"${v}"`;
  if (q < 0.25) return `'${v}'`;
  return v;
}

function randomFile(rand: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(rand() * 7);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.05) lines.push("");
    else if (r < 0.08) lines.push("# a comment");
    else if (r < 0.1) lines.push(`  ${KEYS[0]}: x`);
    else {
      const key = rand() < 0.8 ? KEYS[Math.floor(rand() * 6)]! : KEYS[Math.floor(rand() * KEYS.length)]!;
      const sep = rand() < 0.9 ? ": " : rand() < 0.5 ? ":" : ":  ";
      lines.push(`${key}${sep}${randomValue(rand)}${rand() < 0.1 ? "  " : ""}`);
    }
  }
  const close = rand() < 0.9 ? "---" : rand() < 0.5 ? "--- " : "----";
  const body = rand() < 0.1 ? "" : "\nFirst paragraph.\n\n---\nnot front matter: x\n";
  return `---\n${lines.join("\n")}\n${close}${body}`;
}

describe("flat front matter fast path", () => {
  it("agrees with gray-matter + yaml wherever it answers", () => {
    const rand = prng(20261128);
    let answered = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = randomFile(rand);
      const fast = splitFlat(text);
      if (!fast) continue;
      answered++;
      let slow: ReturnType<typeof splitWithYaml> | Error;
      try {
        slow = splitWithYaml(text);
      } catch (error) {
        slow = error as Error;
      }
      expect(slow, JSON.stringify(text)).not.toBeInstanceOf(Error);
      expect({ ...fast, data: { ...(fast.data as object) } }, JSON.stringify(text)).toEqual({
        ...(slow as object),
        data: { ...(slow as { data: object }).data },
      });
    }
    // The generator must exercise the fast path, not only its refusals.
    expect(answered).toBeGreaterThan(2_000);
  });

  it("answers for the front matter newsmirror writes, and stands aside for the rest", () => {
    const article = "---\ntitle: Tajik president: no\nupdated: 2021-07-28T07:01:00+08:00\n---\nBody\n";
    expect(splitFlat(article)).toBeUndefined(); // `: ` in a plain value is YAML's business
    const flat =
      '---\ntitle: Tajik president, Chinese defense minister agree\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\nid: "61009037c6d0df57f98ddaf8"\n---\nBody\n';
    expect(splitFlat(flat)?.data).toEqual({
      title: "Tajik president, Chinese defense minister agree",
      updated: "2021-07-28T07:01:00+08:00",
      source: "Xinhua",
      id: "61009037c6d0df57f98ddaf8",
    });
    expect(splitFlat("---\ndraft: true\n---\n")).toBeUndefined();
    expect(splitFlat("---\nid: 6100e123\n---\n")).toBeUndefined(); // YAML reads a number there
    // The full path still parses and refuses what it always did.
    expect(splitArticle("---\ntags: [a, b]\n---\nx").data).toEqual({ tags: ["a", "b"] });
    expect(() => splitArticle("---\ntitle: a\ntitle: b\n---\nx")).toThrow(/invalid YAML/);
  });
});
