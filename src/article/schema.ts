/**
 * The one schema for article front matter. Everything downstream (templates,
 * feeds, URLs) sees only what this schema lets through, already typed.
 */
import { z } from "zod";
import { isInstant, parseOffsetDateTime, type Instant } from "../time/instant.ts";

export const LIMITS = {
  titleLength: 300,
  summaryLength: 1000,
  sourceLength: 200,
  datelineLength: 80,
} as const;

const OffsetDateTime = z.string().transform((text, ctx): Instant => {
  const parsed = parseOffsetDateTime(text);
  if (!isInstant(parsed)) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

const singleLine = (what: string) =>
  z.string().refine((s) => !/[\r\n]/.test(s), { message: `${what} must be one line` });

/** Top-level folders of the output that are not sections: the date archive, static assets, the search index. */
export const RESERVED_TOP_FOLDERS: readonly string[] = ["archive", "assets", "pagefind"];

/** One path segment or more, lower-case letters, digits, `-` and `_`, joined by `/`. */
const SECTION = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

export const FrontMatterSchema = z.strictObject({
  title: singleLine("the title")
    .pipe(z.string().trim().min(1, "must not be empty").max(LIMITS.titleLength, `is longer than ${LIMITS.titleLength} characters`)),
  updated: OffsetDateTime,
  /** First publication; defaults to `updated`. */
  published: OffsetDateTime.optional(),
  source: singleLine("the source").pipe(z.string().trim().min(1, "must not be empty").max(LIMITS.sourceLength)),
  dateline: singleLine("the dateline").pipe(z.string().trim().min(1, "must not be empty").max(LIMITS.datelineLength)).optional(),
  section: z
    .string()
    .regex(SECTION, "must be a relative path of lower-case words, e.g. statecouncil/weifenghe")
    .refine((s) => !RESERVED_TOP_FOLDERS.includes(s.split("/")[0]!), {
      message: `must not start with a folder the site itself uses (${RESERVED_TOP_FOLDERS.join(", ")})`,
    })
    .optional(),
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/, "must be 24 lower-case hex digits, e.g. 61009037c6d0df57f98ddaf8")
    .optional(),
  summary: z.string().trim().max(LIMITS.summaryLength).optional(),
  tags: z.array(z.string().trim().min(1)).default([]),
  draft: z.boolean().default(false),
  /** BCP 47 language tag of the article; defaults to the site's. */
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a language tag like en or zh-CN").optional(),
});

export type FrontMatter = z.output<typeof FrontMatterSchema>;
export const FRONT_MATTER_FIELDS = Object.keys(FrontMatterSchema.shape);
