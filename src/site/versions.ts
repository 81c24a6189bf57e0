/**
 * Several captures of one story (src/article/revision.ts): the latest capture is the article, listed, fed and
 * searched as any other; each older one (a revision) has a page of its own, linked from the latest's "Previous
 * versions" list and linking back to it, and appears nowhere else. Listing a revision in a section, feed or sitemap
 * would show one story twice (or more), under titles that may differ only in a word; the latest is what readers and
 * search engines should find, and the older captures stay one link away, as an archive keeps them.
 */
import type { ArticleMeta } from "../article/article.ts";
import { latestFileOf } from "../article/revision.ts";
import type { ContentProblem } from "../errors.ts";

export interface Versions {
  /** The latest capture's address → its older captures, newest first. */
  previous: ReadonlyMap<string, readonly ArticleMeta[]>;
  /** An older capture's address → the latest capture. */
  latest: ReadonlyMap<string, ArticleMeta>;
}

export const NO_VERSIONS: Versions = { previous: new Map(), latest: new Map() };

/** The articles read, parted: the stories (every latest capture and every other article) and the older captures. */
export function partRevisions<T extends ArticleMeta>(read: readonly T[]): { stories: readonly T[]; revisions: T[] } {
  const revisions = read.filter((a) => a.revision);
  return { stories: revisions.length > 0 ? read.filter((a) => !a.revision) : read, revisions };
}

/** When a capture was taken: `captured`, else `updated`. */
export function capturedMs(article: ArticleMeta): number {
  return (article.captured ?? article.updated).epochMs;
}

/** Each revision matched to its latest capture by file name (`a.rev-{stamp}.md` belongs to `a.md`). */
export function versionsOf(stories: readonly ArticleMeta[], revisions: readonly ArticleMeta[]): Versions {
  if (revisions.length === 0) return NO_VERSIONS;
  const byFile = new Map(stories.map((a) => [a.file, a]));
  const previous = new Map<string, ArticleMeta[]>();
  const latest = new Map<string, ArticleMeta>();
  for (const revision of revisions) {
    const file = latestFileOf(revision.file);
    const story = file === undefined ? undefined : byFile.get(file);
    if (!story) continue; // a problem, said by revisionProblems
    latest.set(revision.url, story);
    let list = previous.get(story.url);
    if (!list) previous.set(story.url, (list = []));
    list.push(revision);
  }
  for (const list of previous.values()) list.sort((a, b) => capturedMs(b) - capturedMs(a) || (a.url < b.url ? -1 : 1));
  return { previous, latest };
}

/** A revision whose file is not named after an article there is: it would be a page no other page links. */
export function revisionProblems(stories: readonly ArticleMeta[], revisions: readonly ArticleMeta[]): ContentProblem[] {
  if (revisions.length === 0) return [];
  const files = new Set(stories.map((a) => a.file));
  const problems: ContentProblem[] = [];
  for (const revision of revisions) {
    const file = latestFileOf(revision.file);
    if (file === undefined)
      problems.push({
        file: revision.file,
        field: "revision",
        message:
          "marks an earlier version, which lives beside its article as NAME.rev-YYYYMMDDTHHMMSSZ.md (newsmirror import --keep-history names it so); rename the file, or remove revision: true",
      });
    else if (!files.has(file))
      problems.push({
        file: revision.file,
        field: "revision",
        message: `marks an earlier version of ${file}, which is not there (or is a draft); restore it, or remove revision: true to publish this one as the article`,
      });
  }
  return problems;
}
