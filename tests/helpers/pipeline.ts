/**
 * The build pipeline for one article, in process: the article pipeline's
 * stages (read → index → render; photos are not processed) and the article
 * page template. What a build does per file, without spawning a build, so
 * property tests can run thousands of cases.
 */
import { Parser } from "htmlparser2";
import { indexArticle } from "../../src/article/index-article.ts";
import { readArticle } from "../../src/article/read-article.ts";
import { renderArticle, type RenderedArticle } from "../../src/article/render-article.ts";
import { parseSettings, type SiteSettings, type SiteSettingsInput } from "../../src/settings/settings.ts";
import { render } from "../../templates/article.ts";
import { assembleNewsSite } from "../../src/site/news-site.ts";

export function settingsWith(input: SiteSettingsInput = {}): SiteSettings {
  return parseSettings(input);
}

/** One article's text → its Article (or problems) and warnings, as a build makes it for an article without photos. */
export function articleFrom(text: string, file = "content/x.md", settings = settingsWith()): RenderedArticle {
  const { checked, problems } = readArticle(text, file, settings.dates);
  if (!checked) return { problems };
  return renderArticle(checked, indexArticle(checked, file, settings), settings);
}

export interface PageResult extends RenderedArticle {
  page?: string;
}

export function buildPage(text: string, settings: SiteSettings = settingsWith(), file = "content/x.md"): PageResult {
  const parsed = articleFrom(text, file, settings);
  if (!parsed.article) return parsed;
  const newsSite = assembleNewsSite([parsed.article], settings, { buildTimeMs: Date.UTC(2026, 0, 1) });
  return { ...parsed, page: render({ article: parsed.article, site: settings, urls: newsSite.urls, dev: false }) };
}

/** Inline scripts a browser would run (JSON-LD data blocks are not scripts). */
export function executableScripts(html: string): string[] {
  return elementsOfWithText(html, "script")
    .filter((s) => !s.attributes.type || /^(text\/javascript|module)$/i.test(s.attributes.type))
    .map((s) => s.text);
}

/** JSON-LD blocks, parsed. */
export function jsonLd(html: string): unknown[] {
  return elementsOfWithText(html, "script")
    .filter((s) => s.attributes.type === "application/ld+json")
    .map((s) => JSON.parse(s.text) as unknown);
}

function elementsOfWithText(html: string, name: string): { attributes: Record<string, string>; text: string }[] {
  const out: { attributes: Record<string, string>; text: string }[] = [];
  let current: { attributes: Record<string, string>; text: string } | undefined;
  const parser = new Parser({
    onopentag(tag, attributes) {
      if (tag === name) current = { attributes, text: "" };
    },
    ontext(t) {
      if (current) current.text += t;
    },
    onclosetag(tag) {
      if (tag === name && current) {
        out.push(current);
        current = undefined;
      }
    },
  });
  parser.end(html);
  return out;
}

export interface Element {
  name: string;
  attributes: Record<string, string>;
}

/** Every element of a page as a browser's tokenizer sees it (htmlparser2). */
export function elementsOf(html: string): Element[] {
  const out: Element[] = [];
  const parser = new Parser(
    { onopentag: (name, attributes) => out.push({ name, attributes }) },
    { decodeEntities: true },
  );
  parser.end(html);
  return out;
}

/** Elements with an event-handler attribute, or a URL attribute running script. */
export function scriptingElements(html: string): Element[] {
  return elementsOf(html).filter(
    (e) =>
      Object.keys(e.attributes).some((a) => /^on/i.test(a)) ||
      ["href", "src", "action", "formaction", "srcset"].some((a) =>
        /^\s*(javascript|vbscript|data):/i.test(e.attributes[a] ?? ""),
      ),
  );
}
