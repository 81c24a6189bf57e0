/**
 * The visible text of an HTML page, one block per line: a TypeScript port of
 * the fidelity referee's rules (the same rules scrapers of gov.cn rely on).
 *   - <head>, <script>, <style>, <noscript>, <template>, <svg>, <title> and
 *     any element with `hidden` or aria-hidden="true" contribute nothing;
 *   - block-level elements and <br> end the current line;
 *   - runs of whitespace collapse to one space, lines are trimmed, empty
 *     lines are dropped.
 */
import { Parser } from "htmlparser2";

/** Elements whose content a reader never sees. */
export const SKIP = new Set(["head", "script", "style", "noscript", "template", "svg", "title"]);
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);
/** Elements that end the current line. */
export const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "br",
  "caption",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "html",
  "legend",
  "li",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
]);

/** Collapses whitespace the way the referee does. */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function pageLines(markup: string): string[] {
  const lines: string[] = [];
  let current = "";
  const stack: { tag: string; hides: boolean }[] = [];
  let hiddenDepth = 0;
  const lineBreak = () => {
    const text = normalizeLine(current);
    if (text) lines.push(text);
    current = "";
  };
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (BLOCK.has(tag) && !hiddenDepth) lineBreak();
        if (VOID.has(tag)) return;
        const hides = SKIP.has(tag) || "hidden" in attrs || (attrs["aria-hidden"] ?? "").toLowerCase() === "true";
        stack.push({ tag, hides });
        if (hides) hiddenDepth++;
      },
      onclosetag(tag) {
        if (VOID.has(tag)) return;
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i]!.tag !== tag) continue;
          for (const open of stack.slice(i)) if (open.hides) hiddenDepth--;
          stack.length = i;
          break;
        }
        if (BLOCK.has(tag) && !hiddenDepth) lineBreak();
      },
      ontext(data) {
        if (!hiddenDepth) current += data;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(markup);
  parser.end();
  lineBreak();
  return lines;
}

/** The non-empty lines of an expected-text file, normalised like page lines. */
export function expectedLines(text: string): string[] {
  return text.split(/\r?\n/).map(normalizeLine).filter(Boolean);
}

/** `undefined` when equal, else where the page first differs from what was expected. */
export function firstDifference(
  got: readonly string[],
  want: readonly string[],
): { line: number; page: string; expected: string } | undefined {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const page = got[i] ?? "<end of page>";
    const expected = want[i] ?? "<end of expected>";
    if (page !== expected) return { line: i + 1, page, expected };
  }
  return undefined;
}
