/**
 * Property (issue 13): for random titles and bodies, including control
 * characters, bidi controls and raw HTML, with `markdown.html` on and off
 * and a base URL with or without a path, whatever the build accepts comes
 * out valid:
 *
 * - every XML file (Atom feeds, sitemaps, news sitemap) is well-formed XML
 *   1.0, every JSON feed parses;
 * - every HTML page (article pages, home, listings) passes html-validate;
 * - no URL in a page or a feed points off the site, except the links the
 *   author wrote (and the template's own, fixed links);
 * - a one-line field with a C0 control or a bidi override is refused, naming
 *   the file and the field; a body with one is accepted with a warning.
 *
 * In process, the way tests/fuzz.test.ts runs the page pipeline, so that it
 * can try hundreds of cases; tests/hostile-site.test.ts builds fixed hostile
 * sites through the CLI. OUTPUT_RUNS sets the number of cases (default 50; every run draws new ones).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../src/article/article.ts";
import { parseXml } from "../src/check/feeds.ts";
import { validateHtml } from "../src/check/site-check.ts";
import { formatProblem } from "../src/errors.ts";
import { assembleNewsSite } from "../src/site/news-site.ts";
import type { SiteSettings } from "../src/settings/settings.ts";
import { render as renderArticle } from "../templates/article.ts";
import { render as renderHome } from "../templates/home.11ty.ts";
import { render as renderListing } from "../templates/listing.11ty.ts";
import { urlsIn, xmlErrors } from "./helpers/hostile.ts";
import { buildPage, settingsWith } from "./helpers/pipeline.ts";

const RUNS = Number(process.env.OUTPUT_RUNS ?? 50);

/** Links an author may write; they are the only off-site URLs allowed in the output. */
const AUTHOR_LINKS = ["https://example.com/story", "https://example.net/a?b=1&c=2", "mailto:desk@example.com"];
/** Remote images: never allowed to appear on a page or in a feed (images.remote is "error"). */
const TRACKER = "https://tracker.example/pixel.png";

const CONTROLS = ["\u0000", "\u0001", "\u0007", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f", "\u0085", "\u009b"];
const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];
const TEXT = [
  "Xi",
  "中文",
  "Ü",
  "😀",
  "—",
  "&",
  "&amp;",
  "<",
  ">",
  '"',
  "'",
  "]]>",
  "<!--",
  "<b>",
  "</p>",
  "{{ x }}",
  " ",
  "\t",
  "\ufffe",
  "\ud800",
];

/** Raw HTML and Markdown an author (or an attacker) might put in a body. */
const BODY_PIECES = [
  `[a link](${AUTHOR_LINKS[0]})`,
  `<a href="${AUTHOR_LINKS[1]}" id="view-switch" name="top">raw link</a>`,
  `[mail](${AUTHOR_LINKS[2]})`,
  "[inside](/news/other.html)",
  "[relative](other.html)",
  "[fragment](#section-2)",
  `<img src="${TRACKER}" alt="t">`,
  `<img src="/photos/x.jpg" srcset="${TRACKER} 1x, /photos/x.jpg 2x" alt="t">`,
  `<picture><source srcset="${TRACKER}"><img src="x.jpg" alt="p"></picture>`,
  `<object data="${TRACKER}"></object>`,
  `<embed src="${TRACKER}">`,
  `<iframe src="https://example.com/"></iframe>`,
  `<video poster="${TRACKER}" src="${TRACKER}"></video>`,
  `<link rel="stylesheet" href="https://evil.example/x.css">`,
  `<style>body{background:url(${TRACKER})}</style>`,
  `<p style="background:url(${TRACKER})">styled</p>`,
  `<a href="javascript:alert(1)">js</a>`,
  `<form action="https://evil.example/"><input name="q"></form>`,
  `<div id="main" class="Artical_Content">collide</div>`,
  "<table><tr><td>cell</td></tr></table>",
  "<figure><figcaption>cap</figcaption></figure>",
  "<script>alert(1)</script>",
  '<svg><a href="javascript:x">s</a></svg>',
];

const oneLinePiece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROLS) },
  { weight: 1, arbitrary: fc.constantFrom(...BIDI) },
);
const title = fc
  .array(oneLinePiece, { minLength: 1, maxLength: 6 })
  .map((parts) => `T ${parts.join("")}`.replace(/[\r\n\u2028\u2029]/g, " "));

const bodyPiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TEXT) },
  { weight: 4, arbitrary: fc.constantFrom(...BODY_PIECES) },
  { weight: 2, arbitrary: fc.constantFrom("\n", "\n\n", "\n- ", "\n> ", "\n```\n", "\n# ") },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROLS, ...BIDI) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const body = fc
  .array(bodyPiece, { minLength: 1, maxLength: 20 })
  .map((parts) => `First paragraph. ${parts.join(" ")}\n`);

/** A YAML double-quoted scalar: every character survives, controls as escapes (`\x01`). */
function yamlQuoted(text: string): string {
  return JSON.stringify(text).replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => `\\u${hex}`);
}

const articleInput = fc.record({
  title,
  body,
  /** Controls written raw into the file, or as YAML escapes in a quoted title. */
  quoted: fc.boolean(),
  section: fc.constantFrom("news", "culture", "statecouncil/weifenghe"),
  tag: fc.constantFrom(undefined, "Belt & Road", "<tag>", "a\u0001b"),
  day: fc.integer({ min: 1, max: 28 }),
});
type ArticleInput = typeof articleInput extends fc.Arbitrary<infer T> ? T : never;

function fileText(input: ArticleInput, index: number): string {
  const lines = [
    `title: ${input.quoted ? yamlQuoted(input.title) : yamlQuoted(input.title.replace(/[\u0000-\u001f\u007f-\u009f]/g, ""))}`,
    `updated: 2021-07-${String(input.day).padStart(2, "0")}T07:0${index}:00+08:00`,
    "source: Xinhua",
    `section: ${input.section}`,
    ...(input.tag === undefined ? [] : [`tags: [${yamlQuoted(input.tag)}]`]),
  ];
  // Raw controls in the file itself, not only as escapes: what a paste does.
  // A plain YAML scalar ends at " #" (a comment) and ": " (a mapping): such a line would not be the title the test assumes.
  const plain = (t: string) =>
    t
      .replace(/^[\s"'[{>|!&*%@`#-]+/, "")
      .replace(/([ \t])#/g, "$1＃")
      .replace(/:(?=[ \t])/g, "：");
  const raw = input.quoted ? lines : lines.map((l) => (l.startsWith("title:") ? `title: ${plain(input.title)}x` : l));
  return `---\n${raw.join("\n")}\n---\n${input.body}`;
}

/** Characters a one-line field must refuse. */
const FORBIDDEN_IN_LINE = /[\u0000-\u0008\u000a-\u001f\u202a-\u202e\u2066-\u2069]/;
/** Characters that may or may not be refused (DEL, C1, noncharacters, lone surrogates): the property does not insist. */
const DOUBTFUL_IN_LINE = /[\u007f-\u009f\ufffe\uffff]|[\ud800-\udfff]/;

interface Site {
  settings: SiteSettings;
}

const site = fc
  .record({
    html: fc.boolean(),
    baseUrl: fc.constantFrom("https://english.www.gov.cn/", "https://example.org/mirror/"),
  })
  .map(({ html, baseUrl }): Site => ({ settings: settingsWith({ markdown: { html }, baseUrl }) }));

/** Off-site URLs of the template itself, for one harmless article: allowed everywhere. */
function templateUrls(settings: SiteSettings): Set<string> {
  const { page } = buildPage(
    `---\ntitle: Plain\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\nText.\n`,
    settings,
  );
  return new Set(
    urlsIn(page!)
      .map((u) => u.url)
      .filter((u) => offSite(u, settings)),
  );
}

function offSite(url: string, settings: SiteSettings): boolean {
  if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return false; // relative: this site
  return !url.startsWith(settings.baseUrl);
}

/** Every problem with the site these articles make: invalid XML, JSON or HTML, or an off-site URL. */
function siteProblems(articles: Article[], settings: SiteSettings): string[] {
  const problems: string[] = [];
  const newsSite = assembleNewsSite(articles, settings, { buildTimeMs: Date.UTC(2026, 0, 1) });
  const allowed = new Set([...templateUrls(settings), ...AUTHOR_LINKS]);
  const checkUrls = (where: string, markup: string, { absolute }: { absolute: boolean }) => {
    for (const { tag, attr, url } of urlsIn(markup)) {
      if (offSite(url, settings) && !allowed.has(url))
        problems.push(`${where}: <${tag} ${attr}> points off the site: ${url}`);
      if (absolute && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("#"))
        problems.push(`${where}: <${tag} ${attr}> is not absolute: ${url}`);
    }
  };
  for (const file of newsSite.files) {
    if (file.url.endsWith(".xml")) {
      for (const error of xmlErrors(file.content)) problems.push(`${file.url}: ${error}`);
      // Feed HTML is escaped text inside <content type="html">: check its URLs as markup.
      if (!problems.some((p) => p.startsWith(file.url)))
        for (const html of atomContents(file.content)) checkUrls(file.url, html, { absolute: true });
    } else if (file.url.endsWith(".json")) {
      let feed: { items?: { content_html?: string }[] } = {};
      try {
        feed = JSON.parse(file.content) as typeof feed;
      } catch (error) {
        problems.push(`${file.url}: not JSON: ${(error as Error).message}`);
      }
      for (const item of feed.items ?? []) checkUrls(file.url, item.content_html ?? "", { absolute: true });
    }
  }
  const pages: [string, string][] = [
    ...articles.map((article): [string, string] => [
      article.url,
      renderArticle({ article, site: settings, urls: newsSite.urls, dev: false }),
    ]),
    [
      "/index.html",
      renderHome({ site: settings, newsSite, page: { url: "/index.html" } } as unknown as Parameters<
        typeof renderHome
      >[0]),
    ],
    ...newsSite.pages.map((listing): [string, string] => [
      listing.url,
      renderListing({ site: settings, newsSite, listing, page: { url: listing.url } } as unknown as Parameters<
        typeof renderListing
      >[0]),
    ]),
  ];
  for (const [url, markup] of pages) {
    for (const p of validateHtml(markup, url)) problems.push(`${url}:${p.line ?? ""} ${p.message}`);
    checkUrls(url, markup, { absolute: false });
  }
  return problems;
}

/** The HTML of each Atom entry's `<content type="html">`, as an XML parser reads it (entities and CDATA). */
function atomContents(xml: string): string[] {
  const { root } = parseXml(xml);
  return (root?.children ?? [])
    .filter((e) => e.local === "entry")
    .flatMap((entry) => entry.children.filter((c) => c.local === "content").map((c) => c.text));
}

describe("output validity (property)", () => {
  it("whatever the build accepts is valid XML, JSON and HTML, and links off the site only where the author did", () => {
    fc.assert(
      fc.property(site, fc.array(articleInput, { minLength: 1, maxLength: 3 }), ({ settings }, inputs) => {
        const accepted: Article[] = [];
        inputs.forEach((input, i) => {
          const file = `content/a${i}.md`;
          const text = fileText(input, i);
          const parsed = buildPage(text, settings, file);
          const titleOfFile = /^title: (.*)$/m.exec(text)![1]!;
          const shownTitle = input.quoted ? input.title : titleOfFile;
          if (FORBIDDEN_IN_LINE.test(shownTitle) || (input.tag !== undefined && FORBIDDEN_IN_LINE.test(input.tag))) {
            // A one-line field with a control or bidi override: refused, naming the file and the field.
            expect(
              parsed.article,
              `accepted ${JSON.stringify(shownTitle)} / tag ${JSON.stringify(input.tag)}`,
            ).toBeUndefined();
            expect(parsed.problems.map(formatProblem).join("\n")).toMatch(
              new RegExp(`^${file}:\\d+: (title|tags(\\.0)?): `, "m"),
            );
            return;
          }
          if (!parsed.article) {
            // Refusals other than the rules above: doubtful characters, remote images (images.remote is "error").
            const allowedRefusal =
              DOUBTFUL_IN_LINE.test(shownTitle) ||
              input.body.includes(TRACKER) ||
              /[\ud800-\udfff\ufffe\uffff]/.test(input.body);
            expect(
              allowedRefusal,
              `refused ${JSON.stringify(text)}: ${parsed.problems.map((p) => p.message).join("; ")}`,
            ).toBe(true);
            return;
          }
          if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(input.body)) {
            // Controls in a body are dropped or replaced, and the author is told.
            expect(
              parsed.problems.length + (parsed.warnings?.length ?? 0),
              "no warning for control characters in the body",
            ).toBeGreaterThan(0);
          }
          accepted.push(parsed.article);
        });
        if (accepted.length === 0) return;
        expect(siteProblems(accepted, settings)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
