/**
 * Photo size limits (issue 13): a photo larger than `images.maxPixels` is
 * refused from its header, before it is decoded, with the limit in the
 * message; and parallel encodes share a pixel budget, so memory follows
 * pixels rather than the number of cores.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ArticleLoader } from "../src/article/load.ts";
import { formatProblem } from "../src/errors.ts";
import { PhotoCache, PhotoError, PixelPool, photoSize } from "../src/images/encode.ts";
import { loadSettings } from "../src/settings/settings.ts";
import { runCli } from "./helpers/cli.ts";
import { ROOT, articleText, makeContent, tempDir } from "./helpers/site.ts";

describe("the pixel budget of parallel encodes", () => {
  /** Runs tasks of the given sizes through a pool; each ends when the test says. Records the pixels and tasks running at each start. */
  function pool(limit: number, budget: number, sizes: number[]) {
    const p = new PixelPool(limit, budget);
    const running = new Set<number>();
    const seen: { pixels: number; tasks: number }[] = [];
    const finish: (() => void)[] = [];
    const order: number[] = [];
    const done = sizes.map((pixels, i) =>
      p.run(pixels, async () => {
        running.add(i);
        order.push(i);
        seen.push({ pixels: [...running].reduce((sum, j) => sum + sizes[j]!, 0), tasks: running.size });
        await new Promise<void>((resolve) => (finish[i] = resolve));
        running.delete(i);
      }),
    );
    return { running, seen, finish, order, done: Promise.all(done) };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("never runs more pixels at once than the budget, nor more tasks than the limit; a photo over the budget runs alone", async () => {
    const sizes = [60, 30, 20, 50, 150, 10, 10, 10, 10];
    const run = pool(3, 100, sizes);
    // End the running tasks one by one, oldest first, until all are done.
    for (let ended = 0; ended < sizes.length; ended++) {
      await settle();
      const oldest = Math.min(...run.running);
      run.finish[oldest]!();
    }
    await run.done;
    expect(run.order).toEqual(sizes.map((_, i) => i));
    for (const { pixels, tasks } of run.seen) {
      expect(tasks).toBeLessThanOrEqual(3);
      if (tasks > 1) expect(pixels).toBeLessThanOrEqual(100);
    }
    // The 150-pixel photo ran alone; small ones ran three at a time.
    expect(run.seen[4]).toEqual({ pixels: 150, tasks: 1 });
    expect(Math.max(...run.seen.map((s) => s.tasks))).toBe(3);
  });
});

describe("what a photo's header says (sharp's metadata, no table of our own)", () => {
  const SVG = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>',
  );

  it("gives the format and size of a photo in any photo format", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: "#0000" } })
      .png()
      .toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    expect(await photoSize(png, 1e6)).toEqual({ format: "png", width: 40, height: 30 });
    expect(await photoSize(webp, 1e6)).toEqual({ format: "webp", width: 40, height: 30 });
  });

  it("refuses what is not an image, and an image in no photo format, saying which", async () => {
    await expect(photoSize(Buffer.from("just some notes\n"), 1e6)).rejects.toThrow(
      new PhotoError("is not an image (JPEG, PNG, WebP, AVIF, GIF or TIFF)"),
    );
    await expect(photoSize(SVG, 1e6)).rejects.toThrow(
      new PhotoError("is SVG, not a photo format (JPEG, PNG, WebP, AVIF, GIF or TIFF)"),
    );
  });

  it("reports either in one line naming the article, its line, the field and the file, whatever the file's name", async () => {
    const content = makeContent({
      "a.md": articleText({}, "![Notes](notes.jpg)\n"),
      "b.md": articleText({ title: "B", image: '\n  src: drawing.png\n  alt: "A drawing"' }),
      "notes.jpg": "just some notes\n",
      "drawing.png": SVG,
    });
    const loaded = await new ArticleLoader().load({
      contentDir: content,
      displayRoot: content,
      settings: loadSettings(content),
      photoCache: new PhotoCache(tempDir()),
    });
    const lines = loaded.problems.map(formatProblem);
    expect(lines).toHaveLength(2);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\S*a\.md:6: photo "notes\.jpg" is not an image \(JPEG, PNG, WebP, AVIF, GIF or TIFF\)$/,
        ),
        expect.stringMatching(
          /^\S*b\.md:\d+: image\.src: "drawing\.png" is SVG, not a photo format \(JPEG, PNG, WebP, AVIF, GIF or TIFF\)$/,
        ),
      ]),
    );
  });
});

describe("images.maxPixels", () => {
  const HUGE = readFileSync(path.join(ROOT, "tests/fixtures/hostile/photos/huge-20000x20000.png"));

  it("refuses a 20000×20000 PNG as too large, naming the limit, not as 'not an image'", async () => {
    const content = makeContent({ "a.md": articleText({}, "![A huge photo](huge.png)\n"), "huge.png": HUGE });
    const out = tempDir();
    const run = await buildInto(content, out);
    expect(run.stderr).toContain(
      'a.md:6: photo "huge.png" is too large: 20000×20000 pixels (400 megapixels); a photo may have at most 50 megapixels (images.maxPixels in site.json): make it smaller',
    );
    expect(run.status).toBe(1);
  });

  it("is a setting: a site may lower it, and a photo already in the cache is held to it too", async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#4a7" } })
      .jpeg()
      .toBuffer();
    const content = makeContent({ "a.md": articleText({}, "![Tea pickers](tea.jpg)\n"), "tea.jpg": photo });
    const out = tempDir();
    const build = () => buildInto(content, out);
    expect((await build()).status).toBe(0);
    writeFileSync(path.join(content, "site.json"), JSON.stringify({ images: { maxPixels: 1000 } }));
    const run = await build();
    expect(run.stderr).toContain(
      'a.md:6: photo "tea.jpg" is too large: 40×30 pixels; a photo may have at most 1000 pixels (images.maxPixels in site.json): make it smaller',
    );
    expect(run.status).toBe(1);
  });
});

/** `newsmirror build` of `content` into `out/site`, its photo cache in `out/cache`. */
function buildInto(content: string, out: string) {
  const args = ["--input", content, "--output", path.join(out, "site"), "--image-cache", path.join(out, "cache")];
  return runCli(["build", ...args, "--no-search"], { cwd: out });
}
