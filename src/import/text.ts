/**
 * A gov.cn page saved as text, in the seed's shape (the referee's view of a page):
 *   App
 *   Title
 *   Updated: July 28, 2021 07:01 Xinhua
 *   DUSHANBE — First paragraph …
 *   … one paragraph per line …
 *   Copyright© www.gov.cn | About us | Contact us   ← footers: recognised, dropped
 */
import { footerStart, HEADER_LINE } from "./footer.ts";
import { parseInfoLine } from "./info-line.ts";
import { collapseHtmlWhitespace } from "./markdown.ts";
import { ImportError, type ImportedPage } from "./model.ts";

export function readTextPage(text: string): ImportedPage {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n?|\n/)
    .map(collapseHtmlWhitespace)
    .map((line) => line.trim())
    .filter(Boolean);
  let at = 0;
  if (lines[at] === HEADER_LINE) at++;
  const infoAt = lines.findIndex((line, i) => i >= at && /^Updated:/.test(line));
  if (infoAt === -1) throw new ImportError('no info line ("Updated: July 28, 2021 07:01 Xinhua") in the text');
  if (infoAt === at) throw new ImportError("no title before the info line");
  if (infoAt > at + 1) {
    throw new ImportError(
      `expected the title on one line before the info line, found ${infoAt - at} lines (${JSON.stringify(lines[at]!.slice(0, 60))} …)`,
    );
  }
  const info = parseInfoLine(lines[infoAt]!);
  if ("error" in info) throw new ImportError(info.error);
  if (!info.source) throw new ImportError('the info line names no source (e.g. "… 07:01 Xinhua")');
  const end = footerStart(lines);
  const body = lines.slice(infoAt + 1, Math.max(end, infoAt + 1));
  return {
    title: lines[at]!,
    updated: info.updated,
    source: info.source,
    body: body.map((text) => ({ kind: "paragraph", text })),
    warnings: [],
  };
}
