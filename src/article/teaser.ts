/**
 * The short text that stands for an article in listings, feeds and
 * descriptions (its `teaser`): its front-matter `summary`, else the first
 * sentences of its body. Computed once when the article is rendered, so a
 * listing needs no body.
 */

export const SUMMARY_LENGTH = 200;

/** Whole sentences from the start of `text`, up to about `max` characters; cut at a word with `…` when the first sentence is longer. */
export function firstSentences(text: string, max = SUMMARY_LENGTH): string {
  // Only the start matters: a long body is not scanned whole.
  const clean = text
    .slice(0, max * 4)
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length <= max) return clean;
  let end = 0;
  // Chinese ends a sentence with 。！？ and goes on without a space.
  const sentence = /[.!?]["'”’)]?(?=\s|$)|[。！？]["'”’」』）)]?/g;
  for (let m = sentence.exec(clean); m && m.index < max; m = sentence.exec(clean)) end = m.index + m[0].length;
  if (end > 0) return clean.slice(0, end);
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The teaser of an article with this summary and body text. */
export function teaserOf(summary: string | undefined, bodyText: string): string {
  return summary?.trim() || firstSentences(bodyText);
}
