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

/** Top-level folders of the output that are not sections: the date archive, static assets, the search index, photos. */
export const RESERVED_TOP_FOLDERS: readonly string[] = ["archive", "assets", "corrections", "pagefind", "photos"];

/** One path segment or more, lower-case letters, digits, `-` and `_`, joined by `/`. */
const SECTION = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

export const FrontMatterSchema = z.strictObject({
  title: line(LIMITS.titleLength),
  updated: OffsetDateTime,
  /** First publication; defaults to `updated`. */
  published: OffsetDateTime.optional(),
  source: line(LIMITS.sourceLength),
  dateline: line(LIMITS.datelineLength).optional(),
  section: z
    .string()
    .regex(SECTION, "must be a relative path of lower-case words, e.g. statecouncil/weifenghe")
    .refine((s) => !RESERVED_TOP_FOLDERS.includes(s.split("/")[0]!), {
      message: `must not start with a folder the site itself uses (${RESERVED_TOP_FOLDERS.join(", ")}); choose another section name`,
    })
    .optional(),
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/, "must be 24 lower-case hex digits, e.g. 61009037c6d0df57f98ddaf8")
    .optional(),
  summary: text({ lines: true })
    .pipe(z.string().trim().max(LIMITS.summaryLength, `is longer than ${LIMITS.summaryLength} characters`))
    .optional(),
  tags: z.array(line()).default([]),
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
  /** BCP 47 language tag of the article; defaults to the site's. */
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a language tag like en or zh-CN")
    .optional(),
});

export type FrontMatter = z.output<typeof FrontMatterSchema>;
export const FRONT_MATTER_FIELDS = Object.keys(FrontMatterSchema.shape);
