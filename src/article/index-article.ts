/**
 * Stage 2 of the article pipeline (read → index → render): where an
 * article lives in the site, from its checked front matter alone. No body
 * is rendered and no photo looked at, so this is cheap and has no side
 * effects: `newsmirror import` learns the addresses and ids already in a
 * content folder from it, and the Article a build renders takes its address
 * from here (./render-article.ts), so the two always agree.
 */
import type { Instant } from "../time/instant.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { CheckedArticle } from "./read-article.ts";
import { articleUrl } from "./url.ts";
import { revisionStamp, revisionUrl } from "./revision.ts";

/** An article's place in the site. */
export interface IndexedArticle {
  /** Path of the source file, for messages. */
  readonly file: string;
  /** Site-root-relative URL: `/statecouncil/weifenghe/202107/28/content_WS….html`. */
  readonly url: string;
  readonly id?: string;
  readonly section?: string;
  /** First publication (`published`, else `updated`): it dates the address. */
  readonly published: Instant;
  readonly draft: boolean;
  /** An older capture (`revision: true`), at an address of its own (./revision.ts). */
  readonly revision?: true;
}

/** Stage 2: the article's address and id, from its front matter and the site's time zone. */
export function indexArticle(
  { fm }: CheckedArticle,
  file: string,
  settings: Pick<SiteSettings, "timeZone" | "language">,
  /** The file's path in the content folder, `/`-separated: a Chinese article without an id is named by it (./url.ts). */
  contentPath: string = file,
): IndexedArticle {
  const published = fm.published ?? fm.updated;
  const parts = {
    section: fm.section,
    id: fm.id,
    title: fm.title,
    publishedMs: published.epochMs,
    language: fm.language ?? settings.language,
    contentPath,
  };
  const url = articleUrl(parts, settings.timeZone);
  if (fm.revision) {
    // Its own address beside the latest capture's, named by when it was captured.
    const own = revisionUrl(url, revisionStamp((fm.captured ?? fm.updated).epochMs));
    return { file, url: own, id: fm.id, section: fm.section, published, draft: fm.draft, revision: true };
  }
  return { file, url, id: fm.id, section: fm.section, published, draft: fm.draft };
}
