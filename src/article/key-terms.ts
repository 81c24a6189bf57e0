/**
 * The words that stand for an article, for related stories (src/site/related.ts): those of its title and of its
 * body's lead, without the words every article has. Made once per article when it is read and
 * kept with it (the loader's store too), so an incremental build never reads an unchanged article's body for them.
 *
 * Only the lead (at most LEAD_CHARACTERS of the body's text): a news story says what it is about first.
 */

/** Characters of the body's text read: the lead paragraphs of a news story. */
export const LEAD_CHARACTERS = 600;
/** Terms kept per article. */
export const TERMS_KEPT = 16;

/** Words that say nothing of what an article is about. */
const STOP_WORDS = new Set(
  (
    "about above after again against all also among and any are around because been before being below between both " +
    "but can could did does doing down during each few for from further had has have having her here hers him his " +
    "how into its itself just more most not now off once only other our ours out over own said same says she should " +
    "since some such than that the their theirs them then there these they this those through under until very was " +
    "were what when where which while who whom why will with would year years you your new one two three first " +
    "last per told according"
  ).split(" "),
);

/** A run of letters and digits (any script), or of CJK characters (which write no spaces between words). */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{M}\p{N}]+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const DIGITS = /^\p{N}+$/u;
const ASCII_DIGITS = /^[0-9]+$/;

/** Any character outside ASCII: text without one (most English articles' leads) takes the faster ASCII split. */
const NOT_ASCII = /[^\u0000-\u007f]/;
const ASCII_WORD = /[a-z0-9]+/g;

/** Calls `take` with each term of `text` in order, while it returns true. */
function eachTerm(text: string, take: (term: string) => boolean): void {
  const lower = text.toLowerCase();
  if (!NOT_ASCII.test(lower)) {
    const words = new RegExp(ASCII_WORD);
    for (let match = words.exec(lower); match !== null; match = words.exec(lower)) {
      const word = match[0];
      if (word.length >= 3 && !STOP_WORDS.has(word) && !ASCII_DIGITS.test(word) && !take(word)) return;
    }
    return;
  }
  for (const match of lower.matchAll(WORD)) {
    const word = match[0];
    if (CJK.test(word)) {
      // Two characters at a time: most Chinese words are two characters long.
      if (word.length === 1 && !take(word)) return;
      for (let i = 0; i + 1 < word.length; i++) if (!take(word.slice(i, i + 2))) return;
    } else if (word.length >= 3 && !STOP_WORDS.has(word) && !DIGITS.test(word) && !take(word)) return;
  }
}

/**
 * The article's key terms, space-separated (one string per article: 20,000 arrays of short strings cost more): the
 * words of its title, then those of its lead in the order they come, each once, TERMS_KEPT at most. A news story
 * names what it is about in its title and first sentence; which of these words are telling is decided across the
 * site (src/site/related.ts weighs each by how rare it is). Counting every word of the lead instead cost 5 % of a
 * cold build of 20,000 articles that used no related stories at all; this reads a few dozen words.
 */
export function keyTerms(title: string, bodyText: string): string {
  const terms = new Set<string>();
  const take = (term: string) => {
    terms.add(term);
    return terms.size < TERMS_KEPT;
  };
  eachTerm(title, take);
  if (terms.size < TERMS_KEPT) eachTerm(bodyText.slice(0, LEAD_CHARACTERS), take);
  return [...terms].join(" ");
}
