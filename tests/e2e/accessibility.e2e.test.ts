/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Accessibility, in the browser: axe-core (WCAG 2.1 A and AA rules) on every
 * page at both sizes, keyboard reach and visible focus, heading order and
 * image alternatives.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { VIEWPORTS, launchChromium, onePerType, sitePages, type ViewportName } from "./site.ts";

const baseUrl = inject("baseUrl");
const pages = sitePages(inject("siteDir"));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  }, WCAG21_AA);
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

// The pages' Content-Security-Policy (rightly) refuses the inline axe script the test injects;
// only these contexts bypass it. The layout tests keep it and fail on any policy violation.
const AXE_CONTEXT = { bypassCSP: true } as const;

describe("axe-core, WCAG 2.1 AA", () => {
  it("is really checking: it reports a missing alt and low contrast planted in a page", async () => {
    const context = await browser.newContext({ ...VIEWPORTS.desktop, ...AXE_CONTEXT });
    const page = await context.newPage();
    await page.goto(baseUrl + pages.find((p) => p.type === "article")!.urlPath);
    await page.evaluate(() => {
      document
        .querySelector("main")!
        .insertAdjacentHTML("beforeend", '<img src="/assets/favicon.svg"><p style="color:#ccc">faint</p>');
    });
    const found = await axeViolations(page);
    expect(found.map((v) => v.split(" ")[0]).sort()).toEqual(["color-contrast", "image-alt"]);
    await context.close();
  });

  const types = [...new Set(pages.map((p) => p.type))];
  it.each(types)("finds no violations on any %s page, on a desktop or a phone", async (type) => {
    for (const viewport of ["desktop", "phone"] as const) {
      const context = await browser.newContext({ ...VIEWPORTS[viewport], ...AXE_CONTEXT });
      const page = await context.newPage();
      for (const sitePage of pages.filter((p) => p.type === type)) {
        await page.goto(baseUrl + sitePage.urlPath);
        expect(await axeViolations(page), `${viewport} ${sitePage.file}`).toEqual([]);
      }
      await context.close();
    }
  });
});

interface Focused {
  /** `a /href` for a link, `radio view-mobile` for a radio button. */
  key: string;
  /** The focus ring a reader sees: on the element, or on a radio's label. */
  outline: string;
}

/**
 * Tabs through the page until focus comes round to the first stop again,
 * noting each stop. Focus may start anywhere (a search box with autofocus),
 * so the walk goes on past the end of the page and wraps to the top.
 */
async function tabThrough(page: Page): Promise<Focused[]> {
  const stops: Focused[] = [];
  let outside = 0;
  for (let i = 0; i < 200 && outside < 3; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      // Marked once reached: two links may share an address and a text (a menu entry and a section link).
      const again = element.hasAttribute("data-tab-stop");
      element.setAttribute("data-tab-stop", "");
      const shown =
        element instanceof HTMLInputElement && element.type === "radio" ? (element.labels?.[0] ?? element) : element;
      const style = getComputedStyle(shown);
      const key =
        element instanceof HTMLAnchorElement
          ? `a ${element.getAttribute("href")} ${element.textContent}`
          : `${element.tagName.toLowerCase()} ${(element as HTMLInputElement).type ?? ""} ${element.id}`;
      return { key, again, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` };
    });
    if (!focused) {
      outside++;
      continue;
    }
    outside = 0;
    if (focused.again) break;
    stops.push({ key: focused.key, outline: focused.outline });
  }
  return stops;
}

describe("keyboard", () => {
  it.each(
    onePerType(pages).flatMap((p) => (["desktop", "phone"] as ViewportName[]).map((v) => [p.type, v, p] as const)),
  )(
    "%s page, %s: every visible link and the view switch (or the toolbar) take focus by Tab, with a visible focus ring",
    async (_type, viewport, sitePage) => {
      const context = await browser.newContext(VIEWPORTS[viewport]);
      const page = await context.newPage();
      await page.goto(baseUrl + sitePage.urlPath);
      const links = await page.evaluate(() =>
        [...document.querySelectorAll("a[href]")]
          .filter((a) => (a as HTMLElement).offsetParent !== null || getComputedStyle(a).position === "fixed")
          .map((a) => `a ${a.getAttribute("href")} ${a.textContent}`),
      );
      // A Chinese page (www.gov.cn's design) has no view switch, and the toolbar's four buttons instead.
      const chinese = await page.evaluate(() => /^zh(?:-|$)/i.test(document.documentElement.lang));
      const stops = await tabThrough(page);
      const keys = stops.map((s) => s.key);
      expect(keys.filter((k) => k.startsWith("a ")).sort()).toEqual([...links].sort());
      expect(keys.filter((k) => k.startsWith("input radio "))).toHaveLength(chinese ? 0 : 1); // one stop for the group; arrows move within it
      if (chinese) expect(keys.filter((k) => k.startsWith("button "))).toHaveLength(4);
      for (const stop of stops) expect(stop.outline, stop.key).toMatch(/^solid 2px rgb\(10, 86, 140\)$/);
      if (chinese) {
        await context.close();
        return;
      }
      // Arrow keys choose within the switch, as for any radio group.
      await page.locator("#view-mobile").focus();
      await page.keyboard.press("ArrowRight");
      expect(await page.locator("#view-desktop").isChecked()).toBe(true);
      expect(await page.locator(".footer--desktop").isVisible()).toBe(true);
      await context.close();
    },
  );
});

describe("structure", () => {
  it("every page has one h1 first, headings that never skip a level, and text alternatives on every image", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    for (const sitePage of pages) {
      await page.goto(baseUrl + sitePage.urlPath);
      const levels = await page.evaluate(() =>
        [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1])),
      );
      expect(levels[0], sitePage.file).toBe(1);
      expect(
        levels.filter((l) => l === 1),
        sitePage.file,
      ).toHaveLength(1);
      levels.forEach((level, i) => {
        if (i > 0)
          expect(level - levels[i - 1]!, `${sitePage.file}: h${levels[i - 1]} then h${level}`).toBeLessThanOrEqual(1);
      });
      const withoutAlt = await page.evaluate(() =>
        [...document.images].filter((img) => !img.hasAttribute("alt")).map((img) => img.src),
      );
      expect(withoutAlt, sitePage.file).toEqual([]);
      expect(await page.locator("main").count(), sitePage.file).toBe(1);
    }
    await context.close();
  });
});
