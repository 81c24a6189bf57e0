/**
 * The newsroom tools of issue 16 (part A) as a reader meets them in the sample site: a correction notice under an
 * article, reached from the corrections page; the menu on listing pages and not on the seed article; the notice at
 * a withdrawn article's address.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SEED_PATH, VIEWPORTS, keepScreenshot, launchChromium, watchForErrors } from "./site.ts";

const baseUrl = inject("baseUrl");

const CORRECTED = "culture/202107/30/survey-maps-the-oldest-locks-of-the-grand-canal.html";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("the newsroom's notices", () => {
  it("a reader follows the menu to the corrections page, then to the article, and finds the correction notice under its body", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const problems = watchForErrors(page);
    await page.goto(baseUrl);
    await page.locator("nav.menu").getByRole("link", { name: "Corrections" }).click();
    await page.waitForURL(`${baseUrl}corrections/`);
    await page.getByRole("link", { name: "Survey maps the oldest locks of the Grand Canal" }).click();
    await page.waitForURL(baseUrl + CORRECTED);
    const notice = page.locator(".Artical_Corrections .correction");
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.innerText()).toBe(
      "Correction (July 31, 2021): An earlier version of this article gave the length of the Grand Canal as 1,800 km. It is about 1,794 km.",
    );
    // Under the body: below its last paragraph, and above the editor line.
    const bodyBottom = (await page.locator(".Artical_Content").boundingBox())!;
    const noticeBox = (await notice.boundingBox())!;
    expect(noticeBox.y).toBeGreaterThanOrEqual(bodyBottom.y + bodyBottom.height - 1);
    expect((await page.locator(".Artical_Editor").boundingBox())!.y).toBeGreaterThan(noticeBox.y);
    expect(await page.locator(".Artical_Editor").innerText()).toBe("Editor: Zhang Min");
    expect(problems).toEqual([]);
    keepScreenshot("article-correction-desktop.png", await page.screenshot({ fullPage: true }));
    await context.close();
  });

  it("the seed article shows no menu and no notices; a phone shows the menu on the home page within the screen", async () => {
    const desktop = await browser.newContext(VIEWPORTS.desktop);
    const seed = await desktop.newPage();
    await seed.goto(baseUrl + SEED_PATH);
    expect(await seed.locator("nav.menu, .breadcrumb, .Artical_Corrections, .Artical_Editor").count()).toBe(0);
    await desktop.close();
    const phone = await browser.newContext(VIEWPORTS.phone);
    const home = await phone.newPage();
    await home.goto(baseUrl);
    const menu = home.locator("nav.menu");
    expect(await menu.isVisible()).toBe(true);
    const box = (await menu.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390 + 0.5);
    await phone.close();
  });

  it("a withdrawn article's address says so, and asks search engines not to index it", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const response = await page.goto(
      `${baseUrl}policies/latestreleases/202107/20/notice-on-traffic-arrangements-during-the-flood-season.html`,
    );
    expect(response?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("This article has been withdrawn");
    expect(await page.locator('meta[name="robots"]').getAttribute("content")).toBe("noindex");
    await context.close();
  });
});
