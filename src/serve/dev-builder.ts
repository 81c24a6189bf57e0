/**
 * The dev server's builder: a child process that builds the site into the
 * server's folder and keeps it true to the content folder.
 *
 * - The first build, and a save of site.json, a page template or an asset,
 *   or the first good save after a content error, is a whole build with the
 *   production pipeline (src/pipeline/build.ts): into a staging folder,
 *   swapped in at the end; a failed build leaves the last good pages.
 * - Any other save (an article edited, its title or first paragraph
 *   included, added, deleted or renamed; a photo) is a page update with the
 *   production build's plan (src/pipeline/site-plan.ts): every file of the
 *   site keyed by what it is made from, compared with the last update's, and
 *   only the files whose keys changed rewritten in place (the article's page,
 *   every listing, feed and sitemap that shows it) or removed, from the same
 *   templates and data (src/serve/site-pages.ts).
 *
 * It reports each outcome to the server (src/serve/dev-protocol.ts), which
 * reloads the open pages or shows the problems. Newsmirror's own code (src/,
 * template components) is fixed for the life of this process: the server
 * starts a new builder when it changes, since a running Node process cannot
 * re-import modules that others import.
 */
import chokidar, { type FSWatcher } from "chokidar";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readdir, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { shown } from "../characters.ts";
import type { Article } from "../article/article.ts";
import { ArticleLoader, type LoadResult } from "../article/load.ts";
import type { PublishedFile } from "../images/article-photos.ts";
import { PhotoCache } from "../images/encode.ts";
import { build, type BuildRequest } from "../pipeline/build.ts";
import { articleFile, ListingKeys, planSite, type PlannedFiles } from "../pipeline/site-plan.ts";
import { publishPhotos } from "../plugins/photos.ts";
import { ContentError, findContentError, toWire } from "../errors.ts";
import { timelineOf } from "../site/schedule.ts";
import { assembleNewsSite, type NewsSite } from "../site/news-site.ts";
import { ClaimCheck, outputClaims, outputFileOf } from "../site/output-paths.ts";
import { partRevisions, revisionProblems } from "../site/versions.ts";
import { translationProblems } from "../site/translations.ts";
import type { SiteSettings } from "../settings/settings.ts";
import type { BuilderJob, BuilderMessage, RebuildRequest } from "./dev-protocol.ts";
import { SitePages } from "./site-pages.ts";
import { renderError } from "../templates/overrides.ts";

/** What the last good update left on disk: the settings, and every file of the site by its key. */
interface Built {
  settings: SiteSettings;
  planned: PlannedFiles;
  buildTimeMs: number;
  /** The claims of the last update, and their problems (none), kept while they are the same. */
  claims: ClaimCheck;
  /** The listing keys of the last update, kept for the pages that show the same. */
  listingKeys: ListingKeys;
  /** The templates as the last whole build imported them. */
  pages: SitePages;
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
  /** Files added, removed or changed since the last update that make the folder worth listing again, in words. */
  #listed: string | undefined;
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
    const relative = path.relative(this.job.contentDir, file);
    if (!["add", "unlink", "change", "addDir", "unlinkDir"].includes(event)) return;
    if (relative === "site.json") this.#structural ??= "site.json changed";
    // The site's logo is checked and copied by a whole build (src/site/logo.ts, src/plugins/assets.ts).
    else if (this.#isLogo(relative)) this.#structural ??= `the logo changed (${shown(relative)})`;
    else if (event === "change" && file.endsWith(".md")) this.#edited.add(file);
    else {
      const what = event === "change" ? "changed" : event.startsWith("add") ? "added" : "removed";
      this.#listed ??= `${shown(relative || path.basename(file))} ${what}`;
    }
    clearTimeout(this.#timer);
    // Saves of several files at once (a checkout, a search-and-replace) make one update.
    this.#timer = setTimeout(() => void this.#run(), 10);
  }

  #isLogo(relative: string): boolean {
    const logo = this.#built?.settings.logo?.file;
    return logo !== undefined && path.normalize(logo) === relative;
  }

  async #run(): Promise<void> {
    while (this.#running) await this.#running;
    if (this.#edited.size === 0 && !this.#structural && !this.#listed) return;
    this.#running = this.#update().finally(() => (this.#running = undefined));
    await this.#running;
  }

  async #update(): Promise<void> {
    const started = performance.now();
    const structural = this.#structural;
    const listed = this.#listed;
    const saved = [...this.#edited];
    this.#edited.clear();
    this.#structural = undefined;
    this.#listed = undefined;
    try {
      if (structural || this.#broken || !this.#built) {
        await this.#full(structural === "start" ? undefined : (structural ?? "content fixed"), started);
        return;
      }
      await this.#pages(saved, listed, started);
    } catch (error) {
      // A site's template that threw on a page update, named by its file and line.
      this.#report(this.#built ? renderError(error, this.#built.pages.set, this.job.cwd) : error);
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
      ...(this.job.baseUrl !== undefined ? { baseUrl: this.job.baseUrl } : {}),
      search: false,
      loader: this.#loader,
      photoCache: this.#photos,
    };
    const report = await build(request);
    // What the next page update compares against: the settings and articles the build just used (no search step: kept).
    if (!report.content) throw new Error("a build without the search step returns its content");
    const { settings } = report.content;
    const { withdrawn, revisions } = report.content;
    const articles = await this.#loader.full(report.content.articles); // no store here: every body is in memory
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
    // Planned after the server is told: the open pages reload meanwhile.
    const listingKeys = new ListingKeys();
    const newsSite = assembleNewsSite(articles, settings, { buildTimeMs, dev: true, withdrawn, revisions });
    this.#built = {
      settings,
      listingKeys,
      claims: new ClaimCheck(),
      planned: planSite(
        { articles, newsSite, photos: this.#loader.photoFilesOf([...report.content.articles, ...revisions]) },
        listingKeys,
      ),
      buildTimeMs,
      pages: await SitePages.load(report.templates),
    };
    await this.#warm().catch(() => undefined); // a failure shows at the next save
  }

  /**
   * Any save but site.json's: the content read again (the saved files alone, or the whole folder listed when files
   * came or went), the site planned again, and the files whose keys changed rewritten in place, the rest left.
   */
  async #pages(saved: readonly string[], listed: string | undefined, started: number): Promise<void> {
    const built = this.#built!;
    const update = await this.#next(built, saved, listed);
    if (update instanceof ContentError) return this.#report(update);
    const { loaded, articles, planned, removed, photos, edited } = update;
    const pages = built.pages.render(update.changed, {
      site: built.settings,
      newsSite: update.newsSite,
      articles: edited,
    });
    await publishPhotos(photos, this.job.outputDir);
    // Synchronous: a few files, written at once, cost less than as many round trips through the thread pool.
    for (const page of pages) {
      const file = path.join(this.job.outputDir, page.file);
      mkdirSync(path.dirname(file), { recursive: true });
      // Written beside, then renamed: a reload never reads half a page.
      const temp = `${file}.newsmirror-${process.pid}.tmp`;
      writeFileSync(temp, page.content);
      renameSync(temp, file);
    }
    for (const file of removed) await removeFile(this.job.outputDir, file);
    this.#built = { ...built, planned };
    if (pages.length === 0 && removed.length === 0 && photos.length === 0) return; // saved unchanged
    const editedUrls = new Set(edited.map((a) => a.url));
    // The edited articles' pages first (the server names them), then the pages that show them.
    const urls = [...pages.filter((p) => editedUrls.has(p.url)), ...pages.filter((p) => !editedUrls.has(p.url))];
    this.send({
      type: "built",
      full: false,
      pages: pages.length,
      urls: urls.map((p) => p.url),
      edited: edited.length,
      removed: removed.length,
      ms: performance.now() - started,
      articles: articles.length,
      basePath: new URL(built.settings.baseUrl).pathname,
      ...(listed ? { reason: listed } : {}),
      warnings: loaded.warnings,
    });
  }

  /** What a save changes, from the content as it is now: the files to write (not yet rendered) and to remove, or the problems. */
  async #next(built: Built, saved: readonly string[], listed: string | undefined): Promise<Update | ContentError> {
    // site.json is as the last whole build read it: a change to it is a whole build.
    const { settings } = built;
    const options = {
      contentDir: this.job.contentDir,
      displayRoot: this.job.displayRoot,
      settings,
      includeDrafts: true,
      photoCache: this.#photos,
    };
    const loaded = listed ? await this.#loader.load(options) : await this.#loader.reload(saved, options);
    // As a whole build reads it (src/plugins/context.ts): older captures apart, on no listing; scheduled articles
    // shown, bannered; expired ones withdrawn.
    const { stories, revisions } = partRevisions(loaded.articles);
    const timeline = timelineOf(stories, built.buildTimeMs, { showScheduled: true });
    const articles = await this.#loader.full(timeline.articles); // no store here: every body is in memory
    const newsSite = assembleNewsSite(articles, settings, {
      buildTimeMs: built.buildTimeMs,
      dev: true,
      withdrawn: timeline.withdrawn,
      revisions,
    });
    const display = path.relative(this.job.displayRoot, this.job.contentDir) || ".";
    const claims = outputClaims(stories, settings, newsSite, revisions);
    const problems = [
      ...loaded.problems,
      ...revisionProblems(stories, revisions),
      ...built.claims.problems(claims, display),
      ...translationProblems(stories),
    ];
    if (problems.length > 0) return new ContentError(problems);
    const photoFiles = this.#loader.photoFilesOf([...timeline.articles, ...revisions]);
    const planned = planSite({ articles, newsSite, photos: photoFiles }, built.listingKeys);
    const changed = new Set<string>();
    for (const [file, key] of planned) if (built.planned.get(file) !== key) changed.add(file);
    const removed = [...built.planned.keys()].filter((file) => !planned.has(file));
    const photos = photoFiles.filter((photo) => changed.has(`photos/${photo.name}`));
    for (const photo of photos) changed.delete(`photos/${photo.name}`);
    // The articles whose pages change, an older capture's too (its page links the latest's).
    const edited = [
      ...articles.filter((article) => changed.has(articleFile(article))),
      ...(await this.#loader.full(revisions.filter((revision) => changed.has(articleFile(revision))))),
    ];
    return { loaded, articles, newsSite, planned, changed, removed, photos, edited };
  }

  /**
   * The page update's steps, run on the site just built (nothing saved, nothing written), and a few of its pages
   * rendered: V8 optimises code once it has run, and the first save after a whole build took three times as long
   * as the next.
   */
  async #warm(): Promise<void> {
    const built = this.#built!;
    for (let i = 0; i < 5; i++) {
      const update = await this.#next(built, [], undefined);
      if (update instanceof ContentError) return;
      const { newsSite, articles } = update;
      const some = [
        ...articles.slice(0, 1).map(articleFile),
        "index.html",
        ...newsSite.pages.slice(-1).map((p) => outputFileOf(p.url)),
      ];
      built.pages.render(new Set(some), { site: built.settings, newsSite, articles: articles.slice(0, 1) });
    }
  }
}

/** What a save changes (DevBuilder.#next). */
interface Update {
  loaded: LoadResult;
  articles: Article[];
  newsSite: NewsSite;
  planned: PlannedFiles;
  /** Files to write, photos aside. */
  changed: Set<string>;
  removed: string[];
  photos: PublishedFile[];
  /** The articles whose pages are among the files to write. */
  edited: Article[];
}

/** Removes a file of the site that is no longer planned, and the folders it leaves empty (a whole build has none). */
async function removeFile(outputDir: string, file: string): Promise<void> {
  await unlink(path.join(outputDir, file)).catch(() => undefined);
  for (let dir = path.dirname(file); dir !== "." && dir !== ""; dir = path.dirname(dir)) {
    const folder = path.join(outputDir, dir);
    if ((await readdir(folder).catch(() => ["?"])).length > 0) return;
    await rmdir(folder).catch(() => undefined);
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
