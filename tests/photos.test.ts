import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { PhotoCache, socialSize, variantWidths } from "../src/images/encode.ts";
import { ArticleLoader } from "../src/article/load.ts";
import { loadSettings } from "../src/settings/settings.ts";
import { linkPhotoUrls } from "../src/images/markup.ts";
import { writeSiteMarker } from "../src/output/guard.ts";
import { SiteUrls } from "../src/site/urls.ts";
import { runCli } from "./helpers/cli.ts";
import { ROOT, articleText, deadPid, filesBelow, makeContent, tempDir, type CliResult } from "./helpers/site.ts";

const jpeg = (width: number, height: number, background = "#4a7") =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();
const transparentPng = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();

/** `newsmirror: photos: 2 encoded (19 files), 0 from the cache` → numbers. */
function photoCounts(stdout: string): { encoded: number; files: number; cached: number } {
  const m = /photos: (\d+) encoded \((\d+) files\), (\d+) from the cache/.exec(stdout);
  if (!m) throw new Error(`no photo line in: ${stdout}`);
  return { encoded: Number(m[1]), files: Number(m[2]), cached: Number(m[3]) };
}

function pageOf(out: string, url: string): string {
  return readFileSync(path.join(out, url), "utf8");
}

function findPage(out: string, slug: string): string {
  const [found] = filesBelow(out, { endingWith: `/${slug}.html` });
  if (!found) throw new Error(`no page ${slug}`);
  return pageOf(out, found);
}

/** A photo cache for the builds of this file that are not about the cache. */
const sharedCache = tempDir("newsmirror-cache-");

const CAPTION = `Workers pick tea in Pu'er, Yunnan province, May 3, 2021. [Photo/Xinhua] <b>&amp</b>`;

describe("photos in articles", () => {
  let content: string;
  let cache: string;
  let out: string;
  let first: CliResult;

  beforeAll(async () => {
    cache = tempDir("newsmirror-cache-");
    out = tempDir();
    content = makeContent({
      "news/lead.jpg": await jpeg(1700, 1000),
      "news/lead-article.md": articleText(
        { title: "An article with a lead photo", dateline: "PU'ER" },
        "First paragraph.\n",
      ).replace(
        "---\nFirst",
        `image:\n  src: lead.jpg\n  alt: Tea pickers on a hillside\n  caption: ${JSON.stringify(CAPTION)}\n---\nFirst`,
      ),
      "_shared/small.png": await transparentPng(600, 400),
      "news/body-article.md": articleText(
        { title: "An article with a body photo", dateline: "BEIJING" },
        '![A stamp](../_shared/small.png "A stamp, as shown")\n\nFirst paragraph.\n\n![""](/_shared/small.png)\n\nLast paragraph.\n',
      ),
    });
    first = await runCli(["build", "--input", content, "--output", out, "--image-cache", cache, "--no-search"]);
  });

  it("builds, encoding every variant once", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    // lead: 4 widths × 3 formats + the social crop; the PNG body photo: 2 widths × 3 formats.
    expect(photoCounts(first.stdout)).toEqual({ encoded: 2, files: 13 + 6, cached: 0 });
  });

  it("renders the lead photo as an eager <picture> with AVIF, WebP and JPEG in four widths, sized, captioned as written", () => {
    const page = findPage(out, "an-article-with-a-lead-photo");
    const figure = /<figure class="photo photo--lead">[\s\S]*?<\/figure>/.exec(page)![0];
    for (const [type, ext] of [
      ["image/avif", "avif"],
      ["image/webp", "webp"],
    ]) {
      const source = new RegExp(
        `<source type="${type}" srcset="([^"]+)" sizes="\\(max-width: 840px\\) 100vw, 840px">`,
      ).exec(figure);
      expect(source, type).not.toBeNull();
      expect(source![1]!.split(", ").map((s) => s.replace(/^\/photos\/lead-[0-9a-f]{12}-/, ""))).toEqual(
        [480, 800, 1200, 1600].map((w) => `${w}.${ext} ${w}w`),
      );
    }
    const img = /<img [^>]+>/.exec(figure)![0];
    expect(img).toMatch(/ src="\/photos\/lead-[0-9a-f]{12}-1200\.jpg"/);
    expect(img).toMatch(
      / srcset="[^"]*-480\.jpg 480w, [^"]*-800\.jpg 800w, [^"]*-1200\.jpg 1200w, [^"]*-1600\.jpg 1600w"/,
    );
    expect(img).toContain('width="1200" height="706"');
    expect(img).toContain('alt="Tea pickers on a hillside"');
    expect(img).toContain('loading="eager"');
    expect(img).not.toContain("lazy");
    // The caption reads exactly as written, markup-looking text included, and comes before the body.
    const lines = pageLines(page);
    expect(lines).toContain(CAPTION);
    expect(lines.indexOf(CAPTION)).toBeLessThan(lines.indexOf("PU'ER — First paragraph."));
  });

  it("writes every variant at its width, never larger than the source, under hashed names", async () => {
    const files = readdirSync(path.join(out, "photos"));
    const small = files.filter((f) => f.startsWith("small-"));
    expect(small.map((f) => f.replace(/^small-[0-9a-f]{12}-/, "")).sort()).toEqual([
      "480.avif",
      "480.png",
      "480.webp",
      "600.avif",
      "600.png",
      "600.webp",
    ]);
    for (const f of files.filter((name) => /-\d+\.\w+$/.test(name))) {
      const width = Number(/-(\d+)\.\w+$/.exec(f)![1]);
      const meta = await sharp(path.join(out, "photos", f)).metadata();
      expect(meta.width, f).toBe(width);
    }
    const social = files.find((f) => f.endsWith("-1200x630.jpg"))!;
    const meta = await sharp(path.join(out, "photos", social)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1200, 630, "jpeg"]);
  });

  it("renders body photos lazily, with a PNG fallback for a transparent source and sizes no wider than the photo", () => {
    const page = findPage(out, "an-article-with-a-body-photo");
    const figures = [...page.matchAll(/<figure class="photo">[\s\S]*?<\/figure>/g)].map((m) => m[0]);
    expect(figures).toHaveLength(2);
    const [captioned, decorative] = figures as [string, string];
    expect(captioned).toMatch(
      /<img src="\/photos\/small-[0-9a-f]{12}-600\.png" srcset="[^"]+480\.png 480w, [^"]+600\.png 600w" sizes="\(max-width: 600px\) 100vw, 600px" width="600" height="400" alt="A stamp" loading="lazy" decoding="async">/,
    );
    expect(captioned).toContain("<figcaption>A stamp, as shown</figcaption>");
    expect(decorative).toContain('alt=""');
    expect(decorative).not.toContain("<figcaption>");
    // A photo's paragraph becomes the figure: no <p> around it, the text paragraphs stay.
    expect(page).not.toMatch(/<p>\s*<figure/);
    // The dateline opens the first paragraph of text, not the photo before it.
    const lines = pageLines(page);
    expect(lines.slice(lines.indexOf("A stamp, as shown"), lines.indexOf("Last paragraph.") + 1)).toEqual([
      "A stamp, as shown",
      "BEIJING — First paragraph.",
      "Last paragraph.",
    ]);
  });

  it("offers the 1200×630 crop of the lead photo as og:image, with its size, and none without a lead photo", () => {
    const page = findPage(out, "an-article-with-a-lead-photo");
    expect(page).toMatch(
      /<meta property="og:image" content="https:\/\/english\.www\.gov\.cn\/photos\/lead-[0-9a-f]{12}-1200x630\.jpg">/,
    );
    expect(page).toContain('<meta property="og:image:width" content="1200">');
    expect(page).toContain('<meta property="og:image:height" content="630">');
    expect(findPage(out, "an-article-with-a-body-photo")).not.toContain("og:image");
  });

  it("encodes nothing on a second build, and only the changed photo after one changes", async () => {
    const out2 = tempDir();
    const warm = await runCli(["build", "--input", content, "--output", out2, "--image-cache", cache, "--no-search"]);
    expect(warm.status).toBe(0);
    expect(photoCounts(warm.stdout)).toEqual({ encoded: 0, files: 0, cached: 2 });
    expect(readdirSync(path.join(out2, "photos")).sort()).toEqual(readdirSync(path.join(out, "photos")).sort());

    writeFileSync(path.join(content, "news/lead.jpg"), await jpeg(1700, 1000, "#a47"));
    const changed = await runCli([
      "build",
      "--input",
      content,
      "--output",
      out2,
      "--image-cache",
      cache,
      "--no-search",
    ]);
    expect(changed.status).toBe(0);
    expect(photoCounts(changed.stdout)).toEqual({ encoded: 1, files: 13, cached: 1 });
    // New content, new names: the old lead's files are gone from the new output.
    const names = readdirSync(path.join(out2, "photos"));
    expect(names.filter((f) => f.startsWith("lead-")).length).toBe(13);
    expect(names.some((f) => readdirSync(path.join(out, "photos")).includes(f) && f.startsWith("lead-"))).toBe(false);
  });
});

describe("bad photos stop the build with one line naming the article and the photo", () => {
  let result: CliResult;
  let out: string;

  beforeAll(async () => {
    const good = await jpeg(300, 200);
    const art = (title: string, image: string, body = "Text.\n") =>
      articleText({ title }, body).replace("---\nText", `${image}\n---\nText`);
    const content = makeContent({
      "a/good.jpg": good,
      "a/notes.jpg": "these are notes, not a photo\n",
      "a/broken.jpg": good.subarray(0, Math.floor(good.length / 2)),
      "a/missing.md": art("Missing", "image:\n  src: nowhere.jpg\n  alt: Something"),
      "a/not-image.md": art("Not an image", "image:\n  src: notes.jpg\n  alt: Notes"),
      "a/truncated.md": art("Truncated", "image:\n  src: broken.jpg\n  alt: Broken"),
      "a/escape.md": art("Escape", "image:\n  src: ../../../../../../etc/passwd\n  alt: Secrets"),
      "a/remote.md": art("Remote", "image:\n  src: https://example.com/photo.jpg\n  alt: Remote"),
      "a/no-alt.md": art("No alt", "image:\n  src: good.jpg"),
      "a/body-no-alt.md": articleText({ title: "Body no alt" }, "Text.\n\n![](good.jpg)\n"),
      "a/body-escape.md": articleText(
        { title: "Body escape" },
        "Text.\n\n![Passwords](../../../../../../../etc/passwd)\n",
      ),
      "a/decorative.md": art("Decorative is fine", 'image:\n  src: good.jpg\n  alt: ""'),
    });
    out = tempDir();
    writeFileSync(path.join(out, "index.html"), "the last good site");
    await writeSiteMarker(out, { basePath: "/" }); // a site newsmirror built: a build may replace it
    result = await runCli(["build", "--input", content, "--output", out, "--image-cache", sharedCache, "--no-search"]);
  });

  it("exits 1 and leaves the last good site alone", () => {
    expect(result.status).toBe(1);
    expect(readFileSync(path.join(out, "index.html"), "utf8")).toBe("the last good site");
  });

  it.each([
    ["missing.md:", 'image.src: "nowhere.jpg" does not exist'],
    ["not-image.md:", 'image.src: "notes.jpg" is not an image'],
    ["truncated.md:", 'image.src: "broken.jpg" is truncated or corrupt'],
    ["escape.md:", 'image.src: "../../../../../../etc/passwd" points outside the content folder'],
    ["remote.md:", 'image.src: "https://example.com/photo.jpg" is a remote URL'],
    ["no-alt.md:", 'image.alt: is required: describe the photo, or write alt: "" if it is purely decorative'],
    ["body-no-alt.md:8:", 'photo "good.jpg" has no alt text'],
    ["body-escape.md:8:", 'photo "../../../../../../../etc/passwd" points outside the content folder'],
  ])("%s %s", (file, message) => {
    const line = result.stderr.split("\n").find((l) => l.includes(`/a/${file}`) && l.includes(message));
    expect(line, result.stderr).toBeDefined();
  });

  it('reports nothing for a decorative photo (alt: ""), and one line per problem', () => {
    expect(result.stderr).not.toContain("decorative.md");
    expect(result.stderr.trim().split("\n")).toHaveLength(8 + 1);
  });

  it("links a remote photo as it is when the site opts in", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({ images: { remote: "link" } }),
      "remote.md": articleText(
        { title: "Remote linked" },
        'Text.\n\n![A remote photo](https://example.com/p.jpg "Far away")\n',
      ),
    });
    const linked = tempDir();
    const built = await runCli([
      "build",
      "--input",
      content,
      "--output",
      linked,
      "--image-cache",
      sharedCache,
      "--no-search",
    ]);
    expect(built.stderr).toBe("");
    expect(findPage(linked, "remote-linked")).toContain(
      '<img src="https://example.com/p.jpg" alt="A remote photo" loading="lazy" decoding="async">',
    );
  });
});

describe("photo URLs under a path prefix or in the relative mode", () => {
  const markup =
    '<img src="/photos/a-1.jpg" srcset="/photos/a-1.jpg 480w, /photos/a-2.jpg 800w" alt="/photos/not-a-url">';
  it("follow the page's links", () => {
    expect(linkPhotoUrls(markup, new SiteUrls("https://example.org/mirror/").linker("/culture/202108/05/x.html"))).toBe(
      '<img src="/mirror/photos/a-1.jpg" srcset="/mirror/photos/a-1.jpg 480w, /mirror/photos/a-2.jpg 800w" alt="/photos/not-a-url">',
    );
    expect(linkPhotoUrls(markup, new SiteUrls("https://example.org/", true).linker("/culture/202108/05/x.html"))).toBe(
      '<img src="../../../photos/a-1.jpg" srcset="../../../photos/a-1.jpg 480w, ../../../photos/a-2.jpg 800w" alt="/photos/not-a-url">',
    );
    expect(linkPhotoUrls(markup, new SiteUrls("https://example.org/").linker("/x.html"))).toBe(markup);
  });
});

describe("variant sizes", () => {
  it("never upscale: widths above the source are dropped, the source width is kept", () => {
    expect(variantWidths(2000)).toEqual([480, 800, 1200, 1600]);
    expect(variantWidths(1000)).toEqual([480, 800, 1000]);
    expect(variantWidths(300)).toEqual([300]);
    expect(variantWidths(800)).toEqual([480, 800]);
  });

  it("crop the social image to 1200×630, or the largest such box inside a smaller photo", () => {
    expect(socialSize(2000, 1333)).toEqual({ width: 1200, height: 630 });
    expect(socialSize(800, 600)).toEqual({ width: 800, height: 420 });
    expect(socialSize(1600, 400)).toEqual({ width: 761, height: 400 });
  });
});

describe("the loader (the dev server's rebuilds)", () => {
  it("reloads an article when only its photo changed, and reports a photo that went missing", async () => {
    const content = makeContent({
      "a.jpg": await jpeg(300, 200),
      "a.md": articleText({ title: "A" }).replace("---\nFirst", "image:\n  src: a.jpg\n  alt: A\n---\nFirst"),
    });
    const options = {
      contentDir: content,
      displayRoot: content,
      settings: loadSettings(content),
      photoCache: new PhotoCache(tempDir("newsmirror-cache-")),
    };
    const loader = new ArticleLoader();
    const first = await loader.load(options);
    expect(first.problems).toEqual([]);
    expect(first.articles[0]!.image?.url).toMatch(/^\/photos\/a-[0-9a-f]{12}-300\.jpg$/);
    expect(loader.photoFiles().map((f) => f.name)).toHaveLength(4);

    writeFileSync(path.join(content, "a.jpg"), await jpeg(320, 200, "#f00"));
    const second = await loader.load(options);
    expect(second.articles[0]!.image?.url).toMatch(/-320\.jpg$/);

    rmSync(path.join(content, "a.jpg"));
    const third = await loader.load(options);
    expect(third.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`)).toEqual([
      'a.md:5: image.src: "a.jpg" does not exist (looked for a.jpg)',
    ]);
  });
});

/** Entries a photo encode or an index write leaves while it works (named `*.tmp-*`, or anything in `tmp/`). */
function temporaryEntries(cache: string): string[] {
  return (readdirSync(cache, { recursive: true }) as string[]).filter(
    (name) => name.includes(".tmp-") || (name.split(path.sep)[0] === "tmp" && name !== "tmp"),
  );
}

describe("the photo cache", () => {
  it("removes what a killed encode left behind when it is opened again", async () => {
    const photos: string[] = [];
    const dir = tempDir();
    for (let i = 0; i < 8; i++) {
      photos.push(path.join(dir, `p${i}.jpg`));
      writeFileSync(photos[i]!, await jpeg(2400, 1600, `#${(0x123456 + i * 0x111111).toString(16).slice(-6)}`));
    }
    const cache = path.join(tempDir(), "cache");
    // A process encoding into the cache (a kill needs one; the photo code alone, not a whole build), killed mid-encode.
    const encodeModule = pathToFileURL(path.join(ROOT, "src/images/encode.ts")).href;
    const script = `import { PhotoCache } from ${JSON.stringify(encodeModule)};
const cache = new PhotoCache(${JSON.stringify(cache)});
await Promise.all(${JSON.stringify(photos)}.map((file) => cache.process(file, { social: true })));`;
    const child = spawn(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const caught = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(cache) && temporaryEntries(cache).length > 0) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve(true);
        }
      }, 2);
      child.on("exit", () => {
        clearInterval(timer);
        resolve(false);
      });
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on("exit", r)));
    expect(caught).toBe(true);
    expect(temporaryEntries(cache).length).toBeGreaterThan(0);

    // Opened again by a build (a small photo of its own): the dead process's work is gone, the cache works.
    const content = makeContent({
      "a.jpg": await jpeg(40, 30),
      "a.md": articleText({ title: "A" }).replace("---\nFirst", "image:\n  src: a.jpg\n  alt: A\n---\nFirst"),
    });
    const out = path.join(tempDir(), "_site");
    const again = await runCli(["build", "--input", content, "--output", out, "--image-cache", cache, "--no-search"]);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(temporaryEntries(cache)).toEqual([]);
    expect(readFileSync(path.join(cache, "CACHEDIR.TAG"), "utf8")).toMatch(
      /^Signature: 8a477f597d28d172789f06886806bc55\n/,
    );
  });

  it("keeps a running build's temporary files, and removes those of dead processes and old ones", async () => {
    const cache = tempDir("newsmirror-cache-");
    const dead = deadPid();
    const entries = {
      dead: path.join(cache, "tmp", `0123456789abcdef0123456789abcdef.${dead}.1a2b3c4d`),
      old: path.join(cache, "tmp", `fedcba9876543210fedcba9876543210.${process.pid}.1a2b3c4d`),
      live: path.join(cache, "tmp", `00112233445566778899aabbccddeeff.${process.pid}.5e6f7a8b`),
      legacy: path.join(cache, "7a", `7a816734fbc7233580d14698d6f91b13.tmp-${dead}-1a2b3c4d`),
      legacyIndex: path.join(cache, `sources.json.tmp-${dead}`),
    };
    for (const dir of [entries.dead, entries.old, entries.live, entries.legacy]) mkdirSync(dir, { recursive: true });
    writeFileSync(entries.legacyIndex, "{");
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(entries.old, hourAgo, hourAgo);
    const content = makeContent({
      "a.jpg": await jpeg(300, 200),
      "a.md": articleText({ title: "A" }).replace("---\nFirst", "image:\n  src: a.jpg\n  alt: A\n---\nFirst"),
    });
    const loaded = await new ArticleLoader().load({
      contentDir: content,
      displayRoot: content,
      settings: loadSettings(content),
      photoCache: new PhotoCache(cache),
    });
    expect(loaded.problems).toEqual([]);
    expect([entries.dead, entries.old, entries.live, entries.legacy, entries.legacyIndex].map(existsSync)).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });
});
