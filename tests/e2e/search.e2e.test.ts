/**
 * The search page over an index in bundles, one per publication month
 * (src/site/search-bundles.ts): every bundle is searched as one, after the
 * archive grows by a new month and an old month's article is edited.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleText, BIN, makeContent, spawnCli, tempDir } from "../helpers/site.ts";
import { E2E_PORT, SEED_PATH, VIEWPORTS, launchChromium, watchForErrors } from "./site.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** `newsmirror preview` of `siteDir` (under its base path); resolves with its address. */
function preview(siteDir: string): { server: ChildProcess; url: Promise<string> } {
  const server = spawn(process.execPath, [BIN, "preview", "--output", siteDir, "--port", String(E2E_PORT + 2)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = new Promise<string>((resolve, reject) => {
    server.stdout!.setEncoding("utf8").on("data", (text: string) => {
      const found = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(text)?.[0];
      if (found) resolve(found.endsWith("/") ? found : `${found}/`);
    });
    server.on("exit", (code) => reject(new Error(`newsmirror preview exited with ${code}`)));
  });
  return { server, url };
}

/** Searches for each word from a new browser context (nothing cached from before), expecting the page at the path. */
async function expectFound(url: string, searches: readonly (readonly [string, string])[]): Promise<void> {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const page = await context.newPage();
  const problems = watchForErrors(page);
  for (const [word, target] of searches) {
    await page.goto(`${url}search.html?q=${word}`);
    const result = page.locator(`main a[href$="${target}"]`).first();
    await result.waitFor({ timeout: 15_000 });
    expect(await result.isVisible(), word).toBe(true);
  }
  expect(problems).toEqual([]);
  await context.close();
}

describe("searching an archive indexed by month", () => {
  it("finds articles of old and new months, in split months, after a new month's article and an old one's edit", async () => {
    // The sample (July and August 2021) and older months: November 2020 split in two (--search-bundle 1), March 2019.
    const content = makeContent(
      {
        "old/wombat.md": articleText({ title: "Wombat census in the hills", updated: "2019-03-04T08:00:00+08:00" }),
        "old/pelican.md": articleText({ title: "Pelican migration report", updated: "2020-11-02T08:00:00+08:00" }),
        "old/otter.md": articleText({ title: "Otter river survey", updated: "2020-11-20T08:00:00+08:00" }),
      },
      { withSample: true },
    );
    // Under a base path: the index's addresses and the results' links must carry it.
    const settings = path.join(content, "site.json");
    writeFileSync(
      settings,
      JSON.stringify({ ...JSON.parse(readFileSync(settings, "utf8")), baseUrl: "https://x.example/english/" }),
    );
    const siteDir = tempDir("newsmirror-e2e-months-");
    const build = (...args: string[]) => {
      const built = spawnCli(["build", "--input", content, "--output", siteDir, "--search-bundle", "1", ...args]);
      expect(built.status, built.stderr).toBe(0);
    };
    build();
    const { server, url: served } = preview(siteDir);
    try {
      const url = await served;
      expect(url).toMatch(/\/english\/$/);
      await expectFound(url, [
        ["Tajik", SEED_PATH],
        ["Wombat", "/201903/04/wombat-census-in-the-hills.html"],
        ["Pelican", "/202011/02/pelican-migration-report.html"],
        ["Otter", "/202011/20/otter-river-survey.html"],
      ]);

      // A new month, and an old month's article edited; built again (relative links this time) into the same folder.
      writeFileSync(
        path.join(content, "new.md"),
        articleText({ title: "Narwhal sighting in the bay", updated: "2021-09-10T08:00:00+08:00" }),
      );
      writeFileSync(
        path.join(content, "old/wombat.md"),
        articleText(
          { title: "Wombat census in the hills", updated: "2019-03-04T08:00:00+08:00" },
          "A quokka was counted too.\n",
        ),
      );
      build("--relative");
      await expectFound(url, [
        ["Narwhal", "/202109/10/narwhal-sighting-in-the-bay.html"],
        ["quokka", "/201903/04/wombat-census-in-the-hills.html"],
        ["Otter", "/202011/20/otter-river-survey.html"],
        ["Tajik", SEED_PATH],
      ]);
    } finally {
      server.kill();
    }
  });
});
