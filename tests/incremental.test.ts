/**
 * Incremental builds: after any sequence of edits, additions, deletions and
 * renames, the site an incremental build publishes is byte-for-byte the site
 * a clean build of the same content writes, and a change that can touch
 * every page makes a full build that says why.
 */
import fc from "fast-check";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { Newsroom, type Step, stepArb, storyArb, tree } from "./helpers/newsroom.ts";
import { SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

async function build(content: string, out: string, cwd: string, ...extra: string[]) {
  const time = extra.includes("--build-time") ? [] : ["--build-time", SAMPLE_BUILD_TIME];
  const result = await runCli(["build", "--input", content, "--output", out, ...time, ...extra], { cwd });
  expect(result.status, result.stderr).toBe(0);
  return result;
}

describe("an incremental build", () => {
  it("publishes the site a clean build writes, after any edits, corrections, older captures kept, additions, deletions, renames and later build times (property)", async () => {
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

  it("keeps the search index identical too, through a new day, a second story of it and an edit to an earlier day", async () => {
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
    expect(before.size).toBeGreaterThan(0);
    const sameAsClean = async () => {
      const clean = path.join(tempDir(), "_site");
      await build(room.dir, clean, tempDir());
      expect(tree(out)).toEqual(tree(clean));
    };
    // A new newest day (July 12 joins July's bundle), a second story of that day (its bundle alone changes), and an
    // edit to an earlier day of the month (the month's bundle).
    room.add({ title: "Trade grows", section: "news", day: 20, month: 7, body: "The figures rose." });
    expect((await build(room.dir, out, work)).stdout).toMatch(/incremental build: 1 article changed/);
    await sameAsClean();
    room.add({ title: "Port reopens", section: "news", day: 20, month: 7, body: "Ships docked." });
    expect((await build(room.dir, out, work)).stdout).toMatch(/incremental build: 1 article changed/);
    await sameAsClean();
    const [rail] = [...room.files].find(([, { story }]) => story.title === "Rail line opens")!;
    const names = [...room.files.keys()].sort();
    room.apply({ kind: "edit", pick: names.indexOf(rail), story: { body: "Trains ran on time." } });
    expect((await build(room.dir, out, work)).stdout).toMatch(/incremental build: 1 article changed/);
    await sameAsClean();
    expect(readdirSync(path.join(out, "pagefind")).sort()).toEqual([
      "2021",
      "2021-07",
      "2021-07-20",
      "pagefind-ui.css",
      "pagefind-ui.js",
    ]);
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
