/**
 * Safe-by-default HTML for templates written as TypeScript.
 *
 *   html`<h1>${article.title}</h1>`
 *
 * escapes every interpolated value unless it is already `SafeHtml` (the result
 * of another `html` template, or of `trusted()` for markup we produced, such
 * as rendered Markdown). Arrays are joined; null, undefined and false vanish.
 * Content can therefore never inject markup by forgetting to call a filter.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * The one escaper for HTML and XML: what each mode escapes, from one table.
 * HTML and XML differ only in `'`: XML 1.0 has `&apos;`, HTML 4 had none,
 * so pages write `&#39;`, which every HTML parser reads.
 */
export type EscapeMode =
  /** HTML text or a quoted attribute value: `&<>"'`, `'` as `&#39;`. */
  | "html"
  /** XML element content or a quoted attribute value: `&<>"'`, `'` as `&apos;`. */
  | "xml"
  /** Only `&` and `<`: an XML attribute value whose serialiser escapes the quote itself (the `feed` package's). */
  | "xml-amp-lt";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const SPECIAL: Readonly<Record<EscapeMode, RegExp>> = { html: /[&<>"']/g, xml: /[&<>"']/g, "xml-amp-lt": /[&<]/g };

/** `text` with the characters `mode` escapes written as entities; nothing else changed. */
export function escapeMarkup(text: string, mode: EscapeMode): string {
  return text.replace(SPECIAL[mode], (c) => (c === "'" && mode === "xml" ? "&apos;" : ENTITIES[c]!));
}

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return escapeMarkup(text, "html");
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    out += renderValue(values[i]!) + strings[i + 1]!;
  }
  return new SafeHtml(out);
}

/** Marks markup newsmirror itself produced (rendered Markdown, JSON-LD) as safe to insert. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
