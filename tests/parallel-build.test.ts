/**
 * The build's second thread (src/build/helper.ts): reading articles and
 * writing their pages on two threads must give exactly the site one thread
 * gives, in the same order, and a failing worker must fail the build, not
 * hang it.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../bench/generate.ts";
import { ARTICLE_TEMPLATE, writeArticlePages } from "../src/build/article-pages.ts";
import { BuildHelper, share } from "../src/build/helper.ts";
import { pageFile } from "../src/build/page-writer.ts";
import { parseSettings } from "../src/site/settings.ts";
import { makeArticle } from "./helpers/article.ts";
import { makeContent, runCli, tempDir } from "./helpers/site.ts";

function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), readFileSync(file));
  }
  return files;
}

describe("sharing work between two threads", () => {
  const square = (chunk: readonly number[]) => chunk.map((n) => n * n);

  it("returns every result in the order of the input, whichever side did each chunk", async () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    let hereChunks = 0, thereChunks = 0;
    const out = await share(
      items,
      7,
      (chunk) => (hereChunks++, square(chunk)),
      async (chunk) => {
        thereChunks++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return square(chunk);
      },
    );
    expect(out).toEqual(items.map((n) => n * n));
    expect(hereChunks).toBeGreaterThan(0);
    expect(thereChunks).toBeGreaterThan(0);
    expect(hereChunks + thereChunks).toBe(Math.ceil(1000 / 7));
  });

  it("leaves everything to the other side until this one is free", async () => {
    let free!: () => void;
    const hereFrom = new Promise<void>((resolve) => (free = resolve));
    let hereChunks = 0;
    const sharing = share([1, 2, 3, 4], 1, (chunk) => (hereChunks++, square(chunk)), async (chunk) => square(chunk), hereFrom);
    const out = await sharing;
    free();
    expect(out).toEqual([1, 4, 9, 16]);
    expect(hereChunks).toBe(0);
  });

  it("rejects with the other side's error", async () => {
    const failing = share([1, 2, 3], 1, square, async () => Promise.reject(new Error("disk full")), new Promise(() => {}));
    await expect(failing).rejects.toThrow("disk full");
  });

  it("stops when aborted, even while waiting for this side", async () => {
    const stop = new AbortController();
    const sharing = share([1, 2, 3], 1, square, () => new Promise<number[]>(() => {}), new Promise(() => {}), stop.signal);
    stop.abort();
    await expect(Promise.race([sharing, new Promise((_, reject) => setTimeout(() => reject(new Error("still running")), 2000))])).rejects.toThrow(/abort/i);
  });
});

describe("article page files", () => {
  it("go under the output folder at the article's address, and nowhere else", () => {
    expect(pageFile("/site", "/news/202107/28/a.html")).toBe("/site/news/202107/28/a.html");
    for (const url of ["/../outside.html", "/news/../../x.html", "news/a.html", "/news/a.txt", "/"]) {
      expect(() => pageFile("/site", url), url).toThrow(/not a page inside the site/);
    }
  });
});

describe("the build's worker", () => {
  const site = parseSettings({});
  const articles = Array.from({ length: 30 }, (_, i) =>
    makeArticle(`title: Article ${i}\nupdated: 2021-07-${String(1 + (i % 28)).padStart(2, "0")}T07:01:00+08:00\nsource: Xinhua\nsection: news`, `Paragraph ${i} <b>stays text</b>.\n`),
  );

  it("writes the same bytes as this thread", async () => {
    const here = tempDir(), there = tempDir();
    await writeArticlePages(articles, { outputDir: here, site, relativeLinks: false }, { helper: null });
    const helper = new BuildHelper(ARTICLE_TEMPLATE);
    try {
      // This thread never joins in: every page comes from the worker.
      const written = await writeArticlePages(articles, { outputDir: there, site, relativeLinks: false }, { helper, hereFrom: new Promise(() => {}) });
      expect(written).toBe(30);
    } finally {
      await helper.close();
    }
    const a = tree(here), b = tree(there);
    expect(a.size).toBe(30);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
  });

  it("leaves its work to this thread, and says why, when it cannot start", async () => {
    const helper = new BuildHelper(path.join(tempDir(), "missing-template.ts"));
    try {
      const job = { outputDir: tempDir(), site, relativeLinks: false };
      let here = 0;
      const written = await helper.writePages(articles, job, (chunk) => (here += chunk.length, chunk.length), { hereFrom: Promise.resolve() });
      expect([written, here]).toEqual([30, 30]);
      expect(helper.unavailable?.message).toMatch(/second thread could not start: .*missing-template\.ts/);
    } finally {
      await helper.close();
    }
  });
});

describe("newsmirror build --threads", () => {
  it("gives byte for byte the same site on one thread and on two", () => {
    // The sample's articles too: those with photos are finished on the main thread.
    const content = makeContent({}, { withSample: true });
    generate(content, 300);
    const outs = (["1", "2"] as const).map((threads) => {
      const out = tempDir();
      const result = runCli(["build", "--input", content, "--output", out, "--threads", threads, "--no-search", "--build-time", "2026-01-01T00:00:00Z"]);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/built \d+ pages \(303 articles\)/);
      return out;
    });
    const [one, two] = outs.map(tree) as [Map<string, Buffer>, Map<string, Buffer>];
    expect(one.size).toBeGreaterThan(300);
    expect([...one.keys()].some((f) => f.startsWith("photos/"))).toBe(true);
    expect([...two.keys()].sort()).toEqual([...one.keys()].sort());
    for (const [file, bytes] of one) expect(two.get(file)!.equals(bytes), file).toBe(true);
  });

  it("refuses a thread count other than 1 or 2", () => {
    const result = runCli(["build", "--threads", "8", "--output", tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--threads: "8" is not 1 or 2/);
  });
});
