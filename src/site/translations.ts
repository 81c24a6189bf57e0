/**
 * Two languages, one story: front matter `translations: [{ language: en, id: "…" }]` (or `url: "/…html"`) links
 * an article to its version in another language. Declared on either side, it links both pages: each shows a
 * language switch (templates/_components/language-switch.ts), each names the other in <link rel="alternate"
 * hreflang> and in the sitemap (xhtml:link).
 *
 * No pairing by a shared id: english.www.gov.cn's ids are 24 hex digits and www.gov.cn's 7 digits, so the two
 * versions of a story never share one, and an id two articles shared by accident would pair them silently.
 *
 * A translation must name an article that exists, in the language it says, other than itself; one article
 * cannot have two versions in one language (two articles claiming one slot). Each is an error naming the files.
 * The checks run over every article read (src/plugins/context.ts, src/serve/dev-builder.ts); the links are made
 * among the articles on the site, so an article not yet published, or withdrawn, is linked from nowhere.
 */
import type { ArticleMeta, TranslationRef } from "../article/article.ts";
import type { ContentProblem } from "../errors.ts";
import { textOrder } from "../order.ts";

/** Each article's other-language versions, by its address: only for the articles that have some. */
export type Translations = ReadonlyMap<string, readonly ArticleMeta[]>;

/** Language tags compare without case (`zh-CN`, `zh-cn`). */
const slotOf = (language: string) => language.toLowerCase();

interface Lookup {
  byId: Map<string, ArticleMeta[]>;
  byUrl: Map<string, ArticleMeta>;
}

function lookupOf(articles: readonly ArticleMeta[]): Lookup {
  const byId = new Map<string, ArticleMeta[]>();
  const byUrl = new Map<string, ArticleMeta>();
  for (const article of articles) {
    if (article.id) byId.set(article.id, [...(byId.get(article.id) ?? []), article]);
    byUrl.set(article.url, article);
  }
  return { byId, byUrl };
}

/** Said with a translation that names no article: a build without drafts does not read them. */
const NOT_DRAFTS = " (a draft is on no built site)";

function named(ref: TranslationRef): string {
  return ref.id !== undefined ? `id "${ref.id}"` : `address ${ref.url}`;
}

/** The article a translation names, or why there is none to link. */
function target(ref: TranslationRef, lookup: Lookup): ArticleMeta | { why: string } {
  if (ref.url !== undefined)
    return lookup.byUrl.get(ref.url) ?? { why: `no article of the site has the address ${ref.url}${NOT_DRAFTS}` };
  const found = lookup.byId.get(ref.id!) ?? [];
  if (found.length === 1) return found[0]!;
  if (found.length === 0) return { why: `no article of the site has id "${ref.id}"${NOT_DRAFTS}` };
  return {
    why: `id "${ref.id}" is the id of ${found.length} articles (${found.map((a) => a.file).join(", ")}); name the one meant by its url`,
  };
}

/** Every pair of versions, each article's slots filled, and the problems met on the way. */
function pairs(articles: readonly ArticleMeta[]): {
  slots: Map<ArticleMeta, Map<string, ArticleMeta>>;
  problems: ContentProblem[];
} {
  const problems: ContentProblem[] = [];
  const slots = new Map<ArticleMeta, Map<string, ArticleMeta>>();
  if (!articles.some((a) => a.translations)) return { slots, problems };
  const lookup = lookupOf(articles);
  /** Who put each article in each slot, for the message when another does too. */
  const claimedBy = new Map<ArticleMeta, Map<string, ArticleMeta>>();
  const fill = (owner: ArticleMeta, other: ArticleMeta, by: ArticleMeta) => {
    const slot = slotOf(other.language);
    const mine = slots.get(owner) ?? new Map<string, ArticleMeta>();
    const had = mine.get(slot);
    if (had === other) return;
    if (had) {
      const first = claimedBy.get(owner)!.get(slot)!;
      const who = [first, by].filter((a) => a !== owner && a !== had && a !== other);
      problems.push({
        file: by.file,
        message: `translations: ${owner.file} would have two ${other.language} versions, ${had.file} and ${other.file}${who.length > 0 ? ` (as ${[...new Set(who.map((a) => a.file))].join(" and ")} say${who.length > 1 ? "" : "s"})` : ""}; an article has one version in each language: remove one of the two translations`,
      });
      return;
    }
    mine.set(slot, other);
    slots.set(owner, mine);
    const claims = claimedBy.get(owner) ?? new Map<string, ArticleMeta>();
    claims.set(slot, by);
    claimedBy.set(owner, claims);
  };
  for (const article of articles) {
    for (const ref of article.translations ?? []) {
      const found = target(ref, lookup);
      const where = `translations: ${ref.language} ${named(ref)}`;
      if ("why" in found) {
        problems.push({ file: article.file, message: `${where}: ${found.why}; correct the translation or remove it` });
        continue;
      }
      if (found === article) {
        problems.push({
          file: article.file,
          message: `${where} is this article itself; a translation names the other version`,
        });
        continue;
      }
      if (slotOf(found.language) !== slotOf(ref.language)) {
        problems.push({
          file: article.file,
          message: `${where} is ${found.file}, whose language is ${found.language}, not ${ref.language}; correct the language here or there`,
        });
        continue;
      }
      if (slotOf(found.language) === slotOf(article.language)) {
        problems.push({
          file: article.file,
          message: `${where} is ${found.file}, in this article's own language (${article.language}); a translation is in another language`,
        });
        continue;
      }
      fill(article, found, article);
      fill(found, article, article);
    }
  }
  return { slots, problems };
}

/** The problems of the articles' translations (none when all are right): each names the file that declares it. */
export function translationProblems(articles: readonly ArticleMeta[]): ContentProblem[] {
  return pairs(articles).problems;
}

/**
 * Each article's other versions among `articles` (those on the site), in the order of their language tags. An
 * article whose translations are wrong links what is right: the build has stopped on the problems already.
 */
export function translationsOf(articles: readonly ArticleMeta[]): Translations {
  const result = new Map<string, readonly ArticleMeta[]>();
  for (const [article, slots] of pairs(articles).slots) {
    const others = [...slots.entries()].sort(([a], [b]) => textOrder(a, b)).map(([, other]) => other);
    result.set(article.url, others);
  }
  return result;
}

/** A language's own name, as a reader of it looks for it: `English`, `中文`, `Français`. */
export function languageName(tag: string): string {
  const base = tag.split("-")[0]!.toLowerCase();
  if (base === "zh") return "中文";
  if (base === "en") return "English";
  try {
    const name = new Intl.DisplayNames([base], { type: "language" }).of(base);
    return name ? name.charAt(0).toLocaleUpperCase(base) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}
