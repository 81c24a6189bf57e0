/**
 * A newsroom's content folder as a model, for property tests of incremental builds and the dev server: stories added,
 * edited, corrected, kept as older captures and edited, deleted and renamed, and the build time moved on.
 */
import fc from "fast-check";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { articleText, makeContent, SAMPLE_BUILD_TIME } from "./site.ts";

/** Every file and folder below `dir` (the spare copy's name aside), each file by the hash of its bytes. */
export function tree(dir: string): Record<string, string> {
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

export interface Story {
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

export const DAY_MS = 24 * 60 * 60 * 1000;
const CORRECTIONS = ["An earlier version gave the wrong date.", "The name of the minister was misspelt."];

const SECTIONS = ["news", "culture", "news/world"];
const TAGS = ["Trade", "Hong Kong", "hong-kong", "C++"];
const AUTHORS = ["Li Wei", "Zhang San"];
const storyId = (id: number) => id.toString(16).padStart(24, "a");

/** Whether a story is a Chinese one (see Story.zh). */
const isChinese = (story: Story, id: number) => story.zh === true && id % 2 === 1;

function storyText(story: Story, id: number, partner: boolean, extra: Record<string, string> = {}): string {
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
      ...extra,
    },
    `${story.body}\n\nSecond paragraph of story ${id}.\n`,
  );
}

export const storyArb: fc.Arbitrary<Story> = fc.record({
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

export type Step =
  | { kind: "add"; story: Story }
  /** The newsroom corrects a story: a correction added, or its text reworded (its day kept). */
  | { kind: "correct"; pick: number; text: number }
  /** No file changed: the next builds are made this many days later (articles are published, withdrawn). */
  | { kind: "clock"; days: number }
  | { kind: "edit"; pick: number; story: Partial<Story> }
  | { kind: "delete"; pick: number }
  /** newsmirror import --keep-history: the story as it is kept as an older capture (NAME.rev-STAMP.md), then edited. */
  | { kind: "revise"; pick: number; body: string }
  | { kind: "rename"; pick: number };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
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
  fc.record({
    kind: fc.constant("revise" as const),
    pick: fc.nat(),
    body: fc.constantFrom("The talks were extended.", "The figures were revised."),
  }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat() }),
);

/** The content folder as a model: file name → story and its id (kept across renames: the address stays). */
export class Newsroom {
  readonly dir: string;
  readonly files = new Map<string, { story: Story; id: number }>();
  /** A story's file name → its older captures' file names, oldest first. */
  readonly revisions = new Map<string, string[]>();
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
    } else if (step.kind === "revise") {
      const older = this.revisions.get(name) ?? [];
      // Captured in January 2021, before any story's date: the story itself stays the latest capture.
      const day = String(older.length + 1).padStart(2, "0");
      const revision = name.replace(/\.md$/, `.rev-202101${day}T000000Z.md`);
      const kept = { ...entry.story, alias: false, pin: undefined };
      const extra = { revision: "true", captured: `2021-01-${day}T00:00:00Z` };
      writeFileSync(path.join(this.dir, revision), storyText(kept, entry.id, false, extra), { flag: "wx" });
      this.revisions.set(name, [...older, revision]);
      this.#write(name, { ...entry, story: { ...entry.story, body: step.body } });
    } else if (step.kind === "delete") {
      rmSync(path.join(this.dir, name));
      for (const revision of this.revisions.get(name) ?? []) rmSync(path.join(this.dir, revision));
      this.revisions.delete(name);
      this.files.delete(name);
      this.#syncTranslations();
    } else {
      const renamed = name.replace(/\.md$/, "-r.md");
      renameSync(path.join(this.dir, name), path.join(this.dir, renamed));
      // Its older captures are named after it: they follow.
      const older = (this.revisions.get(name) ?? []).map((revision) => {
        const moved = revision.replace(/(\.rev-\w+\.md)$/, "-r$1");
        renameSync(path.join(this.dir, revision), path.join(this.dir, moved));
        return moved;
      });
      this.revisions.delete(name);
      if (older.length > 0) this.revisions.set(renamed, older);
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
