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

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
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
