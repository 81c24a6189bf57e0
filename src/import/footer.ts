/**
 * gov.cn's page chrome as it appears in page text: the header's `App`, and
 * the desktop footer, view switch and mobile footer. Importers recognise and
 * drop these lines; they come from site settings, never from an article.
 */
const FOOTER_LINE = [
  /^Copyright\s*©/i,
  /^Website Identification Code\b/i,
  /^Registration Number:/i,
  /^All rights reserved\. The content \(including but not limited to text, photo, multimedia information, etc\) published in this site belongs to/i,
  /^Without written authorization from .*, such content shall not be republished or used in any form\.$/i,
  /^(?:Mobile|Desktop)$/,
];

export function isFooterLine(line: string): boolean {
  return FOOTER_LINE.some((re) => re.test(line));
}

/** Index where the trailing run of footer lines starts (lines.length when there is none). */
export function footerStart(lines: readonly string[]): number {
  let start = lines.length;
  while (start > 0 && isFooterLine(lines[start - 1]!)) start--;
  return start;
}

export const HEADER_LINE = "App";
