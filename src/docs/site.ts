/**
 * `npm run docs`: the pages of docs/ as a small site in the sample site's
 * look, with no second site engine. Each docs/NAME.md is rendered by the
 * site's own Markdown renderer (raw HTML sanitised, as a site with
 * `markdown.html` has it: src/article/site-markdown.ts) into the site's page
 * shell (templates/_components/page.ts, its Content-Security-Policy included)
 * as NAME.html; links between .md files lead to the pages, each heading has
 * GitHub's anchor (./markdown.ts), so every #anchor that works on GitHub
 * works here; the images the pages show are copied beside them.
 *
 * The output folder follows a build's rules (src/output/): it is checked as
 * `build --output` is, locked, written as a staging folder beside it and
 * swapped in when complete, and carries the marker, so `newsmirror check`
 * reads it as a site and a second run may replace it. All links are relative:
 * the folder reads the same from disk as from any server.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type Token from "markdown-it/lib/token.mjs";
import { markdownFor } from "../article/site-markdown.ts";
import { html, type SafeHtml, trusted } from "../html.ts";
import { checkOutputFolder, writeSiteMarker } from "../output/guard.ts";
import { lockOutputFolder } from "../output/lock.ts";
import { createStaging, discardStaging, publishStaging, recoverInterrupted } from "../output/staging.ts";
import { PACKAGE_ROOT, TEMPLATE_SOURCES, templateFile } from "../package.ts";
import { SiteSettingsSchema, type SiteSettings } from "../settings/settings.ts";
import { starterLogo } from "../init/new-site.ts";
import { headingsOf, isExternal } from "./markdown.ts";

export interface DocsSiteOptions {
  /** The folder of .md pages (docs/). */
  docsDir: string;
  outputDir: string;
  /** Where the command runs: the folders a build may never replace are found from it. */
  cwd: string;
  /** The output folder as the user named it, for messages (default: outputDir). */
  shownOutput?: string;
}

export interface DocsSiteReport {
  /** The pages written, by file name (`index.html`, …). */
  pages: string[];
  /** The images and other files copied, by path in the output (`screenshots/home-desktop.png`). */
  files: string[];
}

/** The site's look, with none of gov.cn's lines: the docs' own name, logo and footer. */
export const DOCS_SETTINGS: SiteSettings = SiteSettingsSchema.parse({
  name: "newsmirror docs",
  language: "en",
  logo: { file: "logo.svg", alt: "newsmirror" },
  header: { app: false },
  footer: { copyright: "newsmirror · MIT License", links: [], identification: "", registration: "", rights: [] },
  markdown: { html: true },
  menu: [
    { label: "Contents", url: "/index.html" },
    { label: "Getting started", url: "/getting-started.html" },
    { label: "Writing", url: "/writing.html" },
    { label: "Settings", url: "/settings.html" },
    { label: "Building", url: "/building.html" },
    { label: "Commands", url: "/commands.html" },
    { label: "Deploying", url: "/deploying.html" },
    { label: "Errors", url: "/errors.html" },
    { label: "Contributing", url: "/contributing.html" },
  ],
});

/** The page for a docs file: `index.md` → `index.html`. */
export const pageName = (markdownFile: string) => `${path.basename(markdownFile, ".md")}.html`;

const LOGO = "assets/site-logo.svg";
const DOCS_CSS = path.join(path.dirname(fileURLToPath(import.meta.url)), "docs.css");

/** Every page is at the top of the site: a site path is the same path without its leading `/`. */
const link = (sitePath: string) => (sitePath === "/" ? "index.html" : sitePath.replace(/^\/+/, ""));

/** templates/_components/page.ts's `page()`, with the parts the docs give it (src/ imports no template, not even its types). */
type PageShell = (parts: {
  site: SiteSettings;
  title: string;
  head: SafeHtml;
  main: SafeHtml;
  kind: string;
  link: (sitePath: string) => string;
  dev: boolean;
  menu: boolean;
}) => string;

/** The page shell, loaded by path at run time as the build loads templates (src/ imports no template). */
async function pageShell(): Promise<PageShell> {
  const file = path.join(TEMPLATE_SOURCES, "_components", templateFile("page"));
  return ((await import(pathToFileURL(file).href)) as { page: PageShell }).page;
}

/**
 * A docs page's Markdown as HTML: links to .md pages lead to their pages, headings get GitHub's anchors, and every
 * image the page shows is returned, to be copied.
 */
export function renderDocsPage(
  markdown: string,
  pages: ReadonlySet<string>,
): { body: string; title: string; images: string[] } {
  const md = markdownFor(DOCS_SETTINGS);
  const env = {};
  const tokens = md.parse(markdown, env);
  const images: string[] = [];
  const visit = (list: readonly Token[]) => {
    for (const token of list) {
      if (token.type === "link_open") {
        const href = token.attrGet("href") ?? "";
        const [target = "", fragment] = href.split("#");
        if (!isExternal(href) && pages.has(target))
          token.attrSet("href", pageName(target) + (fragment === undefined ? "" : `#${fragment}`));
      }
      if (token.type === "image") {
        const src = token.attrGet("src") ?? "";
        if (!isExternal(src)) images.push(decodeURI(src));
      }
      if (token.children) visit(token.children);
    }
  };
  visit(tokens);
  const headings = headingsOf(markdown, tokens);
  // The sanitiser keeps no attribute on a heading: each <hN> is ours to give its anchor, in order.
  let next = 0;
  const body = md.renderer.render(tokens, md.options, env).replace(/<h([1-6])>/g, (_all, level: string) => {
    const heading = headings[next++];
    if (!heading || String(heading.level) !== level)
      throw new Error("docs: the headings rendered are not the headings read");
    return html`<h${level} id="${heading.slug}">`.value;
  });
  if (next !== headings.length) throw new Error("docs: the headings rendered are not the headings read");
  const title = headings.find((h) => h.level === 1)?.text ?? "newsmirror docs";
  return { body, title, images };
}

/** Writes the docs site into `outputDir`, replacing it only when it is new, empty or a site newsmirror wrote. */
export async function buildDocsSite(options: DocsSiteOptions): Promise<DocsSiteReport> {
  const { docsDir, outputDir, cwd } = options;
  await checkOutputFolder("--output", options.shownOutput ?? outputDir, { cwd, packageRoot: PACKAGE_ROOT });
  const lock = await lockOutputFolder(outputDir, { command: "build" }, { wait: false });
  try {
    await recoverInterrupted(outputDir);
    const staging = await createStaging(outputDir);
    try {
      const report = await writeDocsSite(docsDir, staging);
      await writeSiteMarker(staging, { basePath: "/", relative: true, search: false });
      await publishStaging(staging, outputDir);
      return report;
    } catch (error) {
      await discardStaging(staging);
      throw error;
    }
  } finally {
    await lock.release();
  }
}

async function writeDocsSite(docsDir: string, out: string): Promise<DocsSiteReport> {
  const page = await pageShell();
  const sources = (await readdir(docsDir)).filter((f) => f.endsWith(".md")).sort();
  const pages = new Set(sources);
  const report: DocsSiteReport = { pages: [], files: [] };
  const copied = new Set<string>();
  const head = html`<link rel="stylesheet" href="assets/docs.css">`;
  for (const source of sources) {
    const { body, title, images } = renderDocsPage(await readFile(path.join(docsDir, source), "utf8"), pages);
    const main = html`<div class="Artical_Content docs">
${trusted(body)}</div>`;
    const name = pageName(source);
    const shownTitle = name === "index.html" ? title : `${title} — newsmirror docs`;
    await writeFile(
      path.join(out, name),
      page({ site: DOCS_SETTINGS, title: shownTitle, head, main, kind: "docs-page", link, dev: false, menu: true }),
    );
    report.pages.push(name);
    for (const image of images) {
      const target = path.posix.normalize(image);
      if (copied.has(target)) continue;
      if (target.startsWith("../") || path.posix.isAbsolute(target))
        throw new Error(`docs/${source}: image ${image} is outside docs/; keep the docs' images in docs/`);
      copied.add(target);
      await mkdir(path.dirname(path.join(out, target)), { recursive: true });
      await copyFile(path.join(docsDir, target), path.join(out, target));
      report.files.push(target);
    }
  }
  // A missing address gets a page too, as on every site newsmirror writes.
  const notFound = html`<div class="Artical_Content docs"><h1>Page not found</h1>
<p>No page of the docs has this address. <a href="index.html">The contents</a> list them all.</p></div>`;
  await writeFile(
    path.join(out, "404.html"),
    page({
      site: DOCS_SETTINGS,
      title: "Page not found — newsmirror docs",
      head,
      main: notFound,
      kind: "docs-page",
      link,
      dev: false,
      menu: true,
    }),
  );
  // The page shell's assets: the site's stylesheet and icon, the docs' additions, and the docs' logo.
  await mkdir(path.join(out, "assets"), { recursive: true });
  for (const asset of ["site.css", "favicon.svg"])
    await copyFile(path.join(TEMPLATE_SOURCES, "assets", asset), path.join(out, "assets", asset));
  await copyFile(DOCS_CSS, path.join(out, "assets/docs.css"));
  await writeFile(path.join(out, LOGO), starterLogo("newsmirror docs"));
  return report;
}
