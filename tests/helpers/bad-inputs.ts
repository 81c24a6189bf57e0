/**
 * Every bad input a user can give newsmirror, with the exact line it must
 * produce. tests/errors.test.ts builds them all (one content folder, one
 * build: all problems at once) and checks each line; docs/errors.md is
 * generated from this list (`npm run docs:errors`) and a test keeps it equal
 * to what the generator would write, so the table cannot drift from the truth.
 */
import { readFileSync } from "node:fs";

const VALID = "updated: 2021-07-28T07:01:00+08:00\nsource: Xinhua";

/** A hostile input kept as a file (tests/fixtures/hostile/). */
const hostile = (name: string) => readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url));

export interface BadInput {
  /** What is wrong, for the table. */
  what: string;
  /** Files below `content/` (path → text or bytes). */
  files: Record<string, string | Buffer>;
  /** The exact line(s) the build prints, paths as seen from the project root. */
  expected: string[];
  /** Symbolic links below `content/` (path → target, as written in the link). */
  links?: Record<string, string>;
}

const aliasBomb = [
  "---",
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ...["b", "c", "d", "e", "f", "g", "h"].map((k, i, all) => {
    const prev = i === 0 ? "a" : all[i - 1];
    return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(", ")}]`;
  }),
  "---",
  "Body",
  "",
].join("\n");

export const BAD_INPUTS: BadInput[] = [
  {
    what: "invalid YAML",
    files: { "invalid-yaml.md": `---\ntitle: [unclosed\n${VALID}\n---\nBody\n` },
    expected: [
      "content/invalid-yaml.md:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  },
  {
    what: "front matter not closed",
    files: { "unclosed.md": `---\ntitle: T\n${VALID}\nBody\n` },
    expected: ["content/unclosed.md:1: front matter is not closed: add a line `---` after the last field"],
  },
  {
    what: "no front matter at all",
    files: { "no-front-matter.md": "Just a paragraph.\n" },
    expected: ["content/no-front-matter.md:1: no front matter: the file must start with a line `---`"],
  },
  {
    what: "empty file",
    files: { "empty.md": "" },
    expected: ["content/empty.md:1: the file is empty; an article needs front matter (title, updated, source)"],
  },
  {
    what: "front matter that is a list, not fields",
    files: { "list.md": "---\n- a\n- b\n---\nBody\n" },
    expected: ["content/list.md:2: front matter must be a set of `field: value` lines"],
  },
  {
    what: "missing required field",
    files: { "missing-source.md": "---\ntitle: T\nupdated: 2021-07-28T07:01:00+08:00\n---\nBody\n" },
    expected: ["content/missing-source.md: source: is required but missing"],
  },
  {
    what: "wrong type: a list where text goes",
    files: { "title-list.md": `---\ntitle:\n  - a\n  - b\n${VALID}\n---\nBody\n` },
    expected: ["content/title-list.md:2: title: must be text, but is a list"],
  },
  {
    what: "wrong type: text where true/false goes",
    files: { "draft-yes.md": `---\ntitle: T\n${VALID}\ndraft: yes\n---\nBody\n` },
    expected: ['content/draft-yes.md:5: draft: must be true or false, but is the text "yes"'],
  },
  {
    what: "YAML reads an unquoted value as a number",
    files: { "id-number.md": `---\ntitle: T\n${VALID}\nid: 6100e123\n---\nBody\n` },
    expected: [
      "content/id-number.md:5: id: must be text, but is a number (YAML read 6.1e+126); put the value in quotes",
    ],
  },
  {
    what: "`updated` not a date",
    files: { "updated-word.md": "---\ntitle: T\nupdated: yesterday\nsource: X\n---\nBody\n" },
    expected: [
      'content/updated-word.md:3: updated: "yesterday" is not a date with a UTC offset (e.g. 2021-07-28T07:01:00+08:00)',
    ],
  },
  {
    what: "`updated` a date only (and month 13)",
    files: { "updated-month-13.md": '---\ntitle: T\nupdated: "2021-13-01"\nsource: X\n---\nBody\n' },
    expected: [
      'content/updated-month-13.md:3: updated: "2021-13-01" has no UTC offset (e.g. 2021-07-28T07:01:00+08:00)',
    ],
  },
  {
    what: "`updated` without a UTC offset",
    files: { "updated-no-offset.md": "---\ntitle: T\nupdated: 2021-07-28T07:01:00\nsource: X\n---\nBody\n" },
    expected: [
      'content/updated-no-offset.md:3: updated: "2021-07-28T07:01:00" has no UTC offset (e.g. 2021-07-28T07:01:00+08:00)',
    ],
  },
  {
    what: "`updated` an impossible date (Feb 30)",
    files: { "updated-feb-30.md": "---\ntitle: T\nupdated: 2021-02-30T07:01:00+08:00\nsource: X\n---\nBody\n" },
    expected: [
      'content/updated-feb-30.md:3: updated: "2021-02-30T07:01:00+08:00" is not a real calendar date: February 2021 has 28 days',
    ],
  },
  {
    what: "unknown field, near a known one",
    files: { "unknown-field.md": `---\ntitle: T\n${VALID}\ndatline: DUSHANBE\n---\nBody\n` },
    expected: ["content/unknown-field.md:5: datline: unknown field; did you mean `dateline`?"],
  },
  {
    what: "the same field twice",
    files: { "duplicate-field.md": `---\ntitle: T\ntitle: U\n${VALID}\n---\nBody\n` },
    expected: ["content/duplicate-field.md:3: invalid YAML: Map keys must be unique"],
  },
  {
    what: "`id` of the wrong shape",
    files: { "bad-id.md": `---\ntitle: T\n${VALID}\nid: xyz\n---\nBody\n` },
    expected: [
      'content/bad-id.md:5: id: "xyz" must be 24 lower-case hex digits (english.www.gov.cn, e.g. 61009037c6d0df57f98ddaf8) or 7 digits (www.gov.cn, e.g. 5626689)',
    ],
  },
  {
    what: "two articles writing the same page",
    files: {
      "same-a.md": `---\ntitle: Same title\n${VALID}\n---\nA\n`,
      "same-b.md": `---\ntitle: Same title\n${VALID}\n---\nB\n`,
    },
    expected: [
      "content/same-a.md: writes the same page as content/same-b.md (/202107/28/same-title.html); give one a different id, title or section",
    ],
  },
  {
    what: "not valid UTF-8",
    files: {
      "latin1.md": Buffer.concat([
        Buffer.from("---\ntitle: Caf"),
        Buffer.from([0xe9]),
        Buffer.from(`\n${VALID}\n---\nBody\n`),
      ]),
    },
    expected: ["content/latin1.md:2: is not valid UTF-8 text; save it as UTF-8"],
  },
  {
    what: "title over 300 characters",
    files: { "long-title.md": `---\ntitle: ${"a".repeat(301)}\n${VALID}\n---\nBody\n` },
    expected: [`content/long-title.md:2: title: "${"a".repeat(60)}…" is longer than 300 characters`],
  },
  {
    what: "title over two lines",
    files: { "two-line-title.md": `---\ntitle: "First\\nSecond"\n${VALID}\n---\nBody\n` },
    expected: ['content/two-line-title.md:2: title: "First\\nSecond" must be one line'],
  },
  {
    what: "file over 1 MiB",
    files: { "huge.md": `---\ntitle: Huge\n${VALID}\n---\n${"a".repeat(1024 * 1024)}\n` },
    expected: ["content/huge.md: is 1048647 bytes; an article may be at most 1048576 bytes (1 MiB)"],
  },
  {
    what: "`section` leaving the site (`..`)",
    files: { "section-dotdot.md": `---\ntitle: T\n${VALID}\nsection: ../../etc\n---\nBody\n` },
    expected: [
      'content/section-dotdot.md:5: section: "../../etc" must be a relative path of lower-case words, e.g. statecouncil/weifenghe',
    ],
  },
  {
    what: "`section` an absolute path",
    files: { "section-absolute.md": `---\ntitle: T\n${VALID}\nsection: /var/www\n---\nBody\n` },
    expected: [
      'content/section-absolute.md:5: section: "/var/www" must be a relative path of lower-case words, e.g. statecouncil/weifenghe',
    ],
  },
  {
    what: "front matter marked as JavaScript (`---js`)",
    files: { "front-matter-js.md": "---js\n{ title: require('fs').writeFileSync('PWNED', 'x') }\n---\nBody\n" },
    expected: ['content/front-matter-js.md:1: front matter marked "js" is not allowed; only YAML front matter is read'],
  },
  {
    what: "front matter marked as JSON (`---json`)",
    files: { "front-matter-json.md": '---json\n{"title": "T"}\n---\nBody\n' },
    expected: [
      'content/front-matter-json.md:1: front matter marked "json" is not allowed; only YAML front matter is read',
    ],
  },
  {
    what: "a YAML tag asking for code (`!!js/function`)",
    files: { "yaml-js-tag.md": `---\ntitle: !!js/function 'function () { return 1 }'\n${VALID}\n---\nBody\n` },
    expected: ["content/yaml-js-tag.md:2: invalid YAML: the tag !!js/function is not allowed; write plain values"],
  },
  {
    what: "hostile YAML: an alias bomb (9⁸ nodes)",
    files: { "alias-bomb.md": aliasBomb },
    expected: ["content/alias-bomb.md: invalid YAML: Excessive alias count indicates a resource exhaustion attack"],
  },
  {
    what: "hostile YAML: 100,000 nested brackets",
    files: { "deep-nesting.md": `---\ntitle: ${"[".repeat(100_000)}\n---\nBody\n` },
    expected: ["content/deep-nesting.md:2: invalid YAML: nested more than 64 levels deep"],
  },
  {
    what: "a control character in a one-line field (title, source, dateline, tags, photo alt…), raw or as a YAML escape (`\\x01`, `\\0`, `\\v`)",
    files: {
      "title-control.md": hostile("controls/title-raw-soh.md"),
      "title-escape-vt.md": hostile("controls/title-escape-vt.md"),
    },
    expected: [
      'content/title-control.md:2: title: "Tea\\u0001harvest begins" holds the invisible control character U+0001, which feeds and sitemaps cannot carry; remove it',
      'content/title-escape-vt.md:2: title: "Tea\\u000bharvest begins" holds the invisible control character U+000B (vertical tab), which feeds and sitemaps cannot carry; remove it',
    ],
  },
  {
    what: "a noncharacter (U+FFFE, U+FFFF) or half a surrogate pair in a one-line field",
    files: { "title-uffff.md": hostile("controls/title-escape-uffff.md") },
    expected: [
      'content/title-uffff.md:2: title: "Tea\\uffffharvest begins" holds U+FFFF, a noncharacter, which is not text; remove it',
    ],
  },
  {
    what: "a bidi override or isolate (U+202A–U+202E, U+2066–U+2069) in a one-line field",
    files: { "title-bidi.md": hostile("bidi/title-rlo-raw.md") },
    expected: [
      'content/title-bidi.md:2: title: "Harvest \\u202eseod\\u202c begins" holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible control that changes the direction of the text around it, so what readers see can differ from what is written; remove it',
    ],
  },
  {
    what: "a year before 1900 (a century typo; site.json's `dates.earliest` allows earlier years)",
    files: { "year-0021.md": hostile("dates/year-0021.md") },
    expected: [
      'content/year-0021.md:3: updated: "0021-07-28T07:01:00+08:00" is in the year 0021, before 1900; check the century (site.json\'s "dates": { "earliest": … } allows earlier years)',
    ],
  },
  {
    what: "a year after 2200 (site.json's `dates.latest` allows later years)",
    files: { "year-9999.md": hostile("dates/year-9999.md") },
    expected: [
      'content/year-9999.md:3: updated: "9999-12-31T23:59:59+00:00" is in the year 9999, after 2200; check the year (site.json\'s "dates": { "latest": … } allows later years)',
    ],
  },
  {
    what: "an article and a listing writing the same file",
    files: {
      "listing/index.md": hostile("listing-overwrite/index.md"),
      "listing/day-section.md": hostile("listing-overwrite/day-section.md"),
    },
    expected: [
      "content/listing/index.md: writes /news/202107/28/index.html, which the section listing news/202107/28 writes too; give the article another title or id, or its section another name",
    ],
  },
  {
    what: "`section` a folder the site itself uses (archive, assets, authors, corrections, pagefind, photos, topics)",
    files: { "section-photos.md": `---\ntitle: T\n${VALID}\nsection: photos/2021\n---\nBody\n` },
    expected: [
      'content/section-photos.md:5: section: "photos/2021" must not start with a folder the site itself uses (archive, assets, authors, corrections, pagefind, photos, topics); choose another section name',
    ],
  },
  {
    what: "wrong type: a set of fields where a list goes",
    files: { "tags-mapping.md": `---\ntitle: T\n${VALID}\ntags:\n  economy: 1\n---\nBody\n` },
    expected: ["content/tags-mapping.md:5: tags: must be a list of words ([economy, trade]), but is a set of fields"],
  },
  {
    what: "a field over its length (source: 200 characters, dateline: 80, summary: 1000)",
    files: {
      "long-source.md": `---\ntitle: T\nupdated: 2021-07-28T07:01:00+08:00\nsource: ${"x".repeat(201)}\n---\nBody\n`,
    },
    expected: [`content/long-source.md:4: source: "${"x".repeat(60)}…" is longer than 200 characters`],
  },
  {
    what: "a photo of 20000×20000 pixels (a PNG header claiming them; its pixels are never decoded)",
    files: {
      "huge-photo.md": `---\ntitle: T\n${VALID}\n---\n![A huge photo](huge-20000x20000.png)\n`,
      "huge-20000x20000.png": readFileSync(new URL("../fixtures/hostile/photos/huge-20000x20000.png", import.meta.url)),
    },
    expected: [
      'content/huge-photo.md:6: photo "huge-20000x20000.png" is too large: 20000×20000 pixels (400 megapixels); a photo may have at most 50 megapixels (images.maxPixels in site.json): make it smaller',
    ],
  },
  {
    what: "raw HTML (`markdown.html` on) showing a photo file beside the article: only Markdown photos are published",
    files: {
      "site.json": readFileSync(new URL("../fixtures/hostile/raw-html-local-image/site.json", import.meta.url)),
      "news/local.md": readFileSync(new URL("../fixtures/hostile/raw-html-local-image/news/local.md", import.meta.url)),
      "news/photo.jpg": readFileSync(
        new URL("../fixtures/hostile/raw-html-local-image/news/photo.jpg", import.meta.url),
      ),
    },
    expected: [
      'content/news/local.md:9: raw HTML image "photo.jpg" names a file beside the article, which the site does not publish; show the photo with Markdown, ![alt](photo.jpg), so it gets its sizes and alt text checked',
    ],
  },
  {
    what: "`corrections` misspelt",
    files: {
      "corection.md": `---\ntitle: T\n${VALID}\ncorection:\n  - date: 2021-07-29T09:00:00+08:00\n    text: Fixed.\n---\nBody\n`,
    },
    expected: ["content/corection.md:5: corection: unknown field; did you mean `corrections`?"],
  },
  {
    what: "a correction with a misspelt field and no text",
    files: {
      "correction-fields.md": `---\ntitle: T\n${VALID}\ncorrections:\n  - dat: 2021-07-29T09:00:00+08:00\n---\nBody\n`,
    },
    expected: [
      "content/correction-fields.md:6: corrections.0.date: is required but missing",
      "content/correction-fields.md:6: corrections.0.text: is required but missing",
      "content/correction-fields.md:6: corrections.0.dat: unknown field; did you mean `date`?",
    ],
  },
  {
    what: "a correction dated without a UTC offset, another before the publication",
    files: {
      "correction-dates.md": `---\ntitle: T\n${VALID}\ncorrections:\n  - date: 2021-07-29T09:00:00+08:00\n    text: Fine.\n  - date: 2021-07-29T09:00:00\n    text: No offset.\n---\nBody\n`,
      "correction-early.md": `---\ntitle: T\n${VALID}\ncorrections:\n  - date: 2021-07-27T09:00:00+08:00\n    text: Before.\n---\nBody\n`,
    },
    expected: [
      'content/correction-dates.md:8: corrections.1.date: "2021-07-29T09:00:00" has no UTC offset (e.g. 2021-07-28T07:01:00+08:00)',
      'content/correction-early.md:6: corrections.0.date: "2021-07-27T09:00:00+08:00" is before the publication (updated: 2021-07-28T07:01:00+08:00); check the date',
    ],
  },
  {
    what: "`expires` not after the publication",
    files: {
      "expires-early.md": `---\ntitle: T\n${VALID}\npublished: 2021-07-28T07:00:00+08:00\nexpires: 2021-07-01T00:00:00+08:00\n---\nBody\n`,
    },
    expected: [
      'content/expires-early.md:6: expires: "2021-07-01T00:00:00+08:00" is not after the publication (published: 2021-07-28T07:00:00+08:00); an article expires after it is published',
    ],
  },
  {
    what: "`expries`, `editr` misspelt; `editor` a list",
    files: {
      "expries.md": `---\ntitle: T\n${VALID}\nexpries: 2021-08-28T07:00:00+08:00\neditr: Li Wei\n---\nBody\n`,
      "editor-list.md": `---\ntitle: T\n${VALID}\neditor: [Li Wei, Wang Fang]\n---\nBody\n`,
    },
    expected: [
      "content/expries.md:5: expries: unknown field; did you mean `expires`?",
      "content/expries.md:6: editr: unknown field; did you mean `editor`?",
      "content/editor-list.md:5: editor: must be text, but is a list",
    ],
  },
];

/** Inputs that must build without error (a warning at most). */
/**
 * Bad uses of issue 16's newsroom fields (author, aliases, related): built in a content folder of their own, since a
 * build lists at most 50 problems (src/problems.ts) and BAD_INPUTS alone comes near that.
 */
export const NEWSROOM_INPUTS: BadInput[] = [
  {
    what: "`original_url` not an http(s) address",
    files: { "original-js.md": `---\ntitle: T\n${VALID}\noriginal_url: "javascript:alert(1)"\n---\nBody\n` },
    expected: [
      'content/original-js.md:5: original_url: "javascript:alert(1)" must be the page\'s http:// or https:// address, e.g. http://english.www.gov.cn/statecouncil/…html',
    ],
  },
  {
    what: "`source_sha256` not 64 lower-case hex digits",
    files: { "short-hash.md": `---\ntitle: T\n${VALID}\nsource_sha256: abc123\n---\nBody\n` },
    expected: ['content/short-hash.md:5: source_sha256: "abc123" must be a SHA-256 digest: 64 lower-case hex digits'],
  },
  {
    what: "`revision: true` on a file not named as an earlier version",
    files: { "not-a-revision.md": `---\ntitle: T\n${VALID}\nrevision: true\n---\nBody\n` },
    expected: [
      "content/not-a-revision.md: revision: marks an earlier version, which lives beside its article as NAME.rev-YYYYMMDDTHHMMSSZ.md (newsmirror import --keep-history names it so); rename the file, or remove revision: true",
    ],
  },
  {
    what: "`dateline` ending with a dash (the page adds its own)",
    files: { "dateline-dash.md": `---\ntitle: T\n${VALID}\ndateline: "DUSHANBE — "\n---\nBody\n` },
    expected: [
      'content/dateline-dash.md:5: dateline: "DUSHANBE — " must not end with a dash: the page adds " — " after it (write DUSHANBE)',
    ],
  },
  {
    what: "`authors` for `author` (near-miss names of the newsroom fields are suggested)",
    files: { "authors-field.md": `---\ntitle: T\n${VALID}\nauthors: [Li Wei]\n---\nBody\n` },
    expected: ["content/authors-field.md:5: authors: unknown field; did you mean `author`?"],
  },
  {
    what: "`alias` for `aliases`",
    files: { "alias-field.md": `---\ntitle: T\n${VALID}\nalias: /old.htm\n---\nBody\n` },
    expected: ["content/alias-field.md:5: alias: unknown field; did you mean `aliases`?"],
  },
  {
    what: "`author` an empty list",
    files: { "author-empty.md": `---\ntitle: T\n${VALID}\nauthor: []\n---\nBody\n` },
    expected: ["content/author-empty.md:5: author: must name at least one author"],
  },
  {
    what: "an alias that is not a site path",
    files: { "alias-relative.md": `---\ntitle: T\n${VALID}\naliases: [old/story.htm]\n---\nBody\n` },
    expected: [
      'content/alias-relative.md:5: aliases.0: "old/story.htm" must be a site path starting with /, e.g. /english/2020/07/28/content_123.htm',
    ],
  },
  {
    what: "an alias with a `..` segment",
    files: { "alias-dots.md": `---\ntitle: T\n${VALID}\naliases: [/a/../b.htm]\n---\nBody\n` },
    expected: ['content/alias-dots.md:5: aliases.0: "/a/../b.htm" must not have an empty, "." or ".." segment'],
  },
  {
    what: "an alias with a character a redirect file cannot carry as written (a space, `%`, a quote)",
    files: { "alias-space.md": `---\ntitle: T\n${VALID}\naliases: ["/old story.htm"]\n---\nBody\n` },
    expected: [
      'content/alias-space.md:5: aliases.0: "/old story.htm" may hold only letters A-Z and a-z, digits and . _ ~ + , = : @ ! - between its slashes',
    ],
  },
  {
    what: "an alias ending in an extension other than .html or .htm",
    files: { "alias-php.md": `---\ntitle: T\n${VALID}\naliases: [/index.php]\n---\nBody\n` },
    expected: [
      'content/alias-php.md:5: aliases.0: "/index.php" must end with /, .html or .htm, or have no extension: a static host serves other files as other types, not as the page that redirects',
    ],
  },
  {
    what: "the same alias twice in one article",
    files: { "alias-twice.md": `---\ntitle: T\n${VALID}\naliases: [/old.htm, /old.htm]\n---\nBody\n` },
    expected: ['content/alias-twice.md:5: aliases.1: "/old.htm" is listed twice'],
  },
  {
    what: "`related` naming neither an id nor an address",
    files: { "related-bad.md": `---\ntitle: T\n${VALID}\nrelated: [tajik-story]\n---\nBody\n` },
    expected: [
      'content/related-bad.md:5: related.0: "tajik-story" must be an article\'s id (24 hex digits, or 7 digits) or its address (/statecouncil/weifenghe/202107/28/content_WS….html)',
    ],
  },
  {
    what: "an alias that is another article's address",
    files: {
      "alias-page-a.md": `---\ntitle: Alias page A\n${VALID}\n---\nA\n`,
      "alias-page-b.md": `---\ntitle: Alias page B\n${VALID}\naliases: [/202107/28/alias-page-a.html]\n---\nB\n`,
    },
    expected: [
      "content/alias-page-b.md: aliases: /202107/28/alias-page-a.html is the address of content/alias-page-a.md; an alias must be an address nothing else has",
    ],
  },
  {
    what: "two articles with one alias",
    files: {
      "alias-both-a.md": `---\ntitle: Alias both A\n${VALID}\naliases: [/english/old/]\n---\nA\n`,
      "alias-both-b.md": `---\ntitle: Alias both B\n${VALID}\naliases: [/english/old/]\n---\nB\n`,
    },
    expected: [
      "content/alias-both-a.md: aliases: /english/old/ is also an alias in content/alias-both-b.md; an alias must be an address nothing else has",
    ],
  },
  {
    what: "an alias inside a folder that is another alias's page (`/old.htm` and `/old.htm/2.htm`)",
    files: {
      "alias-folder-a.md": `---\ntitle: Alias folder A\n${VALID}\naliases: [/old/story.htm]\n---\nA\n`,
      "alias-folder-b.md": `---\ntitle: Alias folder B\n${VALID}\naliases: [/old/story.htm/2.htm]\n---\nB\n`,
    },
    expected: [
      "content/alias-folder-a.md: aliases: /old/story.htm would be a folder: /old/story.htm/2.htm lies in it, written by content/alias-folder-b.md (alias /old/story.htm/2.htm); an alias must be an address nothing else has",
      "content/alias-folder-b.md: aliases: /old/story.htm/2.htm lies in /old/story.htm, a file written by content/alias-folder-a.md (alias /old/story.htm); an alias must be an address nothing else has",
    ],
  },
  {
    what: "two aliases that differ only in case (`/Old/story.htm`, `/old/story.htm`): one file where case is ignored",
    files: {
      "alias-case-a.md": `---\ntitle: Alias case A\n${VALID}\naliases: [/old/case.htm]\n---\nA\n`,
      "alias-case-b.md": `---\ntitle: Alias case B\n${VALID}\naliases: [/Old/Case.htm]\n---\nB\n`,
    },
    expected: [
      "content/alias-case-b.md: aliases: /Old/Case.htm differs only in case from /old/case.htm, an alias in content/alias-case-a.md; a file system that ignores case holds one file for both, and an alias must be an address nothing else has",
    ],
  },
  {
    what: "an alias that is a file the site writes (the home page)",
    files: { "alias-home.md": `---\ntitle: Alias home\n${VALID}\naliases: [/index.html]\n---\nA\n` },
    expected: [
      "content/alias-home.md: aliases: /index.html is a file the site writes itself (the home page); an alias must be an address nothing else has",
    ],
  },
  {
    what: "a translation naming no article (issue 17)",
    files: {
      "translation-missing.md": `---\ntitle: T\n${VALID}\nlanguage: zh-CN\ntranslations: [{ language: en, id: "0000000000000000000000ff" }]\n---\nBody\n`,
    },
    expected: [
      'content/translation-missing.md: translations: en id "0000000000000000000000ff": no article of the site has id "0000000000000000000000ff" (a draft is on no built site); correct the translation or remove it',
    ],
  },
  {
    what: "a translation naming an article in another language than it says",
    files: {
      "translation-en.md": `---\ntitle: Translation English\n${VALID}\n---\nBody\n`,
      "translation-fr.md": `---\ntitle: Chinese\n${VALID}\nlanguage: zh-CN\ntranslations: [{ language: fr, url: /202107/28/translation-english.html }]\n---\nBody\n`,
    },
    expected: [
      "content/translation-fr.md: translations: fr address /202107/28/translation-english.html is content/translation-en.md, whose language is en, not fr; correct the language here or there",
    ],
  },
  {
    what: "two articles claiming to be one article's translation in one language",
    files: {
      "slot-en.md": `---\ntitle: Slot English\n${VALID}\n---\nBody\n`,
      "slot-zh-a.md": `---\ntitle: Chinese A\n${VALID}\nlanguage: zh-CN\ntranslations: [{ language: en, url: /202107/28/slot-english.html }]\n---\nBody\n`,
      "slot-zh-b.md": `---\ntitle: Chinese B\n${VALID}\nlanguage: zh-CN\ntranslations: [{ language: en, url: /202107/28/slot-english.html }]\n---\nBody\n`,
    },
    expected: [
      "content/slot-zh-b.md: translations: content/slot-en.md would have two zh-CN versions, content/slot-zh-a.md and content/slot-zh-b.md; an article has one version in each language: remove one of the two translations",
    ],
  },
  {
    what: "a translation naming neither an id nor an address",
    files: { "translation-bare.md": `---\ntitle: T\n${VALID}\ntranslations: [{ language: zh-CN }]\n---\nBody\n` },
    expected: [
      "content/translation-bare.md:5: translations.0: must name the article by its id or by its url (one of the two)",
    ],
  },
  {
    what: "a www.gov.cn `id` (7 digits) on an English article",
    files: { "zh-id-in-english.md": `---\ntitle: T\n${VALID}\nid: "5626689"\n---\nBody\n` },
    expected: [
      'content/zh-id-in-english.md:5: id: "5626689" is a www.gov.cn id (7 digits), for Chinese articles only, but the site\'s language is en; add language: zh-CN, or give the English id (24 hex digits)',
    ],
  },
];

export const GOOD_INPUTS: BadInput[] = [
  {
    what: "UTF-8 byte-order mark and CRLF line ends",
    files: {
      "bom-crlf.md": `\uFEFF---\r\ntitle: BOM and CRLF\r\n${VALID.replace("\n", "\r\n")}\r\n---\r\nFirst paragraph.\r\n`,
    },
    expected: [],
  },
  {
    what: "Chinese in every text field",
    files: {
      "chinese.md":
        "---\ntitle: 国务院常务会议\nupdated: 2021-07-28T07:01:00+08:00\nsource: 新华社\ndateline: 北京\nsummary: 会议部署\ntags: [政策, 经济]\nlanguage: zh-CN\n---\n国务院总理主持召开国务院常务会议。\n",
    },
    expected: [],
  },
  {
    what: "an article with no body (a warning: the build goes on)",
    files: { "no-body.md": `---\ntitle: Headline only\n${VALID}\n---\n` },
    expected: ["content/no-body.md: warning: the article has no body; its page shows only the title and info line"],
  },
  {
    what: "an article with a lead photo and no body (a warning, as without the photo)",
    files: {
      "photo-only.md": `---\ntitle: Photo only\n${VALID}\nimage:\n  src: lead.jpg\n  alt: A hillside at dusk\n---\n`,
      "lead.jpg": readFileSync(new URL("../fixtures/hostile/raw-html/news/photo.jpg", import.meta.url)),
    },
    expected: [
      "content/photo-only.md: warning: the article has no body; its page shows only the title, the info line and the lead photo",
    ],
  },
  {
    what: "control characters in a body (a warning: a vertical tab or form feed becomes a line break, the others are removed)",
    files: { "word-line-breaks.md": hostile("bodies/word-line-breaks.md") },
    expected: [
      "content/word-line-breaks.md:6: warning: the body holds the invisible control character U+000B (vertical tab), read as a line break; 3 more below, each read as a line break or removed",
    ],
  },
  {
    what: "symbolic links in the content folder (a warning; a link to an article inside the folder is read; `*.MD` files are read too)",
    files: {
      "../elsewhere/secret.md": `---\ntitle: Outside\n${VALID}\n---\nBody\n`,
      "UPPER.MD": `---\ntitle: Upper-case name\n${VALID}\n---\nBody\n`,
    },
    links: {
      "linked-outside.md": "../elsewhere/secret.md",
      "linked-folder": "../elsewhere",
      "linked-nowhere.md": "gone.md",
      "linked-twice.md": "UPPER.MD",
    },
    expected: [
      "content/linked-folder: warning: is a symbolic link to a folder; the articles in it are not read (move the folder into the content folder, or link each article)",
      "content/linked-nowhere.md: warning: is a symbolic link to nothing; it is not read",
      "content/linked-outside.md: warning: is a symbolic link to a file outside the content folder; it is not read (move the file into the content folder)",
      "content/linked-twice.md: warning: is a symbolic link to content/UPPER.MD, which is read already; it is not read twice",
    ],
  },
];

/**
 * Problems in `site.json`: each is its own content folder (there is one
 * site.json per site). Every problem in the file is reported at once, one
 * line each, with its line, and together with the articles' problems.
 */
export const SETTINGS_INPUTS: BadInput[] = [
  {
    what: "the menu: an entry without its address, a near name, an address that is neither a site path nor http(s)",
    files: {
      "site.json":
        '{\n  "menu": [\n    { "label": "Culture", "ur": "/culture/" },\n    { "label": "Run", "url": "javascript:alert(1)" }\n  ]\n}\n',
    },
    expected: [
      "content/site.json:3: menu[0].url: is required but missing",
      "content/site.json:3: menu[0].ur: unknown setting; did you mean `url`?",
      'content/site.json:4: menu[1].url: "javascript:alert(1)" must be a site path (/culture/) or an http:// or https:// address',
    ],
  },
  {
    what: "the menu's `onArticles` misspelt",
    files: { "site.json": '{\n  "menu": {\n    "items": [],\n    "onArticle": true\n  }\n}\n' },
    expected: ["content/site.json:4: menu.onArticle: unknown setting; did you mean `onArticles`?"],
  },
  {
    what: "unknown setting, near a known one",
    files: { "site.json": '{\n  "name": "Mirror",\n  "sectionName": { "news": "News" }\n}\n' },
    expected: ["content/site.json:3: sectionName: unknown setting; did you mean `sectionNames`?"],
  },
  {
    what: "unknown setting inside a group",
    files: { "site.json": '{\n  "footer": {\n    "copyrigth": "© Mirror"\n  }\n}\n' },
    expected: ["content/site.json:3: footer.copyrigth: unknown setting; did you mean `copyright`?"],
  },
  {
    what: "a setting at the wrong level",
    files: { "site.json": '{\n  "copyright": "© Mirror"\n}\n' },
    expected: ["content/site.json:2: copyright: unknown setting; did you mean `footer.copyright`?"],
  },
  {
    what: "several problems: all reported at once",
    files: { "site.json": '{\n  "timeZone": "Mars/Olympus",\n  "perPage": 0,\n  "images": { "remote": "fetch" }\n}\n' },
    expected: [
      'content/site.json:2: timeZone: "Mars/Olympus" is not an IANA time zone name (e.g. Asia/Shanghai)',
      "content/site.json:3: perPage: must be at least 1, but is 0",
      'content/site.json:4: images.remote: "fetch" must be "error" or "link"',
    ],
  },
  {
    what: "a number in quotes",
    files: { "site.json": '{\n  "feedSize": "20"\n}\n' },
    expected: ['content/site.json:2: feedSize: must be a number, but is "20"; write it without quotes'],
  },
  {
    what: "null for a setting",
    files: { "site.json": '{\n  "name": null\n}\n' },
    expected: ["content/site.json:2: name: must be text in quotes, but is null; leave the setting out for its default"],
  },
  {
    what: "`baseUrl` not an http(s) address",
    files: { "site.json": '{\n  "baseUrl": "ftp://example.org/"\n}\n' },
    expected: [
      'content/site.json:2: baseUrl: "ftp://example.org/" is not an http:// or https:// address, e.g. https://example.org/',
    ],
  },
  {
    what: "a link without its address",
    files: {
      "site.json":
        '{\n  "footer": {\n    "links": [\n      { "text": "About us", "hreff": "/about.html" }\n    ]\n  }\n}\n',
    },
    expected: [
      "content/site.json:4: footer.links[0].href: is required but missing",
      "content/site.json:4: footer.links[0].hreff: unknown setting; did you mean `href`?",
    ],
  },
  {
    what: "the same setting twice",
    files: { "site.json": '{\n  "name": "Mirror",\n  "name": "Mirror 2"\n}\n' },
    expected: ["content/site.json:3: name: is given twice (also on line 2); JSON keeps only the last, so remove one"],
  },
  {
    what: "not an object",
    files: { "site.json": '["Mirror"]\n' },
    expected: ["content/site.json:1: must hold one object { … } of settings, but holds a list"],
  },
  {
    what: "an empty file",
    files: { "site.json": "" },
    expected: ["content/site.json:1: the file is empty; write {} for the defaults, or delete it"],
  },
  {
    what: "not valid UTF-8",
    files: {
      "site.json": Buffer.concat([Buffer.from('{\n  "name": "Caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]),
    },
    expected: ["content/site.json:2: is not valid UTF-8 text; save it as UTF-8"],
  },
  {
    what: "JSON: a name without quotes",
    files: { "site.json": "{ name: 'Mirror' }" },
    expected: ['content/site.json:1:3: invalid JSON: names go in "double quotes": write "name"'],
  },
  {
    what: "JSON: single quotes",
    files: { "site.json": "{\n  \"name\": 'Mirror'\n}\n" },
    expected: ["content/site.json:2:11: invalid JSON: text and names go in \"double quotes\", not 'single quotes'"],
  },
  {
    what: "JSON: a trailing comma",
    files: { "site.json": '{\n  "name": "Mirror",\n}\n' },
    expected: ["content/site.json:2:19: invalid JSON: a comma before the closing } is not allowed in JSON; remove it"],
  },
  {
    what: "JSON: a missing comma",
    files: { "site.json": '{\n  "name": "Mirror"\n  "language": "en"\n}\n' },
    expected: ["content/site.json:2:19: invalid JSON: a comma is missing here, between two entries"],
  },
  {
    what: "JSON: a comment",
    files: { "site.json": '{\n  // our mirror\n  "name": "Mirror"\n}\n' },
    expected: ["content/site.json:2:3: invalid JSON: comments are not allowed in plain JSON; remove the comment"],
  },
  {
    what: "JSON: the closing brace missing",
    files: { "site.json": '{\n  "name": "Mirror"\n' },
    expected: ["content/site.json:2:19: invalid JSON: the file ends before the closing }"],
  },
  {
    what: "JSON: text not closed",
    files: { "site.json": '{\n  "name": "Mirror\n}\n' },
    expected: [
      'content/site.json:2:11: invalid JSON: text in quotes is not closed on its line; add the closing " (write \\n for a line break)',
    ],
  },
  {
    what: "JSON: a backslash that is not an escape",
    files: { "site.json": '{\n  "name": "C:\\Mirror"\n}\n' },
    expected: ["content/site.json:2:14: invalid JSON: \\M is not an escape JSON knows; write \\\\ for a backslash"],
  },
  {
    what: "JSON: a word that is not a value",
    files: { "site.json": '{\n  "relativeLinks": yes\n}\n' },
    expected: [
      'content/site.json:2:20: invalid JSON: yes is not a JSON value; write text in "double quotes", a number, true, false or null',
    ],
  },
  {
    what: "JSON: more after the closing brace",
    files: { "site.json": '{ "name": "Mirror" }\n{ "language": "en" }\n' },
    expected: [
      "content/site.json:2:1: invalid JSON: more text after the closing }; the file holds one { … } of settings",
    ],
  },
  {
    what: "`dates` (the years articles may name) the wrong way round",
    files: { "site.json": '{\n  "dates": { "earliest": 1950, "latest": 1900 }\n}\n' },
    expected: ["content/site.json:2: dates.latest: must not be before dates.earliest (1950)"],
  },
  {
    what: "`images.maxPixels` not a whole number",
    files: { "site.json": '{\n  "images": { "maxPixels": 2500000.5 }\n}\n' },
    expected: ["content/site.json:2: images.maxPixels: must be a whole number, but is 2500000.5"],
  },
];

/** Problems outside articles, each its own run of the CLI (files below `content/`, run in the project folder). */
export interface OtherInput {
  what: string;
  /** Files below `content/` (`../name` for one beside it, in the project folder). */
  files: Record<string, string>;
  args: string[];
  expected: string[];
  exit: number;
  /** Environment of the run (TZ, so that a time in a message reads the same on every machine). `/PROJECT` in a line is the project folder. */
  env?: Record<string, string>;
}

const REPLACES = "each build replaces the whole output folder: give --output a new or empty folder, e.g. _site";
/** A lock file held by a running dev server: pid 1 (init) always runs. */
const SERVE_LOCK = JSON.stringify({ pid: 1, command: "serve", startedAt: "2021-07-29T04:00:00.000Z" });

/**
 * Each runs in a new folder directly below the system's temp folder. Never
 * name a folder outside it (`--output ..`): should a rule ever stop working,
 * the build would replace that folder (this once replaced /tmp).
 */
export const OTHER_INPUTS: OtherInput[] = [
  {
    what: "`site.json` that is not JSON",
    files: { "site.json": "{ name: 'x' }" },
    args: ["build", "--input", "content"],
    expected: [
      'content/site.json:1:3: invalid JSON: names go in "double quotes": write "name"',
      "newsmirror: 1 problem in content; nothing was written (--verbose shows more)",
    ],
    exit: 1,
  },
  {
    what: "`site.json` with a bad value",
    files: { "site.json": '{ "timeZone": "Mars/Olympus" }' },
    args: ["build", "--input", "content"],
    expected: [
      'content/site.json:1: timeZone: "Mars/Olympus" is not an IANA time zone name (e.g. Asia/Shanghai)',
      "newsmirror: 1 problem in content; nothing was written (--verbose shows more)",
    ],
    exit: 1,
  },
  {
    what: "a content folder that does not exist",
    files: {},
    args: ["build", "--input", "contnet"],
    expected: ["newsmirror: --input contnet: no such folder; give the folder that holds the articles and site.json"],
    exit: 2,
  },
  {
    what: "a file where the content folder goes",
    files: { "site.json": "{}" },
    args: ["build", "--input", "content/site.json"],
    expected: [
      "newsmirror: --input content/site.json: is a file, not a folder; give the folder that holds the articles and site.json",
    ],
    exit: 2,
  },
  {
    what: "a mistyped option",
    files: {},
    args: ["build", "--ouput", "x"],
    expected: ["newsmirror: build: unknown option --ouput; did you mean --output? (newsmirror help build)"],
    exit: 2,
  },
  {
    what: "`--output` the content folder",
    files: {},
    args: ["build", "--output", "content"],
    expected: [`newsmirror: --output content: is the content folder; ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` a folder holding the content folder",
    files: { "../news/content/a.md": "---\ntitle: T\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\nBody\n" },
    args: ["build", "--input", "news/content", "--output", "news"],
    expected: [`newsmirror: --output news: holds the content folder (news/content); ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` inside the content folder",
    files: {},
    args: ["build", "--output", "content/_site"],
    expected: [
      "newsmirror: --output content/_site: lies inside the content folder (content); give --output a folder outside it",
    ],
    exit: 2,
  },
  {
    what: "`--output` the working directory",
    files: {},
    args: ["build", "--output", "."],
    expected: [`newsmirror: --output .: is the working directory; ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` the project folder (the content folder's nearest folder with `.git` or `package.json`)",
    files: {
      "../site/package.json": "{}",
      "../site/content/a.md": "---\ntitle: T\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\n---\nBody\n",
    },
    args: ["build", "--input", "site/content", "--output", "site"],
    expected: [`newsmirror: --output site: is the project folder (it has package.json); ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` the root of the file system (or your home folder, or newsmirror's own folder)",
    files: {},
    args: ["build", "--output", "/"],
    expected: [`newsmirror: --output /: is the root of the file system; ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` a file",
    files: { "../notes.txt": "my notes" },
    args: ["build", "--output", "notes.txt"],
    expected: [`newsmirror: --output notes.txt: is a file, not a folder; ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` a folder of files newsmirror did not write (no marker)",
    files: { "../public/index.html": "my page" },
    args: ["build", "--output", "public"],
    expected: [`newsmirror: --output public: holds files newsmirror did not write (no .newsmirror-site); ${REPLACES}`],
    exit: 2,
  },
  {
    what: "`--output` held by a running dev server",
    files: { "../._site.lock": SERVE_LOCK },
    args: ["build"],
    expected: [
      "newsmirror: /PROJECT/_site is in use by newsmirror serve (pid 1, since 2021-07-29 04:00:00); stop it, or give --output another folder",
    ],
    exit: 2,
    env: { TZ: "UTC" },
  },
  {
    what: "`--image-cache` inside the output folder",
    files: {},
    args: ["build", "--image-cache", "_site/cache"],
    expected: [
      "newsmirror: --image-cache _site/cache: lies inside the output folder (_site), which each build replaces; give --image-cache a folder outside it",
    ],
    exit: 2,
  },
  {
    what: "`--image-cache` a folder that is not a photo cache",
    files: { "../photos/holiday.jpg": "" },
    args: ["build", "--image-cache", "photos"],
    expected: [
      "newsmirror: --image-cache photos: holds files that are not newsmirror's photo cache (no CACHEDIR.TAG); give --image-cache a new or empty folder, e.g. .cache/images",
    ],
    exit: 2,
  },
  {
    what: "`--image-cache` inside the content folder (also the default, `.cache/images`, when the working directory is the content folder)",
    files: {},
    args: ["build", "--image-cache", "content/.cache"],
    expected: [
      "newsmirror: --image-cache content/.cache: lies inside the content folder (content); give --image-cache a folder outside it",
    ],
    exit: 2,
  },
  {
    what: "`--build-cache` inside the output folder",
    files: {},
    args: ["build", "--build-cache", "_site/cache"],
    expected: [
      "newsmirror: --build-cache _site/cache: lies inside the output folder (_site), which each build replaces; give --build-cache a folder outside it",
    ],
    exit: 2,
  },
  {
    what: "`--build-cache` a folder that is not a build cache",
    files: { "../notes/todo.txt": "mine" },
    args: ["build", "--build-cache", "notes"],
    expected: [
      "newsmirror: --build-cache notes: holds files that are not newsmirror's build cache (no CACHEDIR.TAG); give --build-cache a new or empty folder, e.g. .cache/builds",
    ],
    exit: 2,
  },
  {
    what: "`NEWSMIRROR_BUILD_CACHE=notes`, a folder that is not a build cache (named as it was set)",
    files: { "../notes/todo.txt": "mine" },
    args: ["build"],
    expected: [
      "newsmirror: NEWSMIRROR_BUILD_CACHE notes: holds files that are not newsmirror's build cache (no CACHEDIR.TAG); give NEWSMIRROR_BUILD_CACHE a new or empty folder, e.g. .cache/builds",
    ],
    exit: 2,
    env: { NEWSMIRROR_BUILD_CACHE: "notes" },
  },
  {
    what: "the default build cache, `.cache/builds`, holding files that are not newsmirror's",
    files: { "../.cache/builds/todo.txt": "mine" },
    args: ["build"],
    expected: [
      "newsmirror: the build cache .cache/builds: holds files that are not newsmirror's build cache (no CACHEDIR.TAG); give --build-cache a new or empty folder, e.g. .cache/builds",
    ],
    exit: 2,
  },
  {
    what: "`--build-cache` the photo cache (and `--image-cache` a build cache): each kind of cache has its own folder",
    files: {
      "../.cache/images/CACHEDIR.TAG":
        "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by newsmirror (encoded photos).\n",
    },
    args: ["build", "--build-cache", ".cache/images"],
    expected: [
      "newsmirror: --build-cache .cache/images: is newsmirror's photo cache, which the build cache must not share; give --build-cache a folder of its own, e.g. .cache/builds",
    ],
    exit: 2,
  },
  {
    what: "`--build-cache` the working directory (or any folder `--output` may not be)",
    files: {},
    args: ["build", "--build-cache", "."],
    expected: [
      "newsmirror: --build-cache .: is the working directory; give --build-cache a folder of its own, e.g. .cache/builds",
    ],
    exit: 2,
  },
  {
    what: 'a remote photo (with `images.remote: "link"`) on a host no Content-Security-Policy can name exactly',
    files: {
      "site.json": '{ "images": { "remote": "link" } }',
      "news/wildcard.md": `---\ntitle: T\n${VALID}\n---\nText.\n\n![A photo](https://*.example.com/a.jpg)\n`,
    },
    args: ["build", "--input", "content"],
    expected: [
      'content/news/wildcard.md:8: photo "https://*.example.com/a.jpg" is on a host pages cannot allow photos from ("*.example.com"): a host name has only letters, digits, hyphens and dots; check the address',
      "newsmirror: 1 problem in content; nothing was written",
    ],
    exit: 1,
  },
  {
    what: "template overrides in both `templates/` and `layouts/` beside the content folder",
    files: { "../templates/article.ts": "export {};\n", "../layouts/article.ts": "export {};\n" },
    args: ["build", "--input", "content"],
    expected: [
      "newsmirror: templates/ and layouts/: a site's template overrides are in one folder, templates/ or layouts/ (the same thing under two names); move the files of one into the other",
    ],
    exit: 1,
  },
  {
    what: "a template override that does not compile",
    files: { "../templates/article.ts": "export function render(data {\n  return '';\n}\n" },
    args: ["build", "--input", "content"],
    expected: [
      'newsmirror: the site\'s templates (templates/) do not compile: templates/article.ts:1:29: Expected ")" but found "{"',
    ],
    exit: 1,
  },
  {
    what: "a template override that throws while rendering a page",
    files: {
      "news/a.md": `---\ntitle: T\n${VALID}\n---\nBody\n`,
      "../templates/article.ts": 'export function render() {\n  throw new Error("not finished");\n}\n',
    },
    args: ["build", "--input", "content"],
    expected: ["newsmirror: templates/article.ts:2:9: the site's template failed while rendering: not finished"],
    exit: 1,
  },
  {
    what: "a template override whose name shadows none of newsmirror's templates (a typo)",
    files: { "news/a.md": `---\ntitle: T\n${VALID}\n---\nBody\n`, "../templates/artcle.ts": "export {};\n" },
    args: ["build", "--input", "content"],
    expected: [
      "templates/artcle.ts: warning: shadows none of newsmirror's templates and no template imports it, so it is not used; did you mean templates/article.ts?",
    ],
    exit: 0,
  },
];

/**
 * Paths and values given wrong on the command line: each its own run in a
 * project folder holding `files` (paths from the project root). Each stops
 * the command with one line and exit code 2 before it reads or writes anything.
 */
export interface CommandInput {
  what: string;
  files: Record<string, string>;
  args: string[];
  expected: string[];
  exit: number;
}

const NOTES = { "notes.txt": "not a folder\n" };
const SITE = { "content/site.json": "{}\n", "notes.txt": "not a folder\n" };

/** A folder a build wrote, as `archive` recognises one (its marker), with one page. */
const BUILT = {
  "notes.txt": "not a folder\n",
  "_site/.newsmirror-site":
    '{"generator":"newsmirror","version":"0.1.0","basePath":"/","builtAt":"2021-08-08T12:00:00.000Z"}\n',
  "_site/index.html": "<!doctype html>\n",
};

export const COMMAND_INPUTS: CommandInput[] = [
  {
    what: "`check --fixity` a folder with no manifest-sha256.txt",
    files: { ...NOTES, "public/index.html": "<p>a page</p>\n" },
    args: ["check", "--fixity", "public"],
    expected: [
      "newsmirror: public: has no manifest-sha256.txt, so there is nothing to verify it against; newsmirror build writes one (build the site again), or give a .wacz file",
    ],
    exit: 1,
  },
  {
    what: "`check --fixity` a file that is not a WACZ (zip)",
    files: NOTES,
    args: ["check", "--fixity", "notes.txt"],
    expected: [
      "newsmirror: notes.txt: is not a readable WACZ (zip) file (End of central directory record signature not found. Either not a zip file, or file is truncated); nothing was changed",
    ],
    exit: 1,
  },
  {
    what: "no content folder where newsmirror runs",
    files: NOTES,
    args: ["build"],
    expected: [
      "newsmirror: content (the default for --input): no such folder; run newsmirror in the project folder, or give --input DIR",
    ],
    exit: 2,
  },
  {
    what: "`--input` a path through a file",
    files: NOTES,
    args: ["build", "--input", "notes.txt/content"],
    expected: [
      "newsmirror: --input notes.txt/content: no such folder (a part of the path is a file); give the folder that holds the articles and site.json",
    ],
    exit: 2,
  },
  {
    what: "`--input` empty",
    files: NOTES,
    args: ["check", "--input", ""],
    expected: ["newsmirror: --input: needs a folder, e.g. --input content"],
    exit: 2,
  },
  {
    what: "`serve --output` a folder of the user's",
    files: { ...NOTES, "content/a.md": "", "notes/todo.txt": "mine" },
    args: ["serve", "--output", "notes"],
    expected: [
      "newsmirror: --output notes: holds files newsmirror did not write (no .newsmirror-site); each build replaces the whole output folder: give --output a new or empty folder, e.g. _site",
    ],
    exit: 2,
  },
  {
    what: "`--output` the spare copy another output folder's builds keep beside it (`.NAME.spare`, `.NAME.staging-PID`…)",
    files: { ...NOTES, "content/a.md": "", "._site.spare/index.html": "the previous site" },
    args: ["build", "--output", "._site.spare"],
    expected: [
      "newsmirror: --output ._site.spare: is where builds of _site keep the previous site; each build replaces the whole output folder: give --output a new or empty folder, e.g. _site",
    ],
    exit: 2,
  },
  {
    what: "`serve --port` not a port",
    files: NOTES,
    args: ["serve", "--port", "80800"],
    expected: ["newsmirror: --port: 80800 is not a port number"],
    exit: 2,
  },
  {
    what: "`serve` of a missing content folder",
    files: NOTES,
    args: ["serve", "--input", "contnet"],
    expected: ["newsmirror: --input contnet: no such folder; give the folder that holds the articles and site.json"],
    exit: 2,
  },
  {
    what: "`check` of a file, not a content folder",
    files: NOTES,
    args: ["check", "--input", "notes.txt"],
    expected: [
      "newsmirror: --input notes.txt: is a file, not a folder; give the folder that holds the articles and site.json",
    ],
    exit: 2,
  },
  {
    what: "`new` into a missing content folder (nothing is made)",
    files: NOTES,
    args: ["new", "Premier meets delegates", "--input", "contnet"],
    expected: ["newsmirror: --input contnet: no such folder; give the folder that holds the articles and site.json"],
    exit: 2,
  },
  {
    what: "`check --output` a missing folder",
    files: SITE,
    args: ["check", "--output", "_sit"],
    expected: [
      "newsmirror: --output _sit: no such folder; give the folder a build wrote (newsmirror build --output DIR)",
    ],
    exit: 2,
  },
  {
    what: "`check --output` a file",
    files: SITE,
    args: ["check", "--output", "notes.txt"],
    expected: [
      "newsmirror: --output notes.txt: is a file, not a folder; give the folder a build wrote (newsmirror build --output DIR)",
    ],
    exit: 2,
  },
  {
    what: "`preview` before any build",
    files: SITE,
    args: ["preview"],
    expected: [
      "newsmirror: _site (the default for --output): no such folder; build the site first (newsmirror build), or give --output DIR",
    ],
    exit: 2,
  },
  {
    what: "`preview --output` a file",
    files: SITE,
    args: ["preview", "--output", "notes.txt"],
    expected: [
      "newsmirror: --output notes.txt: is a file, not a folder; give the folder a build wrote (newsmirror build --output DIR)",
    ],
    exit: 2,
  },
  {
    what: "`preview --port` not a number",
    files: SITE,
    args: ["preview", "--port", "http"],
    expected: ["newsmirror: --port: http is not a port number"],
    exit: 2,
  },
  {
    what: "`import` of a page that is not there",
    files: { "saved/page.html": "<html></html>\n" },
    args: ["import", "saved/page.html", "saved/pgae.html"],
    expected: [
      "newsmirror: import: saved/pgae.html: no such file or folder; name saved pages (.html, .htm, .txt) or folders of them",
    ],
    exit: 2,
  },
  {
    what: "`import` of a folder without pages",
    files: { "saved/notes.md": "notes\n" },
    args: ["import", "saved"],
    expected: ["newsmirror: import: no .html, .htm or .txt pages in saved"],
    exit: 2,
  },
  {
    what: "`import --output` a file",
    files: { "saved/page.html": "<html></html>\n", ...NOTES },
    args: ["import", "saved", "--output", "notes.txt"],
    expected: [
      "newsmirror: --output notes.txt: is a file, not a folder; give the content folder to import into (made if it does not exist)",
    ],
    exit: 2,
  },
  {
    what: "`import` with nothing named",
    files: {},
    args: ["import"],
    expected: ["newsmirror: import: name the saved pages or folders to import, e.g. newsmirror import saved/"],
    exit: 2,
  },
  {
    what: '`check` of an output folder with nothing in it (no pages is a failure, not "0 pages valid")',
    files: {
      "content/site.json": "{}\n",
      "_site/.newsmirror-site":
        '{"generator": "newsmirror", "version": "0.1.0", "basePath": "/", "builtAt": "2021-07-29T04:00:00.000Z"}\n',
    },
    args: ["check"],
    expected: ["newsmirror: _site (the default for --output): is empty; build the site first (newsmirror build)"],
    exit: 2,
  },
  {
    what: "a command mistyped",
    files: NOTES,
    args: ["biuld"],
    expected: ['newsmirror: unknown command "biuld"; did you mean build? (newsmirror help lists them)'],
    exit: 2,
  },
  {
    what: "`help` of a command there is not",
    files: NOTES,
    args: ["help", "bogus"],
    expected: ['newsmirror: help: unknown command "bogus" (newsmirror help lists them)'],
    exit: 2,
  },
  {
    what: "an argument a command does not take (a folder without its option)",
    files: NOTES,
    args: ["check", "_site"],
    expected: [
      'newsmirror: check: unexpected argument "_site"; did you mean --output _site, or --fixity _site? (newsmirror help check)',
    ],
    exit: 2,
  },
  {
    what: "`--base-url` not an http(s) address",
    files: { ...NOTES, "content/a.md": "" },
    args: ["build", "--base-url", "example.org"],
    expected: [
      'newsmirror: --base-url: "example.org" is not an http:// or https:// address, e.g. https://example.org/',
    ],
    exit: 2,
  },
  {
    what: "`import` given both --output and its old name --out",
    files: { ...NOTES, "saved/a.html": "<p>page</p>" },
    args: ["import", "saved", "--output", "content", "--out", "content"],
    expected: ["newsmirror: import: --out is the old name of --output; give one of them"],
    exit: 2,
  },
  {
    what: "`new` with a dateline a build would refuse",
    files: { "content/site.json": "{}\n" },
    args: ["new", "Talks open", "--dateline", "DUSHANBE —"],
    expected: [
      'newsmirror: --dateline: "DUSHANBE —" must not end with a dash: the page adds " — " after it (write DUSHANBE)',
    ],
    exit: 2,
  },
  {
    what: "`check --output` a folder newsmirror did not build",
    files: { "content/site.json": "{}\n", "public/index.html": "<p>my own page</p>\n" },
    args: ["check", "--output", "public"],
    expected: [
      "newsmirror: --output public: is not a site newsmirror built (no .newsmirror-site); give the folder a build wrote (newsmirror build --output DIR)",
    ],
    exit: 2,
  },
  {
    what: "`init` into a folder that holds something",
    files: { "daily/notes.txt": "mine\n" },
    args: ["init", "daily"],
    expected: [
      "newsmirror: daily: is not empty (1 entry, e.g. notes.txt); init writes a new site into a new or empty folder and never over files already there",
    ],
    exit: 2,
  },
  {
    what: "`init --design` not a design",
    files: NOTES,
    args: ["init", "daily", "--design", "govcn-english"],
    expected: ['newsmirror: --design: "govcn-english" is not a design; the designs are govcn-en and govcn-zh'],
    exit: 2,
  },
  {
    what: "`archive` with no built site",
    files: NOTES,
    args: ["archive"],
    expected: [
      "newsmirror: _site (the default for --site): no such folder; build the site first (newsmirror build), or give --site DIR",
    ],
    exit: 2,
  },
  {
    what: "`archive --output` inside the site it archives",
    files: BUILT,
    args: ["archive", "--output", "_site/site.wacz"],
    expected: [
      "newsmirror: --output _site/site.wacz: lies inside the site it archives (each build replaces that folder); write it outside, e.g. --output site.wacz",
    ],
    exit: 2,
  },
  {
    what: "`archive --output` not a .wacz name",
    files: BUILT,
    args: ["archive", "--output", "notes.txt"],
    expected: ["newsmirror: --output notes.txt: is not a .wacz file name; give one, e.g. --output site.wacz"],
    exit: 2,
  },
  {
    what: "`archive --output` a file newsmirror did not write",
    files: { ...BUILT, "mine.wacz": "my notes\n" },
    args: ["archive", "--output", "mine.wacz"],
    expected: [
      "newsmirror: --output mine.wacz: is a file newsmirror did not write, and is not replaced; give another name, or remove it yourself",
    ],
    exit: 2,
  },
  {
    what: "`archive --output` in a folder that does not exist",
    files: BUILT,
    args: ["archive", "--output", "nofolder/a.wacz"],
    expected: [
      "newsmirror: --output nofolder/a.wacz: nofolder: no such folder; make the folder first, or give another path",
    ],
    exit: 2,
  },
];

/**
 * What the disk or the system does to a build, which needs a mount or a
 * signal to bring about: tests/disk-failures.test.ts and
 * tests/atomic-output.test.ts check these lines with their own folders
 * (`fill`); docs/errors.md shows them for `--output /srv/site`.
 */
export interface SystemFailure {
  what: string;
  /** With {output}, {folder}, {signal}, {pid}, {time} for the values of a run. */
  expected: string;
  exit: number | string;
}

export const SYSTEM_FAILURES = {
  mountPoint: {
    what: "`--output` a mount point (it cannot be renamed)",
    expected:
      "newsmirror: --output {output}: is a mount point, which a build cannot replace; build into a folder inside it, e.g. --output {output}/site",
    exit: 2,
  },
  readOnly: {
    what: "the output folder's disk is read-only",
    expected:
      "newsmirror: --output {output}: cannot write in {folder} (a read-only file system); the previous site is intact",
    exit: 1,
  },
  readOnlyNew: {
    what: "the output folder's disk is read-only, and no site was there",
    expected: "newsmirror: --output {output}: cannot write in {folder} (a read-only file system); nothing was written",
    exit: 1,
  },
  full: {
    what: "the disk fills up while the pages or the search index are written (Pagefind prints its own panic above this line)",
    expected:
      "newsmirror: the disk holding {output} is full; the previous site is intact and the unfinished build was removed; free some space and build again",
    exit: 1,
  },
  stopped: {
    what: "Ctrl-C (SIGINT), SIGTERM or SIGHUP during a build",
    expected: "newsmirror: stopped by {signal}; the previous site is intact",
    exit: "130, 143, 129",
  },
  spareNotOurs: {
    what: "an incremental build finds at `.NAME.spare` beside the output folder something newsmirror did not make (a symbolic link, a file, a folder without the marker); it is left as it is",
    expected:
      "newsmirror: {spare}: is not a spare copy newsmirror made ({what}); each build keeps the previous site of {output} there: move it away and build again",
    exit: 2,
  },
  portTaken: {
    what: "`serve` or `preview` on a port another program listens on (never a quiet move to the next port)",
    expected: "newsmirror: --port: {port} on 127.0.0.1 is in use (another server?); choose another with --port N",
    exit: 2,
  },
  servedElsewhere: {
    what: "`serve --output` a folder another dev server is serving (a build is refused the same way)",
    expected:
      "newsmirror: {output} is in use by newsmirror serve (pid {pid}, since {time}); stop it, or give --output another folder",
    exit: 2,
  },
  waiting: {
    what: "another build is writing into the same folder (this one waits, then builds)",
    expected: "newsmirror: {output} is in use by newsmirror build (pid {pid}, since {time}); waiting for it to finish",
    exit: "as the build's",
  },
} satisfies Record<string, SystemFailure>;

/**
 * Not errors: the first line of every build says whether it was incremental
 * or full, and why a full one; a build cache it cannot use is said in a note
 * on stderr and the build goes on. tests/errors.test.ts brings each about
 * (the changes to newsmirror itself through inputChange, src/pipeline/build-inputs.ts)
 * and checks the lines with `fill`; docs/errors.md shows them for `--output _site`.
 */
export interface BuildKindLine {
  what: string;
  /** In the order printed; {output}, {manifest}, {cache} for the run's values, {why} for the system's own words. */
  expected: string[];
  /** {why} as docs/errors.md shows it. */
  why?: string;
}

export const BUILD_KINDS = {
  firstBuild: {
    what: "the first build into an output folder (new, empty, or holding no site newsmirror built)",
    expected: ["newsmirror: full build (no earlier site in {output})"],
  },
  clean: {
    what: "`--clean`",
    expected: ["newsmirror: full build (--clean)"],
  },
  noRecord: {
    what: "the build cache has no record of the site in the output folder (the build cache deleted, another one given, the site restored from elsewhere or built in another folder)",
    expected: ["newsmirror: full build (the build cache has no record of the site in {output})"],
  },
  damagedManifest: {
    what: "the build manifest damaged (not JSON, or not a manifest of this newsmirror)",
    expected: [
      "newsmirror: note: the build manifest {manifest} is damaged ({why})",
      "newsmirror: full build (no usable build manifest)",
    ],
    why: "Invalid input: expected 2",
  },
  articleCache: {
    what: "the article cache (`articles.json` beside the manifest) damaged; the build stays incremental",
    expected: ["newsmirror: note: the article cache {cache} could not be read ({why}); every article read again"],
    why: "not an article cache",
  },
  articleCacheVersion: {
    what: "the article cache written by another newsmirror version; the build stays incremental",
    expected: [
      "newsmirror: note: the article cache {cache} is of another newsmirror version; every article read again",
    ],
  },
  settings: {
    what: "`site.json` changed (any setting)",
    expected: ["newsmirror: full build (site.json changed)"],
  },
  place: {
    what: "the base URL (`--base-url`, or `baseUrl` in `site.json`) or the time zone (`timeZone`) changed: every page names the one, every date and address holds the other; a time zone that moves article addresses adds a note",
    expected: [
      "newsmirror: full build (the base URL changed (https://preview-42.example.org/ → https://english.www.gov.cn/))",
      "newsmirror: full build (the time zone changed (Asia/Shanghai → America/New_York))",
      "newsmirror: note: the time zone changed (Asia/Shanghai → America/New_York) and 1 article page of the last build is gone (e.g. /news/202107/28/talks-open.html): an article's address holds its date in the site's time zone, so links to the old address break; list them in the articles' aliases, or keep the time zone",
    ],
  },
  options: {
    what: "`--drafts`, `--relative` or `--no-search` given, or left out, unlike the last build; another `--search-bundle`",
    expected: [
      "newsmirror: full build (--relative given this time)",
      "newsmirror: full build (--relative not given this time)",
      "newsmirror: full build (--search-bundle changed (default → 2))",
    ],
  },
  design: {
    what: "a template or asset of the site changed, added or removed (the first named, when several changed)",
    expected: [
      "newsmirror: full build (a template changed (templates/listing.11ty.ts))",
      "newsmirror: full build (the stylesheet changed (templates/assets/site.css))",
      "newsmirror: full build (an asset added (templates/assets/photo.svg))",
    ],
  },
  overrides: {
    what: "a file of the site's own `templates/` (or `layouts/`) folder changed, added or removed (docs/templates.md)",
    expected: [
      "newsmirror: full build (a template of the site changed (templates/_components/newsroom.ts))",
      "newsmirror: full build (the site's stylesheet added (templates/assets/site.css))",
      "newsmirror: full build (an asset of the site removed (layouts/assets/reporter.svg))",
    ],
  },
  tools: {
    what: "newsmirror (its version or its code), Node or one of newsmirror's dependencies changed",
    expected: [
      "newsmirror: full build (newsmirror changed (0.1.0 → 0.2.0))",
      "newsmirror: full build (newsmirror's code changed (version 0.1.0))",
      "newsmirror: full build (Node changed (v20.19.0 → v22.12.0))",
      "newsmirror: full build (newsmirror's dependency sharp changed (0.34.5 → 0.34.6))",
    ],
  },
} satisfies Record<string, BuildKindLine>;

/** A SYSTEM_FAILURES line with a run's values in place of its {names}. */
export function fill(line: string, values: Record<string, string>): string {
  return line.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Saved pages `newsmirror import` refuses or warns about: each its own run of
 * `newsmirror import saved --output content` (plus `args`) in a project folder
 * holding `files`. A refused page is not written; the others are imported,
 * and the exit code is 1 when any page failed. `expected` are lines the run
 * prints (stdout or stderr), among the others.
 */
export interface ImportInput {
  what: string;
  files: Record<string, string | Buffer>;
  /** Symbolic links to make (path → what it points to). */
  links?: Record<string, string>;
  args?: string[];
  expected: string[];
  exit: number;
}

const hostileImport = (name: string) => readFileSync(new URL(`../fixtures/hostile/import/${name}`, import.meta.url));
const SEED_TEXT = () => readFileSync(new URL("../fixtures/govcn-article.txt", import.meta.url));
const SEED_ID = "61009037c6d0df57f98ddaf8";

export const IMPORT_INPUTS: ImportInput[] = [
  {
    what: "a page nested 5,000 elements deep (the rest of the batch is imported)",
    files: { "saved/deep-nesting.html": hostileImport("deep-nesting.html") },
    expected: [
      "failed   saved/deep-nesting.html: nested more than 512 elements deep (browsers stop nesting there); not a page newsmirror reads",
    ],
    exit: 1,
  },
  {
    what: "a charset no browser knows",
    files: { "saved/unknown-charset.html": hostileImport("unknown-charset.html") },
    expected: [
      'failed   saved/unknown-charset.html: its <meta charset> names "x-klingon", which is not a charset newsmirror knows (it reads UTF-8 and the charsets browsers know: GB2312, GBK, GB18030, Big5, Shift_JIS, EUC-KR, ISO-8859-1, windows-1252, …); correct the <meta charset>, or save the page as UTF-8',
    ],
    exit: 1,
  },
  {
    what: "a photo in a saved page's folder that is a symbolic link (even to a file beside it)",
    files: {
      "saved/page.html": hostileImport("symlink/page.html"),
      "saved/private.jpg": hostileImport("symlink/private.jpg"),
    },
    links: { "saved/page_files/photo.jpg": "../private.jpg" },
    expected: [
      "failed   saved/page.html: photo page_files/photo.jpg is a symbolic link (to ../private.jpg); import follows no link, so that no file from elsewhere on this computer reaches the site: put the photo itself there and import again",
    ],
    exit: 1,
  },
  {
    what: 'a photo that was not saved with the page (a build refuses remote photos unless images.remote is "link")',
    files: { "saved/remote-photo.html": hostileImport("remote-photo.html") },
    expected: [
      'failed   saved/remote-photo.html: photo https://english.www.gov.cn/images/202107/28/lanterns.jpg was not saved with the page, and the site\'s photos must be its own files; save the page with its photos (a browser\'s "Web page, complete"), or set "images": { "remote": "link" } in content/site.json to link such photos as they are',
    ],
    exit: 1,
  },
  {
    what: "a photo with no alt text and no caption",
    files: {
      "saved/no-alt.html": hostileImport("no-alt.html"),
      "saved/no-alt_files/photo.jpg": hostileImport("no-alt_files/photo.jpg"),
    },
    expected: [
      'failed   saved/no-alt.html: photo no-alt_files/photo.jpg has no alt text and no caption to describe it; add alt="what it shows" to its <img> in the saved page (alt="" if it is decorative) and import it again',
    ],
    exit: 1,
  },
  {
    what: "a truncated photo",
    files: {
      "saved/truncated-photo.html": hostileImport("truncated-photo.html"),
      "saved/truncated-photo_files/photo.jpg": hostileImport("truncated-photo_files/photo.jpg"),
    },
    expected: [
      "failed   saved/truncated-photo.html: photo truncated-photo_files/photo.jpg is truncated or corrupt (VipsJpeg: premature end of JPEG image)",
    ],
    exit: 1,
  },
  {
    what: "a photo of 20000×20000 pixels",
    files: {
      "saved/huge-photo.html": hostileImport("huge-photo.html"),
      "saved/huge-photo_files/photo.png": hostileImport("huge-photo_files/photo.png"),
    },
    expected: [
      "failed   saved/huge-photo.html: photo huge-photo_files/photo.png is too large: 20000×20000 pixels (400 megapixels); a photo may have at most 50 megapixels (images.maxPixels in site.json): make it smaller",
    ],
    exit: 1,
  },
  {
    what: "a page already imported from other bytes (recognised by its id or address in the articles' front matter)",
    files: {
      [`saved/content_WS${SEED_ID}.txt`]: SEED_TEXT(),
      [`content/content_WS${SEED_ID}.md`]: `---\ntitle: Tajik president, Chinese defense minister agree to enhance cooperation\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\nid: "${SEED_ID}"\n---\nBody\n`,
    },
    expected: [
      `failed   saved/content_WS${SEED_ID}.txt: content/content_WS${SEED_ID}.md already holds this page (same id ${SEED_ID}), from another capture; nothing written: --force replaces it, --keep-history keeps it as an earlier version beside this one`,
    ],
    exit: 1,
  },
  {
    what: "a www.gov.cn (Chinese) page whose date line names no source (the 来源 span)",
    files: {
      "saved/no-source.htm":
        '<meta charset="utf-8"><h1 id="ti">标题</h1><div class="pages-date">2021-08-01 06:59 <span class="font">打印</span></div><div class="pages_content" id="UCAP-CONTENT"><p>正文。</p></div>',
    },
    expected: [
      'failed   saved/no-source.htm: the page names no source (<span class="font">来源： …</span> in div.pages-date)',
    ],
    exit: 1,
  },
  {
    what: "a page that declares no charset and is neither UTF-8 nor GB18030",
    files: { "saved/undecodable.html": Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xff, 0x3c, 0x2f, 0x70, 0x3e]) },
    expected: [
      "failed   saved/undecodable.html: is neither valid UTF-8 nor GB18030 (GBK) text, and declares no charset",
    ],
    exit: 1,
  },
  {
    what: "`--url` of a page not on gov.cn (a warning; the page is imported)",
    files: { "saved/page.txt": SEED_TEXT() },
    args: ["--url", `https://example.com/statecouncil/weifenghe/202107/28/content_WS${SEED_ID}.html`],
    expected: [
      `warning  saved/page.txt: --url https://example.com/statecouncil/weifenghe/202107/28/content_WS${SEED_ID}.html is not on gov.cn (example.com), so this may not be an english.www.gov.cn article; its path gave the section and id all the same`,
    ],
    exit: 0,
  },
];
