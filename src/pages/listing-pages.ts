/**
 * Listing pages and the site's files (feeds, sitemaps, robots.txt):
 * newsmirror renders and writes them itself, one at a time, as it does the
 * article pages (./article-pages.ts), with the templates Eleventy would
 * paginate (`templates/listing.11ty.ts`, `templates/files.11ty.ts`: their
 * `permalink` and `pagination` read from the templates themselves) and the
 * data Eleventy would give them, so the bytes are the same.
 *
 * Why (issue 15): Eleventy renders every page of a paginated template before
 * it writes the first, and keeps each page's text until its build ends. At
 * 100,000 articles that was 15,000 listing pages and 270 MB of feeds and
 * sitemaps, 520 MiB of live heap while every article was in memory too, and
 * the build's peak. Here each page is let go once written.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import type { WrittenFiles } from "../written-files.ts";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BUILT_IN_TEMPLATES, type TemplateSet } from "../package.ts";
import { YIELD_EVERY } from "./article-pages.ts";
import type { NewsSite } from "../site/news-site.ts";
import { outputFileOf } from "../site/output-paths.ts";
import type { SiteSettings } from "../settings/settings.ts";

/** The templates (by stem) paginated over `newsSite` (its `pages` and `files`) that this module writes instead of Eleventy. */
export const PAGED_TEMPLATES: readonly string[] = ["listing.11ty", "files.11ty", "corrections.11ty", "withdrawn.11ty"];

export type TemplateData = Record<string, unknown> & { site: SiteSettings; newsSite: NewsSite; page: { url: string } };

/** A page template as Eleventy reads it: `data` (permalink, pagination) and `render`. */
export interface PageTemplate {
  data: {
    permalink: string | ((data: TemplateData) => string);
    pagination?: { data: string; alias: string };
  };
  render(data: TemplateData): string;
}

/** Eleventy's `page.url` for a permalink: `/culture/index.html` and `/culture/` are both `/culture/`. */
export function urlOfPermalink(permalink: string): string {
  return permalink.replace(/(^|\/)index\.html$/, "$1");
}

/** `newsSite.pages` of `{ newsSite }`: the value at a dotted path, as Eleventy's pagination reads it. */
export function valueAt(data: Record<string, unknown>, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], data);
}

/** A template module (`name`: its file in the set's folder), imported again when its file changed (as Eleventy re-imports its templates). */
export async function loadTemplate(name: string, templates: TemplateSet = BUILT_IN_TEMPLATES): Promise<PageTemplate> {
  const file = path.join(templates.dir, name);
  const { mtimeMs } = statSync(file);
  return (await import(`${pathToFileURL(file).href}?newsmirror=${Math.round(mtimeMs * 1000)}`)) as PageTemplate;
}

/** Each page of a paginated template: its file below the output folder and how to render it. */
export function* templatePages(
  template: PageTemplate,
  site: SiteSettings,
  newsSite: NewsSite,
): Generator<{ url: string; file: string; render: () => string }> {
  const { pagination, permalink } = template.data;
  const items = pagination ? (valueAt({ newsSite }, pagination.data) as unknown[]) : [undefined];
  for (const item of items) {
    const data: TemplateData = {
      site,
      newsSite,
      page: { url: "" },
      ...(pagination ? { [pagination.alias]: item } : {}),
    };
    const link = typeof permalink === "function" ? permalink(data) : permalink;
    const url = urlOfPermalink(link);
    yield { url, file: outputFileOf(link), render: () => template.render({ ...data, page: { url } }) };
  }
}

/**
 * Renders and writes the listing pages and files of `newsSite` into `outputDir` (those in `only`, when given);
 * returns the files written (paths below the output folder).
 */
export async function writeListingPages(
  newsSite: NewsSite,
  job: {
    outputDir: string;
    site: SiteSettings;
    only?: ReadonlySet<string> | undefined;
    templates?: TemplateSet;
    /** Told each file's bytes, for the fixity manifest (src/check/fixity.ts). */
    hashes?: WrittenFiles | undefined;
  },
  onPages?: (count: number) => void,
): Promise<string[]> {
  const written: string[] = [];
  const folders = new Set<string>();
  const templates = job.templates ?? BUILT_IN_TEMPLATES;
  for (const stem of PAGED_TEMPLATES) {
    const template = await loadTemplate(templates.file(stem), templates);
    for (const page of templatePages(template, job.site, newsSite)) {
      if (job.only && !job.only.has(page.file)) continue;
      const file = path.join(job.outputDir, page.file);
      const folder = path.dirname(file);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      const bytes = Buffer.from(page.render());
      writeFileSync(file, bytes);
      job.hashes?.wrote(page.file, bytes);
      written.push(page.file);
      if (written.length % 200 === 0) onPages?.(200);
      if (written.length % YIELD_EVERY === 0) await new Promise(setImmediate); // (see ./article-pages.ts)
    }
  }
  onPages?.(written.length % 200);
  return written;
}
