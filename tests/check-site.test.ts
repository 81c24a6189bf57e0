/**
 * `newsmirror check` against broken output: a good sample site is built
 * once, copied, and broken one way per case (inputs in
 * tests/fixtures/hostile/check/); check must name exactly the broken file.
 * The good site is the sample site every test file shares (built with the
 * search index). Also: sites under a base path, `--relative` and `--no-search` builds,
 * a page with 20,000 tags, and remote photos a page's CSP allows.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { writeSiteMarker } from "../src/output/guard.ts";
import { checkSite, validateHtml } from "../src/check/site-check.ts";
import { runCli } from "./helpers/cli.ts";
import { ROOT, SEED_PAGE, articleText, makeContent, tempDir } from "./helpers/site.ts";

const FIXTURES = path.join(ROOT, "tests/fixtures/hostile/check");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
/** A fixed build time, and a photo cache the builds of this file share. */
const BUILD_ARGS = ["--build-time", "2021-08-08T12:00:00+08:00", "--image-cache", tempDir("newsmirror-cache-")];
const ARTICLE = "culture/202108/05/exhibition-traces-the-ancient-tea-horse-road.html";

/** Problem lines of a check run (stderr without the summary lines). */
const problemLines = (stderr: string) => stderr.split("\n").filter((l) => l && !l.startsWith("newsmirror: "));

/** Inserts `snippet` into `file` of `site` just before `before`. */
function insert(site: string, file: string, before: string, snippet: string): void {
  const full = path.join(site, file);
  const text = readFileSync(full, "utf8");
  expect(text).toContain(before);
  writeFileSync(full, text.replace(before, `${snippet}${before}`));
}

describe("check on broken copies of a good site", () => {
  const good = inject("sampleSite");

  /** A copy of the good site, broken by `breakIt`, checked in-process: its problems, paths relative to the site. */
  async function brokenCopy(breakIt: (site: string) => void) {
    const site = path.join(tempDir(), "site");
    cpSync(good, site, { recursive: true });
    breakIt(site);
    return (await checkSite(site, { display: (f) => path.relative(site, f), baseUrl: "https://mirror.example.org/" }))
      .problems;
  }
  const files = (problems: { file: string }[]) => [...new Set(problems.map((p) => p.file))];

  it("finds the good site clean (the cases below each break one thing)", async () => {
    expect(await brokenCopy(() => undefined)).toEqual([]);
  });

  it("reports a 0-byte page", async () => {
    const problems = await brokenCopy((site) => writeFileSync(path.join(site, ARTICLE), ""));
    expect(problems).toEqual([
      { file: ARTICLE, message: "is empty (0 bytes); a page must have content; build the site again" },
    ]);
  });

  it("reports a page that is not UTF-8", async () => {
    const problems = await brokenCopy((site) => writeFileSync(path.join(site, ARTICLE), fixture("not-utf8.html")));
    expect(problems).toEqual([
      { file: ARTICLE, message: "is not valid UTF-8; every page and feed is written in UTF-8; build the site again" },
    ]);
  });

  it("reports #fragment links to ids that do not exist, on the same page and on another", async () => {
    const problems = await brokenCopy((site) =>
      insert(site, ARTICLE, "</main>", fixture("fragment-links.html").toString()),
    );
    expect(files(problems)).toEqual([ARTICLE]);
    expect(problems.map((p) => p.message)).toEqual([
      'broken link: #no-such-part (no id "no-such-part" on this page)',
      'broken link: /culture/index.html#no-such-list (no id "no-such-list" on culture/index.html)',
    ]);
  });

  it.each([
    "photos/tea-horse-road-7a816734fbc7-800.jpg",
    "photos/tea-horse-road-7a816734fbc7-800.webp",
    "photos/tea-horse-road-7a816734fbc7-800.avif",
    "photos/archive-hills-cb28d9dca6bb-480.png",
  ])("reports a photo that does not decode: %s", async (photo) => {
    const problems = await brokenCopy((site) => writeFileSync(path.join(site, photo), fixture("corrupt.jpg")));
    expect(problems).toEqual([
      { file: photo, message: "is not a readable image (corrupt or truncated); build the site again" },
    ]);
  });

  it("reports a stylesheet's remote @import and missing url()", async () => {
    const problems = await brokenCopy((site) =>
      writeFileSync(
        path.join(site, "assets/site.css"),
        Buffer.concat([fixture("remote-and-missing.css"), readFileSync(path.join(site, "assets/site.css"))]),
      ),
    );
    expect(problems).toEqual([
      {
        file: "assets/site.css",
        line: 1,
        message:
          "@import loads https://fonts.example.com/newsroom.css from another origin; the site loads nothing remote",
      },
      {
        file: "assets/site.css",
        line: 3,
        message: "broken url(): /assets/missing-banner.png (no such file in the site)",
      },
    ]);
  });

  it("reports an inline script whose hash the page's CSP lacks", async () => {
    const problems = await brokenCopy((site) =>
      insert(site, ARTICLE, "</main>", fixture("inline-script.html").toString()),
    );
    expect(files(problems)).toEqual([ARTICLE]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^inline script without its hash \('sha256-[A-Za-z0-9+/=]+'\) in the Content-Security-Policy's script-src; a browser will not run it$/,
      ),
    ]);
  });

  it("reports a page without its CSP", async () => {
    const problems = await brokenCopy((site) => {
      const file = path.join(site, ARTICLE);
      writeFileSync(file, readFileSync(file, "utf8").replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, ""));
    });
    expect(problems).toEqual([
      {
        file: ARTICLE,
        message: "has no Content-Security-Policy <meta>; every page carries one (build the site again)",
      },
    ]);
  });

  it("reports an Atom feed that is not well-formed XML (a control character)", async () => {
    const problems = await brokenCopy((site) =>
      writeFileSync(path.join(site, "culture/feed.xml"), fixture("atom-control-character.xml")),
    );
    expect(problems).toEqual([
      {
        file: "culture/feed.xml",
        line: 4,
        message: expect.stringMatching(
          /^not well-formed XML: disallowed character \(column \d+\); feed readers and search engines reject the whole file$/,
        ),
      },
    ]);
  });

  it("reports an Atom feed missing what RFC 4287 requires", async () => {
    const problems = await brokenCopy((site) =>
      writeFileSync(path.join(site, "feed.xml"), fixture("atom-entry-without-id.xml")),
    );
    expect(problems).toEqual([
      { file: "feed.xml", line: 7, message: "Atom entry has no <id>; RFC 4287 requires exactly one" },
      {
        file: "feed.xml",
        line: 10,
        message: 'Atom <updated> "2021-08-05" is not an RFC 3339 date-time (e.g. 2021-07-28T07:01:00+08:00)',
      },
    ]);
  });

  it("reports a JSON Feed missing what JSON Feed 1.1 requires", async () => {
    const problems = await brokenCopy((site) =>
      writeFileSync(path.join(site, "policies/feed.json"), fixture("jsonfeed-item-without-id.json")),
    );
    expect(problems).toEqual([
      { file: "policies/feed.json", message: "JSON Feed 1.1: items[0].id: is required but missing" },
    ]);
  });

  it("reports a sitemap that is not well-formed XML, and a sitemap entry for a page that is not there", async () => {
    expect(
      await brokenCopy((site) => writeFileSync(path.join(site, "sitemap.xml"), fixture("sitemap-unclosed.xml"))),
    ).toEqual([
      { file: "sitemap.xml", line: 4, message: expect.stringMatching(/^not well-formed XML: unexpected close tag/) },
    ]);
    const problems = await brokenCopy((site) => {
      const file = path.join(site, "sitemap.xml");
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(
          "</urlset>",
          "<url><loc>https://mirror.example.org/culture/gone.html</loc></url>\n</urlset>",
        ),
      );
    });
    expect(problems).toEqual([
      {
        file: "sitemap.xml",
        line: expect.any(Number),
        message: "lists https://mirror.example.org/culture/gone.html, which is not in the site",
      },
    ]);
  });

  it("reports a missing 404.html", async () => {
    const problems = await brokenCopy((site) => unlinkSync(path.join(site, "404.html")));
    expect(problems).toEqual([
      {
        file: "404.html",
        message: "is missing: every site has the page servers show for a missing address; build the site again",
      },
    ]);
  });

  it("reports an <embed> (any object or embed: the CSP's object-src is 'none')", async () => {
    const problems = await brokenCopy((site) => insert(site, ARTICLE, "</main>", fixture("embeds.html").toString()));
    expect(files(problems)).toEqual([ARTICLE]);
    expect(problems.map((p) => p.message)).toContain(
      "<embed> loading https://media.example.com/player.swf: pages embed no plugins or objects (the CSP's object-src is 'none'); remove it",
    );
  });

  it("reports a symbolic link in the output, and does not follow it", async () => {
    const outside = path.join(tempDir(), "secret.txt");
    writeFileSync(outside, "not for the public\n");
    const problems = await brokenCopy((site) => symlinkSync(outside, path.join(site, "assets/notes.txt")));
    expect(problems).toEqual([
      {
        file: "assets/notes.txt",
        message: `is a symbolic link (to ${outside}); a site holds only files and folders, and a server may follow a link out of it`,
      },
    ]);
  });

  it("still reports missing search files when the site was built with search", async () => {
    const problems = await brokenCopy((site) => rmSync(path.join(site, "pagefind"), { recursive: true }));
    expect(files(problems)).toEqual(["search.html"]);
  });
});

describe("check refuses a folder that holds no site", () => {
  it("an empty folder is a failure, not '0 pages valid'", async () => {
    const empty = tempDir();
    const result = await runCli(["check", "--output", empty]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `newsmirror: --output ${empty}: is empty; build the site first (newsmirror build --output ${empty})\n`,
    );
  });

  it("a folder newsmirror did not build", async () => {
    const folder = tempDir();
    writeFileSync(path.join(folder, "index.html"), fixture("not-utf8.html"));
    const result = await runCli(["check", "--output", folder]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `newsmirror: --output ${folder}: is not a site newsmirror built (no .newsmirror-site); give the folder a build wrote (newsmirror build --output DIR)\n`,
    );
  });
});

describe("check understands how a site was built", () => {
  it("a site under a base path (https://example.org/mirror/): no false problems, and a link outside the path is one", async () => {
    const content = makeContent({}, { withSample: true });
    const settings = JSON.parse(readFileSync(path.join(content, "site.json"), "utf8"));
    writeFileSync(
      path.join(content, "site.json"),
      JSON.stringify({ ...settings, baseUrl: "https://example.org/mirror/" }),
    );
    const out = path.join(tempDir(), "site");
    expect((await runCli(["build", "--input", content, "--output", out, ...BUILD_ARGS])).status).toBe(0);
    const clean = await runCli(["check", "--input", content, "--output", out]);
    expect(problemLines(clean.stderr)).toEqual([]);
    expect(clean.status).toBe(0);

    insert(out, ARTICLE, "</main>", '<p><a href="/culture/index.html">without the base path</a></p>');
    const broken = await runCli(["check", "--input", content, "--output", out]);
    expect(problemLines(broken.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(`${ARTICLE}:\\d+: link /culture/index.html is outside the site's base path /mirror/$`),
      ),
    ]);
    expect(broken.status).toBe(1);
  });

  it("a --relative build: no false problems, and a root-relative link is one", async () => {
    const out = path.join(tempDir(), "site");
    expect((await runCli(["build", "--output", out, "--relative", ...BUILD_ARGS])).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, ".newsmirror-site"), "utf8"))).toMatchObject({
      relative: true,
      search: true,
    });
    const clean = await runCli(["check", "--output", out]);
    expect(problemLines(clean.stderr)).toEqual([]);
    expect(clean.status).toBe(0);

    insert(out, SEED_PAGE, "</main>", '<p><a href="/culture/index.html">root-relative</a></p>');
    const broken = await runCli(["check", "--output", out]);
    expect(problemLines(broken.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `${SEED_PAGE}:\\d+: link /culture/index.html is root-relative in a --relative build, which must open from disk \\(file://\\); make it relative$`,
        ),
      ),
    ]);
  });

  it("a --no-search build: the marker says so, and check does not ask for the search files", async () => {
    const content = makeContent({ "news/a.md": articleText({ title: "Alpha", section: "news" }) });
    const out = path.join(tempDir(), "site");
    expect((await runCli(["build", "--input", content, "--output", out, "--no-search", ...BUILD_ARGS])).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, ".newsmirror-site"), "utf8"))).toMatchObject({
      search: false,
      relative: false,
    });
    const check = await runCli(["check", "--input", content, "--output", out]);
    expect(problemLines(check.stderr)).toEqual([]);
    expect(check.status).toBe(0);
  });
});

/** An article with `count` tags (each a <meta property="article:tag"> on its page) and one broken link. */
function manyTags(count: number): string {
  const tags = Array.from({ length: count }, (_, i) => `t${i}`).join(", ");
  return `---\ntitle: An article with ${count.toLocaleString("en-US")} tags\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\ntags: [${tags}]\n---\nSee [nothing](/no-such-page.html).\n`;
}

// 20,000 tags: a page of that size took minutes before the fix below (32,000: 58 s of validation alone);
// the counted test is the guard, this one checks the whole command on such a page.
describe("check on a page with 20,000 tags", () => {
  let content: string;
  let out: string;
  beforeAll(async () => {
    content = makeContent({
      // The sample's settings but its menu, which links to the sample's sections (this site has none).
      "site.json": JSON.stringify({
        ...JSON.parse(readFileSync(path.join(ROOT, "content/site.json"), "utf8")),
        menu: [],
      }),
      "news/many-tags.md": manyTags(20_000),
    });
    out = path.join(tempDir(), "site");
    const build = await runCli(["build", "--input", content, "--output", out, "--no-search", ...BUILD_ARGS]);
    expect(build.status, build.stderr).toBe(0);
  }, 180_000);

  it("validates a page in work linear in its elements: html-validate's element search copied every match so far for each sibling", () => {
    // Counted, not timed: the elements Array.prototype.concat copies while one page with 4,000 siblings is validated.
    const n = 4000;
    const metas = Array.from({ length: n }, (_, i) => `<meta property="article:tag" content="t${i}">`).join("\n");
    const page = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title>\n${metas}\n</head><body><main><p>x</p></main></body></html>`;
    const concat = Array.prototype.concat;
    let copied = 0;
    Array.prototype.concat = function (this: unknown[], ...items: unknown[]) {
      copied += this.length + items.reduce<number>((sum, item) => sum + (Array.isArray(item) ? item.length : 1), 0);
      return concat.apply(this, items as never);
    } as typeof concat;
    try {
      expect(validateHtml(page, "x.html")).toEqual([]);
    } finally {
      Array.prototype.concat = concat;
    }
    // About 6 per element now; about n / 2 per element (40 million in all) before.
    expect(copied).toBeLessThan(20 * n);
  });

  it("finishes (before, it was still running after 20 minutes) and reports the one broken link", async () => {
    // A hang detector, not a measurement (the test above counts the work): seconds of CPU now, far below the bound.
    const run = await runCli(["check", "--input", content, "--output", out]);
    expect(problemLines(run.stderr)).toEqual([
      expect.stringMatching(
        /an-article-with-20-000-tags\.html:\d+: broken link: \/no-such-page\.html \(no such file in the site\)$/,
      ),
    ]);
    expect(run.status).toBe(1);
  });

  it("still finds, through the faster element search, what html-validate finds across the whole page", () => {
    // A duplicate id (no-dup-id searches every [id]) among many siblings.
    const metas = Array.from({ length: 2000 }, (_, i) => `<meta name="k${i}" content="${i}">`).join("\n");
    const markup = `<!doctype html>\n<html lang="en"><head><title>t</title>\n${metas}\n</head><body>\n<p id="twice">a</p>\n<p id="twice">b</p>\n</body></html>`;
    const problems = validateHtml(markup, "x.html");
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['2005: Duplicate ID "twice" (no-dup-id)']);
  });
});

describe("remote photos a page's own CSP names (images.remote: link)", () => {
  it("accepts an image from an origin img-src lists exactly, and nothing else remote", async () => {
    const site = tempDir();
    await writeSiteMarker(site, { basePath: "/", search: false });
    mkdirSync(path.join(site, "news"));
    writeFileSync(path.join(site, "news/photos.html"), fixture("remote-photos.html"));
    for (const name of ["index.html", "404.html"])
      writeFileSync(
        path.join(site, name),
        fixture("remote-photos.html")
          .toString()
          .replace(/<img[^>]*>\n|<script[^>]*><\/script>\n/g, ""),
      );
    const { problems } = await checkSite(site, {
      display: (f) => path.relative(site, f),
      baseUrl: "https://news.example/",
    });
    expect(problems.filter((p) => p.file === "news/photos.html").map((p) => `${p.line}: ${p.message}`)).toEqual([
      "11: loads https://photos.example.com:8443/2021/tea.jpg from another origin; pages load nothing remote",
      "12: loads http://photos.example.com/2021/tea.jpg from another origin; pages load nothing remote",
      "13: loads https://cdn.example.org/2021/tea.jpg from another origin; pages load nothing remote",
      "14: loads https://photos.example.com/track.js from another origin; pages load nothing remote",
    ]);
  });
});
