/**
 * Text for XML files (feeds, sitemaps). XML 1.0 forbids some characters
 * anywhere in a document, escaped or not: the C0 controls but TAB, LF and
 * CR, U+FFFE and U+FFFF, and lone surrogates (half of a UTF-16 pair). One
 * of them makes the whole file malformed, and feed readers and search
 * engines then drop it. The loader refuses or strips them in content; the
 * writers drop them again from every value they write, so no input can
 * make a malformed file.
 */

import { NOT_CHARACTER } from "../characters.ts";
import { escapeMarkup } from "../html.ts";

/** The characters XML 1.0's `Char` production excludes: C0 controls but TAB, LF, CR, and the non-characters. */
const NOT_XML = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]|${NOT_CHARACTER.source}`, "g");

/** `text` without the characters XML forbids; anything else unchanged. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, "");
}

/** Text for XML element content or a quoted attribute value: forbidden characters dropped, markup escaped. */
export function escapeXml(text: string): string {
  return escapeMarkup(xmlText(text), "xml");
}
