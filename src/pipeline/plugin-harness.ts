/**
 * An incremental build's pages, written by the site's plugins without starting Eleventy.
 *
 * In a build Eleventy renders the pages of the templates that are not paginated (home, archive index, search, 404)
 * and then runs the plugins' `eleventy.after` steps, which write everything else: article pages, listing pages,
 * feeds and sitemaps, assets, photos (src/plugins/). For the handful of pages an incremental build writes, importing
 * and starting Eleventy was the largest part of the work: 0.26 s to import and 0.13 s to start, of a 2.8 s build at
 * 20,000 articles where one article changed. So an incremental build runs the same plugins (`newsmirrorSite`, the
 * table of contents in .eleventy.ts) against the few calls of Eleventy's configuration API they make, recorded here,
 * renders those four templates with the data Eleventy would give them (the plugins' global data, `page.url`), and
 * writes only the files the plan names. A plugin calling anything else stops the build, naming the call.
 *
 * The bytes are a clean build's: tests/incremental.test.ts (its property test) compares every incremental build with a clean
 * build through Eleventy, file by file.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { newsmirrorSite } from "../../.eleventy.ts";
import { loadTemplate, PAGED_TEMPLATES, templatePages } from "../pages/listing-pages.ts";
import type { BuildContext } from "../plugins/context.ts";
import type { UserConfig } from "../plugins/eleventy.ts";
import type { NewsSite } from "../site/news-site.ts";
import type { SiteSettings } from "../settings/settings.ts";

type Listener = (arg: unknown) => unknown;
type Linter = (this: { inputPath: string; outputPath: string }, content: string) => unknown;

/** What the plugins asked of Eleventy's configuration API. */
interface Recorded {
  globalData: Map<string, () => unknown>;
  listeners: Map<string, Listener[]>;
  linters: Linter[];
}

/** Calls the plugins make only for Eleventy's own file search and --watch: nothing to do without Eleventy. */
const IGNORED = new Set([
  "addWatchTarget",
  "addExtension",
  "addTemplateFormats",
  "setIncludesDirectory",
  "setUseGitIgnore",
]);

/** The configuration the plugins of `configure` make, recorded. */
export function recordPlugins(configure: (config: UserConfig) => void): Recorded {
  const recorded: Recorded = { globalData: new Map(), listeners: new Map(), linters: [] };
  const calls: Record<string, (...args: never[]) => unknown> = {
    addPlugin: (plugin: (config: UserConfig, options?: unknown) => void, options?: unknown) => plugin(config, options),
    addGlobalData: (name: string, value: () => unknown) => recorded.globalData.set(name, value),
    on: (event: string, listener: Listener) => {
      const list = recorded.listeners.get(event);
      if (list) list.push(listener);
      else recorded.listeners.set(event, [listener]);
    },
    addLinter: (_name: string, linter: Linter) => recorded.linters.push(linter),
  };
  const config = new Proxy(
    {},
    {
      get(_target, name) {
        if (typeof name === "string" && name in calls) return calls[name];
        if (typeof name === "string" && IGNORED.has(name)) return () => undefined;
        if (name === "ignores") return new Set<string>(); // Eleventy's file search's ignore list: no search here
        throw new Error(
          `a plugin called eleventyConfig.${String(name)}, which incremental builds do not run without Eleventy (src/pipeline/plugin-harness.ts)`,
        );
      },
    },
  ) as UserConfig;
  configure(config);
  return recorded;
}

/** Eleventy's emit: every listener of the event at once (its default, parallel mode), awaited. */
async function emit(recorded: Recorded, event: string, arg: unknown): Promise<void> {
  await Promise.all((recorded.listeners.get(event) ?? []).map((listener) => listener(arg)));
}

/**
 * Writes into `dir` the files of `context.only` (paths below the output folder) the site's templates and plugins
 * write, as Eleventy's build would; returns the pages written and the files written that no plan keys (the assets).
 */
export async function writeWithPlugins(
  context: BuildContext & { only: ReadonlySet<string> },
  dir: string,
): Promise<{ pages: number; always: string[] }> {
  const recorded = recordPlugins(newsmirrorSite(context));
  await emit(recorded, "eleventy.before", {});
  const data: Record<string, unknown> = {};
  for (const [name, value] of recorded.globalData) data[name] = await value();
  const site = data.site as SiteSettings;
  const newsSite = data.newsSite as NewsSite;

  // The templates Eleventy renders itself: those in the templates folder the page writers do not paginate.
  const { templates } = context;
  const suffix = templates.file(".11ty");
  const paged = PAGED_TEMPLATES.map((stem) => templates.file(stem));
  const names = readdirSync(templates.dir)
    .filter((name) => name.endsWith(suffix) && !paged.includes(name))
    .sort();
  const pages: { inputPath: string; url: string; file: string; render: () => string }[] = [];
  for (const name of names) {
    const inputPath = path.join(templates.dir, name);
    for (const page of templatePages(await loadTemplate(name, templates), site, newsSite))
      if (context.only.has(page.file)) pages.push({ inputPath, ...page });
  }
  await emit(recorded, "eleventy.contentMap", {
    urlToInputPath: Object.fromEntries(pages.map((page) => [page.url, page.inputPath])),
  });
  for (const page of pages) {
    const content = page.render();
    const outputPath = path.join(dir, page.file);
    for (const linter of recorded.linters) await linter.call({ inputPath: page.inputPath, outputPath }, content);
    mkdirSync(path.dirname(outputPath), { recursive: true });
    writeFileSync(outputPath, content);
  }
  await emit(recorded, "eleventy.after", { directories: { output: dir } });
  const { articlePages, listingPages, assets } = context.results;
  return { pages: pages.length + articlePages + listingPages, always: assets };
}
