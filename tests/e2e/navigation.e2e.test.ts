/**
 * Moving around the site as a reader does: by clicking, on missing
 * addresses, and through the search page where the site has one.
 */
import { spawn } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BIN, spawnCli, tempDir } from "../helpers/site.ts";
import { E2E_PORT, SEED_PATH, VIEWPORTS, launchChromium, sitePages, watchForErrors } from "./site.ts";

const baseUrl = inject("baseUrl");
const pages = sitePages(inject("siteDir"));
const has = (file: string) => pages.some((p) => p.file === file);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("moving around", () => {
  // The logo links home: until the site has a home page, that link has nowhere to go.
  it.skipIf(!has("index.html"))("every same-site link on every page leads to a page that exists", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const targets = new Set<string>();
    for (const sitePage of pages) {
      await page.goto(baseUrl + sitePage.urlPath);
      const hrefs = await page
        .locator("a[href]")
        .evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href));
      for (const href of hrefs) if (href.startsWith(baseUrl)) targets.add(href.split("#")[0]!);
    }
    for (const target of targets) {
      const response = await page.request.get(target);
      expect(response.status(), target).toBe(200);
    }
    await context.close();
  });

  it.skipIf(!has("404.html"))(
    "a missing address shows the site's 404 page, with status 404 and no other error",
    async () => {
      const context = await browser.newContext(VIEWPORTS.phone);
      const page = await context.newPage();
      const problems = watchForErrors(page, { expectedStatus: 404 });
      const response = await page.goto(`${baseUrl}no/such/page.html`, { waitUntil: "networkidle" });
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").isVisible()).toBe(true);
      expect(await page.locator(".footer--mobile").isVisible()).toBe(true);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it.skipIf(!has("index.html"))(
    "the logo leads home, and a chosen view stays chosen after clicking through",
    async () => {
      const context = await browser.newContext(VIEWPORTS.desktop);
      const page = await context.newPage();
      await page.goto(baseUrl + SEED_PATH);
      await page.getByText("Mobile", { exact: true }).click();
      await Promise.all([page.waitForURL(baseUrl), page.locator(".header__logo").click()]);
      expect(await page.locator(".footer--mobile").isVisible()).toBe(true);
      expect(await page.locator("#view-mobile").isChecked()).toBe(true);
      await context.close();
    },
  );

  it.skipIf(!has("search.html"))("searching for a word of the seed article's title finds it", async () => {
    const context = await browser.newContext(VIEWPORTS.phone);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    await page.goto(`${baseUrl}search.html`);
    await page.locator("main input[type=search], main input[type=text]").first().fill("Tajik");
    const result = page.locator(`main a[href$="${SEED_PATH}"]`).first();
    await result.waitFor({ timeout: 15_000 });
    expect(await result.isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it.skipIf(!has("search.html"))(
    "searches an index split into bundles as one: an article from each bundle is found",
    async () => {
      // One article per bundle: the seed (the oldest) is in the last one, /pagefind/part-3/.
      const siteDir = tempDir("newsmirror-e2e-bundles-");
      const built = spawnCli(["build", "--output", siteDir, "--search-bundle", "1"]);
      expect(built.status, built.stderr).toBe(0);
      const server = spawn(process.execPath, [BIN, "preview", "--output", siteDir, "--port", String(E2E_PORT + 1)], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          server.stdout.setEncoding("utf8").on("data", (text: string) => {
            const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(text)?.[0];
            if (found) resolve(found);
          });
          server.on("exit", (code) => reject(new Error(`newsmirror preview exited with ${code}`)));
        });
        const context = await browser.newContext(VIEWPORTS.desktop);
        const page = await context.newPage();
        const problems = watchForErrors(page);
        // Fetched, not opened: a browser opening a JSON file asks for /favicon.ico, which a site need not have.
        expect((await context.request.get(`${url}pagefind/part-3/pagefind-entry.json`)).status()).toBe(200);
        for (const [word, target] of [
          ["Tajik", SEED_PATH],
          ["Horse", "culture/202108/05/exhibition-traces-the-ancient-tea-horse-road.html"],
        ] as const) {
          await page.goto(`${url}search.html?q=${word}`);
          const result = page.locator(`main a[href$="${target}"]`).first();
          await result.waitFor({ timeout: 15_000 });
          expect(await result.isVisible(), word).toBe(true);
        }
        expect(problems).toEqual([]);
        await context.close();
      } finally {
        server.kill();
      }
    },
  );
});
