/**
 * `newsmirror init DIR`: a new site of a newsroom's own, in a folder of its own, that builds at once. What it writes
 * is the newsroom's from then on: a content folder with its settings and one example article, a package.json that
 * depends on newsmirror (so `npx newsmirror` and `npm run build` find it), a .gitignore for what a build makes, and a
 * CI workflow that builds and checks the site with the build cache kept between runs.
 *
 * A new site is not a mirror: it carries none of gov.cn's legal lines (registration numbers, rights, its App link);
 * the design (`govcn-en`, `govcn-zh`) gives only the look. init never writes into a folder that holds anything: a
 * typo'd DIR naming an existing project is refused, not merged into.
 */
import { lstat, mkdir, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { DEFAULT_BUILD_CACHE, DEFAULT_IMAGE_CACHE } from "../output/guard.ts";
import { spareOf } from "../output/staging.ts";
import { UsageError } from "../errors.ts";
import { readArticle } from "../article/read-article.ts";
import { govcnId } from "../article/create.ts";
import { parseSettings, type Design } from "../settings/settings.ts";
import { isTimeZone } from "../time/instant.ts";
import { toOffsetIso } from "../time/format.ts";

export interface NewSiteRequest {
  /** Absolute path of the folder to make (new, or empty). */
  dir: string;
  /** DIR as the user typed it, for messages and the commands printed. */
  shownDir: string;
  name: string;
  baseUrl: string;
  design: Design;
  /** newsmirror's own version: the new package.json depends on it. */
  version: string;
  /** The example article's time; now by default. */
  now?: Date;
  /** The site's time zone; the machine's by default (a newsroom dates its articles where it is). */
  timeZone?: string;
}

export interface NewSite {
  /** The files written, relative to DIR, in the order written. */
  files: string[];
}

/** A site's settings as init writes them: the newsroom's name and address, and none of gov.cn's own lines. */
export function newSiteSettings(request: Pick<NewSiteRequest, "name" | "baseUrl" | "design" | "timeZone">) {
  const chinese = request.design === "govcn-zh";
  return {
    design: request.design,
    name: request.name,
    baseUrl: request.baseUrl,
    ...(chinese ? {} : { language: "en" }),
    timeZone: request.timeZone ?? "Asia/Shanghai",
    logo: { file: "logo.svg", alt: request.name },
    header: { app: false, logoAlt: request.name },
    footer: {
      copyright: `Copyright© ${request.name}`,
      links: [],
      identification: "",
      identificationCode: "",
      registration: "",
      registrationNumber: "",
      rights: [],
    },
    chinese: { footer: [`版权所有：${request.name}`], app: false, logoAlt: request.name },
    menu: [{ label: chinese ? "新闻" : "News", url: "/news/" }],
    sectionNames: { news: chinese ? "新闻" : "News" },
  };
}

/** Front-matter fields an article may add, as YAML comments under the example's own. */
const OPTIONAL_FIELDS = `# dateline: BEIJING        opens the first paragraph: "BEIJING — "
# summary: One sentence     the teaser on listings and in feeds
`;

/** The example article: what an article file looks like, and how to write the next one. */
function exampleArticle(request: NewSiteRequest, timeZone: string): { file: string; text: string } {
  const now = (request.now ?? new Date()).getTime();
  if (request.design === "govcn-zh") {
    const frontMatter = {
      title: `欢迎来到${request.name}`,
      updated: toOffsetIso(now, timeZone),
      source: request.name,
      section: "news",
    };
    return {
      file: "news/welcome.md",
      text: `---\n${stringify(frontMatter, { lineWidth: 0 })}---\n这是一篇示例文章。每篇文章是content文件夹里的一个Markdown文件，开头是它的标题、时间和来源。\n\n用 \`npx newsmirror new "标题" --section news\` 写下一篇；写完后删去它的 \`draft: true\` 一行即可发布。\n`,
    };
  }
  const frontMatter = {
    title: `Welcome to ${request.name}`,
    updated: toOffsetIso(now, timeZone),
    source: request.name,
    section: "news",
    id: govcnId(now),
  };
  return {
    file: "news/welcome.md",
    text: `---\n${stringify(frontMatter, { lineWidth: 0 })}${OPTIONAL_FIELDS}---\nThis is an example article. Each article is a Markdown file in the content folder, with its title, time and source in the front matter above.\n\nWrite the next one with \`npx newsmirror new "Title" --section news\`, and publish it by deleting its \`draft: true\` line.\n`,
  };
}

/** XML text: the five characters that would end it. */
const xmlText = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/** A plain logo to replace: the site's initial in a square and its name, in the design's blue. */
export function starterLogo(name: string): string {
  const initial = [...name.trim()][0] ?? "N";
  // Wide enough for the name: a CJK character takes about a full em, a Latin letter about half of one.
  const width = 72 + [...name].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 26 : 14), 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="60" viewBox="0 0 ${width} 60" role="img">
  <title>${xmlText(name)}</title>
  <rect x="4" y="6" width="48" height="48" rx="6" fill="#0a568c"/>
  <text x="28" y="41" text-anchor="middle" font-family="Georgia, serif" font-size="30" fill="#fff">${xmlText(initial)}</text>
  <text x="64" y="39" font-family="Georgia, serif" font-size="26" fill="#0a568c">${xmlText(name)}</text>
</svg>
`;
}

/** An npm package name from the folder's name: lower case, letters, digits and dashes. */
function packageName(dir: string): string {
  const name = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "");
  return name || "news-site";
}

function workflow(): string {
  return `# Builds and checks the site on every push, keeping newsmirror's caches
# (${path.posix.dirname(DEFAULT_BUILD_CACHE)}/), the built site (_site/) and its spare copy (._site.spare/) between
# runs, so that a publish writes only what changed (newsmirror's docs/deploying.md).
# To publish the built _site, add a deploy step (see the same page).
name: site
on:
  push:
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm install --no-audit --no-fund
      - uses: actions/cache@v4
        with:
          path: |
            ${path.posix.dirname(DEFAULT_BUILD_CACHE)}
            _site
            ${path.basename(spareOf("_site"))}
          # A saved cache is never updated: a new key every run, restored by its prefix.
          key: newsmirror-\${{ github.ref_name }}-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: |
            newsmirror-\${{ github.ref_name }}-
            newsmirror-
      - run: npx newsmirror build
      - run: npx newsmirror check
`;
}

/** Refuses a DIR that is a file, or a folder holding anything: init writes only into a new or empty folder. */
async function checkTarget(dir: string, shownDir: string): Promise<void> {
  const stat = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!stat) return;
  if (!stat.isDirectory())
    throw new UsageError(`${shownDir}: is not a folder; give a new folder for the site, e.g. newsmirror init my-site`);
  const entries = await readdir(dir);
  if (entries.length > 0)
    throw new UsageError(
      `${shownDir}: is not empty (${entries.length} ${entries.length === 1 ? "entry" : "entries"}, e.g. ${entries.sort()[0]}); init writes a new site into a new or empty folder and never over files already there`,
    );
}

/** Writes a new site into `request.dir`; on a failure, removes what it wrote (and only that). */
export async function newSite(request: NewSiteRequest): Promise<NewSite> {
  const { dir, shownDir } = request;
  const zone =
    request.timeZone ??
    [Intl.DateTimeFormat().resolvedOptions().timeZone].find((z) => z && isTimeZone(z)) ??
    "Asia/Shanghai";
  const settings = newSiteSettings({ ...request, timeZone: zone });
  const parsed = parseSettings(settings, "site.json"); // what init writes is valid, or this is a bug
  const article = exampleArticle(request, zone);
  const { problems } = readArticle(article.text, article.file, parsed.dates);
  if (problems.length > 0) throw new Error(`init's example article: ${problems[0]!.message}`);

  const files: [string, string][] = [
    ["content/site.json", `${JSON.stringify(settings, null, 2)}\n`],
    ["content/logo.svg", starterLogo(request.name)],
    [`content/${article.file}`, article.text],
    [
      "package.json",
      `${JSON.stringify(
        {
          name: packageName(dir),
          private: true,
          description: `${request.name}: a news site built with newsmirror`,
          scripts: {
            build: "newsmirror build",
            start: "newsmirror serve",
            check: "newsmirror check",
            preview: "newsmirror preview",
          },
          dependencies: { newsmirror: `^${request.version}` },
          // newsmirror's own choice, for the site's install: esbuild and sharp take their prebuilt binaries from npm
          // as optional packages, so their install scripts are not needed, and npm says nothing about them.
          allowScripts: { esbuild: false, sharp: false },
        },
        null,
        2,
      )}\n`,
    ],
    [
      ".gitignore",
      `node_modules/\n_site/\n# Beside _site, newsmirror's own: the spare copy, the lock, unfinished builds\n${path.basename(spareOf("_site")).replace(/spare$/, "*")}\n${path.posix.dirname(DEFAULT_BUILD_CACHE)}/\n`,
    ],
    [".github/workflows/site.yml", workflow()],
  ];
  // (The image cache lives beside the build cache: one folder to ignore and to keep.)
  if (path.posix.dirname(DEFAULT_IMAGE_CACHE) !== path.posix.dirname(DEFAULT_BUILD_CACHE))
    throw new Error("init: the caches moved apart; .gitignore and the workflow name one folder");

  await checkTarget(dir, shownDir);
  const written: string[] = [];
  const madeFolders: string[] = [];
  /** Makes `folder` and any missing folder above it, remembering each one made. */
  const makeFolder = async (folder: string): Promise<void> => {
    const missing: string[] = [];
    for (let f = folder; !(await lstat(f).catch(() => undefined)); f = path.dirname(f)) missing.push(f);
    for (const f of missing.reverse()) {
      await mkdir(f);
      madeFolders.push(f);
    }
  };
  try {
    await makeFolder(dir);
    for (const [file, text] of files) {
      const absolute = path.join(dir, file);
      await makeFolder(path.dirname(absolute));
      await writeFile(absolute, text, { flag: "wx" }); // never over a file that appeared meanwhile
      written.push(file);
    }
  } catch (error) {
    for (const file of written.reverse()) await rm(path.join(dir, file), { force: true });
    for (const folder of madeFolders.reverse()) await rmdir(folder).catch(() => undefined); // only when left empty
    throw error;
  }
  return { files: written };
}
