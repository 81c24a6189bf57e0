/**
 * The search page over an index in bundles, one per publication year, one
 * for the newest month and one for its newest day (src/site/search-bundles.ts):
 * every bundle is searched as one, also after an incremental build that adds
 * an article on a new day of the newest month and edits one of an old year.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestDevServer } from "../helpers/dev-server.ts";
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

describe("searching an archive indexed by year, newest month and newest day", () => {
  it("finds articles of old years, split years, the newest month and day, after an incremental build that adds one and edits one", async () => {
    // The sample (July and August 2021: August 7 is the newest day, the rest of August the newest month, July in
    // 2021's bundle) and older years: 2020 split in two (--search-bundle 2), 2019.
    const content = makeContent(
      {
        "old/wombat.md": articleText({ title: "Wombat census in the hills", updated: "2019-03-04T08:00:00+08:00" }),
        "old/heron.md": articleText({ title: "Heron nesting season", updated: "2020-05-12T08:00:00+08:00" }),
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
    const work = tempDir("newsmirror-e2e-years-");
    const siteDir = path.join(work, "_site");
    const build = () => {
      const built = spawnCli(["build", "--input", content, "--output", siteDir, "--search-bundle", "2"], { cwd: work });
      expect(built.status, built.stderr).toBe(0);
      return built.stdout;
    };
    build();
    expect(
      readdirSync(path.join(siteDir, "pagefind"))
        .filter((name) => /^\d/.test(name))
        .sort(),
      // The sample's six August articles: the newest day's one, the five others in three parts of two; its July
      // ones, 2021 in two.
    ).toEqual(["2019", "2020", "2020-p2", "2021", "2021-08", "2021-08-07", "2021-08-p2", "2021-08-p3", "2021-p2"]);
    const { server, url: served } = preview(siteDir);
    try {
      const url = await served;
      expect(url).toMatch(/\/english\/$/);
      await expectFound(url, [
        ["Tajik", SEED_PATH],
        ["Wombat", "/201903/04/wombat-census-in-the-hills.html"],
        ["Heron", "/202005/12/heron-nesting-season.html"],
        ["Otter", "/202011/20/otter-river-survey.html"],
      ]);

      // An article of a new day of the newest month added (August 7 joins the month's bundle), and an old year's
      // article edited; built again into the same folder.
      writeFileSync(
        path.join(content, "new.md"),
        articleText({ title: "Narwhal sighting in the bay", updated: "2021-08-10T08:00:00+08:00" }),
      );
      writeFileSync(
        path.join(content, "old/wombat.md"),
        articleText(
          { title: "Wombat census in the hills", updated: "2019-03-04T08:00:00+08:00" },
          "A quokka was counted too.\n",
        ),
      );
      expect(build()).toMatch(/incremental build: 2 articles changed/);
      await expectFound(url, [
        ["Narwhal", "/202108/10/narwhal-sighting-in-the-bay.html"],
        ["quokka", "/201903/04/wombat-census-in-the-hills.html"],
        ["Otter", "/202011/20/otter-river-survey.html"],
        ["Tajik", SEED_PATH],
      ]);
    } finally {
      server.kill();
    }
  });
});

describe("where search cannot work, the search page says why", () => {
  it("opened from disk (a --relative build), in words for readers, with the archive instead", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const out = path.join(tempDir("newsmirror-e2e-disk-"), "site");
    const built = spawnCli(["build", "--relative", "--input", content, "--output", out], { cwd: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    const context = await browser.newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(out, "search.html")).href);
    const note = page.locator(".search__from-disk");
    await note.waitFor({ state: "visible", timeout: 15_000 });
    expect(await note.textContent()).toContain("opened from its web address, not from files on a disk");
    expect(await page.locator(".search__unavailable").isVisible()).toBe(false);
    expect(await page.locator("#search input").count()).toBe(0);
    // The archive it offers opens, from disk too.
    await note.locator("a").click();
    await page.waitForURL(/\/archive\//);
    expect(await page.locator("main").textContent()).toContain("July 2021");
    await context.close();
  });

  it("on the dev server (which builds no index), in words for the site's editors", async () => {
    const dev = await new TestDevServer({ contentDir: makeContent({ "a.md": articleText() }) }).start();
    const context = await browser.newContext(VIEWPORTS.desktop);
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${dev.port}/search.html`);
      const note = page.locator(".search__unavailable");
      await note.waitFor({ state: "visible", timeout: 15_000 });
      expect(await note.textContent()).toContain("newsmirror preview serves the built site");
      expect(await page.locator(".search__from-disk").isVisible()).toBe(false);
    } finally {
      await context.close();
      await dev.stop();
    }
  });
});
