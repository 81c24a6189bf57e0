/**
 * The corrections page, `/corrections/`: every correction notice on the site, newest first, each linking to its
 * article. Made only when some article has a correction; its key (src/pipeline/site-plan.ts) is made from exactly
 * what it shows, so it is rewritten only when a correction (or a corrected article's title or address) changes.
 */
import type { ArticleMeta } from "../article/article.ts";
import { keyOf } from "./output-file.ts";
import { textOrder } from "../order.ts";

export const CORRECTIONS_URL = "/corrections/index.html";

export interface CorrectionEntry {
  /** The corrected article's title and site path. */
  title: string;
  articleUrl: string;
  /** When the correction was made (Unix ms) and its day as shown (`July 29, 2021`). */
  dateMs: number;
  dateText: string;
  text: string;
}

export interface CorrectionsPage {
  url: string;
  entries: readonly CorrectionEntry[];
  /** What the page shows, digested. */
  key: string;
}

/** The corrections page of these articles (those on the site), or none when no article has a correction. */
export function correctionsPages(articles: readonly ArticleMeta[]): CorrectionsPage[] {
  const entries: CorrectionEntry[] = [];
  for (const article of articles) {
    for (const c of article.corrections ?? []) {
      entries.push({
        title: article.title,
        articleUrl: article.url,
        dateMs: c.date.epochMs,
        dateText: c.dateText,
        text: c.text,
      });
    }
  }
  if (entries.length === 0) return [];
  entries.sort((a, b) => b.dateMs - a.dateMs || textOrder(a.articleUrl, b.articleUrl));
  const key = keyOf(["corrections", ...entries.map((e) => JSON.stringify([e.articleUrl, e.title, e.dateMs, e.text]))]);
  return [{ url: CORRECTIONS_URL, entries, key }];
}
