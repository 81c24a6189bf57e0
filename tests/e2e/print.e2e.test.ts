/// <reference lib="dom" />
/**
 * Printing the seed article: Chromium's own PDF output, read back with
 * poppler's pdfinfo and pdftotext (Debian's poppler-utils; .ci/run installs it).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { tempDir } from "../helpers/site.ts";
import { SEED_PATH, VIEWPORTS, launchChromium } from "./site.ts";

const baseUrl = inject("baseUrl");
const TITLE = "Tajik president, Chinese defense minister agree to enhance cooperation";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

function poppler(tool: "pdfinfo" | "pdftotext", args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(`${tool} not found: install Debian's poppler-utils`);
    throw error;
  }
}

/** Prints the page as a reader would (the print stylesheet, A4) and reads the PDF back. */
async function print(page: Page): Promise<{ pages: number; size: string; text: string }> {
  const file = path.join(tempDir("newsmirror-print-"), "article.pdf");
  writeFileSync(file, await page.pdf({ format: "A4", preferCSSPageSize: true }));
  const info = poppler("pdfinfo", [file]);
  const text = poppler("pdftotext", ["-layout", file, "-"]);
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? "",
    // Lines wrap where the paper ends: compare words, not lines.
    text: text.replace(/\s+/g, " "),
  };
}

describe("printing the seed article", () => {
  it("gives one or two A4 pages: title, info line, body and copyright lines, without the switch or navigation", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    await page.goto(baseUrl + SEED_PATH);
    const printed = await print(page);
    expect(printed.pages).toBeGreaterThanOrEqual(1);
    expect(printed.pages).toBeLessThanOrEqual(2);
    expect(printed.size).toMatch(/ pts \(A4\)$/);
    expect(printed.text).toContain(TITLE);
    expect(printed.text).toContain("Updated: July 28, 2021 07:01 Xinhua");
    expect(printed.text).toContain("DUSHANBE — Tajik President Emomali Rahmon");
    expect(printed.text).toContain("Mirzo personally greeted Wei and the delegation at the airport on July 26.");
    expect(printed.text).toContain("Copyright© www.gov.cn");
    expect(printed.text).toContain("All rights reserved.");
    expect(printed.text).not.toMatch(/\bMobile\b|\bDesktop\b/);
    expect(printed.text).not.toMatch(/\bApp\b/);
    await context.close();
  });

  it("prints a photo whole, with its caption, and the address of a link in the body", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    await page.goto(baseUrl + SEED_PATH);
    await page.evaluate(() => {
      const svg = encodeURIComponent(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><rect width="1600" height="900" fill="#789"/></svg>',
      );
      document
        .querySelector(".Artical_Content p")!
        .insertAdjacentHTML(
          "afterend",
          `<figure><img src="data:image/svg+xml,${svg}" width="1600" height="900" alt="A meeting room"><figcaption>Wei Fenghe meets Emomali Rahmon. [Photo/Xinhua]</figcaption></figure>` +
            `<p>Read the <a href="https://example.org/statement">full statement</a>.</p>`,
        );
    });
    await page.emulateMedia({ media: "print" });
    const figure = (await page.locator("figure img").boundingBox())!;
    const column = (await page.locator(".Artical_Content").boundingBox())!;
    expect(figure.width).toBeLessThanOrEqual(column.width);
    const printed = await print(page);
    expect(printed.text).toContain("Wei Fenghe meets Emomali Rahmon. [Photo/Xinhua]");
    expect(printed.text).toContain("full statement (https://example.org/statement)");
    expect(printed.pages).toBeLessThanOrEqual(2);
    await context.close();
  });
});
