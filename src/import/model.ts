/**
 * What an importer reads out of a saved page, whatever its format. The writer
 * turns it into an article file; nothing here is Markdown yet.
 */
import { NewsmirrorError } from "../errors.ts";

export interface ImportedPhoto {
  /** As written in the page: a URL or a path relative to the saved page. */
  src: string;
  /** undefined when the page gives no alt attribute; "" when it gives `alt=""` (decorative). */
  alt: string | undefined;
  /** `… [Photo/Xinhua]`, when the page has one. */
  caption?: string;
}

/**
 * One block of the body, in page order. A paragraph's `markdown`, when there is one, keeps its links, bold and
 * italics (Chinese pages: ./inline.ts), checked to render back to exactly `text`; without it the text is escaped.
 */
export type BodyBlock =
  | { kind: "paragraph"; text: string; markdown?: string }
  | { kind: "photo"; photo: ImportedPhoto };

export interface ImportedPage {
  title: string;
  /** ISO 8601 with +08:00, as the page's info line (or its publishdate meta) says. */
  updated: string;
  /** When the page carries a different first-publication time (publishdate meta). */
  published?: string;
  source: string;
  body: BodyBlock[];
  /** `责任编辑：宋岩` on Chinese pages, without its label. */
  editor?: string;
  /** The page's language, when it is not English (`zh-CN`). */
  language?: string;
  /** The section its breadcrumb links name (`guowuyuan`), for a page whose address gives none. */
  section?: string;
  /** The page's own address, when it says (canonical link, "saved from" comment). */
  address?: string;
  /** Things worth telling the user that do not stop the import. */
  warnings: string[];
}

/** A page that cannot be imported; the message names what is missing or wrong. */
export class ImportError extends NewsmirrorError {
  override name = "ImportError";
}
