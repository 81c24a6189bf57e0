/**
 * The dev server's live reload in a real browser: the page's own security
 * policy admits the reload script and its socket, an edit reloads the open
 * page with the new text, and a broken save shows the problem overlay.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestDevServer } from "../helpers/dev-server.ts";
import { articleText, makeContent } from "../helpers/site.ts";
import { launchChromium } from "./site.ts";

describe("live reload in Chromium", () => {
  let browser: Browser;
  let dev: TestDevServer;
  let content: string;
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    content = makeContent({ "a.md": articleText({ title: "Alpha" }, "Version one.\n") });
    dev = await new TestDevServer({ contentDir: content }).start();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  it("connects under the page's policy and reloads the page when its article is saved", async () => {
    await page.goto(`http://127.0.0.1:${dev.port}/202107/28/alpha.html`);
    await expect.poll(() => dev.server.liveClients, { timeout: 10_000 }).toBe(1);
    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha" }, "Version two.\n"));
    await page.waitForFunction(() => document.body.textContent?.includes("Version two."), undefined, {
      timeout: 30_000,
    });
    expect(problems).toEqual([]);
  });

  it("shows the problem overlay when a save breaks the article, and the fixed page after the next", async () => {
    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha", datline: "X" }, "Version three.\n"));
    const overlay = page.locator("#newsmirror-errors");
    await overlay.waitFor({ timeout: 30_000 });
    expect(await overlay.textContent()).toMatch(/a\.md:5: datline: unknown field; did you mean `dateline`\?/);
    expect(await page.locator("#newsmirror-errors").evaluate((e) => getComputedStyle(e).position)).toBe("fixed"); // its stylesheet loaded
    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha" }, "Version four.\n"));
    await page.waitForFunction(() => document.body.textContent?.includes("Version four."), undefined, {
      timeout: 30_000,
    });
    expect(await page.locator("#newsmirror-errors").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
