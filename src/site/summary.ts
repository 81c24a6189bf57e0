/**
 * The short text that stands for an article in listings and descriptions:
 * its front-matter `summary`, else the first sentences of its body.
 */
import type { Article } from "../article/article.ts";

export const SUMMARY_LENGTH = 200;

/** Whole sentences from the start of `text`, up to about `max` characters; cut at a word with `…` when the first sentence is longer. */
export function firstSentences(text: string, max = SUMMARY_LENGTH): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  let end = 0;
  const sentence = /[.!?。！？]["'”’)]?(?=\s|$)/g;
  for (let m = sentence.exec(clean); m && m.index < max; m = sentence.exec(clean)) end = m.index + m[0].length;
  if (end > 0) return clean.slice(0, end);
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function summaryOf(article: Pick<Article, "summary" | "bodyText">, max = SUMMARY_LENGTH): string {
  return article.summary?.trim() || firstSentences(article.bodyText, max);
}
