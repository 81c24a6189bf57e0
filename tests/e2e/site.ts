/**
 * What every e2e test file shares: Chromium launched the way this machine
 * (and CI) allows, the two viewports, the pages of the built site and a
 * watcher for console errors and failed requests, and the screenshots the README and docs show.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { TEST_PORTS } from "../helpers/ports.ts";

/** The e2e server's port (this suite's ports are it and the next three: ../helpers/ports.ts). */
export const E2E_PORT = TEST_PORTS;

export const CHROMIUM = process.env.NEWSMIRROR_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Debian's Chromium, headless. Playwright gives each launch a fresh, empty
 * profile (--user-data-dir in a temp folder). The flags stop Chromium's own
 * calls home, which a closed network refuses, and let it run as root in CI.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), or set NEWSMIRROR_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export type ViewportName = "desktop" | "phone";

export const VIEWPORTS: Record<ViewportName, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

export const SEED_PATH = "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";

export interface SitePage {
  /** Path below the site root, e.g. `culture/index.html`. */
  file: string;
  /** Path as a URL, relative to the base URL: `culture/` for an index.html. */
  urlPath: string;
  /**
   * The page type, from the classes of <main>: the modifier of a BEM-style
   * `listing--home` (`home`), else the first class besides `column`
   * (`article`); `404` for 404.html.
   */
  type: string;
}

function htmlFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === "assets" ? [] : htmlFiles(path.join(dir, entry.name), relative);
    // www.gov.cn's Chinese article pages end in .htm (src/article/url.ts).
    return /\.html?$/.test(entry.name) ? [relative] : [];
  });
}

/** A redirect page of an old address (front matter `aliases`): it leaves for the article at once (newsroom-b.e2e). */
const REDIRECT_PAGE = /<meta http-equiv="refresh"/;

/**
 * Every page the build wrote, so a page type that lands later is tested without touching the tests; not the
 * redirect pages of old addresses, which no reader stays on (tests/e2e/newsroom-b.e2e.test.ts follows one).
 */
export function sitePages(siteDir: string): SitePage[] {
  return htmlFiles(siteDir)
    .sort()
    .map((file) => ({ file, html: readFileSync(path.join(siteDir, file), "utf8") }))
    .filter(({ html }) => !REDIRECT_PAGE.test(html))
    .map(({ file, html }) => {
      const classes =
        /<main\b[^>]*\bclass="([^"]*)"/
          .exec(html)?.[1]
          ?.split(/\s+/)
          .filter((c) => c && c !== "column") ?? [];
      const modifier = classes.find((c) => c.includes("--"))?.split("--")[1];
      const type = file === "404.html" ? "404" : (modifier ?? classes[0] ?? "page");
      const urlPath =
        file === "index.html" ? "" : file.endsWith("/index.html") ? file.slice(0, -"index.html".length) : file;
      return { file, urlPath, type };
    });
}

/** One page of each type (the first found), for the checks that need only one. */
export function onePerType(pages: SitePage[]): SitePage[] {
  const seen = new Map<string, SitePage>();
  for (const page of pages) if (!seen.has(page.type)) seen.set(page.type, page);
  return [...seen.values()];
}

/**
 * Collects what a reader would never want: console errors, failed requests
 * and error responses (the 404 page's own status excepted, when asked).
 */
export function watchForErrors(page: Page, options: { expectedStatus?: number } = {}): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !(options.expectedStatus === 404 && /status of 404/.test(message.text()))) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ""}`),
  );
  page.on("response", (response) => {
    const isDocument =
      response.request().resourceType() === "document" && response.request().frame() === page.mainFrame();
    const ok = response.status() < 400 || (isDocument && response.status() === options.expectedStatus);
    if (!ok) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** The screenshots the README and docs show. */
const SCREENSHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");

/** Writes a screenshot only when its pixels changed, so an unchanged look leaves git clean. */
export function keepScreenshot(name: string, png: Buffer): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  if (!existsSync(file) || !readFileSync(file).equals(png)) writeFileSync(file, png);
}
