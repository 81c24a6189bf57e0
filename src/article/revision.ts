/**
 * Older captures of one story (`newsmirror import --keep-history`): each kept in a file of its own beside the
 * article, `{name}.rev-{capturedUTC}.md` with `revision: true`, and published at the article's address with the same
 * mark before the extension (`content_WS….rev-20210728T020000Z.html`), so an older capture's page sits beside the
 * latest's and is named by when it was captured. Which article a revision belongs to is told by its file's name (the
 * latest capture is the file without `.rev-{stamp}`), not its title or id: a title may change between captures. The stamp is the capture time (`captured`, else `updated`) in UTC,
 * ISO 8601 basic format: it sorts as the times do, and holds no character a file name or address must escape.
 */
import { twoDigits } from "../time/format.ts";

/** `20210728T020000Z`: a capture time in UTC. */
export function revisionStamp(epochMs: number): string {
  const d = new Date(epochMs);
  const day = `${d.getUTCFullYear()}${twoDigits(d.getUTCMonth() + 1)}${twoDigits(d.getUTCDate())}`;
  return `${day}T${twoDigits(d.getUTCHours())}${twoDigits(d.getUTCMinutes())}${twoDigits(d.getUTCSeconds())}Z`;
}

/** An older capture's address: the latest's, `.rev-{stamp}` before its extension. */
export function revisionUrl(latestUrl: string, stamp: string): string {
  return latestUrl.replace(/(\.html?)$/, `.rev-${stamp}$1`);
}

/** An older capture's file name beside the article's: `content_WS….md` → `content_WS….rev-{stamp}.md`. */
export function revisionFile(articleFile: string, stamp: string): string {
  return articleFile.replace(/(\.md)$/i, `.rev-${stamp}$1`);
}

const REVISION_FILE = /\.rev-\d{8}T\d{6}Z(\.md)$/i;

/** The latest capture's file for a revision's file (`a.rev-20210728T020000Z.md` → `a.md`), or undefined for another name. */
export function latestFileOf(file: string): string | undefined {
  return REVISION_FILE.test(file) ? file.replace(REVISION_FILE, "$1") : undefined;
}
