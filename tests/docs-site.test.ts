/**
 * `npm run docs`: docs/*.md built into a site in the sample site's look (src/docs/site.ts). Every page is there,
 * every link between pages and every #anchor leads somewhere, the images are copied, the pages pass the site's own
 * check (HTML validity, CSP, nothing remote), and the output folder follows a build's rules.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Parser } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import { checkSite } from "../src/check/site-check.ts";
import { buildDocsSite, type DocsSiteReport, pageName } from "../src/docs/site.ts";
import { ROOT, tempDir } from "./helpers/site.ts";

const DOCS = path.join(ROOT, "docs");
/** Linked before it is in this checkout (tests/docs-links.test.ts): docs/templates.md, merged with this work. */
const PENDING = ["templates.md"].filter((page) => !existsSync(path.join(DOCS, page)));

/** Every href and src of a page, as a browser reads them. */
function references(markup: string): string[] {
  const urls: string[] = [];
  const parser = new Parser({
    onopentag(_name, attributes) {
      for (const key of ["href", "src"]) if (attributes[key] !== undefined) urls.push(attributes[key]);
    },
  });
  parser.end(markup);
  return urls;
}

describe("the docs site", () => {
  let out: string;
  let report: DocsSiteReport;
  const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md"));
  const read = (name: string) => readFileSync(path.join(out, name), "utf8");

  beforeAll(async () => {
    const cwd = tempDir("newsmirror-docs-");
    out = path.join(cwd, "_docs");
    report = await buildDocsSite({ docsDir: DOCS, outputDir: out, cwd });
  }, 60_000);

  it("has a page for every docs page, the contents as index.html, and a 404 page", () => {
    expect(report.pages.sort()).toEqual(pages.map(pageName).sort());
    for (const name of [...report.pages, "index.html", "404.html", "assets/site.css", "assets/docs.css"])
      expect(existsSync(path.join(out, name)), name).toBe(true);
  });

  it("gives a page its heading as title and <h1>, and each heading GitHub's anchor", () => {
    const page = read("building.html");
    expect(page).toContain("<title>Building, previewing and checking — newsmirror docs</title>");
    expect(page).toContain('<h1 id="building-previewing-and-checking">Building, previewing and checking</h1>');
    expect(page).toContain('<h2 id="incremental-builds">Incremental builds</h2>');
    expect(read("index.html")).toContain('<link rel="stylesheet" href="assets/site.css">');
  });

  it("links pages to pages, and every relative link and #anchor resolves", () => {
    const broken: string[] = [];
    const ids = (name: string) => new Set([...read(name).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    for (const name of report.pages) {
      for (const url of references(read(name))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(url) || PENDING.includes(url.split("#")[0]!)) continue;
        const [target = "", fragment] = url.split("#");
        expect(target.endsWith(".md"), `${name}: ${url} still names a .md file`).toBe(false);
        const file = target === "" ? name : decodeURI(target);
        if (!existsSync(path.join(out, file))) broken.push(`${name}: ${url}`);
        else if (fragment && file.endsWith(".html") && !ids(file).has(fragment)) broken.push(`${name}: ${url} (no id)`);
      }
    }
    expect(broken).toEqual([]);
    expect(read("index.html")).toContain('<a href="building.html">');
  });

  it("copies the images the pages show", () => {
    expect(report.files).toEqual(expect.arrayContaining(["benchmarks.svg", "screenshots/article-phone.png"]));
    for (const file of report.files)
      expect(readFileSync(path.join(out, file)).equals(readFileSync(path.join(DOCS, file))), file).toBe(true);
  });

  it("passes the site's own check: valid HTML, a CSP on every page, nothing from another origin", async () => {
    const { problems } = await checkSite(out);
    const pending = (message: string) => PENDING.some((page) => message.includes(`broken link: ${page}`));
    expect(problems.filter((p) => !pending(p.message))).toEqual([]);
    expect(read("settings.html")).toContain(
      '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;sha256-',
    );
  });

  it("escapes what the pages show: text that looks like markup stays text", () => {
    // docs/site.md writes `<head>` in a heading's code.
    expect(read("site.html")).toContain("<code>&lt;head&gt;</code>");
  });

  it("replaces its own folder, and refuses one holding files it did not write", async () => {
    const cwd = tempDir("newsmirror-docs-");
    const again = await buildDocsSite({ docsDir: DOCS, outputDir: out, cwd });
    expect(again.pages.length).toBe(report.pages.length);
    const foreign = path.join(cwd, "notes");
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "mine.txt"), "mine\n");
    await expect(buildDocsSite({ docsDir: DOCS, outputDir: foreign, cwd, shownOutput: "notes" })).rejects.toThrow(
      "--output notes: holds files newsmirror did not write",
    );
    expect(readFileSync(path.join(foreign, "mine.txt"), "utf8")).toBe("mine\n");
  });
});
