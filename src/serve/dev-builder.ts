/**
 * The dev server's builder: a child process that builds the site into the
 * server's folder and keeps it true to the content folder.
 *
 * - Every structural change (an article added, deleted or renamed, front
 *   matter edited, site.json, a photo, a fixed content error) is a whole
 *   build with the production pipeline (src/pipeline/build.ts): into a staging
 *   folder, swapped in at the end. Nothing from an earlier build lingers,
 *   and a failed build leaves the last good pages in place.
 * - A save that changes only article bodies rewrites those articles' pages
 *   and every page that shows them (listings with their teasers, feeds) in
 *   place, from the same templates and data (src/serve/site-pages.ts):
 *   a few pages instead of the whole site.
 *
 * It reports each outcome to the server (src/serve/dev-protocol.ts), which
 * reloads the open pages or shows the problems. A saved page template
 * (`templates/*.11ty.ts`, `templates/article.ts`) or asset is a whole build
 * here: each build imports those afresh. Newsmirror's own code (src/,
 * template components) is fixed for the life of this process: the server
 * starts a new builder when it changes, since a running Node process cannot
 * re-import modules that others import.
 */
import chokidar, { type FSWatcher } from "chokidar";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../article/article.ts";
import { shown } from "../characters.ts";
import { ArticleLoader } from "../article/load.ts";
import { PhotoCache } from "../images/encode.ts";
import { build, type BuildRequest } from "../pipeline/build.ts";
import { ContentError, findContentError, toWire } from "../errors.ts";
import { assembleNewsSite, type NewsSite } from "../site/news-site.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { BuilderJob, BuilderMessage, RebuildRequest } from "./dev-protocol.ts";
import { updateForBodyEdits } from "./site-pages.ts";

/** Every field but the body and what is made of it (teaser, hash): if these are equal, no page lists the article differently but by its teaser. */
function sameExceptBody(a: Article, b: Article): boolean {
  for (const key of Object.keys(a) as (keyof Article)[]) {
    if (key === "bodyHtml" || key === "bodyText" || key === "teaser" || key === "hash") continue;
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

/** What the last good update left on disk: the articles and the news site made from them. */
interface Built {
  settings: SiteSettings;
  articles: Map<string, Article>;
  newsSite: NewsSite;
  buildTimeMs: number;
}

/** Files in the content folder whose edits matter: not in dot-folders, not editors' backups (`x.md~`). */
function ignored(contentDir: string, file: string): boolean {
  const relative = path.relative(contentDir, file);
  return relative.split(path.sep).some((part) => part.startsWith(".")) || file.endsWith("~");
}

export class DevBuilder {
  #built: Built | undefined;
  /** Markdown files saved since the last update. */
  #edited = new Set<string>();
  /** Why the next update must be a whole build, if it must. */
  #structural: string | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #watcher: FSWatcher | undefined;
  #broken = false;
  /** One loader for the builder's life: a build re-reads only the files that changed since the last. */
  readonly #loader = new ArticleLoader();
  readonly #photos: PhotoCache;

  constructor(
    private readonly job: BuilderJob,
    private readonly send: (message: BuilderMessage) => void,
  ) {
    this.#photos = new PhotoCache(job.imageCacheDir);
  }

  /** Builds the site once, then watches the content folder. */
  async start(): Promise<void> {
    this.#watcher = chokidar.watch(this.job.contentDir, {
      ignoreInitial: true,
      // A save truncates, then writes: wait until the size holds still.
      awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 5 },
      ignored: (file: string) => ignored(this.job.contentDir, file),
    });
    this.#watcher.on("all", (event: string, file: string) => this.#changed(event, file));
    this.#watcher.on("error", () => undefined); // a folder that vanishes is reported by the next build
    await new Promise<void>((resolve) => this.#watcher!.once("ready", () => resolve()));
    this.#structural = "start";
    await this.#run();
  }

  /** A whole build for a reason the content folder does not show (a page template saved). */
  rebuild(reason: string): void {
    this.#structural ??= reason;
    void this.#run();
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#watcher?.close();
    await this.#running;
  }

  #changed(event: string, file: string): void {
    if (event === "change" && file.endsWith(".md")) this.#edited.add(file);
    else if (
      event === "add" ||
      event === "unlink" ||
      event === "change" ||
      event === "addDir" ||
      event === "unlinkDir"
    ) {
      const what = event === "change" ? "changed" : event.startsWith("add") ? "added" : "removed";
      this.#structural ??= `${shown(path.relative(this.job.contentDir, file) || path.basename(file))} ${what}`;
    } else return;
    clearTimeout(this.#timer);
    // Saves of several files at once (a checkout, a search-and-replace) make one update.
    this.#timer = setTimeout(() => void this.#run(), 10);
  }

  async #run(): Promise<void> {
    while (this.#running) await this.#running;
    if (this.#edited.size === 0 && !this.#structural) return;
    this.#running = this.#update().finally(() => (this.#running = undefined));
    await this.#running;
  }

  async #update(): Promise<void> {
    const started = performance.now();
    const structural = this.#structural;
    const saved = [...this.#edited];
    this.#edited.clear();
    this.#structural = undefined;
    try {
      if (structural || this.#broken || !this.#built) {
        await this.#full(structural === "start" ? undefined : (structural ?? "content fixed"), started);
        return;
      }
      await this.#pages(saved, started);
    } catch (error) {
      this.#report(error);
    }
  }

  #report(error: unknown): void {
    this.#broken = true;
    const content = findContentError(error);
    if (content) {
      this.send({ type: "problems", problems: [...content.problems] });
      return;
    }
    this.send({ type: "failed", error: toWire(error) });
  }

  /** A whole build into the server's folder, as production builds it (drafts in, no search index). */
  async #full(reason: string | undefined, started: number): Promise<void> {
    const buildTimeMs = this.job.buildTimeMs ?? Date.now();
    const request: BuildRequest = {
      contentDir: this.job.contentDir,
      displayRoot: this.job.displayRoot,
      cwd: this.job.cwd,
      outputDir: this.job.outputDir,
      imageCacheDir: this.job.imageCacheDir,
      // The server holds the folder's lock for its whole life.
      lockHeld: true,
      includeDrafts: true,
      dev: true,
      buildTimeMs,
      search: false,
      loader: this.#loader,
      photoCache: this.#photos,
    };
    const report = await build(request);
    // What the next page update compares against: the settings and articles the build just used (no search step: kept).
    if (!report.content) throw new Error("a build without the search step returns its content");
    const { settings } = report.content;
    const articles = await report.content.full(report.content.articles); // all in memory: no store here
    this.#broken = false;
    this.send({
      type: "built",
      full: true,
      pages: report.pagesWritten,
      urls: [],
      edited: 0,
      ms: performance.now() - started,
      articles: report.articles,
      basePath: new URL(settings.baseUrl).pathname,
      ...(reason ? { reason } : {}),
      warnings: report.warnings,
    });
    // Assembled after the server is told: the open pages reload meanwhile.
    this.#built = {
      settings,
      articles: new Map(articles.map((a) => [a.file, a])),
      newsSite: assembleNewsSite(articles, settings, { buildTimeMs, dev: true }),
      buildTimeMs,
    };
  }

  /** Only bodies changed: those articles' pages and every page that shows them, rewritten in place. */
  async #pages(saved: readonly string[], started: number): Promise<void> {
    const built = this.#built!;
    // site.json is as the last whole build read it: a change to it is a whole build.
    const { settings } = built;
    // Only the saved files are read again; the watcher told which.
    const loaded = await this.#loader.reload(saved, {
      contentDir: this.job.contentDir,
      displayRoot: this.job.displayRoot,
      settings,
      includeDrafts: true,
      photoCache: this.#photos,
    });
    const { problems, warnings } = loaded;
    if (problems.length > 0) return this.#report(new ContentError(problems));
    const articles = await this.#loader.full(loaded.articles); // all in memory: no store here
    const edited: Article[] = [];
    let whole: string | undefined;
    if (articles.length !== built.articles.size) whole = "articles added or removed";
    for (const article of articles) {
      if (whole) break;
      const before = built.articles.get(article.file);
      if (before === article) continue; // the loader's cache: the file did not change
      if (!before || !sameExceptBody(before, article))
        whole = `${shown(path.basename(article.file))}: front matter changed`;
      // Photo variants are published by whole builds (src/plugins/photos.ts).
      else if (article.image || article.bodyHtml.includes("<picture"))
        whole = `${shown(path.basename(article.file))}: photos`;
      else edited.push(article);
    }
    if (whole) return this.#full(whole, started);
    if (edited.length === 0) return; // saved unchanged
    const { pages, newsSite } = await updateForBodyEdits(edited, articles, built.newsSite, settings, (some) =>
      this.#loader.full(some),
    );
    for (const page of pages) {
      const file = path.join(this.job.outputDir, page.file);
      await mkdir(path.dirname(file), { recursive: true });
      // Written beside, then renamed: a reload never reads half a page.
      const temp = `${file}.newsmirror-${process.pid}.tmp`;
      await writeFile(temp, page.content);
      await rename(temp, file);
    }
    this.#built = { ...built, settings, articles: new Map(articles.map((a) => [a.file, a])), newsSite };
    this.send({
      type: "built",
      full: false,
      pages: pages.length,
      urls: pages.map((p) => p.url),
      edited: edited.length,
      ms: performance.now() - started,
      articles: articles.length,
      basePath: new URL(settings.baseUrl).pathname,
      warnings,
    });
  }
}

/** The builder process: takes its job from the server, then builds until the server goes. */
export function runBuilder(): void {
  const send = (message: BuilderMessage) => process.send?.(message);
  process.on("disconnect", () => process.exit(0));
  let builder: DevBuilder | undefined;
  process.on("message", (message: BuilderJob | RebuildRequest) => {
    if (message.type === "rebuild") {
      builder?.rebuild(message.reason);
      return;
    }
    builder = new DevBuilder(message, send);
    builder.start().catch((error: unknown) => send({ type: "failed", error: toWire(error) }));
  });
}
