/**
 * Atom and JSON Feed 1.1 for the whole site and for each top-level section:
 * the newest articles with their full HTML (`bodyHtml`, rendered once by the
 * loader, never again), absolute URLs from the base URL, and times with the
 * site's UTC offset.
 *
 * Atom goes through the `feed` library (XML writing and escaping). JSON Feed
 * is a plain object: `feed` 5 writes JSON Feed 1.0 (`author`, no `language`),
 * and JSON.stringify already is the whole serializer for 1.1.
 */
import { Feed } from "feed";
import { keyOf, type OutputFile } from "./output-file.ts";
import type { Article, ArticleMeta } from "../article/article.ts";
import { escapeHtml, escapeMarkup } from "../html.ts";
import { loadsResource, rewriteUrls, rootRelativePath } from "../html-urls.ts";
import { toOffsetIso } from "../time/format.ts";
import { modifiedIso, modifiedMs, publishedIso } from "./article-times.ts";
import { articleImage } from "./metadata.ts";
import type { SiteListings } from "./listings.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { summaryOf } from "./summary.ts";
import type { SiteUrls } from "./urls.ts";
import { xmlText } from "./xml.ts";
import { listingLanguage } from "./listings.ts";
import { wordsFor } from "./words.ts";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/** One feed: its articles (metadata, or with their bodies once `withBodies` gave them) and where it and its HTML page live. */
export interface FeedSpec<A extends ArticleMeta = ArticleMeta> {
  title: string;
  /** Site path of the HTML page the feed follows: `/` or `/culture/`. */
  home: string;
  /** Site paths of the feed files. */
  atom: string;
  json: string;
  articles: readonly A[];
  /** The feed's language: its listing's (src/site/listings.ts listingLanguage), so its title's words too. */
  language: string;
}

/** The full articles (bodies included) of some articles, in their order: the loader's `full` (src/article/load.ts). */
export type FullArticles = (articles: readonly ArticleMeta[]) => Promise<Article[]>;

/** The feeds with their articles' bodies, each article fetched once however many feeds carry it. */
export async function withBodies(specs: readonly FeedSpec[], full: FullArticles): Promise<FeedSpec<Article>[]> {
  const items = [...new Set(specs.flatMap((spec) => spec.articles))];
  const bodies = await full(items);
  const byItem = new Map<ArticleMeta, Article>(items.map((item, n) => [item, bodies[n]!]));
  return specs.map((spec) => ({ ...spec, articles: spec.articles.map((a) => byItem.get(a)!) }));
}

/** A feed file whose articles may be metadata only: its content needs their bodies, given by loadFeedBodies. */
class FeedFile implements OutputFile {
  readonly key: string;
  #full: FeedSpec<Article> | undefined;
  #content: string | undefined;
  constructor(
    readonly url: string,
    readonly spec: FeedSpec,
    private readonly renderFeed: (spec: FeedSpec<Article>) => string,
    buildTimeMs: number,
  ) {
    // What the feed shows besides the settings: its place and title, its items (an article's hash covers its source
    // file and photos), and the build time only where it stands for the updated time of a feed with no items.
    this.key = keyOf([
      url,
      spec.title,
      spec.language,
      spec.home,
      spec.atom,
      spec.json,
      ...(spec.articles.length === 0 ? [`empty ${buildTimeMs}`] : spec.articles.map((a) => `${a.url} ${a.hash}`)),
    ]);
    if (spec.articles.every(hasBody)) this.#full = spec as FeedSpec<Article>;
  }
  get loaded(): boolean {
    return this.#full !== undefined;
  }
  give(full: FeedSpec<Article>): void {
    this.#full = full;
  }
  get content(): string {
    if (!this.#full) throw new Error(`${this.url}: its articles' bodies were not loaded (loadFeedBodies)`);
    this.#content ??= this.renderFeed(this.#full);
    return this.#content;
  }
}

function hasBody(article: ArticleMeta): article is Article {
  return "bodyHtml" in article;
}

/** Gives the feed files among `files` their articles' bodies, each article read once however many feeds carry it. */
export async function loadFeedBodies(files: readonly OutputFile[], full: FullArticles): Promise<void> {
  const waiting = files.filter((file): file is FeedFile => file instanceof FeedFile && !file.loaded);
  if (waiting.length === 0) return;
  const specs = await withBodies(
    waiting.map((file) => file.spec),
    full,
  );
  for (const [n, file] of waiting.entries()) file.give(specs[n]!);
}

/**
 * The site feed at `/feed.xml` + `/feed.json`, `/{section}/feed.xml` + `.json` per top-level section, and
 * `/topics/{slug}/feed.xml` + `.json` per topic.
 */
export function feedSpecs(articles: readonly ArticleMeta[], listings: SiteListings, site: SiteSettings): FeedSpec[] {
  const newest = (list: readonly ArticleMeta[]) => list.slice(0, site.feedSize);
  // A section's or topic's feed in the language its articles share, as its listing page is; the site's feed in the site's.
  const languageOf = (list: readonly ArticleMeta[]) => listingLanguage(list, site.language);
  return [
    {
      title: site.name,
      home: "/",
      atom: "/feed.xml",
      json: "/feed.json",
      articles: newest(articles),
      language: site.language,
    },
    ...listings.topSections.map((s) => {
      const language = languageOf(s.articles);
      return {
        title: `${s.title}${wordsFor(language).titleSeparator}${site.name}`,
        home: s.url,
        atom: `${s.url}feed.xml`,
        json: `${s.url}feed.json`,
        articles: newest(s.articles),
        language,
      };
    }),
    ...listings.topics.map((t) => {
      const language = languageOf(t.articles);
      const words = wordsFor(language);
      return {
        title: `${words.topicHeading(t.name)}${words.titleSeparator}${site.name}`,
        home: t.url,
        atom: `${t.url}feed.xml`,
        json: `${t.url}feed.json`,
        articles: newest(t.articles),
        language,
      };
    }),
  ];
}

/** Each list of feeds by the page each follows, made once per list (a listing page asks for its own). */
const feedsByHome = new WeakMap<readonly FeedSpec[], Map<string, FeedSpec>>();

/** The feed that follows the page at `home` (`/culture/`, `/topics/hong-kong/`), if one does. */
export function feedAt(feeds: readonly FeedSpec[], home: string): FeedSpec | undefined {
  let byHome = feedsByHome.get(feeds);
  if (!byHome) feedsByHome.set(feeds, (byHome = new Map(feeds.map((f) => [f.home, f]))));
  return byHome.get(home);
}

/**
 * A Date that prints itself with the site's offset (`2021-07-28T07:01:00+08:00`)
 * where `feed` calls toISOString(): the instant is the same, the reader sees
 * the time as the article gives it.
 */
class ZonedDate extends Date {
  constructor(
    epochMs: number,
    private readonly timeZone: string,
  ) {
    super(epochMs);
  }
  override toISOString(): string {
    return toOffsetIso(this.getTime(), this.timeZone);
  }
}

/** The newest change among the feed's articles (a correction counts: ./article-times.ts modifiedMs). */
function feedUpdated(spec: FeedSpec, buildTimeMs: number): number {
  if (spec.articles.length === 0) return buildTimeMs;
  let latest = -Infinity;
  for (const article of spec.articles) latest = Math.max(latest, modifiedMs(article));
  return latest;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * An article's HTML as feeds carry it. A feed reader shows it away from the
 * site, so every address in it is absolute: a root-relative one is a site
 * path (photo variants, `/photos/…`, and links the author wrote as
 * `/news/other.html`) and goes from the base URL, as the page links it
 * under a path prefix; any other relative address (`#note`, `../x.html`)
 * is resolved against the article's own address, as the page's reader
 * would follow it. Images load from the site only, or from the
 * remote photos the author linked with `images.remote: "link"`: anything
 * else an image would load is dropped (the sanitiser already keeps raw
 * HTML's images on the site; this holds whatever the body's source).
 */
export function feedHtml(article: Article, urls: SiteUrls): string {
  // Each feed carrying the article (the site's, its section's; Atom and JSON) writes the same HTML: made once.
  const made = feedHtmlMade.get(article);
  if (made?.base === urls.base) return made.html;
  const html = makeFeedHtml(article, urls);
  feedHtmlMade.set(article, { base: urls.base, html });
  return html;
}

/** feedHtml's HTML by article (an Article is never changed once made), for the base URL it was made with. */
const feedHtmlMade = new WeakMap<Article, { base: string; html: string }>();

function makeFeedHtml(article: Article, urls: SiteUrls): string {
  const page = urls.absolute(article.url);
  const siteOrigin = new URL(urls.base).origin;
  const linked = new Set(article.remoteImages ?? []);
  return rewriteUrls(
    article.bodyHtml,
    (url, { tag, attr }) => {
      let absolute: string;
      const sitePath = rootRelativePath(url);
      if (sitePath !== undefined) absolute = urls.absolute(sitePath);
      else if (SCHEME.test(url)) absolute = url;
      else {
        try {
          absolute = new URL(url, page).href;
        } catch {
          return undefined;
        }
      }
      if (!loadsResource(tag, attr) || linked.has(url)) return absolute;
      return URL.canParse(absolute) && new URL(absolute).origin === siteOrigin ? absolute : undefined;
    },
    { img: "src", source: "srcset" },
  );
}

/**
 * A value `feed` writes into an XML attribute without escaping it: its
 * serialiser (xml-js) escapes only `"` in attributes, and `feed` adds `&`
 * for link hrefs but not for categories or the photo enclosure. `&` and
 * `<` are escaped here, `"` is left to the serialiser.
 */
function attributeText(text: string): string {
  return escapeMarkup(xmlText(text), "xml-amp-lt");
}

/** Who an item is by: its authors (front matter `author`), else its source (`Xinhua`). */
function itemAuthors(article: ArticleMeta): readonly string[] {
  return article.authors ?? [article.source];
}

export function atomFeed(spec: FeedSpec<Article>, site: SiteSettings, urls: SiteUrls, buildTimeMs: number): string {
  const tz = site.timeZone;
  // Every value goes through xmlText: a character XML forbids would make the whole file malformed (src/site/xml.ts).
  const feed = new Feed({
    id: xmlText(urls.absolute(spec.home)),
    title: xmlText(spec.title),
    link: xmlText(urls.absolute(spec.home)),
    language: xmlText(spec.language),
    updated: new ZonedDate(feedUpdated(spec, buildTimeMs), tz),
    generator: "newsmirror",
    feedLinks: { atom: xmlText(urls.absolute(spec.atom)), json: xmlText(urls.absolute(spec.json)) },
    author: { name: xmlText(site.name), link: xmlText(urls.base) },
  });
  for (const article of spec.articles) {
    const image = articleImage(article);
    // `feed` marks title and summary type="html": as HTML they must be escaped text.
    feed.addItem({
      title: escapeHtml(xmlText(article.title)),
      id: xmlText(urls.absolute(article.url)),
      link: xmlText(urls.absolute(article.url)),
      date: new ZonedDate(modifiedMs(article), tz),
      published: new ZonedDate(article.published.epochMs, tz),
      description: escapeHtml(xmlText(summaryOf(article))),
      content: xmlText(feedHtml(article, urls)),
      author: itemAuthors(article).map((name) => ({ name: xmlText(name) })),
      category: article.tags.map((tag) => ({ name: attributeText(tag), term: attributeText(tag) })),
      ...(image ? { image: attributeText(/^https?:/i.test(image.url) ? image.url : urls.absolute(image.url)) } : {}),
    });
  }
  return feed.atom1();
}

export function jsonFeed(spec: FeedSpec<Article>, site: SiteSettings, urls: SiteUrls): string {
  const tz = site.timeZone;
  const feed = {
    version: JSON_FEED_VERSION,
    title: spec.title,
    home_page_url: urls.absolute(spec.home),
    feed_url: urls.absolute(spec.json),
    language: spec.language,
    authors: [{ name: site.name, url: urls.base }],
    items: spec.articles.map((article) => {
      const image = articleImage(article);
      return {
        id: urls.absolute(article.url),
        url: urls.absolute(article.url),
        title: article.title,
        content_html: feedHtml(article, urls),
        summary: summaryOf(article),
        date_published: publishedIso(article, tz),
        date_modified: modifiedIso(article, tz),
        authors: itemAuthors(article).map((name) => ({ name })),
        language: article.language,
        ...(article.tags.length > 0 ? { tags: article.tags } : {}),
        ...(image ? { image: /^https?:/i.test(image.url) ? image.url : urls.absolute(image.url) } : {}),
      };
    }),
  };
  return `${JSON.stringify(feed, null, 1)}\n`;
}

/** The Atom and JSON files of each feed; their articles' bodies are read where a build writes them (loadFeedBodies). */
export function feedFiles(
  specs: readonly FeedSpec[],
  site: SiteSettings,
  urls: SiteUrls,
  buildTimeMs: number,
): OutputFile[] {
  return specs.flatMap((spec) => [
    new FeedFile(spec.atom, spec, (full) => atomFeed(full, site, urls, buildTimeMs), buildTimeMs),
    new FeedFile(spec.json, spec, (full) => jsonFeed(full, site, urls), buildTimeMs),
  ]);
}
