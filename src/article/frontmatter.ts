/**
 * Splits an article file into front matter and body, and parses the front
 * matter as YAML data — never as code. gray-matter does the splitting; every
 * engine it knows is replaced, so a `---js` block cannot be evaluated, and
 * YAML is parsed by `yaml` with alias expansion bounded (billion laughs).
 */
import matter from "gray-matter";
import { parse as parseYaml, parseDocument, LineCounter, isMap, isScalar, type Node } from "yaml";

export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const YAML_OPTIONS = {
  // Core schema: timestamps stay strings, so `updated` keeps its offset as written.
  schema: "core",
  maxAliasCount: 50,
  uniqueKeys: true,
  prettyErrors: true,
} as const;

function parseYamlData(text: string): object {
  try {
    // Non-object results (a bare scalar or list) are rejected by the loader.
    return parseYaml(text, YAML_OPTIONS) as object;
  } catch (error) {
    const e = error as Error & { linePos?: { line: number }[] };
    const firstLine = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    // The YAML text starts on the opening `---` line, so its line numbers are the file's.
    throw new FrontMatterError(`invalid YAML: ${firstLine}`, e.linePos?.[0]?.line);
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
  if (normalized.trim() === "") throw new FrontMatterError("the file is empty; an article needs front matter (title, updated, source)", 1);
  if (!normalized.startsWith("---")) {
    throw new FrontMatterError("no front matter: the file must start with a line `---`", 1);
  }
  const firstLine = normalized.slice(0, normalized.indexOf("\n") === -1 ? undefined : normalized.indexOf("\n"));
  const language = firstLine.slice(3).trim();
  if (firstLine.startsWith("----") || (language !== "" && language !== "yaml" && language !== "yml")) {
    throw new FrontMatterError(`front matter marked ${JSON.stringify(language || firstLine)} is not allowed; only YAML front matter is read`, 1);
  }
  if (!/\n---[ \t]*(\n|$)/.test(normalized.slice(firstLine.length))) {
    throw new FrontMatterError("front matter is not closed: add a line `---` after the last field", 1);
  }
  const file = matter(normalized, { engines: ENGINES, language: "yaml" });
  const yaml = (file as unknown as { matter: string }).matter ?? "";
  const bodyLine = normalized.slice(0, normalized.length - file.content.length).split("\n").length;
  return { data: file.data, yaml, body: file.content, bodyLine };
}

/**
 * The file line (1-based) of a front-matter field, found only when an error
 * needs it: parsing with source positions costs more than plain parsing.
 */
export function lineOfField(yaml: string, path: readonly (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { ...YAML_OPTIONS, lineCounter, keepSourceTokens: false });
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset: number | undefined;
  for (const key of path) {
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
