/**
 * Text for XML files (feeds, sitemaps). XML 1.0 forbids some characters
 * anywhere in a document, escaped or not: the C0 controls but TAB, LF and
 * CR, U+FFFE and U+FFFF, and lone surrogates (half of a UTF-16 pair). One
 * of them makes the whole file malformed, and feed readers and search
 * engines then drop it. The loader refuses or strips them in content; the
 * writers drop them again from every value they write, so no input can
 * make a malformed file.
 */

/** The characters XML 1.0's `Char` production excludes. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` without the characters XML forbids; anything else unchanged. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, "");
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text for XML element content or a quoted attribute value: forbidden characters dropped, markup escaped. */
export function escapeXml(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}
