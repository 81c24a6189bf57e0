/**
 * One build's context: everything the site's plugins (src/plugins/) are
 * given, made by whoever starts the build and passed to each plugin
 * explicitly, never kept in module state, so two builds in one process
 * share nothing they were not handed.
 *
 * - The production build (src/pipeline/build.ts) reads and checks the
 *   content first; Eleventy's data then takes what was read.
 * - The dev server's builder keeps one loader (and its cache) across builds.
 * - Eleventy's own CLI gets a context made from the defaults (`.eleventy.ts`).
 */
import { partRevisions, revisionProblems } from "../site/versions.ts";
import path from "node:path";
import type { Article, ArticleMeta } from "../article/article.ts";
import { ArticleLoader, type ArticleStore } from "../article/load.ts";
import type { ContentScan } from "../article/scan.ts";
import { ContentError, type ContentProblem } from "../errors.ts";
import { PhotoCache } from "../images/encode.ts";
import { BUILT_IN_TEMPLATES, type TemplateSet } from "../package.ts";
import type { WrittenFiles } from "../written-files.ts";
import { DEFAULT_IMAGE_CACHE } from "../output/guard.ts";
import { assembleNewsSite, type NewsSite } from "../site/news-site.ts";
import { claimProblems, outputClaims } from "../site/output-paths.ts";
import { buildListings, listingOptionsOf, type SiteListings } from "../site/listings.ts";
import { govcnCodesWarning, readSettings, SETTINGS_FILE, type SiteSettings } from "../settings/settings.ts";
import { logoProblems } from "../site/logo.ts";
import { nearestName } from "../suggest.ts";
import { timelineOf } from "../site/schedule.ts";
import { translationProblems } from "../site/translations.ts";

/** What one build is asked to do: decided by the CLI (or the dev server), passed down as it is. */
export interface BuildOptions {
  /** Absolute path of the content folder (articles and site.json). */
  contentDir: string;
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
  /** Include `draft: true` articles (the dev server does; production never). */
  includeDrafts: boolean;
  /** A dev-server build: its pages admit the server's live-reload script (src/security/csp.ts). */
  dev?: boolean;
  /** Make every internal link relative (`build --relative`; also the `relativeLinks` setting). */
  relativeLinks?: boolean;
  /** "Now" for the news sitemap, in Unix ms (`build --build-time`, SOURCE_DATE_EPOCH); default the real time. */
  buildTimeMs?: number;
  /** Folder of encoded photo variants kept between builds (default `.cache/images` in displayRoot). */
  imageCacheDir?: string;
  /** Articles per search-index bundle (`build --search-bundle`; default SEARCH_BUNDLE_SIZE). */
  searchBundleSize?: number;
  /** The site's address instead of site.json's `baseUrl` (`--base-url`, a deploy preview), already checked. */
  baseUrl?: string;
}

/** Told as a build goes: the CLI's progress line (src/cli/progress.ts). */
export interface ProgressListener {
  total(pages: number): void;
  page(count?: number): void;
  /** A step after the pages (the search index), shown in their place. */
  step(text: string): void;
}

export const NO_PROGRESS: ProgressListener = { total() {}, page() {}, step() {} };

/** A content folder, read and checked: its settings, its articles (newest first), and what did not stop the build. */
export interface SiteContent {
  settings: SiteSettings;
  /** Metadata: an article restored from the loader's store has no body; `full` gives it. */
  articles: ArticleMeta[];
  warnings: ContentProblem[];
  /** The full articles (bodies included) of some of `articles`, in their order (the loader's `full`). */
  full(articles: readonly ArticleMeta[]): Promise<Article[]>;
  /** Why the loader's store could not be used, when it could not (one line for the build to show). */
  storeNote?: string;
  /** "Now" for this build (the option, else the real time when the content was read): it decides what is on the site. */
  buildTimeMs: number;
  /** Not yet published at the build time, soonest first: not among `articles` (but in the dev server's, bannered). */
  scheduled: ArticleMeta[];
  /** Past `expires` at the build time: not among `articles`; their addresses keep a notice. */
  withdrawn: ArticleMeta[];
  /** Older captures of stories (`revision: true`): not among `articles`; each has its page (src/site/versions.ts). */
  revisions: ArticleMeta[];
  /** The listings of `articles`, when made already (for the claims): the news site takes them instead of making them again. */
  listings?: SiteListings;
}

/** What a build's plugins count, for its report. */
export interface BuildResults {
  /** Article pages written (src/plugins/article-pages.ts). */
  articlePages: number;
  /** Listing pages and files (feeds, sitemaps, robots.txt) written (src/plugins/news-site.ts). */
  listingPages: number;
  /** The assets copied, as paths below the output folder (src/plugins/assets.ts). */
  assets: string[];
}

export interface BuildContext {
  readonly options: BuildOptions;
  /** The content folder's loader: its cache makes a second read cost only the changed files. */
  readonly loader: ArticleLoader;
  /** Encoded photo variants (the folder `options.imageCacheDir`), shared by the loader and the photos plugin. */
  readonly photoCache: PhotoCache;
  readonly progress: ProgressListener;
  readonly results: BuildResults;
  /** The templates the pages are rendered with: newsmirror's own, or merged with the site's overrides (src/templates/overrides.ts). */
  readonly templates: TemplateSet;
  /** The content of the build under way, read once per build; a ContentError carries every problem. */
  content(): Promise<SiteContent>;
  /** The news site around the articles (listings, feeds, sitemaps), assembled once per build from its content. */
  newsSite(): Promise<NewsSite>;
  /**
   * The output files (paths below the output folder) this build writes, when it writes only some: an incremental
   * build's (src/pipeline/site-plan.ts). Undefined: every file. Pages the site always writes (home, archive index,
   * search, 404) and the assets are written either way.
   */
  readonly only?: ReadonlySet<string> | undefined;
  /** Told the bytes of the pages written, when the build writes a fixity manifest (src/check/fixity.ts). */
  readonly hashes?: WrittenFiles | undefined;
  /** Eleventy starts a build: the first takes what was read already, a later one (Eleventy's own --watch) reads again. */
  startBuild(): void;
}

/** The photo cache folder a build uses: `--image-cache`, else `.cache/images` where the user works. */
export function imageCacheDirOf(options: BuildOptions): string {
  return options.imageCacheDir ?? path.join(options.displayRoot, DEFAULT_IMAGE_CACHE);
}

export interface ContextParts {
  loader?: ArticleLoader | undefined;
  /** Where a new loader keeps its cache between builds (ignored when `loader` is given). */
  articleStore?: ArticleStore | undefined;
  photoCache?: PhotoCache | undefined;
  progress?: ProgressListener | undefined;
  /** The content folder scanned ahead (src/article/scan.ts), for the context's first read of it. */
  scan?: Promise<ContentScan | undefined> | undefined;
  /** The templates to render with (default newsmirror's own). */
  templates?: TemplateSet | undefined;
}

export function createBuildContext(options: BuildOptions, parts: ContextParts = {}): BuildContext {
  const loader = parts.loader ?? new ArticleLoader(parts.articleStore ? { store: parts.articleStore } : {});
  const photoCache = parts.photoCache ?? new PhotoCache(imageCacheDirOf(options));
  let current: Promise<SiteContent> | undefined;
  let site: Promise<NewsSite> | undefined;
  let builds = 0;
  let scan = parts.scan;
  const firstScan = () => {
    const first = scan;
    scan = undefined; // a later read (Eleventy's --watch) looks at the folder as it is then
    return first;
  };
  const content = () => (current ??= loadValidContent(options, loader, photoCache, firstScan()));
  return {
    options,
    loader,
    photoCache,
    progress: parts.progress ?? NO_PROGRESS,
    templates: parts.templates ?? BUILT_IN_TEMPLATES,
    results: { articlePages: 0, listingPages: 0, assets: [] },
    content,
    newsSite: () =>
      (site ??= content().then(({ articles, settings, buildTimeMs, withdrawn, revisions, listings }) =>
        assembleNewsSite(articles, settings, {
          ...options,
          buildTimeMs,
          withdrawn,
          revisions,
          ...(listings ? { listings } : {}),
        }),
      )),
    startBuild() {
      if (builds++ > 0) {
        current = undefined;
        site = undefined;
      }
    },
  };
}

/** The content folder's settings and articles; throws ContentError with every problem, site.json's and the articles'. */
export async function loadValidContent(
  options: BuildOptions,
  loader: ArticleLoader,
  photoCache: PhotoCache,
  scan?: Promise<ContentScan | undefined>,
): Promise<SiteContent> {
  const display = path.relative(options.displayRoot, options.contentDir) || ".";
  const checked = readSettings(options.contentDir, display);
  const settings = options.baseUrl ? { ...checked.settings, baseUrl: options.baseUrl } : checked.settings;
  const {
    articles: read,
    problems,
    warnings,
    storeNote,
  } = await loader.load({
    ...options,
    settings,
    photoCache,
    ...(scan ? { scan } : {}),
  });
  // Older captures have pages of their own, and no place in listings, feeds, sitemaps or search.
  const { stories: articles, revisions } = partRevisions(read);
  problems.push(...revisionProblems(articles, revisions));
  // Every output path claimed once (articles, listings, feeds, …), before anything is written.
  const listings = buildListings(articles, listingOptionsOf(settings));
  problems.push(...claimProblems(outputClaims(articles, settings, listings, revisions), display));
  // Every translation names an article there is, in its language, and fills one slot (src/site/translations.ts).
  problems.push(...translationProblems(articles));
  // The site's own logo is there and safe to publish (src/site/logo.ts).
  problems.push(...(await logoProblems(settings, options.contentDir, path.join(display, SETTINGS_FILE))));
  if (checked.problems.length + problems.length > 0) throw new ContentError([...checked.problems, ...problems]);
  // What the build time puts on the site: scheduled articles wait (the dev server shows them), expired ones go.
  const buildTimeMs = options.buildTimeMs ?? Date.now();
  const timeline = timelineOf(articles, buildTimeMs, { showScheduled: options.dev ?? false });
  // A section name for a section no article is in, near one that has articles: a typo of its key. (A name for a
  // section with no article yet is kept quiet: a newsroom names its sections before their first story.)
  const sectionPaths = listings.sections.map((section) => section.path);
  const known = new Set(sectionPaths);
  for (const name of Object.keys(settings.sectionNames).sort()) {
    const near = known.has(name) ? undefined : nearestName(name, sectionPaths);
    if (near)
      warnings.push({
        file: path.join(display, SETTINGS_FILE),
        field: `sectionNames.${name}`,
        severity: "warning",
        message: `no article is in section ${JSON.stringify(name)}, so the name is not shown; did you mean ${JSON.stringify(near)}?`,
      });
  }
  // gov.cn's registration codes on a site not served from gov.cn, only because site.json left them to the defaults.
  const codes = govcnCodesWarning(settings, checked.written, path.join(display, SETTINGS_FILE));
  if (codes) warnings.push(codes);
  // An empty folder is a new site (it builds); said, since a wrong --input is the likelier cause.
  if (articles.length === 0)
    warnings.push({ file: display, severity: "warning", message: noArticles(options.includeDrafts) });
  return {
    settings,
    articles: timeline.articles,
    buildTimeMs,
    scheduled: timeline.scheduled,
    withdrawn: timeline.withdrawn,
    revisions,
    // Nothing scheduled or withdrawn: the site lists every article read, and the listings made for the claims are its.
    ...(timeline.articles.length === articles.length ? { listings } : {}),
    warnings,
    full: (some) => loader.full(some),
    ...(storeNote ? { storeNote } : {}),
  };
}

/** Checks the content folder as a build would (`newsmirror check`); throws ContentError with every problem. */
export async function validateContent(
  options: BuildOptions,
): Promise<{ articles: number; warnings: ContentProblem[] }> {
  const { articles, warnings } = await createBuildContext(options).content();
  return { articles: articles.length, warnings };
}

function noArticles(includeDrafts: boolean): string {
  return `no articles (no .md files below it${includeDrafts ? "" : ", or only drafts"}); check --input, or write one with newsmirror new`;
}
