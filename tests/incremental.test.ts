/**
 * Incremental builds: after any sequence of edits, additions, deletions and
 * renames, the site an incremental build publishes is byte-for-byte the site
 * a clean build of the same content writes, and a change that can touch
 * every page makes a full build that says why.
 */
import fc from "fast-check";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { articleText, makeContent, SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

/** Every file and folder below `dir` (the spare copy's name aside), each file by the hash of its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
    out[relative] = entry.isDirectory()
      ? "folder"
      : createHash("sha256")
          .update(readFileSync(path.join(dir, relative)))
          .digest("hex");
  }
  return out;
}

interface Story {
  title: string;
  section: string;
  /** Day of July 2021, or of another month (archive months, search bundles). */
  day: number;
  month: number;
  body: string;
  /** Days after the publication of a correction (none when absent), and which text it says. */
  correction?: { days: number; text: number } | undefined;
  /** Days after the publication when the article expires (never when absent). */
  expiresIn?: number | undefined;
  /** Issue 16's fields: topics, authors, an old address (by the story's own id, so two never collide), a pin. */
  tags?: string[];
  authors?: string[];
  alias?: boolean;
  /** The id of another story (which may not exist) pinned as related. */
  pin?: number | undefined;
  /**
   * Issue 17: a story of odd id may be in Chinese, the translation of the story before it (id − 1, always English),
   * declared on its side alone while that one is there. Its address moving (its day, its month) must re-render the
   * English page, whose language switch and alternate links name it.
   */
  zh?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CORRECTIONS = ["An earlier version gave the wrong date.", "The name of the minister was misspelt."];

const SECTIONS = ["news", "culture", "news/world"];
const TAGS = ["Trade", "Hong Kong", "hong-kong", "C++"];
const AUTHORS = ["Li Wei", "Zhang San"];
const storyId = (id: number) => id.toString(16).padStart(24, "a");

/** Whether a story is a Chinese one (see Story.zh). */
const isChinese = (story: Story, id: number) => story.zh === true && id % 2 === 1;

function storyText(story: Story, id: number, partner: boolean): string {
  const date = `2021-${String(story.month).padStart(2, "0")}-${String(story.day).padStart(2, "0")}T0${id % 10}:00:00+08:00`;
  const later = (days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().replace(".000Z", "Z");
  const correction = story.correction
    ? `\n  - date: ${later(story.correction.days)}\n    text: ${CORRECTIONS[story.correction.text]}`
    : undefined;
  const list = (items: string[] = []) =>
    items.length > 0 ? `[${items.map((t) => JSON.stringify(t)).join(", ")}]` : undefined;
  return articleText(
    {
      title: story.title,
      section: story.section,
      updated: date,
      id: `"${storyId(id)}"`,
      corrections: correction,
      expires: story.expiresIn === undefined ? undefined : later(story.expiresIn),
      tags: list(story.tags),
      author: list(story.authors),
      aliases: story.alias ? `[/old/${id}.htm]` : undefined,
      related: story.pin === undefined ? undefined : `["${storyId(story.pin)}"]`,
      language: isChinese(story, id) ? "zh-CN" : undefined,
      translations: isChinese(story, id) && partner ? `[{ language: en, id: "${storyId(id - 1)}" }]` : undefined,
    },
    `${story.body}\n\nSecond paragraph of story ${id}.\n`,
  );
}

const storyArb: fc.Arbitrary<Story> = fc.record({
  title: fc.constantFrom("Talks open", "Harvest up", "Rail line opens", "Floods recede", "Trade grows"),
  section: fc.constantFrom(...SECTIONS),
  day: fc.integer({ min: 1, max: 28 }),
  // August: scheduled at the first build time (July 29), published as the clock moves on.
  month: fc.constantFrom(5, 6, 7, 8),
  body: fc.constantFrom("Officials met on Monday.", "The figures rose.", "A new plan was announced."),
  // Few values, so that edits often change one part of a correction alone (its text, or its day).
  correction: fc.option(fc.record({ days: fc.constantFrom(1, 5), text: fc.constantFrom(0, 1) }), { nil: undefined }),
  expiresIn: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  tags: fc.subarray(TAGS),
  authors: fc.subarray(AUTHORS),
  alias: fc.boolean(),
  pin: fc.option(fc.nat({ max: 6 }), { nil: undefined }),
  zh: fc.boolean(),
});

type Step =
  | { kind: "add"; story: Story }
  /** The newsroom corrects a story: a correction added, or its text reworded (its day kept). */
  | { kind: "correct"; pick: number; text: number }
  /** No file changed: the next builds are made this many days later (articles are published, withdrawn). */
  | { kind: "clock"; days: number }
  | { kind: "edit"; pick: number; story: Partial<Story> }
  | { kind: "delete"; pick: number }
  | { kind: "rename"; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), story: storyArb }),
  fc.record({
    kind: fc.constant("edit" as const),
    pick: fc.nat(),
    story: fc.record(
      {
        title: storyArb.map((s) => s.title),
        body: storyArb.map((s) => s.body),
        day: fc.integer({ min: 1, max: 28 }),
        month: storyArb.map((s) => s.month),
        correction: storyArb.map((s) => s.correction),
        expiresIn: storyArb.map((s) => s.expiresIn),
        tags: fc.subarray(TAGS),
        authors: fc.subarray(AUTHORS),
        alias: fc.boolean(),
        pin: fc.option(fc.nat({ max: 6 }), { nil: undefined }),
        zh: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ kind: fc.constant("clock" as const), days: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant("correct" as const), pick: fc.nat(), text: fc.constantFrom(0, 1) }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat() }),
);

/** The content folder as a model: file name → story and its id (kept across renames: the address stays). */
class Newsroom {
  readonly dir: string;
  readonly files = new Map<string, { story: Story; id: number }>();
  #next = 0;
  constructor(initial: Story[]) {
    // Two to a page: the listings, topic and author pages have a page_2 to keep right.
    this.dir = makeContent({ "site.json": JSON.stringify({ perPage: 2 }) });
    for (const story of initial) this.add(story);
  }
  add(story: Story): void {
    const id = this.#next++;
    this.#write(`${story.section}/story-${id}.md`, { story, id });
    this.#syncTranslations();
  }
  /** A translation names an article that is there (else the build stops, rightly): Chinese stories follow their partner's coming and going. */
  #syncTranslations(): void {
    for (const [name, entry] of this.files) {
      const text = storyText(entry.story, entry.id, this.#hasStory(entry.id - 1));
      if (isChinese(entry.story, entry.id) && readFileSync(path.join(this.dir, name), "utf8") !== text)
        this.#write(name, entry);
    }
  }
  #hasStory(id: number): boolean {
    return [...this.files.values()].some((entry) => entry.id === id);
  }
  /** The build time: SAMPLE_BUILD_TIME, moved on by the clock steps. */
  buildTimeMs = Date.parse(SAMPLE_BUILD_TIME);
  get buildTime(): string {
    return new Date(this.buildTimeMs).toISOString();
  }
  apply(step: Step): void {
    if (step.kind === "clock") {
      this.buildTimeMs += step.days * DAY_MS;
      return;
    }
    const names = [...this.files.keys()].sort();
    if (step.kind === "add" || names.length === 0) {
      if (step.kind === "add") this.add(step.story);
      return;
    }
    const name = names[step.pick % names.length]!;
    const entry = this.files.get(name)!;
    if (step.kind === "edit") this.#write(name, { ...entry, story: { ...entry.story, ...step.story } });
    else if (step.kind === "correct") {
      const correction = { days: entry.story.correction?.days ?? 1, text: step.text };
      this.#write(name, { ...entry, story: { ...entry.story, correction } });
    } else if (step.kind === "delete") {
      rmSync(path.join(this.dir, name));
      this.files.delete(name);
      this.#syncTranslations();
    } else {
      const renamed = name.replace(/\.md$/, "-r.md");
      renameSync(path.join(this.dir, name), path.join(this.dir, renamed));
      this.files.delete(name);
      this.files.set(renamed, entry);
    }
  }
  #write(name: string, entry: { story: Story; id: number }): void {
    const file = path.join(this.dir, name);
    rmSync(file, { force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, storyText(entry.story, entry.id, this.#hasStory(entry.id - 1)), { flag: "wx" });
    this.files.set(name, entry);
  }
}

async function build(content: string, out: string, cwd: string, ...extra: string[]) {
  const time = extra.includes("--build-time") ? [] : ["--build-time", SAMPLE_BUILD_TIME];
  const result = await runCli(["build", "--input", content, "--output", out, ...time, ...extra], { cwd });
  expect(result.status, result.stderr).toBe(0);
  return result;
}

describe("an incremental build", () => {
  it("publishes the site a clean build writes, after any edits, corrections, additions, deletions, renames and later build times (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(storyArb, { minLength: 1, maxLength: 4 }),
        fc.array(stepArb, { minLength: 1, maxLength: 4 }),
        async (initial, steps) => {
          const room = new Newsroom(initial);
          const work = tempDir();
          const out = path.join(work, "_site");
          await build(room.dir, out, work, "--no-search");
          let incremental = 0;
          for (const step of steps) {
            room.apply(step);
            const result = await build(room.dir, out, work, "--no-search", "--build-time", room.buildTime);
            if (/incremental build/.test(result.stdout)) incremental++;
            const clean = path.join(tempDir(), "_site");
            await build(room.dir, clean, tempDir(), "--no-search", "--build-time", room.buildTime);
            expect(tree(out)).toEqual(tree(clean));
          }
          expect(incremental).toBe(steps.length);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("never writes a file of the published site: the site readers had becomes the spare copy as it was", async () => {
    const room = new Newsroom([
      { title: "Talks open", section: "news", day: 3, month: 5, body: "Officials met on Monday." },
      { title: "Harvest up", section: "culture", day: 9, month: 7, body: "The figures rose." },
    ]);
    const work = tempDir();
    const out = path.join(work, "_site");
    await build(room.dir, out, work);
    // Every file by inode, modification time and bytes: a write in place into a file shared by a hard link shows.
    const files = (dir: string) =>
      Object.fromEntries(
        Object.entries(tree(dir)).map(([file, hash]) => {
          const info = statSync(path.join(dir, file));
          return [file, `${hash} ${info.isDirectory() ? "" : `${info.ino} ${info.mtimeMs}`}`];
        }),
      );
    for (const step of [
      { kind: "edit", pick: 0, story: { title: "Talks resume" } },
      { kind: "add", story: { title: "Trade grows", section: "news", day: 20, month: 7, body: "The figures rose." } },
      { kind: "delete", pick: 1 },
    ] satisfies Step[]) {
      const before = files(out);
      room.apply(step);
      expect((await build(room.dir, out, work)).stdout).toMatch(/incremental build/);
      expect(files(path.join(work, "._site.spare"))).toEqual(before);
    }
  });

  it("keeps the search index identical too, rewriting only the month bundles whose articles changed", async () => {
    const room = new Newsroom([
      { title: "Talks open", section: "news", day: 3, month: 5, body: "Officials met on Monday." },
      { title: "Harvest up", section: "culture", day: 9, month: 6, body: "The figures rose." },
      { title: "Rail line opens", section: "news", day: 12, month: 7, body: "A new plan was announced." },
    ]);
    const work = tempDir();
    const out = path.join(work, "_site");
    await build(room.dir, out, work);
    const bundles = readdirSync(path.join(out, "pagefind"), { withFileTypes: true }).filter((e) => e.isDirectory());
    const before = new Map(bundles.map((b) => [b.name, statSync(path.join(out, "pagefind", b.name)).mtimeMs]));
    room.add({ title: "Trade grows", section: "news", day: 20, month: 7, body: "The figures rose." });
    const result = await build(room.dir, out, work);
    expect(result.stdout).toMatch(/incremental build: 1 article changed/);
    const clean = path.join(tempDir(), "_site");
    await build(room.dir, clean, tempDir());
    expect(tree(out)).toEqual(tree(clean));
    expect(before.size).toBeGreaterThan(0);
  });

  it("is a full build, saying why, when the manifest is missing or damaged, or with --clean", async () => {
    const room = new Newsroom([{ title: "Talks open", section: "news", day: 3, month: 7, body: "Officials met." }]);
    const work = tempDir();
    const out = path.join(work, "_site");
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/full build \(no earlier site in _site\)/);
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/incremental build: 0 articles changed/);
    expect((await build(room.dir, out, work, "--no-search", "--clean")).stdout).toMatch(/full build \(--clean\)/);
    const [folder] = readdirSync(path.join(work, ".cache/builds")).filter((n) => n.startsWith("_site-"));
    writeFileSync(path.join(work, ".cache/builds", folder!, "manifest.json"), "{ not json");
    const damaged = await build(room.dir, out, work, "--no-search");
    expect(damaged.stdout).toMatch(/full build \(no usable build manifest\)/);
    expect(damaged.stderr).toMatch(/note: the build manifest .*manifest\.json is damaged/);
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/incremental build/);
    // Valid JSON, but a file's entry is not a [path, key] pair.
    const manifest = path.join(work, ".cache/builds", folder!, "manifest.json");
    const [header, first, ...rest] = readFileSync(manifest, "utf8").split("\n");
    const state = JSON.parse(first!) as { files: unknown[] };
    state.files[0] = ["index.html", 42];
    writeFileSync(manifest, [header, JSON.stringify(state), ...rest].join("\n"));
    const wrongPair = await build(room.dir, out, work, "--no-search");
    expect(wrongPair.stdout).toMatch(/full build \(no usable build manifest\)/);
    expect(wrongPair.stderr).toMatch(
      /note: the build manifest .*manifest\.json is damaged \(files: not a list of \[path, key\] pairs\)/,
    );
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/incremental build/);
    rmSync(path.join(work, ".cache/builds"), { recursive: true });
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(
      /full build \(the build cache has no record of the site in _site\)/,
    );
  });

  it("publishes the site a clean build writes when the spare copy was built from other inputs (before a site.json change)", async () => {
    const room = new Newsroom([
      { title: "Talks open", section: "news", day: 3, month: 7, body: "Officials met." },
      { title: "Trade grows", section: "business", day: 4, month: 7, body: "Exports rose." },
    ]);
    const work = tempDir();
    const out = path.join(work, "_site");
    await build(room.dir, out, work, "--no-search");
    writeFileSync(path.join(room.dir, "site.json"), JSON.stringify({ name: "Another name" }));
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/full build \(site\.json changed\)/);
    // The spare now holds the site of the old name: none of its files may be kept as they are.
    room.apply({ kind: "edit", pick: 0, story: { title: "Talks open, updated" } });
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/incremental build: 1 article changed/);
    const clean = path.join(tempDir(), "_site");
    await build(room.dir, clean, tempDir(), "--no-search");
    expect(tree(out)).toEqual(tree(clean));
  });

  it("is a full build, naming the change, when site.json or the build's options change", async () => {
    const room = new Newsroom([{ title: "Talks open", section: "news", day: 3, month: 7, body: "Officials met." }]);
    const work = tempDir();
    const out = path.join(work, "_site");
    await build(room.dir, out, work, "--no-search");
    writeFileSync(path.join(room.dir, "site.json"), JSON.stringify({ name: "Another name" }));
    expect((await build(room.dir, out, work, "--no-search")).stdout).toMatch(/full build \(site\.json changed\)/);
    expect((await build(room.dir, out, work, "--no-search", "--relative")).stdout).toMatch(
      /full build \(--relative given this time\)/,
    );
  });
});
