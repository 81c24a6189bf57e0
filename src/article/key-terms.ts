/**
 * The words that stand for an article, for related stories (src/site/related.ts): those of its title and of its
 * body's lead, without the words every article has, most telling first. Made once per article when it is read and
 * kept with it (the loader's store too), so an incremental build never reads an unchanged article's body for them.
 *
 * Only the lead (LEAD_CHARACTERS of the body's text): a news story says what it is about first, and reading whole
 * bodies cost more at 20,000 articles (the lead, 0.3 to 0.5 s in all on this machine).
 */

/** Characters of the body's text read: the lead paragraphs of a news story. */
export const LEAD_CHARACTERS = 600;
/** Terms kept per article. */
export const TERMS_KEPT = 16;
/** A word of the title counts as this many of the body. */
const TITLE_WEIGHT = 3;

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
const ASCII_SEPARATORS = /[^a-z0-9]+/;

function eachTerm(text: string, take: (term: string) => void): void {
  const lower = text.toLowerCase();
  if (!NOT_ASCII.test(lower)) {
    for (const word of lower.split(ASCII_SEPARATORS)) {
      if (word.length >= 3 && !STOP_WORDS.has(word) && !ASCII_DIGITS.test(word)) take(word);
    }
    return;
  }
  for (const match of lower.matchAll(WORD)) {
    const word = match[0];
    if (CJK.test(word)) {
      // Two characters at a time: most Chinese words are two characters long.
      if (word.length === 1) take(word);
      for (let i = 0; i + 1 < word.length; i++) take(word.slice(i, i + 2));
    } else if (word.length >= 3 && !STOP_WORDS.has(word) && !DIGITS.test(word)) take(word);
  }
}

/**
 * The article's key terms, space-separated (one string per article: 20,000 arrays of short strings cost more), most
 * telling first: a title word counts TITLE_WEIGHT times, then by how often each occurs in the lead, then by where it
 * first occurs.
 */
export function keyTerms(title: string, bodyText: string): string {
  const counts = new Map<string, number>();
  eachTerm(title, (term) => counts.set(term, (counts.get(term) ?? 0) + TITLE_WEIGHT));
  eachTerm(bodyText.slice(0, LEAD_CHARACTERS), (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  // A Map keeps the order of first occurrence, and sort is stable: ties stay in that order.
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TERMS_KEPT)
    .map(([term]) => term)
    .join(" ");
}
