/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  SEED_PATH,
  VIEWPORTS,
  launchChromium,
  onePerType,
  sitePages,
  watchForErrors,
  type ViewportName,
} from "./site.ts";

const baseUrl = inject("baseUrl");
const pages = sitePages(inject("siteDir"));
const articles = pages.filter((p) => p.type === "article");

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function open(
  viewport: ViewportName,
  urlPath: string,
  options: { javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  await page.goto(baseUrl + urlPath);
  return { context, page };
}

async function footers(page: Page): Promise<{ desktop: boolean; mobile: boolean; zh: boolean }> {
  return {
    desktop: await page.locator(".footer--desktop").isVisible(),
    mobile: await page.locator(".footer--mobile").isVisible(),
    zh: await page.locator(".footer--zh").isVisible(),
  };
}

/**
 * The footers a page should show at a size: english.www.gov.cn's desktop or mobile one; on a Chinese page
 * (its lang), www.gov.cn's one footer at every size.
 */
async function expectedFooters(
  page: Page,
  viewport: ViewportName,
): Promise<{ desktop: boolean; mobile: boolean; zh: boolean }> {
  const chinese = await page.evaluate(() => /^zh(?:-|$)/i.test(document.documentElement.lang));
  if (chinese) return { desktop: false, mobile: false, zh: true };
  return { desktop: viewport === "desktop", mobile: viewport === "phone", zh: false };
}

/**
 * Whether the page is wider than its layout viewport, so a reader would have
 * to scroll sideways (a phone zooms out to show it all, so window.innerWidth
 * would hide it). One pixel is allowed for rounding at a phone's zoom.
 */
function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

describe("the sample site", () => {
  it("has the page types we test, and the seed article", () => {
    expect(pages.map((p) => p.file)).toContain(SEED_PATH);
    expect(articles.length).toBeGreaterThan(1);
  });
});

describe("desktop and phone layouts", () => {
  it.each(onePerType(pages).map((p) => [p.type, p] as const))(
    "%s page: the desktop footer shows only on desktop, the mobile footer only on the phone (a Chinese page: its one footer)",
    async (_type, sitePage) => {
      for (const viewport of ["desktop", "phone"] as const) {
        const { context, page } = await open(viewport, sitePage.urlPath);
        expect(await footers(page), `${viewport} ${sitePage.file}`).toEqual(await expectedFooters(page, viewport));
        await context.close();
      }
    },
  );

  it("on the phone, no page scrolls sideways", async () => {
    const context = await browser.newContext(VIEWPORTS.phone);
    const page = await context.newPage();
    for (const sitePage of pages) {
      await page.goto(baseUrl + sitePage.urlPath);
      expect(await scrollsSideways(page), sitePage.file).toBe(false);
    }
    await context.close();
  });

  it("images are never wider than their column, at either size, even a photo wider than the screen", async () => {
    for (const viewport of ["desktop", "phone"] as const) {
      const context = await browser.newContext(VIEWPORTS[viewport]);
      const page = await context.newPage();
      for (const sitePage of pages) {
        await page.goto(baseUrl + sitePage.urlPath);
        if (sitePage.file === SEED_PATH) {
          // A 2000px photo in the body, as an editor might paste one.
          await page.evaluate(() => {
            const img = document.createElement("img");
            img.src = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="500"/>')}`;
            img.width = 2000;
            img.height = 500;
            img.alt = "wide";
            img.className = "e2e-wide";
            document.querySelector(".Artical_Content")!.append(img);
          });
          await page.locator("img.e2e-wide").waitFor();
        }
        const overflowing = await page.evaluate(() =>
          [...document.images].flatMap((img) => {
            const column = img.closest(".column") ?? document.body;
            const style = getComputedStyle(column);
            const inner = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const width = img.getBoundingClientRect().width;
            return width > inner + 0.5 ? [`${img.alt || img.src}: ${width}px in a ${inner}px column`] : [];
          }),
        );
        expect(overflowing, `${viewport} ${sitePage.file}`).toEqual([]);
        expect(await page.locator("img").count(), sitePage.file).toBeGreaterThan(0);
      }
      await context.close();
    }
  });

  // Every page, each until the network has been idle for half a second: a minute or more for the sample's pages.
  it.each(["desktop", "phone"] as const)(
    "no page logs a console error or has a failed request (%s)",
    async (viewport) => {
      const context = await browser.newContext(VIEWPORTS[viewport]);
      for (const sitePage of pages) {
        const page = await context.newPage();
        const problems = watchForErrors(page, { expectedStatus: sitePage.type === "404" ? 404 : 200 });
        const response = await page.goto(baseUrl + sitePage.urlPath, { waitUntil: "networkidle" });
        expect(response?.status(), sitePage.file).toBe(200);
        expect(problems, `${viewport} ${sitePage.file}`).toEqual([]);
        await page.close();
      }
      await context.close();
    },
    180_000,
  );

  it.each(onePerType(pages).map((p) => [p.type, p] as const))(
    "%s page: without JavaScript it still shows its heading, the right footer and no sideways scroll",
    async (_type, sitePage) => {
      for (const viewport of ["desktop", "phone"] as const) {
        const { context, page } = await open(viewport, sitePage.urlPath, { javaScript: false });
        expect(await page.locator("h1").isVisible(), `${viewport} ${sitePage.file}`).toBe(true);
        expect(await footers(page), `${viewport} ${sitePage.file}`).toEqual(await expectedFooters(page, viewport));
        if (viewport === "phone") expect(await scrollsSideways(page), sitePage.file).toBe(false);
        await context.close();
      }
    },
  );
});

describe("the Mobile/Desktop switch", () => {
  const other = articles.find((p) => p.file !== SEED_PATH)!;

  it("on a desktop, Mobile shows the phone layout, and the choice survives a reload and another page", async () => {
    const { context, page } = await open("desktop", SEED_PATH);
    await page.getByText("Mobile", { exact: true }).click();
    const check = async (where: string) => {
      expect(await footers(page), where).toEqual({ desktop: false, mobile: true, zh: false });
      expect(await page.locator("#view-mobile").isChecked(), where).toBe(true);
      expect((await page.locator("main").boundingBox())!.width, where).toBeLessThanOrEqual(640);
    };
    await check("after the click");
    await page.reload();
    await check("after a reload");
    await page.goto(baseUrl + other.urlPath);
    await check(`on ${other.file}`);
    await page.getByText("Desktop", { exact: true }).click();
    expect(await footers(page)).toEqual({ desktop: true, mobile: false, zh: false });
    await page.goto(baseUrl + SEED_PATH);
    expect(await footers(page), "back to desktop, remembered").toEqual({ desktop: true, mobile: false, zh: false });
    await context.close();
  });

  it("on a phone, Desktop shows the desktop page, zoomed out rather than scrolled sideways, and the choice is remembered", async () => {
    const { context, page } = await open("phone", SEED_PATH);
    await page.getByText("Desktop", { exact: true }).click();
    const check = async (where: string) => {
      expect(await footers(page), where).toEqual({ desktop: true, mobile: false, zh: false });
      expect(await page.locator("#view-desktop").isChecked(), where).toBe(true);
      expect((await page.locator("main").boundingBox())!.width, where).toBe(960);
      expect(await scrollsSideways(page), where).toBe(false);
    };
    await check("after the tap");
    await page.reload();
    await check("after a reload");
    await page.goto(baseUrl + other.urlPath);
    await check(`on ${other.file}`);
    await page.getByText("Mobile", { exact: true }).click();
    expect(await footers(page)).toEqual({ desktop: false, mobile: true, zh: false });
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  });

  it("without JavaScript, each page reads right and the switch still changes the view of the page at hand", async () => {
    for (const [viewport, from, to] of [
      ["phone", "mobile", "desktop"],
      ["desktop", "desktop", "mobile"],
    ] as const) {
      const { context, page } = await open(viewport, SEED_PATH, { javaScript: false });
      expect(await page.evaluate(() => document.documentElement.hasAttribute("data-view"))).toBe(false);
      await expect
        .poll(() => page.locator("h1").textContent())
        .toBe("Tajik president, Chinese defense minister agree to enhance cooperation");
      expect(await page.locator(".Artical_Info").innerText()).toBe("Updated: July 28, 2021 07:01 Xinhua");
      expect(await page.locator(".Artical_Content p").first().innerText()).toMatch(/^DUSHANBE — Tajik President/);
      expect(await footers(page), `${viewport}, as loaded`).toEqual({
        desktop: from === "desktop",
        mobile: from === "mobile",
        zh: false,
      });
      await page.locator(`label[for="view-${to}"]`).click();
      expect(await footers(page), `${viewport}, after choosing ${to}`).toEqual({
        desktop: to === "desktop",
        mobile: to === "mobile",
        zh: false,
      });
      await context.close();
    }
  });
});
