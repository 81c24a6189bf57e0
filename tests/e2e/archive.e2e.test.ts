/**
 * The archive in a real replay client: ReplayWeb.page (the `replaywebpage`
 * package's ui.js and service worker, as its embedding guide serves them)
 * and the WACZ of the sample site, both served from 127.0.0.1 by
 * newsmirror's own static server. The seed article is opened by its original
 * english.www.gov.cn address, which the archive holds as a revisit of the
 * mirror's page; its title and dateline are found in the replayed page,
 * inside ReplayWeb.page's shadow DOM and iframes. The docs' screenshot (docs/archiving.md).
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startStaticServer, type StaticServer } from "../../src/serve/static.ts";
import { SEED_ORIGINAL_URL, SEED_TITLE, siteWithProvenance } from "../helpers/archive.ts";
import { runCli } from "../helpers/cli.ts";
import { ROOT, tempDir } from "../helpers/site.ts";
import { E2E_PORT, keepScreenshot, launchChromium, SEED_PATH, VIEWPORTS } from "./site.ts";

const REPLAY_PACKAGE = path.join(ROOT, "node_modules/replaywebpage");
/** The seed article's address in the mirror (the e2e site's base URL is the sample's). */
const SEED_MIRROR_URL = new URL(SEED_PATH, "https://mirror.example.org/").href;

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  const site = siteWithProvenance(inject("siteDir"));
  // The replay page: ReplayWeb.page's front end at /ui.js, its service worker under /replay/ (its default replayBase),
  // with the front end again beside it (the replay frame's own page loads it from there).
  const root = tempDir("newsmirror-replay-");
  mkdirSync(path.join(root, "replay"));
  copyFileSync(path.join(REPLAY_PACKAGE, "ui.js"), path.join(root, "ui.js"));
  copyFileSync(path.join(REPLAY_PACKAGE, "ui.js"), path.join(root, "replay/ui.js"));
  copyFileSync(path.join(REPLAY_PACKAGE, "sw.js"), path.join(root, "replay/sw.js"));
  for (const [name, url] of [
    ["index.html", SEED_ORIGINAL_URL],
    ["mirror.html", SEED_MIRROR_URL],
  ] as const)
    writeFileSync(
      path.join(root, name),
      `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>newsmirror archive</title><script src="/ui.js"></script></head>
<body style="margin:0">
<replay-web-page style="display:block;height:100vh" source="/site.wacz" url="${url}" embed="replayonly"></replay-web-page>
</body>
</html>
`,
    );
  const archived = await runCli(["archive", "--site", site, "--output", path.join(root, "site.wacz")]);
  if (archived.status !== 0) throw new Error(`newsmirror archive failed:\n${archived.stderr}`);
  server = await startStaticServer({ root, port: E2E_PORT + 5 });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The frame that replays the archived page (the one whose address ends in the page's), within `ms`. */
async function replayedFrame(page: Page, url: string, ms: number): Promise<Frame | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().endsWith(url));
    if (
      frame &&
      (await frame
        .locator(".Artical_Title")
        .count()
        .catch(() => 0)) > 0
    )
      return frame;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/**
 * Opens the replay page and waits for the archived page. The first visit registers ReplayWeb.page's service
 * worker; on a busy machine its replay frame is sometimes made before the worker controls it and stays empty,
 * so the page is loaded once more (as a reader would) before the test gives up.
 */
async function openReplay(page: Page, address: string, url: string): Promise<Frame> {
  await page.goto(address);
  let frame = await replayedFrame(page, url, 25_000);
  if (!frame) {
    await page.reload();
    frame = await replayedFrame(page, url, 30_000);
  }
  if (!frame)
    throw new Error(
      `no replayed frame for ${url}; frames: ${page
        .frames()
        .map((f) => f.url())
        .join(", ")}`,
    );
  return frame;
}

describe("ReplayWeb.page replays the archive", () => {
  it("opens the seed article by its original english.www.gov.cn address: its title and dateline are there", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const frame = await openReplay(page, server.url, SEED_ORIGINAL_URL);
    expect((await frame.locator(".Artical_Title").innerText()).trim()).toBe(SEED_TITLE);
    const first = (await frame.locator(".Artical_Content p").first().innerText()).trim();
    expect(first.startsWith("DUSHANBE — ")).toBe(true);
    // The page's links are the mirror's (/assets/site.css): under the original address they name gov.cn's, which the
    // archive does not hold, so the page is replayed unstyled; the text is the mirror's, as recorded.
    keepScreenshot("archive-replay.png", await page.screenshot());
    await context.close();
  }, 120_000);

  it("opens it by its mirror address with its stylesheet, as the mirror serves it", async () => {
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    const frame = await openReplay(page, `${server.url}mirror.html`, SEED_MIRROR_URL);
    expect((await frame.locator(".Artical_Title").innerText()).trim()).toBe(SEED_TITLE);
    // The site's stylesheet is replayed from the archive: the page's grey background (#ECEDED) is there.
    await expect
      .poll(() => frame.evaluate(() => getComputedStyle(document.body).backgroundColor), { timeout: 15_000 })
      .toBe("rgb(236, 237, 237)");
    keepScreenshot("archive-replay-mirror.png", await page.screenshot());
    await context.close();
  }, 120_000);
});
