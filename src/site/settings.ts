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
import { NewsmirrorError } from "../errors.ts";
import { isTimeZone } from "../time/instant.ts";

const Link = z.strictObject({
  text: z.string().min(1),
  href: z.string().min(1),
});

const FooterLink = Link.extend({
  /** Shown in the mobile footer too (gov.cn's mobile footer drops "About us"). */
  mobile: z.boolean().default(true),
});

export const SiteSettingsSchema = z.strictObject({
  /** Name of the site, used in <title> and metadata. */
  name: z.string().min(1).default("english.www.gov.cn"),
  /** Absolute URL the site is served from, with a trailing slash. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .transform((url) => (url.endsWith("/") ? url : `${url}/`))
    .default("https://english.www.gov.cn/"),
  language: z.string().min(2).default("en"),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: "is not an IANA time zone name (e.g. Asia/Shanghai)" })
    .default("Asia/Shanghai"),
  header: z
    .strictObject({
      app: Link.default({ text: "App", href: "https://english.www.gov.cn/mobile/" }),
      logoAlt: z.string().default("english.gov.cn - The State Council of the People's Republic of China"),
    })
    .prefault({}),
  footer: z
    .strictObject({
      copyright: z.string().default("Copyright© www.gov.cn"),
      /** Joins the copyright and the links on one line. */
      linkSeparator: z.string().default(" | "),
      links: z.array(FooterLink).default([
        { text: "About us", href: "https://english.www.gov.cn/aboutus.htm", mobile: false },
        { text: "Contact us", href: "https://english.www.gov.cn/contactus.htm", mobile: true },
      ]),
      /** `{code}` is replaced by `identificationCode`. */
      identification: z.string().default("Website Identification Code {code}"),
      identificationCode: z.string().default("bm01000001"),
      /** `{number}` is replaced by `registrationNumber`. */
      registration: z.string().default("Registration Number: {number}"),
      registrationNumber: z.string().default("05070218"),
      /** Between identification and registration on the desktop line. */
      registrationSeparator: z.string().default(" "),
      rights: z.array(z.string()).default([
        "All rights reserved. The content (including but not limited to text, photo, multimedia information, etc) published in this site belongs to www.gov.cn.",
        "Without written authorization from www.gov.cn, such content shall not be republished or used in any form.",
      ]),
    })
    .prefault({}),
  /** Articles per listing page (home, sections, archive months). */
  perPage: z.number().int().min(1).max(1000).default(20),
  /** Articles in each feed (the newest). */
  feedSize: z.number().int().min(1).max(10000).default(50),
  /** Make every internal link relative, so the output can be browsed from disk (same as `build --relative`). */
  relativeLinks: z.boolean().default(false),
  /** Display names of sections, e.g. `{ "statecouncil": "State Council" }`; others are spelt from the path. */
  sectionNames: z.record(z.string(), z.string().min(1)).default({}),
  viewSwitch: z
    .strictObject({
      mobile: z.string().default("Mobile"),
      desktop: z.string().default("Desktop"),
      label: z.string().default("Choose the page layout"),
    })
    .prefault({}),
});

export type SiteSettings = z.output<typeof SiteSettingsSchema>;
export type SiteSettingsInput = z.input<typeof SiteSettingsSchema>;

export const SETTINGS_FILE = "site.json";

/** The settings of a content folder: its `site.json` over the defaults. */
export function loadSettings(contentDir: string, displayDir = contentDir): SiteSettings {
  const file = path.join(contentDir, SETTINGS_FILE);
  const shown = path.join(displayDir, SETTINGS_FILE);
  let raw: unknown = {};
  let text: string | undefined;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new NewsmirrorError(`${shown}: not valid JSON (${(error as Error).message})`);
    }
  }
  return parseSettings(raw, shown);
}

export function parseSettings(raw: unknown, shown = SETTINGS_FILE): SiteSettings {
  const result = SiteSettingsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join(".") || "(top level)";
    throw new NewsmirrorError(`${shown}: ${field}: ${issue.message}`);
  }
  return result.data;
}

/** `Website Identification Code bm01000001` */
export function identificationLine(footer: SiteSettings["footer"]): string {
  return footer.identification.replaceAll("{code}", footer.identificationCode);
}

/** `Registration Number: 05070218` */
export function registrationLine(footer: SiteSettings["footer"]): string {
  return footer.registration.replaceAll("{number}", footer.registrationNumber);
}
