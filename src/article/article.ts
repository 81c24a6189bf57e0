import type { ArticlePhoto, SocialImage } from "../images/article-photos.ts";
import type { Instant } from "../time/instant.ts";

/**
 * An article as listings, sitemaps, output-path claims and feed specs see
 * it: validated front matter plus what is derived from it once (URL,
 * display strings, teaser), without the rendered body. The loader keeps
 * these on disk between builds (./load.ts), so an unchanged file is not
 * read again; `ArticleLoader.full()` gives the bodies where a page needs them.
 */
export interface ArticleMeta {
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
  /** Front matter `author`, as a list: the byline and author pages (absent when not set). */
  readonly authors?: readonly string[];
  /** Front matter `aliases`: old site paths that redirect to the article (absent when none). */
  readonly aliases?: readonly string[];
  /** Front matter `related`: pinned related stories, by id or address (absent when none). */
  readonly related?: readonly string[];
  /** Front matter `translations`: the same story in other languages, by id or address (absent when none). */
  readonly translations?: readonly TranslationRef[];
  /** The words of the title and the body's lead that stand for the article, most telling first, space-separated (./key-terms.ts). */
  readonly terms?: string;
  readonly draft: boolean;
  readonly language: string;
  /** Site-root-relative URL: `/statecouncil/weifenghe/202107/28/content_WS….html`. */
  readonly url: string;
  /** `July 28, 2021 07:01` in the site's time zone. */
  readonly updatedText: string;
  /** The short text that stands for the article in listings and descriptions: `summary`, else the body's first sentences (./teaser.ts). */
  readonly teaser: string;
  /**
   * What the article's page is made from, given the same settings, templates and
   * newsmirror code: its file's bytes and path, and the names of its photo variants
   * (which carry the photos' content hashes). Equal hashes, equal articles.
   */
  readonly hash: string;
  /** Named under the body: `Editor: Name` (front matter `editor`). */
  readonly editor?: string;
  /** Correction notices, oldest first as written (front matter `corrections`). */
  readonly corrections?: readonly Correction[];
  /** When the article is withdrawn (front matter `expires`): past it, its address shows a short notice only. */
  readonly expires?: Instant;
  /** The lead photo (front matter `image`), shown above the body. */
  readonly image?: ArticlePhoto;
  /** A 1200×630 crop of the lead photo for og:image / twitter:image and JSON-LD. */
  readonly socialImage?: SocialImage;
  /** Provenance (front matter `original_url`): the address the article was captured from. */
  readonly originalUrl?: string;
  /** Provenance (front matter `captured`): when the page was saved. */
  readonly captured?: Instant;
  /** Provenance (front matter `source_sha256`): the saved page's SHA-256, hex. */
  readonly sourceSha256?: string;
  /**
   * An older capture of a story (front matter `revision: true`), in a file beside the latest's: its own page, linked
   * from the latest's "Previous versions", in no listing, feed, sitemap or search (./revision.ts).
   */
  readonly revision?: true;
  /** Photos on other sites the body links as they are (`images.remote: "link"`), by URL; the page's CSP allows their origins. */
  readonly remoteImages?: readonly string[];
}

/** One entry of front matter `translations`: a language and the article's id or its address. */
export interface TranslationRef {
  readonly language: string;
  readonly id?: string;
  readonly url?: string;
}

/** A correction notice: `Correction (July 29, 2021): text`. */
export interface Correction {
  readonly date: Instant;
  /** `July 29, 2021`, the day in the site's time zone. */
  readonly dateText: string;
  readonly text: string;
}

/**
 * An article as its page, the feeds and the search index see it: the
 * metadata and the rendered body. Nothing downstream parses or validates again.
 */
export interface Article extends ArticleMeta {
  /** Body HTML, dateline and lead photo figure included; produced by our renderer, safe to insert. */
  readonly bodyHtml: string;
  /** Body as plain text (the search index's). */
  readonly bodyText: string;
}

/** Whether an article carries its body (read in this load), or is metadata restored from the loader's store. */
export function hasBody(article: ArticleMeta): article is Article {
  return typeof (article as Partial<Article>).bodyHtml === "string";
}
