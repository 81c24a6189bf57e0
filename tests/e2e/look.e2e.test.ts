/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The look of english.www.gov.cn (DESIGN.md): the key computed styles, and
 * the screenshots shown in the README and the docs, rewritten by every e2e run so a change
 * of look shows up in `git status` beside the CSS change that caused it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  keepScreenshot,
  launchChromium,
  onePerType,
  SEED_PATH,
  sitePages,
  VIEWPORTS,
  type ViewportName,
} from "./site.ts";

const baseUrl = inject("baseUrl");
const pages = sitePages(inject("siteDir"));
const home = pages.find((p) => p.file === "index.html");

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function open(viewport: ViewportName, urlPath: string): Promise<Page> {
  const context = await browser.newContext({ ...VIEWPORTS[viewport], deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(baseUrl + urlPath, { waitUntil: "networkidle" });
  return page;
}

function styles(page: Page, selector: string, names: string[]): Promise<Record<string, string>> {
  return page
    .locator(selector)
    .first()
    .evaluate((element, names) => {
      const style = getComputedStyle(element);
      return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
    }, names);
}

const SERIF = /^Georgia, "Times New Roman", Times, serif$/;

describe("the seed article looks like english.www.gov.cn's", () => {
  it("on a desktop: grey page, white centred 960px column, serif title and body in the original's colours", async () => {
    const page = await open("desktop", SEED_PATH);
    expect(await styles(page, "body", ["background-color", "font-family", "font-size"])).toEqual({
      "background-color": "rgb(236, 237, 237)", // #ECEDED
      "font-family": "Arial, Helvetica, sans-serif",
      "font-size": "12px",
    });
    const main = (await page.locator("main").boundingBox())!;
    expect(main.width).toBe(960);
    expect(main.x).toBe((1280 - 960) / 2);
    expect((await styles(page, "main", ["background-color"]))["background-color"]).toBe("rgb(255, 255, 255)");
    const title = await styles(page, ".Artical_Title h1", ["font-family", "font-size", "color", "font-weight"]);
    expect(title).toMatchObject({ "font-size": "36px", color: "rgb(36, 23, 20)", "font-weight": "400" }); // #241714
    expect(title["font-family"]).toMatch(SERIF);
    const body = await styles(page, ".Artical_Content p", ["font-family", "font-size", "color"]);
    expect(body).toMatchObject({ "font-size": "18px", color: "rgb(34, 31, 32)" }); // #221F20
    expect(body["font-family"]).toMatch(SERIF);
    const info = await styles(page, ".Artical_Info", ["font-family", "font-size"]);
    expect(info["font-family"]).toMatch(SERIF);
    expect(parseFloat(info["font-size"]!)).toBeLessThan(18);
    expect((await styles(page, ".Artical_Info__label", ["color"])).color).toBe("rgb(88, 88, 90)"); // #58585A
    expect((await styles(page, ".footer--desktop a", ["color"])).color).toBe("rgb(10, 86, 140)"); // nav blue #0A568C
    expect((await styles(page, ".header__bar", ["border-bottom-color"]))["border-bottom-color"]).toBe(
      "rgb(10, 86, 140)",
    );
    expect(await styles(page, ".footer--desktop", ["font-family", "font-size"])).toEqual({
      "font-family": "Arial, Helvetica, sans-serif",
      "font-size": "12px",
    });
    const logo = await page.request.get(`${baseUrl}assets/logo.svg`);
    expect(await logo.text()).toMatch(/fill="#c61821"/i); // the emblem's red
    keepScreenshot("article-desktop.png", await page.screenshot({ fullPage: true }));
    await page.context().close();
  });

  it("on a phone: the column is the full width and the text stays readable", async () => {
    const page = await open("phone", SEED_PATH);
    const main = (await page.locator("main").boundingBox())!;
    expect([main.x, main.width]).toEqual([0, 390]);
    expect(parseFloat((await styles(page, ".Artical_Content p", ["font-size"]))["font-size"]!)).toBeGreaterThanOrEqual(
      16,
    );
    const title = await styles(page, ".Artical_Title h1", ["font-family", "color"]);
    expect(title).toMatchObject({ color: "rgb(36, 23, 20)" });
    keepScreenshot("article-phone.png", await page.screenshot({ fullPage: true }));
    await page.context().close();
  });
});

describe("every page type", () => {
  it.each(onePerType(pages).map((p) => [p.type, p] as const))(
    "%s page: header and content share the white centred column on a desktop, the full width on a phone",
    async (_type, sitePage) => {
      for (const [viewport, x, width] of [
        ["desktop", 160, 960],
        ["phone", 0, 390],
      ] as const) {
        const page = await open(viewport, sitePage.urlPath);
        for (const selector of [".header .column", "main"]) {
          const box = (await page.locator(selector).boundingBox())!;
          expect([box.x, box.width], `${viewport} ${sitePage.file} ${selector}`).toEqual([x, width]);
          expect((await styles(page, selector, ["background-color"]))["background-color"]).toBe("rgb(255, 255, 255)");
        }
        await page.context().close();
      }
    },
  );
});

describe("the home page", () => {
  it("is screenshotted at desktop size", async () => {
    expect(home, "the site has a home page (index.html)").toBeDefined();
    const page = await open("desktop", home!.urlPath);
    const main = (await page.locator("main").boundingBox())!;
    expect(main.width).toBe(960);
    keepScreenshot("home-desktop.png", await page.screenshot({ fullPage: true }));
    await page.context().close();
  });
});

describe("a topic page (issue 16)", () => {
  it("is screenshotted at desktop size", async () => {
    const topic = pages.find((p) => p.type === "topic");
    expect(topic, "the sample site has a topic page (an article with tags)").toBeDefined();
    const page = await open("desktop", "topics/culture/");
    expect((await page.locator("main").boundingBox())!.width).toBe(960);
    keepScreenshot("topic-desktop.png", await page.screenshot({ fullPage: true }));
    await page.context().close();
  });
});
