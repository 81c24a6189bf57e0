/**
 * The one schema for article front matter. Everything downstream (templates,
 * feeds, URLs) sees only what this schema lets through, already typed.
 */
import { z } from "zod";
import { textProblem } from "../characters.ts";
import { isInstant, parseOffsetDateTime, type Instant } from "../time/instant.ts";

export const LIMITS = {
  titleLength: 300,
  summaryLength: 1000,
  sourceLength: 200,
  datelineLength: 80,
  editorLength: 200,
  correctionLength: 2000,
  authorLength: 120,
  related: 20,
} as const;

const OffsetDateTime = z.string().transform((text, ctx): Instant => {
  const parsed = parseOffsetDateTime(text);
  if (!isInstant(parsed)) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

/** Text a page, feed and sitemap can carry: one line (or, with `lines`, several), no control, bidi control or noncharacter (src/characters.ts). */
const text = (options: { lines?: boolean } = {}) =>
  z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, options);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Trimmed one-line text, not empty, at most `max` characters. */
const line = (max?: number) => {
  const trimmed = z.string().trim().min(1, "must not be empty");
  return text().pipe(max === undefined ? trimmed : trimmed.max(max, `is longer than ${max} characters`));
};

/** Top-level folders of the output that are not sections: the date archive, static assets, author and topic pages, corrections, the search index, photos. */
export const RESERVED_TOP_FOLDERS: readonly string[] = [
  "archive",
  "assets",
  "authors",
  "corrections",
  "pagefind",
  "photos",
  "topics",
];

/** One path segment or more, lower-case letters, digits, `-` and `_`, joined by `/`. */
const SECTION = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

/** What an alias's segments may hold: what `_redirects`, an nginx `map` and a file name all take as written. */
const ALIAS_SEGMENT = /^[A-Za-z0-9._~+,=:@!-]+$/;

/** Why a site path cannot be an alias (an old address of the article), if it cannot. */
function aliasProblem(alias: string): string | undefined {
  if (!alias.startsWith("/")) return "must be a site path starting with /, e.g. /english/2020/07/28/content_123.htm";
  const segments = alias.slice(1).split("/");
  const last = segments.pop()!;
  for (const segment of last === "" ? segments : [...segments, last]) {
    if (segment === "" || segment === "." || segment === "..") return 'must not have an empty, "." or ".." segment';
    if (!ALIAS_SEGMENT.test(segment))
      return "may hold only letters A-Z and a-z, digits and . _ ~ + , = : @ ! - between its slashes";
  }
  const extension = /\.([^.]*)$/.exec(last)?.[1];
  if (extension !== undefined && !/^html?$/i.test(extension))
    return "must end with /, .html or .htm, or have no extension: a static host serves other files as other types, not as the page that redirects";
  return undefined;
}

/** A BCP 47 language tag: `en`, `zh-CN`. */
const languageTag = () =>
  z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a language tag like en or zh-CN");

/** The ids a translation may name: english.www.gov.cn's and www.gov.cn's (src/article/url.ts). */
const TRANSLATION_ID = /^(?:[0-9a-f]{24}|\d{7})$/;

/**
 * Where an imported page was captured from: an absolute http(s) address, as a reader's browser or an archive's replay
 * would open it. Other schemes (javascript:, file:, data:) are refused: the address is written into the page's head
 * and into /provenance.json, which others read as the page's origin.
 */
const originalUrl = () =>
  z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, {});
    if (problem) return ctx.addIssue({ code: "custom", message: problem });
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      // said below
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || !/^https?:\/\/[^/\s]/i.test(value) || /\s/.test(value))
      ctx.addIssue({
        code: "custom",
        message: "must be the page's http:// or https:// address, e.g. http://english.www.gov.cn/statecouncil/…html",
      });
  });

export const FrontMatterSchema = z.strictObject({
  title: line(LIMITS.titleLength),
  updated: OffsetDateTime,
  /** First publication; defaults to `updated`. */
  published: OffsetDateTime.optional(),
  source: line(LIMITS.sourceLength),
  dateline: line(LIMITS.datelineLength)
    .refine((d) => !/[—–-]$/.test(d), 'must not end with a dash: the page adds " — " after it (write DUSHANBE)')
    .optional(),
  section: z
    .string()
    .regex(SECTION, "must be a relative path of lower-case words, e.g. statecouncil/weifenghe")
    .refine((s) => !RESERVED_TOP_FOLDERS.includes(s.split("/")[0]!), {
      message: `must not start with a folder the site itself uses (${RESERVED_TOP_FOLDERS.join(", ")}); choose another section name`,
    })
    .optional(),
  /** english.www.gov.cn's 24 hex digits, or www.gov.cn's 7-digit manuscriptId (a Chinese article's: ./read-article.ts). */
  id: z
    .string()
    .regex(
      /^(?:[0-9a-f]{24}|[0-9]{7})$/,
      "must be 24 lower-case hex digits (english.www.gov.cn, e.g. 61009037c6d0df57f98ddaf8) or 7 digits (www.gov.cn, e.g. 5626689)",
    )
    .optional(),
  summary: text({ lines: true })
    .pipe(z.string().trim().max(LIMITS.summaryLength, `is longer than ${LIMITS.summaryLength} characters`))
    .optional(),
  tags: z.array(line()).default([]),
  /** A name or a list of names: the byline, the author pages. */
  author: z
    .preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z.array(line(LIMITS.authorLength)).min(1, "must name at least one author"),
    )
    .optional(),
  /** Old addresses of the article (site paths): each gets a redirect. */
  aliases: z
    .array(
      z.string().superRefine((alias, ctx) => {
        const problem = aliasProblem(alias);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    )
    .superRefine((aliases, ctx) => {
      const seen = new Set<string>();
      for (const [n, alias] of aliases.entries()) {
        if (seen.has(alias)) ctx.addIssue({ code: "custom", path: [n], message: "is listed twice" });
        seen.add(alias);
      }
    })
    .default([]),
  /** Related stories pinned ahead of the computed ones: article ids or addresses. */
  related: z
    .array(
      z
        .string()
        .regex(
          /^(?:[0-9a-f]{24}|[0-9]{7}|\/\S*\.html?)$/,
          "must be an article's id (24 hex digits, or 7 digits) or its address (/statecouncil/weifenghe/202107/28/content_WS….html)",
        ),
    )
    .max(LIMITS.related, `names more than ${LIMITS.related} articles`)
    .default([]),
  draft: z.boolean().default(false),
  /** Lead photo, path relative to the article file; `alt: ""` marks it decorative. */
  image: z
    .strictObject({
      src: line(),
      alt: text().optional(),
      caption: text({ lines: true }).pipe(z.string().trim()).optional(),
    })
    .superRefine((image, ctx) => {
      if (image.alt === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["alt"],
          message: 'is required: describe the photo, or write alt: "" if it is purely decorative',
        });
      }
    })
    .transform((image) => ({ ...image, alt: image.alt ?? "" }))
    .optional(),
  /** Named under the body: `Editor: Name`. */
  editor: line(LIMITS.editorLength).optional(),
  /** Notices under the body, in JSON-LD and on /corrections/: each dated (with an offset) and said in a sentence or two. */
  corrections: z
    .array(
      z.strictObject({
        date: OffsetDateTime,
        text: text({ lines: true }).pipe(
          z
            .string()
            .trim()
            .min(1, "must not be empty")
            .max(LIMITS.correctionLength, `is longer than ${LIMITS.correctionLength} characters`),
        ),
      }),
    )
    .default([]),
  /** The article is withdrawn after this time: out of listings, feeds, sitemaps and search; its address says so. */
  expires: OffsetDateTime.optional(),
  /** Provenance: the address the article was captured from (`newsmirror import` writes it; hand-written articles may set it). */
  original_url: originalUrl().optional(),
  /** Provenance: when the page was saved (ISO 8601 with an offset or Z). */
  captured: OffsetDateTime.optional(),
  /** Provenance: the SHA-256 of the saved page's bytes as import read them. */
  source_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex digits")
    .optional(),
  /**
   * An older capture kept by `newsmirror import --keep-history` beside the article it was replaced by: published at
   * its own address, linked from the latest capture's "Previous versions", and in no listing, feed or sitemap.
   */
  revision: z.boolean().default(false),
  /** BCP 47 language tag of the article; defaults to the site's. */
  language: languageTag().optional(),
  /**
   * The same story in other languages (src/site/translations.ts): each by its language and the article's id or
   * address. Declared on one side, it links both pages.
   */
  translations: z
    .array(
      z
        .strictObject({
          language: languageTag(),
          id: z
            .string()
            .regex(
              TRANSLATION_ID,
              "must be an article's id: 24 hex digits (english.www.gov.cn) or 7 digits (www.gov.cn), written in quotes",
            )
            .optional(),
          url: z
            .string()
            .regex(
              /^\/\S*\.html?$/,
              "must be the article's address on this site, e.g. /guowuyuan/2021-07/22/content_5626689.htm",
            )
            .optional(),
        })
        .superRefine((translation, ctx) => {
          if ((translation.id === undefined) === (translation.url === undefined))
            ctx.addIssue({
              code: "custom",
              message: "must name the article by its id or by its url (one of the two)",
            });
        }),
    )
    .superRefine((translations, ctx) => {
      const seen = new Set<string>();
      for (const [n, { language }] of translations.entries()) {
        if (seen.has(language.toLowerCase()))
          ctx.addIssue({
            code: "custom",
            path: [n, "language"],
            message: `names ${language} twice; an article has one version in each language`,
          });
        seen.add(language.toLowerCase());
      }
    })
    .default([]),
});

export type FrontMatter = z.output<typeof FrontMatterSchema>;
export const FRONT_MATTER_FIELDS = Object.keys(FrontMatterSchema.shape);
