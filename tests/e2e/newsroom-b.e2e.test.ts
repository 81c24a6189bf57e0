/**
 * Issue 16 in a browser: an old address (an alias) leads to its article, and a topic's second page lists the rest
 * of its stories and pages back; the article's topic link leads to the topic.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { articleText, BIN, makeContent, spawnCli, tempDir } from "../helpers/site.ts";
import { E2E_PORT, VIEWPORTS, launchChromium, watchForErrors } from "./site.ts";

const baseUrl = inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("an old address of the sample site (front matter aliases)", () => {
  it("redirects to the article, which shows its byline, topics and related stories", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    const article = "culture/202108/06/caravan-towns-on-the-tea-horse-road-draw-new-visitors.html";
    await page.goto(`${baseUrl}english/2021/08/06/content_281477771234567.htm`);
    await page.waitForURL(`${baseUrl}${article}`);
    await expect(page.locator(".Artical_Title h1").textContent()).resolves.toBe(
      "Caravan towns on the Tea Horse Road draw new visitors",
    );
    await expect(page.locator(".Artical_Byline").textContent()).resolves.toBe("By Li Wei");
    await expect(page.locator(".related-stories li a").first().textContent()).resolves.toBe(
      "Exhibition traces the ancient Tea Horse Road",
    );
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("a topic's pages", () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill("SIGTERM"));

  it("go on at page_2.html with the older stories, and the pager and an article's topic link lead back", async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 23; n++) {
      const date = `2021-07-${String(n).padStart(2, "0")}T08:00:00+08:00`;
      files[`news/rail-${n}.md`] = articleText(
        { title: `Rail story ${n}`, updated: date, section: "news", tags: "[Rail]" },
        `The rail line news of day ${n}.\n`,
      );
    }
    const out = path.join(tempDir(), "site");
    const built = spawnCli(["build", "--input", makeContent(files), "--output", out, "--no-search"], {
      cwd: tempDir(),
    });
    expect(built.status, built.stderr).toBe(0);
    server = spawn(process.execPath, [BIN, "preview", "--output", out, "--port", String(E2E_PORT + 3)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      server!.stdout!.setEncoding("utf8").on("data", (text: string) => {
        const found = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(text)?.[0];
        if (found) resolve(found.endsWith("/") ? found : `${found}/`);
      });
      server!.on("exit", (code) => reject(new Error(`newsmirror preview exited with ${code}`)));
    });

    const context = await browser.newContext(VIEWPORTS.phone);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    await page.goto(`${url}topics/rail/page_2.html`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Topic: Rail");
    await expect(page.locator(".listing__title a").allTextContents()).resolves.toEqual([
      "Rail story 3",
      "Rail story 2",
      "Rail story 1",
    ]);
    await page.locator(".pager__prev").click();
    await page.waitForURL(`${url}topics/rail/index.html`);
    await expect(page.locator(".listing__title a").count()).resolves.toBe(20);
    await page.locator(".listing__title a").first().click();
    await page.waitForURL(/rail-story-23\.html$/);
    await page.locator('.article-topics a[rel="tag"]').click();
    await page.waitForURL(`${url}topics/rail/`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
