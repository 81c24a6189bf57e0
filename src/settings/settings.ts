/**
 * Site settings: everything a page shows that is not an article — the
 * header link, every footer string, link and number — plus the time zone and
 * base URL. They live in `site.json` at the top of the content folder, so the
 * same templates serve another site's footer. Absent fields take the values
 * of english.www.gov.cn, the site newsmirror mirrors by default.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ContentError, SYSTEM_ERRORS, type ContentProblem } from "../errors.ts";
import { nearestName } from "../suggest.ts";
import { isTimeZone } from "../time/instant.ts";
import { readJsonSource, type JsonPath, type JsonSource } from "./json-source.ts";
import { JSON_WORDS, valueAt, wrongType } from "../zod-words.ts";

const Link = z.strictObject({
  text: z.string().min(1).describe("the link's text"),
  href: z.string().min(1).describe("its address"),
});

/** The header's link (gov.cn's App button), or `false` for none: a site of its own may have no app. */
const HeaderLink = z.union([Link, z.literal(false)]);

const FooterLink = Link.extend({
  /** Shown in the mobile footer too (gov.cn's mobile footer drops "About us"). */
  mobile: z.boolean().default(true).describe("shown in the mobile footer too"),
});

/** A menu entry's address: a site path (`/culture/`, linked as every internal link is) or an http(s) URL. */
const MenuUrl = z
  .string()
  .refine((url) => (url.startsWith("/") && !url.startsWith("//")) || /^https?:\/\/[^\s]+$/i.test(url), {
    message: "must be a site path (/culture/) or an http:// or https:// address",
  });

/**
 * The navigation menu: a list of `{ label, url }` (on listing pages), or `{ items, onArticles }` to show it on
 * article pages too, with a breadcrumb. Both forms read the same, so the short one never needs rewriting.
 */
const Menu = z
  .preprocess(
    (value) => (Array.isArray(value) ? { items: value } : value),
    z.strictObject({
      items: z
        .array(
          z.strictObject({
            label: z.string().trim().min(1, "must not be empty").describe("the entry's text"),
            url: MenuUrl.describe("a site path (`/culture/`, linked as every internal link is) or an http(s) address"),
          }),
        )
        .default([])
        .describe("the menu's entries, in order"),
      /** Shown on article pages too (with a breadcrumb, Home › Section); off by default, as gov.cn's article pages have none. */
      onArticles: z
        .boolean()
        .default(false)
        .describe(
          "show the menu on article pages too, with a breadcrumb (Home › Section); gov.cn's article pages have none",
        ),
    }),
  )
  .optional()
  .transform((menu) => menu ?? { items: [], onArticles: false });

/** The two page designs: english.www.gov.cn's (the default) and www.gov.cn's Chinese one. */
export const DESIGNS = ["govcn-en", "govcn-zh"] as const;
export type Design = (typeof DESIGNS)[number];

/**
 * What `"design": "govcn-zh"` changes in the defaults: the site's language (so its pages, listings and feeds are
 * Chinese) and its name. Only settings the file leaves out take them; the time zone is Asia/Shanghai in both
 * designs. A Chinese page's header and footer are `chinese`'s, whatever the design, since an English site's Chinese
 * articles show them too; `header`, `footer` and `viewSwitch` stay the English pages'.
 */
const CHINESE_DESIGN_DEFAULTS: Record<string, unknown> = {
  name: "中国政府网",
  language: "zh-CN",
};

/** The settings as written, with the design's own defaults where a setting is left out. */
function withDesignDefaults(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const written = raw as Record<string, unknown>;
  if (written.design !== "govcn-zh") return raw;
  const merged: Record<string, unknown> = { ...written };
  for (const [key, value] of Object.entries(CHINESE_DESIGN_DEFAULTS)) {
    const own = written[key];
    if (own === undefined) merged[key] = value;
    else if (isPlainObject(own) && isPlainObject(value)) merged[key] = { ...value, ...own };
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const SiteSettingsFields = z.strictObject({
  /** The page design: `govcn-en` (english.www.gov.cn, the default) or `govcn-zh` (www.gov.cn, with Chinese defaults). */
  design: z
    .enum(DESIGNS)
    .default("govcn-en")
    .describe(
      "the page design: `govcn-en` (english.www.gov.cn) or `govcn-zh` (www.gov.cn, in Chinese: then `language` defaults to `zh-CN` and `name` to `中国政府网`)",
    ),
  /** Name of the site, used in <title> and metadata. */
  name: z.string().min(1).default("english.www.gov.cn").describe("the site's name, in page titles and metadata"),
  /** Absolute URL the site is served from, with a trailing slash. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: "is not an http:// or https:// address, e.g. https://example.org/" })
    .transform((url) => (url.endsWith("/") ? url : `${url}/`))
    .default("https://english.www.gov.cn/")
    .describe(
      "the absolute address the site is served from (a trailing `/` is added); every link, feed, sitemap entry and canonical address starts with it; `build --base-url` overrides it",
    ),
  language: z
    .string()
    .min(2, "must be a language tag like en or zh-CN")
    .default("en")
    .describe(
      "the site's BCP 47 language tag; an article's own `language` overrides it; a tag starting with `zh` gives the Chinese page",
    ),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: "is not an IANA time zone name (e.g. Asia/Shanghai)" })
    .default("Asia/Shanghai")
    .describe(
      "any IANA time zone name: the zone of every date shown and of the date in each article's address (a change is a full build)",
    ),
  header: z
    .strictObject({
      app: HeaderLink.default({ text: "App", href: "https://english.www.gov.cn/mobile/" }).describe(
        "the header's link (gov.cn's App button), `{ text, href }`, or `false` for none",
      ),
      logoAlt: z
        .string()
        .default("english.gov.cn - The State Council of the People's Republic of China")
        .describe("the alt text of gov.cn's logo in the header"),
    })
    .prefault({})
    .describe("the header of English pages"),
  /** The site's own logo, a file in the content folder, in the header of every page instead of gov.cn's (src/site/logo.ts). */
  logo: z
    .strictObject({
      file: z
        .string()
        .trim()
        .min(1, "must name the logo's file, e.g. logo.svg beside site.json")
        .describe(
          "an SVG, PNG or WebP file in the content folder (under 1 MB), published as `/assets/site-logo.svg` (or `.png`, `.webp`)",
        ),
      alt: z
        .string()
        .trim()
        .min(1, "must say what the logo shows (its alt text), e.g. the site's name")
        .describe("what the logo shows, for readers who cannot see it"),
    })
    .optional()
    .describe(
      'the site\'s own logo in the header of every page instead of gov.cn\'s, e.g. `{ "file": "logo.svg", "alt": "Daily News" }`',
    ),
  footer: z
    .strictObject({
      copyright: z.string().default("Copyright© www.gov.cn").describe('the copyright line; `""` leaves it out'),
      /** Joins the copyright and the links on one line. */
      linkSeparator: z.string().default(" | ").describe("joins the copyright and the links on one line"),
      links: z
        .array(FooterLink)
        .default([
          { text: "About us", href: "https://english.www.gov.cn/aboutus.htm", mobile: false },
          { text: "Contact us", href: "https://english.www.gov.cn/contactus.htm", mobile: true },
        ])
        .describe("the footer's links, `{ text, href, mobile }`: About us (desktop only) and Contact us"),
      /** `{code}` is replaced by `identificationCode`. */
      identification: z
        .string()
        .default("Website Identification Code {code}")
        .describe('the identification line, `{code}` replaced by `identificationCode`; `""` leaves it out'),
      identificationCode: z
        .string()
        .default("bm01000001")
        .describe("the website identification code (gov.cn's by default)"),
      /** `{number}` is replaced by `registrationNumber`. */
      registration: z
        .string()
        .default("Registration Number: {number}")
        .describe('the registration line, `{number}` replaced by `registrationNumber`; `""` leaves it out'),
      registrationNumber: z.string().default("05070218").describe("the registration number (gov.cn's by default)"),
      /** Between identification and registration on the desktop line. */
      registrationSeparator: z
        .string()
        .default(" ")
        .describe("between the identification and registration lines on the desktop footer's one line"),
      rights: z
        .array(z.string())
        .default([
          "All rights reserved. The content (including but not limited to text, photo, multimedia information, etc) published in this site belongs to www.gov.cn.",
          "Without written authorization from www.gov.cn, such content shall not be republished or used in any form.",
        ])
        .describe("the rights lines under the desktop footer, one paragraph each"),
    })
    .prefault({})
    .describe("every string, link and number of the English pages' footers"),
  /** What the Chinese design's pages show of the site (its articles' pages in either design; all pages in govcn-zh). */
  chinese: z
    .strictObject({
      /**
       * www.gov.cn's footer, one entry a line; `{code}` and `{number}` are replaced by `footer.identificationCode` and
       * `footer.registrationNumber`, so the site's codes are written once for both designs.
       */
      footer: z
        .array(z.string().min(1))
        .min(1)
        .default([
          "主办单位：国务院办公厅\u3000运行维护单位：中国政府网运行中心",
          "版权所有：中国政府网\u3000中文域名：中国政府网.政务",
          "网站标识码{code}\u3000京ICP备{number}号\u3000京公网安备11010202000001号",
        ])
        .describe(
          "www.gov.cn's footer, one entry a line; `{code}` and `{number}` are replaced by `footer.identificationCode` and `footer.registrationNumber`",
        ),
      /** The header's link (www.gov.cn's banner links the State Council app). */
      app: HeaderLink.default({ text: "国务院客户端", href: "https://www.gov.cn/public/yidongkehuduan.htm" }).describe(
        "the header link of Chinese pages (www.gov.cn's banner links the State Council app), or `false` for none",
      ),
      logoAlt: z.string().default("中国政府网").describe("the alt text of www.gov.cn's logo"),
    })
    .prefault({})
    .describe(
      "what Chinese pages show of the site: every page of a `govcn-zh` site, and the Chinese articles of an English one",
    ),
  markdown: z
    .strictObject({
      /** Raw HTML in article bodies: off (shown as text) unless a site turns it on; then sanitised. */
      html: z
        .boolean()
        .default(false)
        .describe(
          "raw HTML in article bodies: `false` shows it as text; `true` keeps it, sanitised (no scripts, styles, frames, forms, handlers)",
        ),
    })
    .prefault({})
    .describe("how article bodies are read"),
  /** Articles per listing page (home, sections, archive months). */
  perPage: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(20)
    .describe("articles per listing page (home, sections, topics, authors, archive months)"),
  /** Articles in each feed (the newest). */
  feedSize: z.number().int().min(1).max(10000).default(50).describe("articles in each feed: the newest"),
  /** Make every internal link relative, so the output can be browsed from disk (same as `build --relative`). */
  relativeLinks: z
    .boolean()
    .default(false)
    .describe(
      "make every link between pages relative, so the output can be browsed from disk (the same as `build --relative`)",
    ),
  /** Display names of sections, e.g. `{ "statecouncil": "State Council" }`; others are spelt from the path. */
  sectionNames: z
    .record(z.string(), z.string().min(1))
    .default({})
    .describe(
      'display names of sections, e.g. `{ "statecouncil": "State Council" }`; a section without one is spelt from its path (`statecouncil/weifenghe` shows as `Weifenghe`)',
    ),
  images: z
    .strictObject({
      /** Remote photo URLs: "error" (never fetched at build time), or "link" to show them as they are. */
      remote: z
        .enum(["error", "link"])
        .default("error")
        .describe(
          "a photo on another site: `error` stops the build (nothing is fetched at build time); `link` shows it as it is, and that page's policy allows the photo's origin",
        ),
      /** The most pixels a photo may have (width × height); larger photos stop the build before they are decoded. */
      maxPixels: z
        .number()
        .int()
        .min(1)
        .max(1_000_000_000)
        .default(50_000_000)
        .describe(
          "the most pixels (width × height) a photo may have; a larger one stops the build, read from its header before it is decoded",
        ),
    })
    .prefault({})
    .describe("photos"),
  viewSwitch: z
    .strictObject({
      mobile: z.string().default("Mobile").describe("the switch's word for the mobile view"),
      desktop: z.string().default("Desktop").describe("the switch's word for the desktop view"),
      label: z.string().default("Choose the page layout").describe("the switch's name, for screen readers"),
    })
    .prefault({})
    .describe("the Mobile/Desktop switch at the foot of English pages"),
  /** The navigation menu in the header of listing pages (and, with `onArticles`, article pages). */
  menu: Menu.describe(
    "a menu in the header of listing pages: a list of `{ label, url }`, or `{ items, onArticles }` to show it on article pages too",
  ),
  /** The years an article's `updated` and `published` may name, as written: outside them is taken for a typo of the century. */
  dates: z
    .strictObject({
      earliest: z.number().int().min(1000).max(9998).default(1900).describe("the earliest year"),
      latest: z.number().int().min(1000).max(9998).default(2200).describe("the latest year"),
    })
    .superRefine((dates, ctx) => {
      if (dates.latest < dates.earliest)
        ctx.addIssue({
          code: "custom",
          path: ["latest"],
          message: `must not be before dates.earliest (${dates.earliest})`,
        });
    })
    .prefault({})
    .describe(
      "the years an article's `updated`, `published`, `expires` and correction dates may name, as written; a date outside them is taken for a typo of the century and stops the build",
    ),
});

export const SiteSettingsSchema = z.preprocess(withDesignDefaults, SiteSettingsFields);

export type SiteSettings = z.output<typeof SiteSettingsSchema>;
export type SiteSettingsInput = z.input<typeof SiteSettingsSchema>;

export const SETTINGS_FILE = "site.json";

/** Settings to go on with, and every problem found in `site.json` (none: the settings are its own). */
export interface SettingsCheck {
  /**
   * With problems, the file's settings without the entries that are wrong
   * (their defaults instead), so articles can still be checked against the
   * rest (time zone, remote photos) and all problems reported at once.
   */
  settings: SiteSettings;
  problems: ContentProblem[];
  /** The settings as written in the file (JSON), when it was read: what it says itself, not the defaults. */
  written?: unknown;
}

/** Reads and checks a content folder's `site.json`; a missing file gives the defaults. */
export function readSettings(contentDir: string, displayDir = contentDir): SettingsCheck {
  const shown = path.join(displayDir, SETTINGS_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(contentDir, SETTINGS_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT") return { settings: SiteSettingsSchema.parse({}), problems: [] };
    const why =
      code === "EISDIR"
        ? "is a folder; site.json must be a file (or absent, for the defaults)"
        : SYSTEM_ERRORS[code] && `cannot be read (${SYSTEM_ERRORS[code].what}); ${SYSTEM_ERRORS[code].todo}`;
    if (!why) throw error;
    return { settings: SiteSettingsSchema.parse({}), problems: [{ file: shown, message: why }] };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = bytes.toString("utf8");
    const line = lossy.slice(0, lossy.indexOf("\uFFFD")).split("\n").length;
    return {
      settings: SiteSettingsSchema.parse({}),
      problems: [{ file: shown, line, message: "is not valid UTF-8 text; save it as UTF-8" }],
    };
  }
  return checkSettingsText(text, shown);
}

/**
 * A base URL given on the command line (`--base-url`), checked and written as site.json's `baseUrl` is; the message
 * of the problem when it is not one.
 */
export function parseBaseUrl(text: string): { baseUrl: string } | { problem: string } {
  const result = SiteSettingsFields.shape.baseUrl.safeParse(text);
  return result.success ? { baseUrl: result.data } : { problem: result.error.issues[0]!.message };
}

/** The settings of a content folder: its `site.json` over the defaults. Throws a ContentError with every problem. */
export function loadSettings(contentDir: string, displayDir = contentDir): SiteSettings {
  const { settings, problems } = readSettings(contentDir, displayDir);
  if (problems.length > 0) throw new ContentError(problems);
  return settings;
}

/** Checks the text of a `site.json` (shown in messages as `shown`): every problem, with its line. */
export function checkSettingsText(text: string, shown = SETTINGS_FILE): SettingsCheck {
  if (text.replace(/^\uFEFF/, "").trim() === "") {
    return {
      settings: SiteSettingsSchema.parse({}),
      problems: [{ file: shown, line: 1, message: "the file is empty; write {} for the defaults, or delete it" }],
    };
  }
  const source = readJsonSource(text);
  if (source.syntaxError) {
    const { line, column, message } = source.syntaxError;
    const problem = { file: shown, line, column, message: `invalid JSON: ${message}` };
    return { settings: SiteSettingsSchema.parse({}), problems: withSource([problem], source) };
  }
  const duplicates = source.duplicates.map(({ path, line, firstLine }) => ({
    file: shown,
    line,
    field: fieldName(path),
    message: `is given twice (also on line ${firstLine}); JSON keeps only the last, so remove one`,
  }));
  const { settings, problems } = checkSettings(source.value, shown, source.lineOf);
  const all = [...duplicates, ...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { settings, problems: withSource(all, source), written: source.value };
}

/** Checks settings already read (tests, callers holding an object); throws a ContentError with every problem. */
export function parseSettings(raw: unknown, shown = SETTINGS_FILE): SiteSettings {
  const { settings, problems } = checkSettings(raw, shown, () => undefined);
  if (problems.length > 0) throw new ContentError(problems);
  return settings;
}

function checkSettings(raw: unknown, shown: string, lineOf: (path: JsonPath) => number | undefined): SettingsCheck {
  const result = SiteSettingsSchema.safeParse(raw);
  if (result.success) return { settings: result.data, problems: [] };
  // A menu written as a list is read as `{ items: [...] }`: its problems are named as written (`menu[0].url`).
  if (Array.isArray((raw as { menu?: unknown } | null)?.menu)) {
    for (const issue of result.error.issues) {
      if (issue.path[0] === "menu" && issue.path[1] === "items") issue.path.splice(1, 1);
    }
  }
  const problems: ContentProblem[] = [];
  for (const issue of result.error.issues) {
    for (const { path: at, message, detail } of describeIssue(issue, raw)) {
      problems.push({
        file: shown,
        line: lineOf(at),
        ...(at.length > 0 ? { field: fieldName(at) } : {}),
        message,
        ...(detail ? { detail } : {}),
      });
    }
  }
  return { settings: withoutWrongEntries(raw, result.error.issues), problems };
}

/** `footer.links[0].href` */
function fieldName(at: JsonPath): string {
  return at.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/** The schema of the setting at `at` (defaults, lists and records looked through), for the names it knows. */
function schemaAt(at: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = SiteSettingsSchema;
  const inner = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = s._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) return inner(def.innerType);
    // A preprocessed setting (the menu's list form): the schema after the step.
    if (def.type === "pipe" && def.in?._zod.def.type === "transform")
      return inner((def as unknown as { out: z.core.$ZodType }).out);
    if (def.type === "pipe" && def.in) return inner(def.in);
    return s;
  };
  for (const key of at) {
    if (!schema) return undefined;
    const def = inner(schema)._zod.def as {
      type: string;
      shape?: Record<string, z.core.$ZodType>;
      element?: z.core.$ZodType;
      valueType?: z.core.$ZodType;
    };
    if (def.type === "object" && typeof key === "number") {
      // A number into an object: the menu written as a list, whose entries are its `items`.
      const items = def.shape?.items;
      schema = items && (inner(items)._zod.def as { element?: z.core.$ZodType }).element;
      continue;
    }
    schema =
      def.type === "object"
        ? def.shape?.[String(key)]
        : def.type === "array"
          ? def.element
          : def.type === "record"
            ? def.valueType
            : undefined;
  }
  return schema && inner(schema);
}

function knownNames(at: readonly PropertyKey[]): string[] {
  const def = schemaAt(at)?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Every setting's dotted name (`footer.copyright`), for a name written at the wrong level. */
function allSettingNames(at: string[] = []): string[] {
  return knownNames(at).flatMap((name) => [[...at, name].join("."), ...allSettingNames([...at, name])]);
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { path: JsonPath; message: string; detail?: string }[] {
  const at = issue.path as JsonPath;
  if (issue.code === "unrecognized_keys") {
    const known = knownNames(at);
    return issue.keys.map((key) => {
      const near = nearestName(key, known) ?? allSettingNames().find((name) => name.endsWith(`.${key}`));
      return {
        path: [...at, key],
        message: `unknown setting${near ? `; did you mean \`${near}\`?` : ""}`,
        detail: `known settings${at.length > 0 ? ` in ${fieldName(at)}` : ""}: ${known.join(", ")}`,
      };
    });
  }
  const value = valueAt(raw, at);
  const shownValue = JSON_WORDS.value;
  switch (issue.code) {
    case "invalid_type": {
      if (value !== undefined && at.length === 0) {
        return [
          {
            path: at,
            message: `must hold one object { … } of settings, but holds ${value === null ? "null" : shownValue(value)}`,
          },
        ];
      }
      let hint = value === null ? "; leave the setting out for its default" : "";
      if (
        typeof value === "string" &&
        ((issue.expected === "boolean" && /^(true|false)$/.test(value)) ||
          (/^(number|int)$/.test(issue.expected) && value.trim() !== "" && Number.isFinite(Number(value))))
      ) {
        hint = "; write it without quotes";
      }
      return [{ path: at, message: wrongType(JSON_WORDS, issue, value, hint) }];
    }
    case "too_small":
    case "too_big": {
      const limit = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (issue.origin === "number") return [{ path: at, message: `must be ${limit}, but is ${shownValue(value)}` }];
      if (issue.origin === "string" && issue.code === "too_small" && issue.minimum === 1)
        return [{ path: at, message: "must not be empty" }];
      if (!issue.message.startsWith("Too ")) return [{ path: at, message: `${shownValue(value)} ${issue.message}` }];
      return [
        { path: at, message: `must be ${limit} ${issue.origin === "string" ? "characters long" : "items long"}` },
      ];
    }
    case "invalid_value":
      return [
        {
          path: at,
          message: `${shownValue(value)} must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`,
        },
      ];
    default:
      return [
        { path: at, message: typeof value === "string" ? `${shownValue(value)} ${issue.message}` : issue.message },
      ];
  }
}

/** The settings with every entry a problem names left out (so taking its default), or all defaults when that is not enough. */
function withoutWrongEntries(raw: unknown, issues: readonly z.core.$ZodIssue[]): SiteSettings {
  const paths = issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path],
  );
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && paths.every((p) => p.length > 0)) {
    // The exact entries first; then, for what that leaves wrong (a link missing its href), the whole top-level setting.
    for (const cut of [(p: PropertyKey[]) => p, (p: PropertyKey[]) => p.slice(0, 1)]) {
      const copy = JSON.parse(JSON.stringify(raw)) as Record<PropertyKey, unknown>;
      for (const p of paths) removeAt(copy, cut(p));
      const retry = SiteSettingsSchema.safeParse(copy);
      if (retry.success) return retry.data;
    }
  }
  return SiteSettingsSchema.parse({});
}

function removeAt(object: Record<PropertyKey, unknown>, at: readonly PropertyKey[]): void {
  const parent = at
    .slice(0, -1)
    .reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], object);
  if (parent !== null && typeof parent === "object") delete (parent as Record<PropertyKey, unknown>)[at.at(-1)!];
}

/** For `--verbose`: the file's own line, numbered, above any other detail. */
function withSource(problems: ContentProblem[], source: JsonSource): ContentProblem[] {
  return problems.map((p) => {
    const text = p.line === undefined ? undefined : source.sourceLine(p.line);
    if (text === undefined) return p;
    const shown = `${p.line} | ${text.length > 120 ? `${text.slice(0, 120)}…` : text}`;
    return { ...p, detail: p.detail ? `${shown}\n${p.detail}` : shown };
  });
}

/** gov.cn's own registration codes, the footer's defaults. */
const GOVCN_CODES = { identificationCode: "bm01000001", registrationNumber: "05070218" } as const;

/**
 * A warning when a site that is not served from gov.cn publishes gov.cn's registration codes because its site.json
 * leaves them to the defaults (a newsroom's site started from the sample, say). A mirror that means to show them
 * writes them in site.json, as the sample does; a site of its own writes its own, or "" to leave the lines out.
 */
export function govcnCodesWarning(settings: SiteSettings, written: unknown, shown: string): ContentProblem | undefined {
  const host = new URL(settings.baseUrl).hostname;
  if (host === "gov.cn" || host.endsWith(".gov.cn")) return undefined;
  const footer = isPlainObject(written) && isPlainObject(written.footer) ? written.footer : {};
  const inherited = (Object.keys(GOVCN_CODES) as (keyof typeof GOVCN_CODES)[]).filter(
    (field) => footer[field] === undefined && settings.footer[field] === GOVCN_CODES[field],
  );
  // Shown only where a line uses it: the English footer's, or a Chinese site's footer (an English site's Chinese
  // articles show it too, but most English sites have none, and the English lines decide for them).
  const lines = /^zh\b/i.test(settings.language)
    ? chineseFooterLines(settings)
    : [identificationLine(settings.footer), registrationLine(settings.footer)];
  const shownOnPages = inherited.filter((field) => lines.some((line) => line.includes(GOVCN_CODES[field])));
  if (shownOnPages.length === 0) return undefined;
  return {
    file: shown,
    field: `footer.${shownOnPages[0]}`,
    severity: "warning",
    message: `the site (${host}) publishes gov.cn's ${shownOnPages.map((f) => GOVCN_CODES[f]).join(" and ")} in its footer, by default: write your own ${shownOnPages.map((f) => `footer.${f}`).join(" and ")} in site.json, "" to leave the line out, or gov.cn's own to keep them in a mirror`,
  };
}

/** `Website Identification Code bm01000001` */
export function identificationLine(footer: SiteSettings["footer"]): string {
  return footer.identification.replaceAll("{code}", footer.identificationCode);
}

/** www.gov.cn's footer lines, with the site's identification code and registration number. */
export function chineseFooterLines(site: Pick<SiteSettings, "chinese" | "footer">): string[] {
  return site.chinese.footer.map((line) =>
    line.replaceAll("{code}", site.footer.identificationCode).replaceAll("{number}", site.footer.registrationNumber),
  );
}

/** `Registration Number: 05070218` */
export function registrationLine(footer: SiteSettings["footer"]): string {
  return footer.registration.replaceAll("{number}", footer.registrationNumber);
}
