/**
 * The build pipeline for one article, in process: parseArticle (read, split,
 * validate, render Markdown) and the article page template. What a build
 * does per file, without spawning a build, so property tests can run
 * thousands of cases.
 */
import { Parser } from "htmlparser2";
import { parseArticle, type ParsedArticle } from "../../src/article/load.ts";
import { parseSettings, type SiteSettings, type SiteSettingsInput } from "../../src/site/settings.ts";
import { render } from "../../templates/article.11ty.ts";

export function settingsWith(input: SiteSettingsInput = {}): SiteSettings {
  return parseSettings(input);
}

export interface PageResult extends ParsedArticle {
  page?: string;
}

export function buildPage(text: string, settings: SiteSettings = settingsWith(), file = "content/x.md"): PageResult {
  const parsed = parseArticle(text, file, settings);
  if (!parsed.article) return parsed;
  return { ...parsed, page: render({ article: parsed.article, site: settings }) };
}

export interface Element {
  name: string;
  attributes: Record<string, string>;
}

/** Every element of a page as a browser's tokenizer sees it (htmlparser2). */
export function elementsOf(html: string): Element[] {
  const out: Element[] = [];
  const parser = new Parser({ onopentag: (name, attributes) => out.push({ name, attributes }) }, { decodeEntities: true });
  parser.end(html);
  return out;
}

/** Elements with an event-handler attribute, or a URL attribute running script. */
export function scriptingElements(html: string): Element[] {
  return elementsOf(html).filter(
    (e) =>
      Object.keys(e.attributes).some((a) => /^on/i.test(a)) ||
      ["href", "src", "action", "formaction", "srcset"].some((a) => /^\s*(javascript|vbscript|data):/i.test(e.attributes[a] ?? "")),
  );
}
