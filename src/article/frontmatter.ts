/**
 * Splits an article file into front matter and body, and parses the front
 * matter as YAML data — never as code. gray-matter does the splitting; every
 * engine it knows is replaced, so a `---js` block cannot be evaluated, and
 * YAML is parsed by `yaml` with alias expansion bounded (billion laughs).
 */
import type matterType from "gray-matter";
import { createRequire } from "node:module";
import type * as YamlModule from "yaml";
import type { Node } from "yaml";
import { NewsmirrorError } from "../errors.ts";

/** Front matter that cannot be read; the caller makes it a ContentProblem naming the file. */
export class FrontMatterError extends NewsmirrorError {
  override name = "FrontMatterError";
  constructor(
    message: string,
    readonly line?: number,
    /** More for `--verbose`: the YAML parser's own message with the offending text. */
    readonly detail?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

let yamlModule: typeof YamlModule | undefined;
/**
 * `yaml`, loaded when first needed: an article whose front matter is flat never needs it (the fast path below), and
 * loading it (25 modules) took 22–26 ms of every incremental build's start.
 */
function yamlParser(): typeof YamlModule {
  yamlModule ??= createRequire(import.meta.url)("yaml") as typeof YamlModule;
  return yamlModule;
}

const YAML_OPTIONS = {
  // Core schema: timestamps stay strings, so `updated` keeps its offset as written.
  schema: "core",
  maxAliasCount: 50,
  uniqueKeys: true,
  prettyErrors: true,
  // Warnings (an unknown `!!js/function` tag, say) become errors below, never console output.
  logLevel: "silent",
} as const;

type YamlIssue = Error & { linePos?: { line: number }[]; code?: string };

function yamlProblem(error: YamlIssue): FrontMatterError {
  const [first = "", ...rest] = error.message.split("\n");
  let what = first.replace(/ at line \d+, column \d+:?$/, "");
  if (error.code === "TAG_RESOLVE_FAILED")
    what = `the tag ${what.replace(/^Unresolved tag: /, "").replace(/^tag:yaml\.org,2002:/, "!!")} is not allowed; write plain values`;
  if (/Maximum call stack/.test(what)) what = "nested too deeply";
  const detail = rest.join("\n").trim() || undefined;
  // The YAML text starts on the opening `---` line, so its line numbers are the file's.
  return new FrontMatterError(`invalid YAML: ${what}`, error.linePos?.[0]?.line, detail, { cause: error });
}

/** Thousands of nested brackets overflow the parser's stack (a RangeError): refuse the file, not the build. */
function tooDeep(error: unknown): FrontMatterError {
  return new FrontMatterError("invalid YAML: nested too deeply", 2, undefined, { cause: error });
}

/** Deeper flow nesting (`[[[…`) than any article needs; the parser would spend seconds on 100,000 levels. */
const MAX_FLOW_DEPTH = 64;

/** The line where flow collections nest deeper than MAX_FLOW_DEPTH (quoted text not counted), if anywhere. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let quote = "";
  let line = 1;
  // A quote opens quoted text only where a value starts (an apostrophe inside `Xi's` does not).
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (quote) {
      if (c === quote) quote = "";
      else if (c === "\\" && quote === '"') i++;
      continue;
    }
    if ((c === '"' || c === "'") && valueStart) quote = c;
    else if ((c === "[" || c === "{") && (valueStart || depth > 0)) {
      // Mid-text in block context (`Xi's [draft]`) a bracket is plain text.
      if (++depth > MAX_FLOW_DEPTH) return line;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
    if (c !== " " && c !== "\t")
      valueStart = c === "\n" || c === ":" || c === "-" || c === "[" || c === "{" || c === ",";
  }
  return undefined;
}

function parseYamlData(text: string): object {
  const deep = tooDeepAt(text);
  if (deep !== undefined)
    throw new FrontMatterError(`invalid YAML: nested more than ${MAX_FLOW_DEPTH} levels deep`, deep);
  let doc;
  try {
    doc = yamlParser().parseDocument(text, YAML_OPTIONS);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(error);
    throw error;
  }
  const issue = doc.errors[0] ?? doc.warnings[0];
  if (issue) throw yamlProblem(issue as YamlIssue);
  try {
    // Non-object results (a bare scalar or list) are rejected by the loader.
    return doc.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount }) as object;
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(error);
    throw yamlProblem(error as YamlIssue);
  }
}

const refuse = (language: string) => () => {
  throw new FrontMatterError(`front matter in ${language} is not allowed; write it as YAML`, 1);
};

const ENGINES = {
  yaml: { parse: parseYamlData, stringify: () => "" },
  json: { parse: refuse("JSON"), stringify: () => "" },
  javascript: { parse: refuse("JavaScript"), stringify: () => "" },
};

export interface SplitArticle {
  data: unknown;
  /** The raw YAML text, for finding the line of a field later. */
  yaml: string;
  body: string;
  /** Line number (1-based) where the body starts in the file. */
  bodyLine: number;
}

/** Splits and parses one article's text (BOM and CRLF already allowed for). */
export function splitArticle(text: string): SplitArticle {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (normalized.trim() === "")
    throw new FrontMatterError("the file is empty; an article needs front matter (title, updated, source)", 1);
  if (!normalized.startsWith("---")) {
    throw new FrontMatterError("no front matter: the file must start with a line `---`", 1);
  }
  const firstLine = normalized.slice(0, normalized.indexOf("\n") === -1 ? undefined : normalized.indexOf("\n"));
  const language = firstLine.slice(3).trim();
  if (firstLine.startsWith("----") || (language !== "" && language !== "yaml" && language !== "yml")) {
    throw new FrontMatterError(
      `front matter marked ${JSON.stringify(language || firstLine)} is not allowed; only YAML front matter is read`,
      1,
    );
  }
  if (!/\n---[ \t]*(\n|$)/.test(normalized.slice(firstLine.length))) {
    throw new FrontMatterError("front matter is not closed: add a line `---` after the last field", 1);
  }
  return splitFlat(normalized) ?? splitWithYaml(normalized);
}

let matter: typeof matterType | undefined;

/** gray-matter's split, the front matter parsed by `yaml`: any front matter. */
export function splitWithYaml(normalized: string): SplitArticle {
  // Loaded on first use: the fast path below reads nearly every article without it (60 ms of start-up).
  matter ??= createRequire(import.meta.url)("gray-matter") as typeof matterType;
  const file = matter(normalized, { engines: ENGINES, language: "yaml" });
  const yaml = (file as unknown as { matter: string }).matter ?? "";
  const bodyLine = normalized.slice(0, normalized.length - file.content.length).split("\n").length;
  return { data: file.data, yaml, body: file.content, bodyLine };
}

// ---------------------------------------------------------------------------
// Fast path for flat front matter (issue 8). Nearly every article's front
// matter is a few `key: text` lines, as `newsmirror new` and importers write
// them. Parsing those with the full YAML parser, through gray-matter, was a
// third of the loader's time at 4,000 articles (yaml 0.42 s, gray-matter
// 0.15 s). `splitFlat` reads exactly that shape, where the result is
// certain to equal what gray-matter + `yaml` (core schema) give; anything
// else (numbers, booleans, lists, comments, escapes, indicators, odd
// characters, repeated keys) returns undefined and takes the full path.
// tests/frontmatter-fast.test.ts checks agreement on generated inputs.

/** Plain scalars the core schema reads as something other than text (null, bool, int, float): a superset. */
const NOT_TEXT =
  /^(?:~|null|true|false|[-+]?\.(?:inf|nan)|[-+]?(?:[0-9][0-9_]*(?:\.[0-9]*)?|\.[0-9]+|0x[0-9a-f]+|0o[0-7]+)(?:e[-+]?[0-9]+)?)$/i;
/** A key the fast path accepts: lower-case word, not one the core schema reads as null or a boolean. */
const FLAT_KEY = /^[a-z][a-z0-9_]*$/;
/** Characters that end the fast path anywhere in a value: controls, NEL/C1, line and paragraph separators, BOM, tab. */
const ODD_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** Plain scalars may not start with an indicator or a space. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

function flatValue(raw: string): string | undefined {
  if (raw === "" || ODD_CHARACTER.test(raw)) return undefined;
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.indexOf(quote, 1);
    if (end !== raw.length - 1) return undefined; // a quote inside, or something after the closing one
    const inner = raw.slice(1, -1);
    return quote === '"' && inner.includes("\\") ? undefined : inner;
  }
  if (INDICATOR_START.test(raw) || raw.includes(": ") || raw.endsWith(":") || raw.includes(" #") || NOT_TEXT.test(raw))
    return undefined;
  return raw;
}

function flatData(yaml: string): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const line of yaml.split("\n")) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(": ");
    if (colon === -1) return undefined;
    const key = line.slice(0, colon);
    if (!FLAT_KEY.test(key) || key === "null" || key === "true" || key === "false" || Object.hasOwn(data, key))
      return undefined;
    const value = flatValue(line.slice(colon + 2).replace(/^ +| +$/g, ""));
    if (value === undefined) return undefined;
    data[key] = value;
  }
  return data;
}

/** gray-matter's split for a file opening with exactly `---` and closing with a `---` line, when the front matter is flat. */
export function splitFlat(normalized: string): SplitArticle | undefined {
  if (!normalized.startsWith("---\n")) return undefined;
  const rest = normalized.slice(3);
  const close = rest.indexOf("\n---");
  if (close === -1) return undefined;
  const after = close + 4;
  if (after < rest.length && rest[after] !== "\n") return undefined;
  const yaml = rest.slice(0, close);
  const data = flatData(yaml);
  if (!data) return undefined;
  const body = rest.slice(after + 1);
  const bodyLine = normalized.slice(0, normalized.length - body.length).split("\n").length;
  return { data, yaml, body, bodyLine };
}

/**
 * The file line (1-based) of a front-matter field, found only when an error
 * needs it: parsing with source positions costs more than plain parsing.
 */
export function lineOfField(yaml: string, path: readonly (string | number)[]): number | undefined {
  const { LineCounter, parseDocument, isMap, isScalar, isSeq } = yamlParser();
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { ...YAML_OPTIONS, lineCounter, keepSourceTokens: false });
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset: number | undefined;
  for (const key of path) {
    // An item of a list (`corrections.1.date`): its own line.
    if (isSeq(node) && /^\d+$/.test(String(key))) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
      continue;
    }
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
    if (!pair) break;
    offset = (pair.key as Node).range?.[0];
    node = pair.value as Node | null;
  }
  if (offset === undefined) return undefined;
  // The YAML text starts on the opening `---` line, so its line numbers are the file's.
  return lineCounter.linePos(offset).line;
}
