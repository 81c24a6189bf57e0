import type { ArticlePhoto, SocialImage } from "../images/article-photos.ts";
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
  /** Body HTML, dateline and lead photo figure included; produced by our renderer, safe to insert. */
  readonly bodyHtml: string;
  /** Body as plain text (first sentences serve as a summary where none is given). */
  readonly bodyText: string;
  /** The lead photo (front matter `image`), shown above the body. */
  readonly image?: ArticlePhoto;
  /** A 1200×630 crop of the lead photo for og:image / twitter:image and JSON-LD. */
  readonly socialImage?: SocialImage;
  /** Photos on other sites the body links as they are (`images.remote: "link"`), by URL; the page's CSP allows their origins. */
  readonly remoteImages?: readonly string[];
}
