/**
 * Template overrides (issue 19): a site folder's `templates/` (or `layouts/`) shadows newsmirror's templates,
 * partials and assets one file at a time; a file copied from newsmirror and edited changes exactly the pages that use
 * it, and every other page is byte for byte what newsmirror's own templates write.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { get, TestDevServer, treeHashes } from "./helpers/dev-server.ts";
import { ROOT, SAMPLE_BUILD_TIME, SAMPLE_CONTENT, SEED_PAGE, spawnCli, tempDir } from "./helpers/site.ts";
import { createHash } from "node:crypto";
import { expectedLines, firstDifference, pageLines } from "../src/fidelity/page-text.ts";

const BUILT_IN = path.join(ROOT, "templates");
const builtIn = (file: string) => readFileSync(path.join(BUILT_IN, file), "utf8");
/** newsmirror's byline partial, edited as a newsroom would: "Reported by" instead of "By". */
const NEWSROOM_EDITED = builtIn("_components/newsroom.ts").replace(
  '<div class="Artical_Byline">By ',
  '<div class="Artical_Byline">Reported by ',
);
/** One photo cache for every site here: the sample's photos are encoded once. */
const imageCache = tempDir("newsmirror-images-");

/** A site folder as `newsmirror init` lays one out: `content/` (the sample's), and the overrides given beside it. */
function site(overrides: Record<string, string> = {}, folder = "templates"): string {
  const dir = tempDir("newsmirror-site-");
  cpSync(SAMPLE_CONTENT, path.join(dir, "content"), { recursive: true });
  writeOverrides(dir, overrides, folder);
  return dir;
}

function writeOverrides(dir: string, files: Record<string, string>, folder = "templates"): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, folder, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

const build = (dir: string, ...more: string[]) =>
  runCli(
    [
      "build",
      "--output",
      "out",
      "--build-time",
      SAMPLE_BUILD_TIME,
      "--no-search",
      "--image-cache",
      imageCache,
      ...more,
    ],
    { cwd: dir },
  );

/** The built site's files by hash, without the files that name the build's inputs (the marker, the fixity manifest). */
function pages(dir: string, output = "out"): Record<string, string> {
  const tree = treeHashes(path.join(dir, output));
  delete tree["manifest-sha256.txt"];
  return tree;
}

/** The files of `a` and `b` that differ (or are in one only). */
function differing(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((file) => a[file] !== b[file]).sort();
}

/** The sample's article pages with a byline (their articles have `authors`). */
const AUTHORED_PAGES = [
  "culture/202108/06/caravan-towns-on-the-tea-horse-road-draw-new-visitors.html",
  "culture/202108/07/yunnan-museums-extend-weekend-hours-for-the-exhibition-season.html",
  "policies/latestreleases/202108/03/archives-to-open-more-public-records-online-under-the-digital-guideline.html",
];

describe("a site's templates/ folder shadows newsmirror's templates one file at a time", () => {
  let plain: Record<string, string>;
  beforeAll(async () => {
    const dir = site();
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    plain = pages(dir);
  }, 60_000);

  it("a partial copied and edited (_components/newsroom.ts) changes the article pages that use it, and no other byte", async () => {
    const dir = site({ "_components/newsroom.ts": NEWSROOM_EDITED });
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("warning");
    const built = pages(dir);
    expect(differing(plain, built)).toEqual(AUTHORED_PAGES);
    for (const page of AUTHORED_PAGES) {
      const html = readFileSync(path.join(dir, "out", page), "utf8");
      expect(html).toContain('<div class="Artical_Byline">Reported by <a href=');
      // Everything else of the page is as newsmirror writes it.
      const asBuiltIn = createHash("sha256").update(html.replace("Reported by ", "By ")).digest("hex");
      expect(asBuiltIn).toBe(plain[page]);
    }
    // The seed page (no author) is the faithful page still.
    const seed = readFileSync(path.join(dir, "out", SEED_PAGE), "utf8");
    expect(built[SEED_PAGE]).toBe(plain[SEED_PAGE]);
    const expected = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");
    expect(firstDifference(pageLines(seed), expectedLines(expected))).toBeUndefined();
  });

  it("a site's article.ts replaces the article page, its imports as in newsmirror's folder", async () => {
    const source = '<meta name="source" content="$' + '{article.source}">'; // a line of article.ts's template
    const article = builtIn("article.ts").replace(source, `${source}\n<meta name="newsroom" content="restyled">`);
    expect(article).toContain('content="restyled"');
    const dir = site({ "article.ts": article });
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    const changed = differing(plain, pages(dir));
    expect(changed.length).toBeGreaterThan(5);
    for (const page of changed) {
      expect(page).toMatch(/\/\d{6}\/\d\d\/[^/]+\.html$/); // English article pages only (the Chinese page is article-zh.ts's)
      expect(readFileSync(path.join(dir, "out", page), "utf8")).toContain('<meta name="newsroom" content="restyled">');
    }
  });

  it("a site's assets/site.css is the site's stylesheet; the other assets stay newsmirror's", async () => {
    const css = `${builtIn("assets/site.css")}\n.Artical_Byline { color: #a00; }\n`;
    const dir = site({ "assets/site.css": css });
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(differing(plain, pages(dir))).toEqual(["assets/site.css"]);
    expect(readFileSync(path.join(dir, "out/assets/site.css"), "utf8")).toBe(css);
  });

  it("adding, editing and removing an override is a full build that names the file, and equals a clean build", async () => {
    const dir = site();
    expect((await build(dir)).status).toBe(0);
    const clean = async () => {
      rmSync(path.join(dir, "clean"), { recursive: true, force: true });
      const result = await runCli(
        ["build", "--output", "clean", "--build-time", SAMPLE_BUILD_TIME, "--no-search", "--image-cache", imageCache],
        { cwd: dir },
      );
      expect(result.status, result.stderr).toBe(0);
      return treeHashes(path.join(dir, "clean"));
    };
    const steps: [() => void, string][] = [
      [
        () => writeOverrides(dir, { "_components/newsroom.ts": NEWSROOM_EDITED }),
        "full build (a template of the site added (templates/_components/newsroom.ts))",
      ],
      [
        () => writeOverrides(dir, { "_components/newsroom.ts": NEWSROOM_EDITED.replace("Reported by ", "Words: ") }),
        "full build (a template of the site changed (templates/_components/newsroom.ts))",
      ],
      [
        // An article edited while the site's templates are in use: its page is rendered with them.
        () => {
          const file = path.join(dir, "content/culture/tea-horse-road-caravan-towns.md");
          writeFileSync(file, readFileSync(file, "utf8").replace(/\n$/, "\n\nOne more paragraph.\n"));
        },
        "incremental build: 1 article changed",
      ],
      [
        () => writeOverrides(dir, { "assets/site.css": "body { margin: 0; }\n" }),
        "full build (the site's stylesheet added (templates/assets/site.css))",
      ],
      [
        () => rmSync(path.join(dir, "templates/_components/newsroom.ts")),
        "full build (a template of the site removed (templates/_components/newsroom.ts))",
      ],
      [() => rmSync(path.join(dir, "templates"), { recursive: true }), "full build (the site's stylesheet removed"],
    ];
    for (const [change, reason] of steps) {
      change();
      const result = await build(dir);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).toContain(reason);
      expect(treeHashes(path.join(dir, "out"))).toEqual(await clean());
    }
    // Nothing changed since: an incremental build.
    expect((await build(dir)).stdout).toContain("incremental build");
  });

  it("a layouts/ folder is the same thing; both folders at once are an error naming both", async () => {
    const dir = site({ "_components/newsroom.ts": NEWSROOM_EDITED }, "layouts");
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(differing(plain, pages(dir))).toEqual(AUTHORED_PAGES);
    mkdirSync(path.join(dir, "templates"));
    const both = await build(dir);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain("templates/ and layouts/: a site's template overrides are in one folder");
  });

  it("a file that shadows nothing is a warning with the name it was likely meant to be, and the build goes on", async () => {
    const dir = site({ "artcle.ts": builtIn("article.ts"), "assets/site.ccs": "body {}\n", "README.md": "# ours\n" });
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "templates/artcle.ts: warning: shadows none of newsmirror's templates and no template imports it, so it is not used; did you mean templates/article.ts?",
    );
    expect(result.stderr).toContain(
      "templates/assets/site.ccs: warning: shadows none of newsmirror's assets (it is published as /assets/site.ccs); did you mean templates/assets/site.css?",
    );
    expect(result.stderr).not.toContain("README");
    expect(differing(plain, pages(dir))).toEqual(["assets/site.ccs"]);
  });

  it("a site file a template imports (a new partial beside the copied ones) is used, not warned about", async () => {
    // newsmirror's own modules by their package name too, as a site with newsmirror installed has them.
    const newsroom = `import { html } from "newsmirror/src/html.ts";\nexport { topicLinks, relatedStories } from "./newsroom-original.ts";\nimport type { ArticleMeta } from "../../src/article/article.ts";\nimport type { Link } from "../../src/site/urls.ts";\nexport function byline(article: ArticleMeta, _link: Link) {\n  return article.authors?.length ? html\`\n<div class="Artical_Byline">Staff report</div>\` : "";\n}\n`;
    const dir = site({
      "_components/newsroom.ts": newsroom,
      "_components/newsroom-original.ts": builtIn("_components/newsroom.ts"),
    });
    const result = await build(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("warning");
    expect(differing(plain, pages(dir))).toEqual(AUTHORED_PAGES);
    expect(readFileSync(path.join(dir, "out", AUTHORED_PAGES[0]!), "utf8")).toContain("Staff report");
  });
});

const THROWING_HOME = `export const data = { permalink: "/index.html", eleventyExcludeFromCollections: true };
export function render(): string {
  throw new Error("the home page is not ready");
}
`;

describe("a broken override stops the build, names the file and line, and leaves the last good site", () => {
  it.each([
    [
      "does not compile",
      { "_components/newsroom.ts": NEWSROOM_EDITED.replace("Reported by ", "Reported by ${") },
      /^newsmirror: the site's templates \(templates\/\) do not compile: templates\/_components\/newsroom\.ts:23:\d+: Expected/,
    ],
    [
      "lacks a function newsmirror's templates import",
      { "_components/newsroom.ts": NEWSROOM_EDITED.replace("export function byline(", "function byline(") },
      /do not compile: newsmirror's templates\/article\.ts:\d+:\d+: No matching export in "templates\/_components\/newsroom\.ts" for import "byline"/,
    ],
    [
      "imports a module newsmirror does not have",
      { "_components/newsroom.ts": NEWSROOM_EDITED.replace('"../../src/html.ts"', '"../../src/htm.ts"') },
      /do not compile: templates\/_components\/newsroom\.ts:\d+:\d+: cannot find \.\.\/\.\.\/src\/htm\.ts \(imported as if from newsmirror's templates\/_components\/newsroom\.ts\)/,
    ],
    [
      "throws while rendering an article page",
      {
        "_components/newsroom.ts": NEWSROOM_EDITED.replace(
          "Reported by ",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a line of the template's source, written into the override
          'Reported by ${(() => { throw new Error("no bylines today"); })()}',
        ),
      },
      /^newsmirror: templates\/_components\/newsroom\.ts:23:\d+: the site's template failed while rendering: no bylines today/,
    ],
    [
      "throws while Eleventy renders a page",
      { "home.11ty.ts": THROWING_HOME },
      /^newsmirror: templates\/home\.11ty\.ts:3:9: the site's template failed while rendering: the home page is not ready/,
    ],
    [
      "gives newsmirror's templates what they cannot use",
      {
        "_components/newsroom.ts": NEWSROOM_EDITED.replace(
          "export function byline(",
          "export const byline = 5;\nfunction was(",
        ),
      },
      /^newsmirror: newsmirror's templates\/article\.ts:\d+:\d+, with the site's templates \(templates\/\): a template failed while rendering: byline is not a function/,
    ],
  ])("one that %s", async (_what, broken, message) => {
    const dir = site({ "_components/newsroom.ts": NEWSROOM_EDITED });
    expect((await build(dir)).status).toBe(0);
    const before = treeHashes(path.join(dir, "out"));
    writeOverrides(dir, broken);
    const result = await build(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain("internal error");
    expect(treeHashes(path.join(dir, "out"))).toEqual(before);
  });
});

describe("overrides in the other ways newsmirror runs", () => {
  it("the newsmirror command (compiled) builds with them", () => {
    const dir = site({ "_components/newsroom.ts": NEWSROOM_EDITED });
    const result = spawnCli(
      ["build", "--output", "out", "--build-time", SAMPLE_BUILD_TIME, "--no-search", "--image-cache", imageCache],
      { cwd: dir },
    );
    expect(result.status, result.stderr).toBe(0);
    for (const page of AUTHORED_PAGES)
      expect(readFileSync(path.join(dir, "out", page), "utf8")).toContain("Reported by <a href=");
  }, 60_000);

  it("the dev server builds with them, and a saved override re-renders the pages and reloads", async () => {
    const dir = site({ "_components/newsroom.ts": NEWSROOM_EDITED });
    const dev = await new TestDevServer({ contentDir: path.join(dir, "content"), cwd: dir, displayRoot: dir }).start();
    try {
      const page = `/${AUTHORED_PAGES[0]}`;
      expect((await get(dev.port, page)).body).toContain("Reported by <a href=");
      writeOverrides(dir, { "_components/newsroom.ts": NEWSROOM_EDITED.replace("Reported by ", "Filed by ") });
      await dev.logged(/templates\/_components\/newsroom\.ts changed; built \d+ pages/);
      expect((await get(dev.port, page)).body).toContain("Filed by <a href=");
      // A save that breaks it: the last good pages stay, with the problem over them, until a save fixes it.
      writeOverrides(dir, { "_components/newsroom.ts": NEWSROOM_EDITED.replace("Reported by ", "Filed by ${") });
      await dev.logged(
        /the build failed: the site's templates \(templates\/\) do not compile: templates\/_components\/newsroom\.ts:23:\d+: .*; still serving the last good pages/,
      );
      const broken = (await get(dev.port, page)).body;
      expect(broken).toContain("Filed by <a href=");
      expect(broken).toContain("templates/_components/newsroom.ts:23:");
      writeOverrides(dir, { "_components/newsroom.ts": NEWSROOM_EDITED.replace("Reported by ", "Written by ") });
      await dev.logged(/templates\/_components\/newsroom\.ts changed; built \d+ pages/, 2);
      expect((await get(dev.port, page)).body).toContain("Written by <a href=");
    } finally {
      await dev.stop();
    }
  }, 60_000);
});
