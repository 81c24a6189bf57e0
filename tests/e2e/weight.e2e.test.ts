/// <reference lib="dom" />
/**
 * The seed article's weight, measured from the browser's network log: what
 * the reader downloads before reading, and what holds up the first paint.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SEED_PATH, VIEWPORTS, launchChromium } from "./site.ts";

const baseUrl = inject("baseUrl");
/** HTML + CSS + JS, uncompressed (the preview server sends files as they are). */
const BUDGET_BYTES = 30_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("the seed article's weight", () => {
  it(`is under ${BUDGET_BYTES} bytes of HTML, CSS and JS, with one render-blocking stylesheet and no web fonts`, async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const loads: { url: string; type: string; bytes: Promise<number> }[] = [];
    page.on("response", (response) => {
      loads.push({
        url: response.url(),
        type: response.request().resourceType(),
        bytes: response.body().then((b) => b.length),
      });
    });
    await page.goto(baseUrl + SEED_PATH, { waitUntil: "networkidle" });
    const log = await Promise.all(loads.map(async (l) => ({ ...l, bytes: await l.bytes })));

    const code = log.filter((l) => ["document", "stylesheet", "script"].includes(l.type));
    const total = code.reduce((sum, l) => sum + l.bytes, 0);
    console.log(
      `seed article: ${code.map((l) => `${new URL(l.url).pathname} ${l.bytes} B`).join(", ")}; total ${total} B`,
    );
    expect(code.map((l) => l.type).sort()).toEqual(["document", "stylesheet"]);
    expect(total).toBeLessThan(BUDGET_BYTES);

    const blocking = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter(
          (e) =>
            (e as PerformanceResourceTiming & { renderBlockingStatus?: string }).renderBlockingStatus === "blocking",
        )
        .map((e) => new URL(e.name).pathname),
    );
    expect(blocking).toEqual(["/assets/site.css"]);

    expect(log.filter((l) => l.type === "font")).toEqual([]);
    expect(await page.evaluate(() => document.fonts.size)).toBe(0); // no @font-face at all
    for (const l of log) expect(new URL(l.url).origin, l.url).toBe(new URL(baseUrl).origin);
    await context.close();
  });
});
