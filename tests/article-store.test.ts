/**
 * The loader's cache kept on disk (src/article/load.ts, `store`): a later
 * process restores unchanged articles as metadata without reading them,
 * reads again only what changed, never trusts a store it cannot read or
 * that another key wrote, and `full()` gives the bodies, never a mix of
 * two versions of a file.
 */
import { isAscii } from "node:buffer";
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { hasBody } from "../src/article/article.ts";
import { ArticleLoader, type LoadOptions } from "../src/article/load.ts";
import { PhotoCache } from "../src/images/encode.ts";
import { build } from "../src/pipeline/build.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { articleText, makeContent, SAMPLE_BUILD_TIME, tempDir, treeSnapshot } from "./helpers/site.ts";

const FILES: Record<string, string> = {
  "news/alpha.md": articleText({ title: "Alpha", section: "news" }, "Alpha's first sentence. And more.\n"),
  "news/beta.md": articleText(
    { title: "Beta", updated: "2021-07-29T07:01:00+08:00", summary: "Beta, summed up." },
    "Beta's body.\n",
  ),
  "gamma.md": articleText({ title: "Gamma", updated: "2021-07-30T07:01:00+08:00" }, ""),
};

/** A content folder, the options to load it with, and a store file in a cache folder not made yet. */
function setup() {
  const project = tempDir("newsmirror-store-");
  const contentDir = makeContent(FILES);
  const options: LoadOptions = {
    contentDir,
    displayRoot: project,
    settings: parseSettings({}),
    photoCache: new PhotoCache(path.join(project, ".cache/images")),
  };
  const store = { file: path.join(project, ".cache/builds/x/articles.json"), key: "key-1" };
  return { project, contentDir, options, store };
}

/** A process that loads with a store and saves it, as a build does. */
async function loadAndSave(options: LoadOptions, store: { file: string; key: string }) {
  const loader = new ArticleLoader({ store });
  const result = await loader.load(options);
  await loader.save();
  return { loader, result };
}

const titles = (articles: readonly { title: string }[]) => articles.map((a) => a.title);

describe("the loader's store", () => {
  it("restores unchanged articles as the same metadata, without their bodies, and warns as the first load did", async () => {
    const { options, store } = setup();
    const first = await loadAndSave(options, store);
    expect(first.result.articles.every(hasBody)).toBe(true);
    expect(first.result.storeNote).toBeUndefined(); // a missing store is not worth a word

    const { result } = await loadAndSave(options, store);
    expect(result.articles.some(hasBody)).toBe(false);
    const strip = ({ bodyHtml: _h, bodyText: _t, ...meta }: Record<string, unknown>) => meta;
    expect(result.articles).toEqual(first.result.articles.map((a) => strip({ ...a })));
    expect(result.articles.map((a) => a.teaser)).toEqual(["", "Beta, summed up.", "Alpha's first sentence. And more."]);
    expect(result.warnings).toEqual(first.result.warnings);
    expect(result.warnings.map((w) => w.message)).toEqual([expect.stringContaining("has no body")]);
  });

  it("is taken from bytes read ahead, and read from its file when reading ahead failed", async () => {
    const { options, store } = setup();
    const first = await loadAndSave(options, store);
    const ahead = new ArticleLoader({ store: { ...store, read: Promise.resolve(readFileSync(store.file)) } });
    const restored = await ahead.load(options);
    expect(restored.articles.some(hasBody)).toBe(false);
    expect(titles(restored.articles)).toEqual(titles(first.result.articles));
    const failed = new ArticleLoader({ store: { ...store, read: Promise.reject(new Error("EBUSY")) } });
    const again = await failed.load(options);
    expect(again.articles.some(hasBody)).toBe(false);
    expect(again.storeNote).toBeUndefined();
  });

  it("is written in ASCII, and gives back titles and teasers in any script exactly", async () => {
    const { options, store, contentDir } = setup();
    const title = "Xi 习近平 meets — 🇨🇳 visitors";
    writeFileSync(path.join(contentDir, "news/zh.md"), articleText({ title }, "中文导语。Second 𝄞 sentence.\n"));
    const first = await loadAndSave(options, store);
    expect(isAscii(readFileSync(store.file))).toBe(true);
    const { result } = await loadAndSave(options, store);
    expect(result.articles.some(hasBody)).toBe(false);
    expect(result.articles.map((a) => [a.title, a.teaser])).toEqual(
      first.result.articles.map((a) => [a.title, a.teaser]),
    );
    expect(result.articles.find((a) => a.file.endsWith("zh.md"))?.title).toBe(title);
  });

  it("restores a file whose stamp changed but whose bytes did not (a fresh clone), and reads an edited one again", async () => {
    const { contentDir, options, store } = setup();
    await loadAndSave(options, store);
    const later = new Date(Date.now() + 60_000);
    for (const name of Object.keys(FILES)) utimesSync(path.join(contentDir, name), later, later);
    writeFileSync(path.join(contentDir, "news/alpha.md"), articleText({ title: "Alpha, edited", section: "news" }));

    const touched = await loadAndSave(options, store);
    expect(titles(touched.result.articles)).toEqual(["Gamma", "Beta", "Alpha, edited"]);
    expect(touched.result.articles.map(hasBody)).toEqual([false, false, true]);
    // The new stamps were saved: the next process restores every one.
    const again = await loadAndSave(options, store);
    expect(again.result.articles.some(hasBody)).toBe(false);
    expect(titles(again.result.articles)).toEqual(["Gamma", "Beta", "Alpha, edited"]);
  });

  it("drops the entries of deleted files, and never keeps a file with problems", async () => {
    const { contentDir, options, store } = setup();
    await loadAndSave(options, store);
    rmSync(path.join(contentDir, "news/beta.md"));
    writeFileSync(path.join(contentDir, "broken.md"), "---\ntitle: No date\nsource: Xinhua\n---\nBody.\n");
    const { result } = await loadAndSave(options, store);
    expect(titles(result.articles)).toEqual(["Gamma", "Alpha"]);
    expect(result.problems.map((p) => p.file)).toEqual([expect.stringMatching(/broken\.md$/)]);
    // A header line, then one line per article: [its path in the content folder, its entry].
    const saved = readFileSync(store.file, "utf8").trimEnd().split("\n").slice(1);
    expect(saved.map((line) => (JSON.parse(line) as [string, unknown])[0]).sort()).toEqual([
      "gamma.md",
      path.join("news", "alpha.md"),
    ]);
    // The broken file is read (and refused) again, not restored as nothing.
    expect((await new ArticleLoader({ store }).load(options)).problems).toHaveLength(1);
  });

  it("is read as an empty one, with a note, when it is corrupt; every article is read again, the same", async () => {
    const { project, options, store } = setup();
    const fresh = await new ArticleLoader().load(options);
    await loadAndSave(options, store);
    writeFileSync(store.file, `${readFileSync(store.file, "utf8").slice(0, 500)}\n`); // a line cut short
    const { result } = await loadAndSave(options, store);
    expect(result.storeNote).toMatch(
      new RegExp(
        `^the article cache ${path.relative(project, store.file)} could not be read \\(.+\\); every article read again$`,
      ),
    );
    expect(result.articles).toEqual(fresh.articles);
    // Saved whole again: the next process restores from it.
    const next = await new ArticleLoader({ store }).load(options);
    expect(next.storeNote).toBeUndefined();
    expect(next.articles.some(hasBody)).toBe(false);
  });

  it("of another key (settings, newsmirror's code) is ignored entirely, silently", async () => {
    const { options, store } = setup();
    await loadAndSave(options, store);
    const { result } = await loadAndSave(options, { ...store, key: "key-2" });
    expect(result.articles.every(hasBody)).toBe(true);
    expect(result.storeNote).toBeUndefined();
    // Other settings under the same key are not trusted either.
    const other = await new ArticleLoader({ store: { ...store, key: "key-2" } }).load({
      ...options,
      settings: parseSettings({ timeZone: "UTC" }),
    });
    expect(other.articles.every(hasBody)).toBe(true);
    expect(other.articles[0]!.updatedText).toBe("July 29, 2021 23:01");
  });
});

describe("the store saved after a few changes", () => {
  /** Twelve articles, a day apart. */
  const many = () =>
    Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `news/a${i}.md`,
        articleText({ title: `Article ${i}`, updated: `2021-07-${String(10 + i).padStart(2, "0")}T07:01:00+08:00` }),
      ]),
    );
  function setupMany() {
    const project = tempDir("newsmirror-store-");
    const contentDir = makeContent(many());
    const options: LoadOptions = {
      contentDir,
      displayRoot: project,
      settings: parseSettings({}),
      photoCache: new PhotoCache(path.join(project, ".cache/images")),
    };
    return { contentDir, options, store: { file: path.join(project, ".cache/builds/x/articles.json"), key: "key-1" } };
  }
  const lines = (file: string) => readFileSync(file, "utf8").trimEnd().split("\n");
  /** What a loader reading every file finds: titles, newest first. */
  const fresh = async (options: LoadOptions) => titles((await new ArticleLoader().load(options)).articles);

  it("appends what changed (a removal for a file gone) to what it wrote before, and restores as a fresh load reads", async () => {
    const { contentDir, options, store } = setupMany();
    await loadAndSave(options, store);
    const before = readFileSync(store.file, "utf8");
    expect(lines(store.file)).toHaveLength(13);

    writeFileSync(
      path.join(contentDir, "news/a3.md"),
      articleText({ title: "Article 3, edited", updated: "2021-07-13T07:01:00+08:00" }),
    );
    rmSync(path.join(contentDir, "news/a5.md"));
    writeFileSync(
      path.join(contentDir, "news/new.md"),
      articleText({ title: "New", updated: "2021-08-01T07:01:00+08:00" }),
    );
    await loadAndSave(options, store);
    const after = readFileSync(store.file, "utf8");
    expect(after.startsWith(before)).toBe(true); // appended, not written again
    const appended = after
      .slice(before.length)
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as [string, unknown]);
    expect(appended.map(([file, entry]) => [file, entry === null ? "gone" : "entry"]).sort()).toEqual([
      [path.join("news", "a3.md"), "entry"],
      [path.join("news", "a5.md"), "gone"],
      [path.join("news", "new.md"), "entry"],
    ]);

    const { result } = await loadAndSave(options, store);
    expect(result.storeNote).toBeUndefined();
    expect(result.articles.some(hasBody)).toBe(false); // every one restored
    expect(titles(result.articles)).toEqual(await fresh(options));
    expect(titles(result.articles)).toContain("Article 3, edited");
    expect(titles(result.articles)).not.toContain("Article 5");
    expect(readFileSync(store.file, "utf8")).toBe(after); // nothing changed: nothing written
  });

  it("ignores an append a killed save left unfinished, and writes the whole store at the next save", async () => {
    const { contentDir, options, store } = setupMany();
    await loadAndSave(options, store);
    writeFileSync(
      path.join(contentDir, "news/a2.md"),
      articleText({ title: "Article 2, edited", updated: "2021-07-12T07:01:00+08:00" }),
    );
    await loadAndSave(options, store);
    const text = readFileSync(store.file, "utf8");
    writeFileSync(store.file, text.slice(0, text.length - 40)); // the last line cut, as a kill during the append leaves it

    const { result } = await loadAndSave(options, store);
    expect(result.storeNote).toBeUndefined();
    expect(titles(result.articles)).toEqual(await fresh(options));
    // a2 was read again (its line was lost), the others restored; then the store was written whole, one line each.
    expect(result.articles.filter(hasBody).map((a) => a.title)).toEqual(["Article 2, edited"]);
    expect(lines(store.file)).toHaveLength(13);
    expect(readFileSync(store.file, "utf8").endsWith("\n")).toBe(true);
  });

  it("writes the whole store again, one line per article, once replaced lines make up a third of it", async () => {
    const { contentDir, options, store } = setupMany();
    await loadAndSave(options, store);
    const counts: number[] = [];
    for (let edit = 0; edit < 8; edit++) {
      const i = edit % 12;
      writeFileSync(
        path.join(contentDir, `news/a${i}.md`),
        articleText({
          title: `Article ${i}, edit ${edit}`,
          updated: `2021-07-${String(10 + i).padStart(2, "0")}T07:01:00+08:00`,
        }),
      );
      await loadAndSave(options, store);
      counts.push(lines(store.file).length);
    }
    // 13 lines (the header, 12 articles); an edit appends one, up to 1.5 × 12 entry lines; then written whole again.
    expect(counts).toEqual([14, 15, 16, 17, 18, 13, 14, 15]);
    const { result } = await loadAndSave(options, store);
    expect(titles(result.articles)).toEqual(await fresh(options));
  });
});

describe("an article with a photo", () => {
  it("is restored with its photo variants, and read again when the photo or the photo cache changed", async () => {
    const { contentDir, options, store } = setup();
    const photo = (color: string) =>
      sharp({ create: { width: 240, height: 160, channels: 3, background: color } })
        .jpeg()
        .toBuffer();
    writeFileSync(path.join(contentDir, "hill.jpg"), await photo("#3a6"));
    writeFileSync(
      path.join(contentDir, "photo.md"),
      articleText({ title: "Photo", updated: "2021-07-31T07:01:00+08:00", image: "\n  src: hill.jpg\n  alt: A hill" }),
    );
    const first = await loadAndSave(options, store);
    const names = first.loader.photoFiles().map((f) => f.name);
    expect(names.length).toBeGreaterThan(0);

    const restored = await loadAndSave(options, store);
    expect(restored.result.articles[0]!.title).toBe("Photo");
    expect(hasBody(restored.result.articles[0]!)).toBe(false);
    expect(restored.loader.photoFiles()).toEqual(first.loader.photoFiles());

    // The photo cache emptied: its variants are made again, not promised from where they were.
    rmSync(options.photoCache!.dir, { recursive: true });
    const emptied = { ...options, photoCache: new PhotoCache(options.photoCache!.dir) };
    const recached = await loadAndSave(emptied, store);
    expect(hasBody(recached.result.articles[0]!)).toBe(true);
    expect(recached.loader.photoFiles().every((f) => existsSync(f.source))).toBe(true);

    // Another photo under the same name: another variant, another hash.
    writeFileSync(path.join(contentDir, "hill.jpg"), await photo("#a36"));
    const changed = await loadAndSave(emptied, store);
    expect(hasBody(changed.result.articles[0]!)).toBe(true);
    expect(changed.result.articles[0]!.hash).not.toBe(first.result.articles[0]!.hash);
    expect(changed.loader.photoFiles().map((f) => f.name)).not.toEqual(names);
  });
});

describe("full articles", () => {
  it("of restored articles are those a fresh load reads, in the order asked", async () => {
    const { options, store } = setup();
    await loadAndSave(options, store);
    const loader = new ArticleLoader({ store });
    const { articles } = await loader.load(options);
    const fresh = await new ArticleLoader().load(options);
    const asked = [articles[2]!, articles[0]!];
    expect(await loader.full(asked)).toEqual([fresh.articles[2], fresh.articles[0]]);
    // Without a store (the dev server, tests) every article was read: the very objects of the load.
    const memory = new ArticleLoader();
    const read = (await memory.load(options)).articles;
    const full = await memory.full(read);
    expect(full.length).toBe(3);
    expect(full.every((article, n) => article === read[n])).toBe(true);
  });

  it("fail, naming the file, when it changed after the load: a build never mixes two versions", async () => {
    const { contentDir, options, store } = setup();
    await loadAndSave(options, store);
    const loader = new ArticleLoader({ store });
    const { articles } = await loader.load(options);
    writeFileSync(path.join(contentDir, "news/alpha.md"), articleText({ title: "Alpha, changed", section: "news" }));
    const alpha = articles.find((a) => a.title === "Alpha")!;
    await expect(loader.full([alpha])).rejects.toThrow(/news\/alpha\.md changed while the site was being built/);
    rmSync(path.join(contentDir, "news/beta.md"));
    const beta = articles.find((a) => a.title === "Beta")!;
    await expect(loader.full([beta])).rejects.toThrow(/beta\.md changed while the site was being built/);
  });
});

describe("a build from restored articles", () => {
  it("writes the same site, byte for byte, as one that read every file, photos included, after a fresh clone too", async () => {
    const project = tempDir("newsmirror-store-build-");
    const contentDir = makeContent({}, { withSample: true });
    const store = { file: path.join(project, ".cache/builds/x/articles.json"), key: "key-1" };
    const imageCacheDir = path.join(project, ".cache/images");
    const buildInto = async (name: string, loader: ArticleLoader) => {
      const outputDir = path.join(project, name);
      const report = await build({
        contentDir,
        displayRoot: project,
        includeDrafts: false,
        outputDir,
        imageCacheDir,
        buildTimeMs: Date.parse(SAMPLE_BUILD_TIME),
        search: false,
        loader,
      });
      await loader.save();
      return { tree: treeSnapshot(outputDir), articles: report.content!.articles };
    };
    const cold = await buildInto("cold", new ArticleLoader({ store }));
    expect(cold.articles.every(hasBody)).toBe(true);
    const warm = await buildInto("warm", new ArticleLoader({ store }));
    expect(warm.articles.some(hasBody)).toBe(false);
    expect(warm.tree).toEqual(cold.tree);

    const later = new Date(Date.now() + 60_000);
    for (const file of Object.keys(treeSnapshot(contentDir))) utimesSync(path.join(contentDir, file), later, later);
    const cloned = await buildInto("cloned", new ArticleLoader({ store }));
    // Articles without photos are restored; one whose photo's stamp changed is read again.
    expect(cloned.articles.filter((a) => !hasBody(a)).length).toBeGreaterThan(0);
    expect(cloned.tree).toEqual(cold.tree);
  });
});
