/**
 * Characters no reader means to publish, and how we name them.
 *
 * - One-line fields (title, source, dateline, tags, photo alt and caption…)
 *   refuse them: `oneLineProblem`.
 * - Bodies keep going: `cleanBody` turns a vertical tab, form feed or
 *   next-line character (what Word pastes for Shift+Enter) into a line
 *   break and removes the rest, and says where.
 * - Messages show file names and values with them escaped (`shown`), so a
 *   name holding a newline cannot fake a line of output, and a bidi
 *   override cannot turn a line around.
 *
 * Refused: C0 controls but TAB (and LF/CR, which are line breaks), DEL, C1
 * controls (U+0080–U+009F), the noncharacters U+FFFE and U+FFFF (not allowed
 * in XML), lone UTF-16 surrogates (not characters at all) and, in one-line
 * fields, the bidi embedding, override and isolate controls U+202A–U+202E
 * and U+2066–U+2069. The bidi marks U+200E, U+200F and U+061C stay allowed:
 * they affect only neutral characters next to them, and Arabic and Hebrew
 * text needs them.
 */

/** C0 controls but TAB, LF and CR; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Not characters in XML (U+FFFE, U+FFFF) or anywhere (a surrogate without its pair). The XML writers' rule builds on it (src/site/xml.ts). */
export const NOT_CHARACTER = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** LF and CR. (U+2028 and U+2029 are text to XML and HTML, and JSON-LD escapes them: they stay allowed.) */
const LINE_BREAK = /[\n\r]/;

const CONTROL_NAMES: Record<number, string> = {
  0: "NUL",
  7: "bell",
  8: "backspace",
  11: "vertical tab",
  12: "form feed",
  27: "escape",
  127: "delete",
  133: "next line",
};

const BIDI_NAMES: Record<number, string> = {
  8234: "LEFT-TO-RIGHT EMBEDDING",
  8235: "RIGHT-TO-LEFT EMBEDDING",
  8236: "POP DIRECTIONAL FORMATTING",
  8237: "LEFT-TO-RIGHT OVERRIDE",
  8238: "RIGHT-TO-LEFT OVERRIDE",
  8294: "LEFT-TO-RIGHT ISOLATE",
  8295: "RIGHT-TO-LEFT ISOLATE",
  8296: "FIRST STRONG ISOLATE",
  8297: "POP DIRECTIONAL ISOLATE",
};

/** `U+000B` */
export function codePoint(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** `U+000B (vertical tab)` */
function controlName(c: string): string {
  const name = CONTROL_NAMES[c.charCodeAt(0)];
  return name ? `${codePoint(c)} (${name})` : codePoint(c);
}

/**
 * Why a text field cannot be published as it is, or undefined. `lines`:
 * the field may hold line breaks (summary, caption); else it is one line.
 */
export function textProblem(text: string, options: { lines?: boolean } = {}): string | undefined {
  if (!options.lines && LINE_BREAK.test(text)) return "must be one line";
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) {
    return `holds ${codePoint(bidi[0])} ${BIDI_NAMES[bidi[0].charCodeAt(0)]}, an invisible control that changes the direction of the text around it, so what readers see can differ from what is written; remove it`;
  }
  const control = CONTROL.exec(text) ?? (options.lines ? /\r/.exec(text) : null);
  if (control)
    return `holds the invisible control character ${controlName(control[0])}, which feeds and sitemaps cannot carry; remove it`;
  const odd = NOT_CHARACTER.exec(text);
  if (odd) {
    const what = /[\uD800-\uDFFF]/.test(odd[0]) ? "half of a UTF-16 surrogate pair" : "a noncharacter";
    return `holds ${codePoint(odd[0])}, ${what}, which is not text; remove it`;
  }
  return undefined;
}

/** Controls in a body that a writer meant as line breaks (Word's Shift+Enter is a vertical tab). */
const BREAKS = /[\u000B\u000C\u0085]/;
const BODY_UNWANTED =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|&#(?:0*12|[xX]0*[cC]);/g;

export interface CleanBody {
  body: string;
  /** What was changed, for a warning: the first character, its line in the body (1-based), and how many in all. */
  changed?: { first: string; line: number; count: number; firstBecame: "a line break" | "nothing" };
}

/**
 * A body without the characters feeds cannot carry: a vertical tab, form
 * feed or next-line character (or the entity `&#12;`, which markdown-it would
 * decode to a form feed) becomes a line break, any other one is removed.
 */
export function cleanBody(body: string): CleanBody {
  BODY_UNWANTED.lastIndex = 0;
  const firstMatch = BODY_UNWANTED.exec(body);
  if (!firstMatch) return { body };
  const line = body.slice(0, firstMatch.index).split("\n").length;
  let count = 0;
  const cleaned = body.replace(BODY_UNWANTED, (c) => {
    count++;
    return c.startsWith("&") || BREAKS.test(c) ? "\n" : "";
  });
  const first = firstMatch[0].startsWith("&") ? "\f" : firstMatch[0];
  return {
    body: cleaned,
    changed: { first, line, count, firstBecame: BREAKS.test(first) ? "a line break" : "nothing" },
  };
}

/** The warning's words for what cleanBody changed. */
export function bodyCleanedMessage(changed: NonNullable<CleanBody["changed"]>): string {
  const what = changed.firstBecame === "a line break" ? "read as a line break" : "removed";
  const more = changed.count > 1 ? `; ${changed.count - 1} more below, each read as a line break or removed` : "";
  return `the body holds the invisible control character ${controlName(changed.first)}, ${what}${more}`;
}

/** Characters escaped wherever a name or value is shown in a message. */
const UNSHOWABLE =
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSHOWABLE_AFTER_JSON = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;

/** `"First\nSecond"`: JSON-style quoted, every control, bidi control and noncharacter as an escape. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(
    UNSHOWABLE_AFTER_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A file name as a message shows it: as it is, or quoted with escapes when it holds a character that could fake or turn a line. */
export function shown(name: string): string {
  return UNSHOWABLE.test(name) ? quoted(name) : name;
}
