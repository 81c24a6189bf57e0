import type { Instant } from "../time/instant.ts";

/**
 * An article as every template, feed and listing sees it: validated front
 * matter plus what is derived from it once (URL, rendered body, display
 * strings). Nothing downstream parses or validates again.
 */
export interface Article {
  /** Path of the source file relative to the project, for messages. */
  readonly file: string;
  readonly title: string;
  readonly updated: Instant;
  readonly published: Instant;
  readonly source: string;
  readonly dateline?: string;
  readonly section?: string;
  readonly id?: string;
  readonly summary?: string;
  readonly tags: readonly string[];
  readonly draft: boolean;
  readonly language: string;
  /** Site-root-relative URL: `/statecouncil/weifenghe/202107/28/content_WS….html`. */
  readonly url: string;
  /** `July 28, 2021 07:01` in the site's time zone. */
  readonly updatedText: string;
  /** Body HTML, dateline included; produced by our renderer, safe to insert. */
  readonly bodyHtml: string;
  /** Body as plain text (first sentences serve as a summary where none is given). */
  readonly bodyText: string;
}
