/**
 * Moving around the site as a reader does: by clicking, on missing
 * addresses, and through the search page where the site has one (an index
 * in several bundles: tests/e2e/search.e2e.test.ts).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SEED_PATH, VIEWPORTS, launchChromium, sitePages, watchForErrors } from "./site.ts";

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
});
