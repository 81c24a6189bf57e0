/**
 * Stage 3 of the article pipeline (read → index → render): the checked
 * article, its place in the site and the site's settings → the Article
 * every template sees, with the warnings about it. The body is parsed once
 * (markdown-it, as the site's settings ask: ./site-markdown.ts); an article
 * with photos has them processed first (processPhotos: resolved, decoded
 * and encoded through the photo cache, which is why that step is async),
 * from the same parse, and rendered into the body here.
 */
import { createHash } from "node:crypto";
import type Token from "markdown-it/lib/token.mjs";
import type { ContentProblem } from "../errors.ts";
import { processArticlePhotos, type ArticlePhotos, type PhotoContext } from "../images/article-photos.ts";
import { collectBodyPhotos } from "../images/markdown.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { isChinese } from "../language.ts";
import { formatChineseDateTime, formatChineseDay, formatDay, formatUpdated } from "../time/format.ts";
import type { Instant } from "../time/instant.ts";
import type { Article } from "./article.ts";
import { lineOfField } from "./frontmatter.ts";
import { ownOptional, ownString } from "./own-strings.ts";
import type { IndexedArticle } from "./index-article.ts";
import type { CheckedArticle } from "./read-article.ts";
import { datelinePrefix, parseBody, renderTokens, textOfTokens } from "./render.ts";
import { markdownFor, rawImageProblems } from "./site-markdown.ts";
import { teaserOf } from "./teaser.ts";
import { keyTerms } from "./key-terms.ts";

/** An article's body, parsed once; rendered once (rendering adds the dateline to the tokens). */
export interface ParsedBody {
  tokens: Token[];
  /** What stops the article before rendering: a raw HTML image of a file beside it, a photo that is not right. */
  problems: ContentProblem[];
  /** The photos, processed (processPhotos). */
  photos?: ArticlePhotos;
}

/** What rendering gives: the Article, or the problems that stop it; and the warnings, either way. */
export interface RenderedArticle {
  article?: Article;
  problems: ContentProblem[];
  warnings?: ContentProblem[];
}

/** A body or front matter that references photos needs processPhotos before it is rendered. */
export function hasPhotos({ fm, split }: CheckedArticle): boolean {
  return fm.image !== undefined || split.body.includes("![");
}

function parseArticleBody({ split }: CheckedArticle, file: string, settings: SiteSettings): ParsedBody {
  const tokens = parseBody(split.body, markdownFor(settings));
  return { tokens, problems: settings.markdown.html ? rawImageProblems(tokens, file, split.bodyLine) : [] };
}

/**
 * The body parsed and its photos (lead and body) processed through the
 * photo cache, for renderArticle. `absolute` is the article file's path:
 * photos are found beside it.
 */
export async function processPhotos(
  checked: CheckedArticle,
  { file }: IndexedArticle,
  absolute: string,
  settings: SiteSettings,
  context: PhotoContext,
): Promise<ParsedBody> {
  const body = parseArticleBody(checked, file, settings);
  if (body.problems.length > 0) return body;
  const { fm, split } = checked;
  // The line is found only for a message: parsing with positions costs more than the photo itself on a warm build.
  const lead = fm.image ? { ...fm.image, line: () => lineOfField(split.yaml, ["image"]) } : undefined;
  const refs = collectBodyPhotos(body.tokens);
  const photos = await processArticlePhotos(absolute, file, split.bodyLine, lead, refs, context);
  return { tokens: body.tokens, problems: photos.problems, photos };
}

/**
 * Stage 3: the Article. Without `body` from processPhotos the body is parsed
 * here and photos are left unprocessed (a body photo keeps markdown-it's
 * plain <img>, and there is no lead photo), so a build (./load.ts) renders
 * an article so only when hasPhotos says it has none.
 */
export function renderArticle(
  checked: CheckedArticle,
  index: IndexedArticle,
  settings: SiteSettings,
  body: ParsedBody = parseArticleBody(checked, index.file, settings),
): RenderedArticle {
  const warnings = bodyWarnings(checked, index.file);
  const said = warnings ? { warnings } : {};
  if (body.problems.length > 0) return { problems: body.problems, ...said };
  const { photos } = body;
  // One parse gives both the HTML and the plain text (the text before the dateline is added).
  const text = textOfTokens(body.tokens);
  const env = photos ? { photos: photos.body } : {};
  const prefix = datelinePrefix(checked.fm.dateline, checked.fm.language ?? settings.language);
  const html = (photos?.lead?.html ?? "") + renderTokens(body.tokens, prefix, env, markdownFor(settings));
  return { article: assembleArticle(checked, index, settings, { html, text }, photos), problems: [], ...said };
}

/**
 * A headline with no text is published (a flash), but is most often a
 * mistake: say so, with or without a lead photo. The one place an
 * article's warnings are gathered, whatever reads it.
 */
function bodyWarnings({ fm, split, warnings = [] }: CheckedArticle, file: string): ContentProblem[] | undefined {
  if (split.body.trim() !== "") return warnings.length > 0 ? warnings : undefined;
  const shows = fm.image ? "the title, the info line and the lead photo" : "the title and info line";
  return [...warnings, { file, severity: "warning", message: `the article has no body; its page shows only ${shows}` }];
}

/**
 * The article's hash: its file's path and bytes, and the names of the photo
 * variants it publishes (they carry each photo's content hash and the recipe),
 * the rest being the same settings, templates and code.
 */
function articleHash(source: string, photos?: ArticlePhotos): string {
  if (!photos || photos.files.length === 0) return source;
  const hash = createHash("sha256").update(source);
  for (const file of photos.files) hash.update("\0").update(file.name);
  return hash.digest("base64url");
}

function assembleArticle(
  { source, fm }: CheckedArticle,
  index: IndexedArticle,
  settings: SiteSettings,
  body: { html: string; text: string },
  photos?: ArticlePhotos,
): Article {
  const chinese = isChinese(fm.language ?? settings.language);
  // Kept for the whole build: each string copied out of the file's text and the renderer's pieces (./own-strings.ts).
  return {
    file: ownString(index.file),
    title: ownString(fm.title),
    updated: ownInstant(fm.updated),
    published: ownInstant(index.published),
    source: ownString(fm.source),
    dateline: ownOptional(fm.dateline),
    section: ownOptional(fm.section),
    id: ownOptional(fm.id),
    summary: ownOptional(fm.summary),
    tags: fm.tags.map(ownString),
    ...(fm.author ? { authors: fm.author.map(ownString) } : {}),
    ...(fm.aliases.length > 0 ? { aliases: fm.aliases.map(ownString) } : {}),
    ...(fm.related.length > 0 ? { related: fm.related.map(ownString) } : {}),
    ...(fm.translations.length > 0
      ? {
          translations: fm.translations.map((t) => ({
            language: ownString(t.language),
            ...(t.id !== undefined ? { id: ownString(t.id) } : {}),
            ...(t.url !== undefined ? { url: ownString(t.url) } : {}),
          })),
        }
      : {}),
    terms: ownString(keyTerms(fm.title, body.text)),
    draft: fm.draft,
    language: ownString(fm.language ?? settings.language),
    url: ownString(index.url),
    // As the article's page shows it: `July 28, 2021 07:01`, or www.gov.cn's `2021-08-01 06:59`.
    updatedText: ownString(
      chinese
        ? formatChineseDateTime(fm.updated.epochMs, settings.timeZone)
        : formatUpdated(fm.updated.epochMs, settings.timeZone),
    ),
    teaser: ownString(teaserOf(fm.summary, body.text)),
    hash: ownString(articleHash(source, photos)),
    bodyHtml: ownString(body.html),
    bodyText: ownString(body.text),
    ...(fm.editor ? { editor: ownString(fm.editor) } : {}),
    ...(fm.corrections.length > 0
      ? {
          corrections: fm.corrections.map((c) => ({
            date: ownInstant(c.date),
            dateText: ownString((chinese ? formatChineseDay : formatDay)(c.date.epochMs, settings.timeZone)),
            text: ownString(c.text),
          })),
        }
      : {}),
    ...(fm.expires ? { expires: ownInstant(fm.expires) } : {}),
    ...(fm.original_url ? { originalUrl: ownString(fm.original_url) } : {}),
    ...(fm.captured ? { captured: ownInstant(fm.captured) } : {}),
    ...(fm.source_sha256 ? { sourceSha256: ownString(fm.source_sha256) } : {}),
    ...(index.revision ? { revision: true as const } : {}),
    ...(photos?.lead ? { image: photos.lead } : {}),
    ...(photos?.social ? { socialImage: photos.social } : {}),
    ...(photos?.remote.length ? { remoteImages: [...photos.remote] } : {}),
  };
}

function ownInstant(instant: Instant): Instant {
  return { iso: ownString(instant.iso), epochMs: instant.epochMs };
}
