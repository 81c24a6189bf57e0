/// <reference lib="dom" />
/**
 * The Chinese article page (issue 17) in the browser: the toolbar's font-size switch (and that it is remembered),
 * printing without the toolbar, `lang` on every page type of a site of both languages, Pagefind finding a Chinese
 * article by a two-character word, and the docs' screenshot (docs/site.md). axe runs on the Chinese page with every other page
 * type (accessibility.e2e.test.ts: its <main> class, `article-zh`, is a type of its own).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { articleText, BIN, makeContent, spawnCli, tempDir } from "../helpers/site.ts";
import { E2E_PORT, keepScreenshot, launchChromium, sitePages, VIEWPORTS, watchForErrors } from "./site.ts";

const baseUrl = inject("baseUrl");
const siteDir = inject("siteDir");
const pages = sitePages(siteDir);
const ZH_PATH = "guowuyuan/2021-07/28/content_5627841.htm";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const bodySize = (page: Page) =>
  page
    .locator(".pages_content p")
    .first()
    .evaluate((p) => Number.parseFloat(getComputedStyle(p).fontSize));

describe("the Chinese article page's toolbar", () => {
  it("【字体：大 中 小】 changes the body's size, and the choice is remembered across a reload and on other articles", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    await page.goto(baseUrl + ZH_PATH);
    const medium = await bodySize(page);
    await page.getByRole("button", { name: "大号字体" }).click();
    const large = await bodySize(page);
    expect(large).toBeGreaterThan(medium);
    await page.reload();
    expect(await bodySize(page)).toBe(large);
    const other = pages.find((p) => p.type === "article-zh" && p.file !== ZH_PATH)!;
    await page.goto(baseUrl + other.urlPath);
    expect(await bodySize(page)).toBe(large);
    await page.getByRole("button", { name: "小号字体" }).click();
    expect(await bodySize(page)).toBeLessThan(medium);
    await page.getByRole("button", { name: "中号字体" }).click();
    expect(await bodySize(page)).toBe(medium);
    // The paragraphs are indented two characters, as www.gov.cn's are.
    const indent = await page
      .locator(".pages_content p")
      .first()
      .evaluate((p) => getComputedStyle(p).textIndent);
    expect(Number.parseFloat(indent)).toBe(2 * medium);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("打印 opens the print dialog, and the printed page shows the article without the toolbar", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    // window.print, counted instead of opening a dialog a headless browser cannot close.
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.goto(baseUrl + ZH_PATH);
    await page.getByRole("button", { name: "打印" }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".pages_print").isVisible()).resolves.toBe(false);
    for (const part of ["h1", ".pages-date", ".pages_content", ".editor", ".footer--zh"])
      await expect(page.locator(part).first().isVisible(), part).resolves.toBe(true);
    // Chromium's own PDF, read back: one A4 page or two (poppler's pdfinfo, as print.e2e.test.ts reads it).
    const pdf = path.join(tempDir("newsmirror-print-zh-"), "article.pdf");
    writeFileSync(pdf, await page.pdf({ format: "A4", preferCSSPageSize: true }));
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)?.[1])).toBeLessThanOrEqual(2);
    await context.close();
  });
});

describe("lang", () => {
  it("is right on every page type: Chinese articles and listings zh-CN, the English pages en", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const types = new Set<string>();
    for (const sitePage of pages) {
      // Topic pages take the language their articles share: Chinese tags' pages are Chinese (not checked here).
      if (sitePage.type === "topic") continue;
      const chinese = sitePage.file.startsWith("guowuyuan/");
      await page.goto(baseUrl + sitePage.urlPath);
      const lang = await page.evaluate(() => document.documentElement.lang);
      expect(lang, sitePage.file).toBe(chinese ? "zh-CN" : "en");
      types.add(`${sitePage.type} ${lang}`);
    }
    // The zh article, a zh listing and the English types were all seen.
    expect([...types]).toEqual(expect.arrayContaining(["article-zh zh-CN", "section zh-CN", "article en", "home en"]));
    await context.close();
  });
});

/** Serves a built site with `newsmirror preview` on `port`; resolves to its address once it listens. */
function preview(out: string, port: number, servers: ChildProcess[]): Promise<string> {
  const server = spawn(process.execPath, [BIN, "preview", "--output", out, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.push(server);
  return new Promise<string>((resolve, reject) => {
    server.stdout!.setEncoding("utf8").on("data", (text: string) => {
      const found = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(text)?.[0];
      if (found) resolve(found.endsWith("/") ? found : `${found}/`);
    });
    server.on("exit", (code) => reject(new Error(`newsmirror preview exited with ${code}`)));
  });
}

/** A Chinese article's front matter and body. */
const zhArticle = (title: string, updated: string, body: string) =>
  articleText({ title, updated, source: "新华社", section: "guowuyuan", language: "zh-CN" }, `${body}\n`);

/** The search page's results for `query`, as the addresses they link (waits for the first). */
async function searchFor(page: Page, url: string, query: string): Promise<string[]> {
  await page.goto(`${url}search.html?q=${encodeURIComponent(query)}`);
  const results = page.locator("main .pagefind-ui__result-link");
  await results.first().waitFor({ timeout: 15_000 });
  return results.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe("searching", () => {
  const servers: ChildProcess[] = [];
  afterAll(() => {
    for (const server of servers) server.kill("SIGTERM");
  });
  /** Builds `content` and serves the site with `newsmirror preview` on `port`. */
  async function buildAndPreview(content: string, port: number): Promise<{ out: string; url: string }> {
    const out = path.join(tempDir(), "site");
    const built = spawnCli(["build", "--input", content, "--output", out], { cwd: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    return { out, url: await preview(out, port, servers) };
  }

  it("a govcn-zh site finds a Chinese article by a two-character word of its body", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({ design: "govcn-zh" }),
      "guowuyuan/flood.md": zhArticle(
        "王勇检查工作",
        "2021-08-01T08:00:00+08:00",
        "国务委员王勇在河北检查安全生产和防汛工作。",
      ),
      "guowuyuan/meeting.md": zhArticle(
        "常务会议",
        "2021-08-02T08:00:00+08:00",
        "国务院常务会议部署退役军人服务保障工作。",
      ),
    });
    const { out, url } = await buildAndPreview(content, E2E_PORT + 3);
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    expect(readFileSync(path.join(out, "search.html"), "utf8")).toContain('<html lang="zh-CN">');
    await page.goto(`${url}search.html?q=${encodeURIComponent("防汛")}`);
    const result = page.locator('main a[href*="/guowuyuan/2021-08/01/"]').first();
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toContain("王勇检查工作");
    // Only the article that has the word.
    await expect(page.locator('main a[href*="/guowuyuan/2021-08/02/"]').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("an English site with Chinese articles finds either language from one box, in old bundles and the newest", async () => {
    // Each article is indexed in its own language (Pagefind segments Chinese words only in a Chinese index); the
    // search page merges every language's index of every bundle. The newest article is Chinese, so the index Pagefind
    // loads first is Chinese, and English comes only from the merged ones.
    const en = (title: string, updated: string, body: string) =>
      articleText({ title, updated, source: "Xinhua", section: "china" }, `${body}\n`);
    const content = makeContent({
      "china/may.md": en("Tajik talks", "2020-05-04T08:00:00+08:00", "Ministers met in Dushanbe on trade."),
      "guowuyuan/june.md": zhArticle("防汛部署", "2020-06-05T08:00:00+08:00", "国务院部署防汛抗旱工作。"),
      "china/july.md": en("Harvest report", "2021-07-06T08:00:00+08:00", "Farmers gathered the summer grain."),
      "guowuyuan/august.md": zhArticle("检查工作", "2021-08-01T08:00:00+08:00", "王勇在河北检查防汛工作。"),
    });
    const { url } = await buildAndPreview(content, E2E_PORT + 4);
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    const flood = await searchFor(page, url, "防汛");
    expect(flood.sort()).toEqual([
      expect.stringMatching(/^\/guowuyuan\/2020-06\/05\//),
      expect.stringMatching(/^\/guowuyuan\/2021-08\/01\//),
    ]);
    // Each result dated as the site writes dates, in its article's language.
    const tags = async () =>
      (await page.locator("main .pagefind-ui__result-tag").allTextContents()).map((tag) => tag.trim());
    expect(await tags()).toEqual(expect.arrayContaining(["日期: 2020年6月5日", "来源: 新华社"]));
    // English words: from the 2020 bundle and from the newest, each once.
    expect(await searchFor(page, url, "Dushanbe")).toEqual([expect.stringMatching(/^\/china\/2020/)]);
    expect(await tags()).toEqual(["Date: May 4, 2020", "Source: Xinhua"]);
    expect(await searchFor(page, url, "grain")).toEqual([expect.stringMatching(/^\/china\/2021/)]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** Whether this machine has a font with Chinese glyphs: without one, a screenshot shows boxes, not characters. */
function hasChineseFont(): boolean {
  try {
    return execFileSync("fc-list", [":lang=zh"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
}

describe("the docs' screenshot of the Chinese article page", () => {
  it("is taken on a desktop (kept only where a Chinese font draws the characters)", async () => {
    const context = await browser.newContext({ ...VIEWPORTS.desktop, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(baseUrl + ZH_PATH, { waitUntil: "networkidle" });
    const png = await page.screenshot({ fullPage: true });
    expect(png.length).toBeGreaterThan(0);
    if (hasChineseFont()) keepScreenshot("article-zh-desktop.png", png);
    await context.close();
  });
});
