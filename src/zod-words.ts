/**
 * zod's issues in plain words, for the two files people write by hand: an
 * article's YAML front matter (src/article/parse.ts) and `site.json`
 * (src/settings/settings.ts). Each file's words follow its own syntax (a YAML
 * list is `[economy, trade]` or dashes, a JSON one `[ … ]`; YAML text needs
 * no quotes, JSON text does), so each has its table, side by side here.
 */
import type { z } from "zod";
import { quoted } from "./characters.ts";

export interface Words {
  /** What a field takes, by zod's `expected` (`string`, `array`, …). */
  expected: Readonly<Record<string, string>>;
  /** For an `expected` the table does not name (default: zod's own word). */
  otherwise?: string;
  /** What the file holds instead. */
  value(value: unknown): string;
}

/** At most 60 characters of a text, `…` where it was cut. */
export function clipped(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Front matter, as YAML reads it: `2024` is a number, `true` a boolean, unquoted words text. */
export const YAML_WORDS: Words = {
  expected: {
    string: "text",
    array: "a list of words ([economy, trade])",
    object: "a set of fields (src, alt, caption) on the lines below it",
    boolean: "true or false",
    number: "a number",
  },
  otherwise: "something else",
  value(value) {
    if (Array.isArray(value)) return "a list";
    if (value === null) return "empty";
    if (typeof value === "object") return "a set of fields";
    if (typeof value === "string") return `the text ${quoted(clipped(value))}`;
    if (typeof value === "boolean") return String(value);
    return `a ${typeof value}`;
  },
};

/** site.json, in JSON's own terms: a value is shown as written (`"8080"`, `null`). */
export const JSON_WORDS: Words = {
  expected: {
    string: "text in quotes",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "an object { … }",
    record: "an object { … }",
    array: "a list [ … ]",
  },
  value(value) {
    if (Array.isArray(value)) return "a list";
    if (value !== null && typeof value === "object") return "an object";
    return clipped(JSON.stringify(value) ?? String(value));
  },
};

/** The value a zod issue's path names in the data that was checked (undefined: missing). */
export function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], data);
}

/** An `invalid_type` issue: `is required but missing`, or `must be …, but is …` and then `hint`. */
export function wrongType(words: Words, issue: z.core.$ZodIssueInvalidType, value: unknown, hint = ""): string {
  if (value === undefined) return "is required but missing";
  const expected = words.expected[issue.expected] ?? words.otherwise ?? issue.expected;
  return `must be ${expected}, but is ${words.value(value)}${hint}`;
}
