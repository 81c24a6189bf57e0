/**
 * The short text that stands for an article in listings and descriptions:
 * its teaser (front-matter `summary`, else the first sentences of its body),
 * computed once when the article is rendered (src/article/teaser.ts).
 */
import type { ArticleMeta } from "../article/article.ts";

export { firstSentences, SUMMARY_LENGTH } from "../article/teaser.ts";

export function summaryOf(article: Pick<ArticleMeta, "teaser">): string {
  return article.teaser;
}
