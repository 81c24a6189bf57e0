/**
 * The site's machine-read files, as their readers take them: every `.xml`
 * file parsed by a conforming XML 1.0 parser (saxes: control characters,
 * undefined entities, unclosed tags and a second root are all errors), Atom
 * feeds checked for what RFC 4287 requires, sitemaps for what sitemaps.org
 * and Google News require, and JSON Feeds against JSON Feed 1.1
 * (https://jsonfeed.org/version/1.1) as a zod schema.
 */
import { SaxesParser } from "saxes";
import { z } from "zod";

export interface FileProblem {
  line?: number;
  message: string;
}

export interface XmlElement {
  uri: string;
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const ATOM = "http://www.w3.org/2005/Atom";
const SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS = "http://www.google.com/schemas/sitemap-news/0.9";

/** The document's element tree, or the parser's first complaint. Also the tests' XML reader (tests/helpers/hostile.ts). */
export function parseXml(text: string): { root?: XmlElement; error?: FileProblem } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let error: FileProblem | undefined;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on("error", (e) => {
    // saxes says "3:14: disallowed character."; we keep its words, with our line.
    const match = /^(\d+):(\d+): (.*?)\.?$/s.exec(e.message);
    error ??= {
      line: match ? Number(match[1]) : parser.line,
      message: `not well-formed XML: ${match ? match[3] : e.message} (column ${match ? match[2] : parser.column}); feed readers and search engines reject the whole file`,
    };
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes))
      attributes[name] = typeof attr === "string" ? attr : attr.value;
    const element: XmlElement = {
      uri: tag.uri ?? "",
      local: tag.local ?? tag.name,
      attributes,
      children: [],
      text: "",
      line: parser.line,
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on("closetag", () => void stack.pop());
  const addText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= { message: `not well-formed XML: ${(e as Error).message}` };
  }
  return error ? { error } : { root: root! };
}

const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
/** W3C Datetime (sitemaps' lastmod): a date, or a date and time with a zone. */
const W3C_DATETIME =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?)?)?$/;
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

const kids = (parent: XmlElement, uri: string, local: string) =>
  parent.children.filter((c) => c.uri === uri && c.local === local);

function atomProblems(feed: XmlElement): FileProblem[] {
  const problems: FileProblem[] = [];
  const exactlyOne = (parent: XmlElement, local: string, what: string) => {
    const found = kids(parent, ATOM, local);
    if (found.length !== 1)
      problems.push({
        line: found[1]?.line ?? parent.line,
        message: `Atom ${what} has ${found.length === 0 ? "no" : found.length} <${local}>; RFC 4287 requires exactly one`,
      });
    return found[0];
  };
  const date = (element: XmlElement | undefined) => {
    if (element && !RFC3339.test(element.text.trim()))
      problems.push({
        line: element.line,
        message: `Atom <${element.local}> ${JSON.stringify(element.text.trim().slice(0, 40))} is not an RFC 3339 date-time (e.g. 2021-07-28T07:01:00+08:00)`,
      });
  };
  const id = (element: XmlElement | undefined) => {
    if (element && !ABSOLUTE_IRI.test(element.text.trim()))
      problems.push({
        line: element.line,
        message: `Atom <id> ${JSON.stringify(element.text.trim().slice(0, 60))} is not an absolute IRI`,
      });
  };
  const authors = (parent: XmlElement, what: string) => {
    const found = kids(parent, ATOM, "author");
    for (const author of found) {
      if (kids(author, ATOM, "name").length !== 1)
        problems.push({ line: author.line, message: `Atom <author> in the ${what} needs exactly one <name>` });
    }
    return found.length > 0;
  };
  for (const link of feed.children.filter((c) => c.uri === ATOM && c.local === "link")) {
    if (!link.attributes.href) problems.push({ line: link.line, message: "Atom <link> has no href" });
  }
  id(exactlyOne(feed, "id", "feed"));
  exactlyOne(feed, "title", "feed");
  date(exactlyOne(feed, "updated", "feed"));
  const feedHasAuthor = authors(feed, "feed");
  for (const entry of kids(feed, ATOM, "entry")) {
    id(exactlyOne(entry, "id", "entry"));
    exactlyOne(entry, "title", "entry");
    date(exactlyOne(entry, "updated", "entry"));
    for (const published of kids(entry, ATOM, "published")) date(published);
    if (!authors(entry, "entry") && !feedHasAuthor)
      problems.push({
        line: entry.line,
        message: "Atom entry has no <author>, and neither has the feed; RFC 4287 requires one",
      });
    const links = kids(entry, ATOM, "link");
    for (const link of links)
      if (!link.attributes.href) problems.push({ line: link.line, message: "Atom <link> has no href" });
    const alternate = links.some((l) => (l.attributes.rel ?? "alternate") === "alternate");
    if (kids(entry, ATOM, "content").length === 0 && !alternate)
      problems.push({
        line: entry.line,
        message: 'Atom entry has neither <content> nor <link rel="alternate">; RFC 4287 requires one',
      });
    if (kids(entry, ATOM, "content").length > 1)
      problems.push({ line: entry.line, message: "Atom entry has more than one <content>" });
  }
  return problems;
}

/** What a sitemap lists: each `<loc>` with its line, for the caller to find in the site. */
export interface SitemapUrl {
  url: string;
  line: number;
}

function sitemapProblems(root: XmlElement, locs: SitemapUrl[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const index = root.local === "sitemapindex";
  const itemName = index ? "sitemap" : "url";
  const items = kids(root, SITEMAP, itemName);
  if (items.length > 50_000)
    problems.push({ line: root.line, message: `lists ${items.length} URLs; a sitemap may hold at most 50,000` });
  for (const item of items) {
    const loc = kids(item, SITEMAP, "loc");
    const url = loc[0]?.text.trim() ?? "";
    if (loc.length !== 1)
      problems.push({
        line: item.line,
        message: `sitemap <${itemName}> has ${loc.length === 0 ? "no" : loc.length} <loc>; it needs exactly one`,
      });
    else if (!HTTP_URL.test(url) || url.length > 2048)
      problems.push({
        line: loc[0]!.line,
        message: `sitemap <loc> ${JSON.stringify(url.slice(0, 60))} is not an absolute http(s) URL`,
      });
    else locs.push({ url, line: loc[0]!.line });
    for (const lastmod of kids(item, SITEMAP, "lastmod")) {
      if (!W3C_DATETIME.test(lastmod.text.trim()))
        problems.push({
          line: lastmod.line,
          message: `sitemap <lastmod> ${JSON.stringify(lastmod.text.trim().slice(0, 40))} is not a W3C date (e.g. 2021-07-28T07:01:00+08:00)`,
        });
    }
    for (const news of kids(item, NEWS, "news")) {
      const publication = kids(news, NEWS, "publication")[0];
      const missing = [
        ...(publication
          ? ["name", "language"]
              .filter((n) => kids(publication, NEWS, n).length !== 1)
              .map((n) => `news:publication/news:${n}`)
          : ["news:publication"]),
        ...["publication_date", "title"].filter((n) => kids(news, NEWS, n).length !== 1).map((n) => `news:${n}`),
      ];
      if (missing.length > 0)
        problems.push({ line: news.line, message: `Google News <news:news> needs exactly one ${missing.join(", ")}` });
      for (const date of kids(news, NEWS, "publication_date")) {
        if (!W3C_DATETIME.test(date.text.trim()))
          problems.push({
            line: date.line,
            message: `<news:publication_date> ${JSON.stringify(date.text.trim().slice(0, 40))} is not a W3C date`,
          });
      }
    }
  }
  return problems;
}

/**
 * Problems of one XML file: not well-formed (the first error), or an Atom
 * feed or sitemap missing what its specification requires. A sitemap's
 * URLs are added to `locs`.
 */
export function xmlProblems(text: string, locs: SitemapUrl[] = []): FileProblem[] {
  const { root, error } = parseXml(text);
  if (error) return [error];
  if (root!.uri === ATOM && root!.local === "feed") return atomProblems(root!);
  if (root!.local === "entry" && root!.uri === ATOM)
    return [{ line: root!.line, message: "an Atom entry document; a feed's root is <feed>" }];
  if (root!.uri === SITEMAP && (root!.local === "urlset" || root!.local === "sitemapindex"))
    return sitemapProblems(root!, locs);
  if (root!.local === "urlset" || root!.local === "sitemapindex")
    return [{ line: root!.line, message: `<${root!.local}> is not in the sitemap namespace (${SITEMAP})` }];
  return [];
}

// ---------------------------------------------------------------------------
// JSON Feed 1.1

const url = z.string().min(1);
const date = z.string().regex(RFC3339, "is not an RFC 3339 date-time");
const author = z
  .looseObject({ name: z.string().optional(), url: url.optional(), avatar: url.optional() })
  .refine(
    (a) => a.name !== undefined || a.url !== undefined || a.avatar !== undefined,
    "an author needs a name, url or avatar",
  );

const JsonFeedItem = z
  .looseObject({
    id: z.string().min(1),
    url: url.optional(),
    external_url: url.optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: url.optional(),
    banner_image: url.optional(),
    date_published: date.optional(),
    date_modified: date.optional(),
    authors: z.array(author).optional(),
    tags: z.array(z.string()).optional(),
    language: z.string().optional(),
    attachments: z
      .array(
        z.looseObject({
          url,
          mime_type: z.string().min(1),
          title: z.string().optional(),
          size_in_bytes: z.number().optional(),
          duration_in_seconds: z.number().optional(),
        }),
      )
      .optional(),
  })
  .refine(
    (item) => item.content_html !== undefined || item.content_text !== undefined,
    "an item needs content_html or content_text",
  );

/** JSON Feed 1.1's required fields and the types of the rest (extensions, `_name`, pass). */
export const JsonFeedSchema = z.looseObject({
  version: z.literal("https://jsonfeed.org/version/1.1"),
  title: z.string().min(1),
  home_page_url: url.optional(),
  feed_url: url.optional(),
  description: z.string().optional(),
  user_comment: z.string().optional(),
  next_url: url.optional(),
  icon: url.optional(),
  favicon: url.optional(),
  authors: z.array(author).optional(),
  language: z.string().optional(),
  expired: z.boolean().optional(),
  items: z.array(JsonFeedItem),
});

/** The field a zod issue names, as JSON Feed writes it: `items[3].id`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("") || "the feed"
  );
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type")
    return issue.input === undefined
      ? "is required but missing"
      : `must be ${issue.expected === "array" ? "a list" : issue.expected === "object" ? "an object" : issue.expected === "string" ? "text" : `a ${issue.expected}`}`;
  if (issue.code === "invalid_value") return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
  if (issue.code === "too_small") return "must not be empty";
  return issue.message;
}

/**
 * Problems of one `.json` file: not JSON, or (a JSON Feed: named feed.json,
 * or saying it is one) not a valid JSON Feed 1.1. The first few are enough.
 */
export function jsonProblems(text: string, isFeed: boolean): FileProblem[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return [{ message: `not valid JSON (${(error as Error).message.replace(/^JSON\.parse: /, "")})` }];
  }
  const claims =
    typeof data === "object" &&
    data !== null &&
    typeof (data as { version?: unknown }).version === "string" &&
    (data as { version: string }).version.startsWith("https://jsonfeed.org/version/");
  if (!isFeed && !claims) return [];
  const parsed = JsonFeedSchema.safeParse(data);
  if (parsed.success) return [];
  return parsed.error.issues
    .slice(0, 5)
    .map((issue) => ({ message: `JSON Feed 1.1: ${fieldPath(issue.path)}: ${issueText(issue)}` }));
}
