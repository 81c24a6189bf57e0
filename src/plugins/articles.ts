/**
 * Articles enter Eleventy as global data, read once per build by our own
 * loader, not as one Eleventy template per Markdown file: the data cascade,
 * template compilation and per-file bookkeeping Eleventy does for each input
 * file cost more than rendering the page itself (DESIGN.md measured 2× at
 * 4,000 articles). The loader reports every bad file at once and re-reads
 * only changed files when the dev server rebuilds.
 */
import type { Article } from "../article/article.ts";
import type { BuildOptions } from "../build/options.ts";
import { ArticleLoader, loadArticlesOrThrow } from "../article/load.ts";
import { readSettings, type SettingsCheck, type SiteSettings } from "../site/settings.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import path from "node:path";

const loaders = new Map<string, ArticleLoader>();
const current = new WeakMap<EleventyConfig, { articles: () => Promise<Article[]>; settings: () => SiteSettings }>();

function currentOf(eleventyConfig: EleventyConfig) {
  const found = current.get(eleventyConfig);
  if (!found) throw new Error("the articles plugin must be added before plugins that use articles");
  return found;
}

/** This build's articles, for other plugins' data (the `articles` plugin must be added first). */
export function articlesOf(eleventyConfig: EleventyConfig): () => Promise<Article[]> {
  return currentOf(eleventyConfig).articles;
}

/** This build's site settings, read once per build. */
export function settingsOf(eleventyConfig: EleventyConfig): () => SiteSettings {
  return currentOf(eleventyConfig).settings;
}

/** One loader (and so one cache) per content folder per process: CLI checks and Eleventy's data share it. */
export function loaderFor(contentDir: string): ArticleLoader {
  let loader = loaders.get(contentDir);
  if (!loader) loaders.set(contentDir, (loader = new ArticleLoader()));
  return loader;
}

/** Drops a folder's loader and its cache (a one-shot build is done with them). */
export function forgetLoader(contentDir: string): void {
  loaders.delete(contentDir);
}

const handedOver = new Map<string, Article[]>();

/**
 * A build has just loaded and validated the folder: Eleventy's next data
 * call takes that list instead of listing and checking every file again
 * (4,000 stat calls and a directory walk; issue 8).
 */
export function handOverArticles(contentDir: string, list: Article[]): void {
  handedOver.set(contentDir, list);
}

export default function articles(options: BuildOptions) {
  return (eleventyConfig: EleventyConfig): void => {
    const display = path.relative(options.displayRoot, options.contentDir) || ".";
    // Both read once per build: listings, feeds, sitemaps and article pages (src/plugins/news-site.ts, article-pages.ts) share them.
    // Problems in site.json are reported with the articles' (below); pages meanwhile take the rest of its settings.
    let site: SettingsCheck | undefined;
    const checked = () => (site ??= readSettings(options.contentDir, display));
    const settings = () => checked().settings;
    eleventyConfig.addGlobalData("site", settings);
    let loaded: Promise<Article[]> | undefined;
    eleventyConfig.on("eleventy.before", () => {
      loaded = undefined;
      site = undefined;
    });
    const read = () =>
      loadArticlesOrThrow(
        loaderFor(options.contentDir),
        {
          contentDir: options.contentDir,
          displayRoot: options.displayRoot,
          settings: settings(),
          includeDrafts: options.includeDrafts,
          imageCacheDir: options.imageCacheDir,
        },
        checked().problems,
      );
    const load = () => {
      if (!loaded) {
        // A production build validated the articles already and hands them over: no second load.
        const ready = handedOver.get(options.contentDir);
        handedOver.delete(options.contentDir);
        if (ready) loaded = Promise.resolve(ready);
      }
      return (loaded ??= read());
    };
    current.set(eleventyConfig, { articles: load, settings });
    eleventyConfig.addGlobalData("articles", load);
    eleventyConfig.addWatchTarget(options.contentDir); // for Eleventy's own --watch; newsmirror serve watches by itself
  };
}
