/**
 * Which of newsmirror's two designs a language tag takes: www.gov.cn's Chinese article page for a Chinese tag,
 * english.www.gov.cn's for any other. An article's `language` (else the site's) decides its page, its address and
 * its words; one test, so the address and the page never disagree.
 */

/** A language tag of the Chinese design: `zh`, `zh-CN`, `zh-Hans`, … (BCP 47, any case). */
export function isChinese(language: string): boolean {
  return /^zh(?:-|$)/i.test(language);
}
