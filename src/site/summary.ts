/**
 * The short text that stands for an article in listings and descriptions:
 * its front-matter `summary`, else the first sentences of its body.
 */
import type { Article } from "../article/article.ts";

export const SUMMARY_LENGTH = 200;

/** Whole sentences from the start of `text`, up to about `max` characters; cut at a word with `…` when the first sentence is longer. */
export function firstSentences(text: string, max = SUMMARY_LENGTH): string {
  // Only the start matters: a long body is not scanned whole for each listing it appears in.
  const clean = text
    .slice(0, max * 4)
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length <= max) return clean;
  let end = 0;
  const sentence = /[.!?。！？]["'”’)]?(?=\s|$)/g;
  for (let m = sentence.exec(clean); m && m.index < max; m = sentence.exec(clean)) end = m.index + m[0].length;
  if (end > 0) return clean.slice(0, end);
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const summaries = new WeakMap<object, string>();

/** Memoized per article: an article appears on several listings, in feeds and in its own <head>. */
export function summaryOf(article: Pick<Article, "summary" | "bodyText">, max = SUMMARY_LENGTH): string {
  if (max !== SUMMARY_LENGTH) return article.summary?.trim() || firstSentences(article.bodyText, max);
  let summary = summaries.get(article);
  if (summary === undefined)
    summaries.set(article, (summary = article.summary?.trim() || firstSentences(article.bodyText, max)));
  return summary;
}
