/**
 * What a stylesheet loads: every `url(…)` and `@import`, with its line.
 * Comments are skipped (their newlines still counted); `data:` URLs are
 * resolved by nobody and left to the caller to accept.
 */
export interface CssReference {
  url: string;
  line: number;
  /** `@import` rather than `url()`. */
  imports: boolean;
}

// One pass over the text: a comment, a string, `@import`, or `url(`, in the order they come.
const TOKEN =
  /\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'|@import\s*(?:url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')|\burl\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s"']*))\s*\)/gi;

const unescapeCss = (value: string) =>
  value
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/g, "$1");

export function cssReferences(css: string): CssReference[] {
  const refs: CssReference[] = [];
  let line = 1;
  let counted = 0;
  const lineAt = (index: number) => {
    for (; counted < index; counted++) if (css.charCodeAt(counted) === 10) line++;
    return line;
  };
  for (const match of css.matchAll(TOKEN)) {
    const imported = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5];
    const url = match[6] ?? match[7] ?? match[8];
    if (imported !== undefined)
      refs.push({ url: unescapeCss(imported.trim()), line: lineAt(match.index), imports: true });
    else if (url !== undefined) refs.push({ url: unescapeCss(url.trim()), line: lineAt(match.index), imports: false });
  }
  return refs;
}
