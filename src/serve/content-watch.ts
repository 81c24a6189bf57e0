/**
 * Fast article rebuilds in the dev server. Eleventy rebuilds the whole site
 * when anything it watches changes (seconds at 4,000 articles, after a
 * 150 ms write-settling delay), because every page comes from the one global
 * `articles` data. Most saves in a newsroom change one article's text and
 * nothing else, so the dev server watches the content folder itself:
 *
 * - when only articles' bodies changed (same files, same URLs, same front
 *   matter), it renders just those articles' pages with the article
 *   template and writes them, then tells open browsers to reload;
 * - anything else (front matter, a new or deleted file, site.json, a
 *   content error) hands over to Eleventy's full rebuild, which reports
 *   errors the usual way.
 *
 * Pages derived from whole-site data that repeat an article's body text
 * (a search index, feeds' descriptions) catch up at the next full rebuild.
 */
import chokidar, { type FSWatcher } from "chokidar";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../article/article.ts";
import { loadArticleTemplate } from "../build/article-pages.ts";
import { pageFile } from "../build/page-writer.ts";
import type { ArticlePageData } from "../../templates/article.ts";

/** The parts of a running Eleventy the watcher uses. */
export interface EleventyHandle {
  /** Eleventy's own file watcher: emitting `change` on it queues a full rebuild. */
  watcher?: { emit(event: "change", path: string): unknown };
  eleventyServe?: { reload(event: { files: string[]; build?: { templates: unknown[] } }): Promise<void> | void };
}

export interface ContentWatchOptions {
  contentDir: string;
  outputDir: string;
  /** The article page template (`templates/article.ts`). */
  template: string;
  load: () => Promise<{ articles: Article[]; problems: unknown[] }>;
  /** True while the last rebuild failed on content (the dev server shows an error overlay). */
  hasProblems?: () => boolean;
  /** The rest of the data the article template gets in a full build (site settings, link maker). */
  pageData: () => Omit<ArticlePageData, "article">;
  eleventy: EleventyHandle;
  /** True while Eleventy is building: a page written then could be overwritten with older data. */
  isBuilding: () => boolean;
  /** Called after each update, for logs and tests. */
  onUpdate?: (update: ContentUpdate) => void;
}

export type ContentUpdate = { kind: "pages"; urls: string[]; ms: number } | { kind: "full"; reason: string };

/** Every field but the rendered body: if these are equal, no other page can have changed. */
function sameExceptBody(a: Article, b: Article): boolean {
  for (const key of Object.keys(a) as (keyof Article)[]) {
    if (key === "bodyHtml" || key === "bodyText") continue;
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

export class ContentWatch {
  #byFile = new Map<string, Article>();
  #pending = new Set<string>();
  #structural: string | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #watcher: FSWatcher | undefined;

  constructor(private readonly options: ContentWatchOptions) {}

  /** Remembers the articles Eleventy just built, then starts watching. */
  async start(): Promise<void> {
    this.#remember((await this.options.load()).articles);
    this.#watcher = chokidar.watch(this.options.contentDir, {
      ignoreInitial: true,
      // A save truncates, then writes: wait until the size holds still (Eleventy waits 150 ms; 25 is enough for one file).
      awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 5 },
      // Like the loader, skip dot- and underscore-folders and files.
      ignored: (p: string) => /(^|[/\\])[._][^/\\]*$/.test(path.relative(this.options.contentDir, p)),
    });
    this.#watcher.on("all", (event: string, file: string) => this.#changed(event, file));
    await new Promise<void>((resolve) => this.#watcher!.once("ready", () => resolve()));
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#watcher?.close();
  }

  #remember(articles: readonly Article[]): void {
    this.#byFile = new Map(articles.map((a) => [a.file, a]));
  }

  #changed(event: string, file: string): void {
    if (event === "change" && file.endsWith(".md")) this.#pending.add(file);
    else if (event === "add" || event === "unlink" || event === "change") this.#structural ??= `${path.basename(file)} ${event === "change" ? "changed" : event === "add" ? "added" : "removed"}`;
    else return;
    clearTimeout(this.#timer);
    // Saves of several files at once (a checkout, a search-and-replace) make one update.
    this.#timer = setTimeout(() => void this.#run(), 10);
  }

  async #run(): Promise<void> {
    while (this.#running) await this.#running;
    if (this.#pending.size === 0 && !this.#structural) return;
    this.#running = this.#update().finally(() => (this.#running = undefined));
    await this.#running;
  }

  async #update(): Promise<void> {
    const started = performance.now();
    const changed = [...this.#pending];
    const structural = this.#structural;
    this.#pending.clear();
    this.#structural = undefined;
    const { articles, problems } = await this.options.load();
    if (structural) return this.#full(structural, changed[0], articles);
    // Eleventy read the articles when its build began; its pages would overwrite ours. Queue behind it.
    if (this.options.isBuilding()) return this.#full("saved during a rebuild", changed[0], articles);
    // The full rebuild reports problems, and clears them (and the browser's overlay) once they are fixed.
    if (problems.length > 0) return this.#full("a content problem", changed[0]);
    if (this.options.hasProblems?.()) return this.#full("content fixed", changed[0], articles);
    const previous = this.#byFile;
    const edited: Article[] = [];
    for (const article of articles) {
      const before = previous.get(article.file);
      if (before === article) continue; // the loader's cache: the file did not change
      if (!before || !sameExceptBody(before, article)) return this.#full(`${path.basename(article.file)}: front matter changed`, changed[0], articles);
      // Photo variants are published by the full build (src/plugins/photos.ts).
      if (article.image || article.bodyHtml.includes("<picture")) return this.#full(`${path.basename(article.file)}: photos`, changed[0], articles);
      edited.push(article);
    }
    if (articles.length !== previous.size) return this.#full("articles added or removed", changed[0], articles);
    this.#remember(articles);
    if (edited.length === 0) return;
    const render = await loadArticleTemplate(this.options.template);
    const data = this.options.pageData();
    const templates = [];
    for (const article of edited) {
      const content = render({ ...data, article });
      await writeFile(pageFile(this.options.outputDir, article.url), content);
      templates.push({ url: article.url, inputPath: this.options.template, content });
    }
    // Listed under the template's path, so the dev server's DOM diffing applies them to open pages.
    await this.options.eleventy.eleventyServe?.reload({ files: [...changed, this.options.template], build: { templates } });
    this.options.onUpdate?.({ kind: "pages", urls: edited.map((a) => a.url), ms: performance.now() - started });
  }

  #full(reason: string, file: string | undefined, articles?: readonly Article[]): void {
    if (articles) this.#remember(articles);
    this.options.eleventy.watcher?.emit("change", file ?? path.join(this.options.contentDir, "site.json"));
    this.options.onUpdate?.({ kind: "full", reason });
  }
}
