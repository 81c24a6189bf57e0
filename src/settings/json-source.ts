/**
 * Plain JSON read with source positions, so that a problem in a JSON file
 * (site.json) can name its line like a problem in an article's front
 * matter does: the line of a field, the line and column of a syntax error
 * (with what to do about it), the second of two equal keys. jsonc-parser
 * finds the positions, in strict mode: no comments, no trailing commas.
 * The value itself is JSON.parse's, so a file reads exactly as it always did.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";

export type JsonPath = readonly (string | number)[];

export interface JsonPosition {
  line: number;
  column: number;
}

/** A syntax error: where it is and what to do, in one line. */
export interface JsonSyntaxError extends JsonPosition {
  message: string;
}

export interface JsonSource {
  /** The text read, without a byte-order mark. */
  text: string;
  /** JSON.parse's value; undefined when there is a syntax error. */
  value?: unknown;
  syntaxError?: JsonSyntaxError;
  /** The line of a field: its name's line, or (for a field not there) the nearest enclosing one's; undefined for the whole file. */
  lineOf(path: JsonPath): number | undefined;
  /** Keys given twice in one object: the later one, with the line of the first. */
  duplicates: { path: JsonPath; line: number; firstLine: number }[];
  /** The text of a line (1-based), for showing it under a message. */
  sourceLine(line: number): string | undefined;
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n?|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

function positionIn(starts: readonly number[], offset: number): JsonPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

const quoted = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** What a first syntax error means, where the fix goes (offset), in words a user can act on. */
function describeSyntaxError(
  text: string,
  error: ParseError,
  root: Node | undefined,
): { offset: number; message: string } {
  const { offset } = error;
  const token = text.slice(offset, offset + error.length);
  const at = (message: string, where = offset) => ({ offset: where, message });
  const before = text.slice(0, offset).trimEnd();
  const closer = text[offset];
  const code = printParseErrorCode(error.error);
  switch (code) {
    case "InvalidCommentToken":
    case "UnexpectedEndOfComment":
      return at("comments are not allowed in plain JSON; remove the comment");
    case "UnexpectedEndOfString":
      return at('text in quotes is not closed on its line; add the closing " (write \\n for a line break)');
    case "InvalidCharacter":
      return at("a tab or line break inside quotes; write \\t or \\n instead");
    case "InvalidEscapeCharacter": {
      const badEscape = /\\[^"\\/bfnrtu]/.exec(token);
      return at(
        `${badEscape ? `\\${badEscape[0][1]}` : token} is not an escape JSON knows; write \\\\ for a backslash`,
        offset + (badEscape?.index ?? 0),
      );
    }
    case "InvalidUnicode":
      return at("\\u must be followed by four hex digits");
    case "InvalidNumberFormat":
    case "UnexpectedEndOfNumber":
      return at(`${token} is not a JSON number`);
    case "ColonExpected":
      return at('expected ":" after the name');
    case "CommaExpected":
      // The comma belongs after the previous value, which may be on the line before.
      return at("a comma is missing here, between two entries", before.length);
    case "EndOfFileExpected":
      return at("more text after the closing }; the file holds one { … } of settings");
  }
  if (token.startsWith("'")) return at("text and names go in \"double quotes\", not 'single quotes'");
  if ((closer === "}" || closer === "]") && before.endsWith(",")) {
    return at(`a comma before the closing ${closer} is not allowed in JSON; remove it`, before.length - 1);
  }
  if (code === "InvalidSymbol") {
    if (root && offset >= root.offset + root.length)
      return at("more text after the closing }; the file holds one { … } of settings");
    if (/^[A-Za-z_$][\w$-]*$/.test(token)) {
      if (/^\s*:/.test(text.slice(offset + token.length))) return at(`names go in "double quotes": write "${token}"`);
      return at(`${token} is not a JSON value; write text in "double quotes", a number, true, false or null`);
    }
    return at(`${quoted(token)} is not allowed here`);
  }
  // At the end of the file, the place to fix is after the last thing written, not the end of the last line.
  const end = offset >= text.trimEnd().length;
  switch (code) {
    case "PropertyNameExpected":
      return at('expected a name in "double quotes"');
    case "ValueExpected":
      return end ? at("the file ends where a value should be", before.length) : at("a value is missing here");
    case "CloseBraceExpected":
      return end ? at("the file ends before the closing }", before.length) : at('expected "," or "}" here');
    case "CloseBracketExpected":
      return end ? at("the file ends before the closing ]", before.length) : at('expected "," or "]" here');
  }
  return at("not valid JSON here");
}

function findDuplicates(root: Node | undefined, position: (offset: number) => JsonPosition): JsonSource["duplicates"] {
  const found: JsonSource["duplicates"] = [];
  const walk = (node: Node, path: JsonPath) => {
    if (node.type === "object") {
      const first = new Map<string, number>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key) continue;
        const name = String(key.value);
        const line = position(key.offset).line;
        const earlier = first.get(name);
        if (earlier === undefined) first.set(name, line);
        else found.push({ path: [...path, name], line, firstLine: earlier });
        if (value) walk(value, [...path, name]);
      }
    } else if (node.type === "array") {
      for (const [i, child] of (node.children ?? []).entries()) walk(child, [...path, i]);
    }
  };
  if (root) walk(root, []);
  return found;
}

/** Reads JSON text (a leading byte-order mark allowed) with positions. */
export function readJsonSource(input: string): JsonSource {
  const text = input.replace(/^\uFEFF/, "");
  const starts = lineStarts(text);
  const position = (offset: number) => positionIn(starts, offset);
  const lines = text.split(/\r\n?|\n/);
  const sourceLine = (line: number) => lines[line - 1];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, STRICT);
  const lineOf = (path: JsonPath): number | undefined => {
    if (!root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? root : findNodeAtLocation(root, [...path.slice(0, n)]);
      if (!node) continue;
      // A field's line is its name's, as for front matter.
      return position(node.parent?.type === "property" ? node.parent.offset : node.offset).line;
    }
    return undefined;
  };
  const source = { text, lineOf, sourceLine, duplicates: [] as JsonSource["duplicates"] };
  if (errors.length > 0 || !root) {
    const { offset, message } = errors[0]
      ? describeSyntaxError(text, errors[0], root)
      : { offset: 0, message: "no value" };
    return { ...source, syntaxError: { ...position(offset), message } };
  }
  try {
    return { ...source, value: JSON.parse(text), duplicates: findDuplicates(root, position) };
  } catch (error) {
    // jsonc-parser and JSON.parse agree on plain JSON; should they ever differ, JSON.parse has the last word.
    return { ...source, syntaxError: { line: 1, column: 1, message: (error as Error).message } };
  }
}
