/**
 * Related stories: up to RELATED_COUNT per article, shown under its body. The pinned ones first (front matter
 * `related`, by id or address, in the order written); then the articles that share the most with it, scored by what
 * they share: its topics (tags) and its key terms (the significant words of its title and lead,
 * src/article/key-terms.ts; a word on more than a tenth of the articles does not count), each weighted by how rare it is on the site (idf, log(1 + N / df): a topic every article has still counts), a topic
 * three times a word. An article
 * counts only if it shares a topic or at least two terms. Ties go to the newest (the articles come newest first).
 *
 * The candidates are the articles given: those on the site, as the listings take them (src/site/news-site.ts), so
 * an article that is not listed (a draft, one not yet published, one withdrawn) is never anyone's related story.
 * Never the article itself.
 *
 * Shown only on articles that use the newsroom's fields (`tags` or `related`): an article with neither shows nothing
 * new, as the seed page must not.
 *
 * Cost: linear in the articles. Each article's features are looked up in an inverted index (feature → its
 * articles, newest first); a feature on more than POSTINGS_READ articles is read only around the article's own
 * place in time (the nearest POSTINGS_READ of them), so a topic on half the site costs what a rare one does.
 */
import type { ArticleMeta } from "../article/article.ts";
import { namesOf, slugOf } from "./terms.ts";

export const RELATED_COUNT = 5;
/** Articles of one feature's posting list read for one article, at most. */
const POSTINGS_READ = 100;
/** A word counts only if at most a tenth of the articles, or this many, have it. */
const COMMON_FLOOR = 10;
/** A shared topic weighs this many times a shared word. */
const TOPIC_WEIGHT = 3;

/** Related stories by article address: only for the articles that show them, and only when there are some. */
export type RelatedStories = ReadonlyMap<string, readonly ArticleMeta[]>;

/** Whether an article's page shows related stories at all: it uses `tags` or `related`. */
export function showsRelated(article: ArticleMeta): boolean {
  return article.tags.length > 0 || (article.related?.length ?? 0) > 0;
}

/** Related stories of every article that shows them; `articles` newest first, as the site lists them. */
export function relatedStories(articles: readonly ArticleMeta[]): RelatedStories {
  const related = new Map<string, readonly ArticleMeta[]>();
  const shown = articles.some(showsRelated);
  if (!shown) return related;

  // Features: `#slug` for a topic, the word itself for a term (a term never starts with `#`).
  const featureIds = new Map<string, number>();
  const isTopic: boolean[] = [];
  const features: Int32Array[] = [];
  const counts: number[] = [];
  // The article that last had each feature: a feature is counted once per article (`Hong Kong`, `hong-kong`).
  const lastArticle: number[] = [];
  const ids: number[] = [];
  const add = (name: string, topic: boolean, index: number) => {
    let id = featureIds.get(name);
    if (id === undefined) {
      featureIds.set(name, (id = isTopic.length));
      isTopic.push(topic);
      counts.push(0);
      lastArticle.push(-1);
    }
    if (lastArticle[id] === index) return;
    lastArticle[id] = index;
    counts[id]!++;
    ids.push(id);
  };
  for (let index = 0; index < articles.length; index++) {
    const article = articles[index]!;
    ids.length = 0;
    for (const tag of namesOf(article, "topic")) add(`#${slugOf(tag)}`, true, index);
    if (article.terms) for (const term of article.terms.split(" ")) if (term) add(term, false, index);
    features.push(Int32Array.from(ids));
  }

  // Posting lists, ascending article index (newest first), and each feature's weight.
  const postings = counts.map((n) => new Int32Array(n));
  const filled = new Int32Array(counts.length);
  for (const [index, list] of features.entries()) for (const id of list) postings[id]![filled[id]!++] = index;
  const n = articles.length;
  // A word on more than a tenth of the articles (and more than COMMON_FLOOR) says little of what one is about.
  const common = Math.max(COMMON_FLOOR, n / 10);
  const weights = counts.map((df, id) =>
    df < 2 || (!isTopic[id] && df > common) ? 0 : Math.log(1 + n / df) * (isTopic[id] ? TOPIC_WEIGHT : 1),
  );

  const byId = new Map<string, ArticleMeta>();
  const byUrl = new Map<string, ArticleMeta>();
  for (const article of articles) {
    if (article.id && !byId.has(article.id)) byId.set(article.id, article);
    byUrl.set(article.url, article);
  }

  const scores = new Float64Array(n);
  const shared = new Uint16Array(n);
  const topical = new Uint8Array(n);
  const touched: number[] = [];
  for (let index = 0; index < n; index++) {
    const article = articles[index]!;
    if (!showsRelated(article)) continue;
    const list: ArticleMeta[] = [];
    for (const pin of article.related ?? []) {
      const pinned = byId.get(pin) ?? byUrl.get(pin);
      if (pinned && pinned !== article && !list.includes(pinned) && list.length < RELATED_COUNT) list.push(pinned);
    }
    if (list.length < RELATED_COUNT) {
      for (const id of features[index]!) {
        const weight = weights[id]!;
        if (weight <= 0) continue;
        const posting = postings[id]!;
        let from = 0;
        let to = posting.length;
        if (to > POSTINGS_READ) {
          // The nearest in time: a window around the article's own place in the list.
          const at = lowerBound(posting, index);
          from = Math.max(0, Math.min(at - POSTINGS_READ / 2, posting.length - POSTINGS_READ));
          to = from + POSTINGS_READ;
        }
        const topic = isTopic[id] ? 1 : 0;
        for (let k = from; k < to; k++) {
          const other = posting[k]!;
          if (other === index) continue;
          if (shared[other] === 0) touched.push(other);
          scores[other]! += weight;
          shared[other]!++;
          topical[other]! |= topic;
        }
      }
      const best = topCandidates(touched, scores, shared, topical, RELATED_COUNT, (other) =>
        list.includes(articles[other]!),
      );
      for (const other of best) {
        if (list.length >= RELATED_COUNT) break;
        list.push(articles[other]!);
      }
      for (const other of touched) {
        scores[other] = 0;
        shared[other] = 0;
        topical[other] = 0;
      }
      touched.length = 0;
    }
    if (list.length > 0) related.set(article.url, list);
  }
  return related;
}

/** The first position in an ascending list holding `value` or more. */
function lowerBound(list: Int32Array, value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The `count` best candidates that qualify (a shared topic, or two shared terms), best first; ties, the newest. */
function topCandidates(
  touched: readonly number[],
  scores: Float64Array,
  shared: Uint16Array,
  topical: Uint8Array,
  count: number,
  pinned: (index: number) => boolean,
): number[] {
  const best: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  for (const candidate of touched) {
    if (topical[candidate] === 0 && shared[candidate]! < 2) continue;
    if (best.length === count && !better(candidate, best[count - 1]!)) continue;
    if (pinned(candidate)) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && better(candidate, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = candidate;
  }
  return best;
}
