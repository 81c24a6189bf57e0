/**
 * The spare copy of the site (src/output/spare.ts): an incremental build brings the previous site up to date in
 * place, beside the published one, and swaps it in; the published folder is never written, a killed build never
 * leaves a mix, and a folder newsmirror did not make is never touched.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statfsSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { writeFailure } from "../src/output/disk-failures.ts";
import { checkOutputFolder, readSiteMarker } from "../src/output/guard.ts";
import { lockOutputFolder } from "../src/output/lock.ts";
import { type FolderState, listSpare, prepareSpare, publishSpare, spareOf } from "../src/output/spare.ts";
import { SEARCH_FOLDER } from "../src/site/search-bundles.ts";
import { walkSite } from "../src/output/spare-walk.js";
import { abandonNow, createStaging, publishStaging, recoverInterrupted } from "../src/output/staging.ts";
import { S1, S2, S3, markState, state, writeEntries, writeState } from "./helpers/spare-site.ts";
import { SYSTEM_FAILURES, fill } from "./helpers/bad-inputs.ts";
import { ROOT, canMount, tempDir, treeSnapshot } from "./helpers/site.ts";

/** The tree of a folder holding `folderState`, written afresh (a clean build's). */
async function cleanTree(folderState: FolderState): Promise<Record<string, string>> {
  const dir = path.join(tempDir(), "clean");
  await writeState(dir, folderState);
  return treeSnapshot(dir);
}

/** prepareSpare, then what the build does: write the entries to render and the marker of `next`. */
async function incremental(
  out: string,
  states: { published: FolderState; spare?: FolderState },
  next: FolderState,
  options: { listedAhead?: boolean } = {},
) {
  // Listed ahead as a build lists it, while it reads the content (the search bundles' folders as entries).
  const listed = options.listedAhead ? listSpare(out, [SEARCH_FOLDER]) : undefined;
  const prepared = await prepareSpare(out, states, next.files, listed);
  await writeEntries(prepared.dir, next.files, prepared.render);
  await markState(prepared.dir, next.id);
  return prepared;
}

let parent: string;
let out: string;
let release: () => Promise<void>;

beforeEach(async () => {
  parent = tempDir();
  out = path.join(parent, "_site");
  release = (await lockOutputFolder(out, { command: "build" })).release;
});
afterEach(() => release());

/** The published site S2 with the spare S1 beside it, as after two builds. */
async function afterTwoBuilds(): Promise<void> {
  await writeState(out, S2);
  await writeState(spareOf(out), S1);
}

describe("bringing the spare up to date", () => {
  it("keeps what is right, copies what the published site has right, removes the rest and leaves the build only what changed", async () => {
    await afterTwoBuilds();
    const published = treeSnapshot(out);
    const prepared = await prepareSpare(out, { published: S2, spare: S1 }, S3.files);
    expect(prepared.dir).toBe(path.join(parent, "._site.spare"));
    expect([...prepared.render].sort()).toEqual([
      "index.html",
      "news/202107/30/d.html",
      "news/202108/01/e.html",
      "pagefind/2021-08/",
    ]);
    // kept: b.html, site.css, the June bundle; copied: feed.xml, a.html, the July bundle; removed: c.html, d.html of S1.
    expect(prepared).toMatchObject({ kept: 3, copied: 3, removed: 1, copiedWhole: false });
    expect((await readSiteMarker(prepared.dir))?.state).toBe("dirty");
    expect(existsSync(path.join(prepared.dir, "news/202107/29"))).toBe(false); // the folder c.html left empty
    expect(readFileSync(path.join(prepared.dir, "pagefind/2021-07/fragment/one.pf"), "utf8")).toBe(
      "pagefind/2021-07/ bundle-07-2\n",
    );
    // A hard link (no bytes copied); what the build writes into the spare it writes as new files (render: removed).
    const copied = "news/202107/28/a.html";
    expect(lstatSync(path.join(prepared.dir, copied)).ino).toBe(lstatSync(path.join(out, copied)).ino);
    for (const entry of prepared.render) expect(existsSync(path.join(prepared.dir, entry)), entry).toBe(false);

    await writeEntries(prepared.dir, S3.files, prepared.render);
    await markState(prepared.dir, S3.id);
    expect(treeSnapshot(prepared.dir)).toEqual(await cleanTree(S3));
    expect(treeSnapshot(out)).toEqual(published);
  });

  it.each([
    ["lists the spare itself", false],
    ["is given the spare listed ahead", true],
  ])(
    "removes whatever else is in the spare: a file put there, and a link, which it never writes through (it %s)",
    async (_, listedAhead) => {
      await afterTwoBuilds();
      const spare = spareOf(out);
      const victim = path.join(tempDir(), "victim.html");
      writeFileSync(victim, "not newsmirror's");
      writeFileSync(path.join(spare, "notes.txt"), "a user's note");
      mkdirSync(path.join(spare, "news/202108/01"), { recursive: true });
      symlinkSync(victim, path.join(spare, "news/202108/01/e.html")); // where the build will write e.html
      symlinkSync(path.dirname(victim), path.join(spare, "elsewhere"));
      const prepared = await incremental(out, { published: S2, spare: S1 }, S3, { listedAhead });
      expect(treeSnapshot(prepared.dir)).toEqual(await cleanTree(S3));
      expect(readFileSync(victim, "utf8")).toBe("not newsmirror's");
    },
  );

  it("lists the spare ahead, in a worker thread, as it lists it itself (the search bundles' folders as entries)", async () => {
    await afterTwoBuilds();
    writeFileSync(path.join(spareOf(out), "notes.txt"), "a user's note");
    const listed = await listSpare(out, [SEARCH_FOLDER]);
    expect(listed).toBeDefined();
    const here = walkSite(spareOf(out), listed!.isWhole, ".newsmirror-site");
    const sorted = (found: typeof here) =>
      Object.fromEntries(Object.entries(found).map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(listed!.found)).toEqual(sorted(here));
    expect(listed!.found.files).toContain("notes.txt");
    expect(listed!.found.wholeFolders).toContain("pagefind/2021-07/");
    expect(listed!.found.files.some((file) => file.startsWith("pagefind/2021-07/"))).toBe(false);
  });

  it.each([
    ["there is no spare", undefined, undefined],
    ["the spare is marked dirty (a build was killed changing it)", S1, "dirty"],
    ["the spare holds another state than the one expected", S1, "s0"],
    ["the spare is an empty folder", undefined, "empty"],
  ])("makes the spare a fresh copy of the published site when %s", async (_, spareState, marker) => {
    await writeState(out, S2);
    if (spareState) {
      await writeState(spareOf(out), spareState);
      await markState(spareOf(out), marker!);
    } else if (marker === "empty") mkdirSync(spareOf(out));
    const published = treeSnapshot(out);
    const prepared = await incremental(out, { published: S2, spare: S1 }, S3);
    expect(prepared).toMatchObject({ copiedWhole: true, copied: 0 });
    expect([...prepared.render].sort()).toEqual([
      "index.html",
      "news/202107/30/d.html",
      "news/202108/01/e.html",
      "pagefind/2021-08/",
    ]);
    expect(treeSnapshot(prepared.dir)).toEqual(await cleanTree(S3));
    expect(treeSnapshot(out)).toEqual(published);
    expect(readdirSync(parent).sort()).toEqual(["._site.lock", "._site.spare", "_site"]);
  });

  it("renders every entry whose key neither folder has, and removes every entry next lacks", async () => {
    await afterTwoBuilds();
    const next = state("s9", { "index.html": "home-9", "pagefind/2021-09/": "bundle-09-1" });
    const prepared = await incremental(out, { published: S2, spare: S1 }, next);
    expect(prepared).toMatchObject({ kept: 0, copied: 0, removed: 7 });
    expect(treeSnapshot(prepared.dir)).toEqual(await cleanTree(next));
  });

  it.each(["../outside.html", "/etc/passwd", "news//a.html", "news/./a.html", "a\\..\\b.html", ""])(
    "refuses an entry that is not a path inside the site (%j), changing nothing",
    async (entry) => {
      await afterTwoBuilds();
      const before = treeSnapshot(parent);
      const next = new Map([...S3.files, [entry, "x"]]);
      await expect(prepareSpare(out, { published: S2, spare: S1 }, next)).rejects.toThrow("not a path inside the site");
      expect(treeSnapshot(parent)).toEqual(before);
    },
  );

  it("refuses to start unless the published folder holds the state it is told", async () => {
    await afterTwoBuilds();
    const before = treeSnapshot(parent);
    await expect(prepareSpare(out, { published: S3, spare: S1 }, S3.files)).rejects.toThrow(
      `${out} holds state s2, not s3: build it in full`,
    );
    expect(treeSnapshot(parent)).toEqual(before);
  });
});

describe("publishing the spare", () => {
  it("swaps it in: the new site is published and the previous one becomes the spare", async () => {
    await afterTwoBuilds();
    const previous = treeSnapshot(out);
    await incremental(out, { published: S2, spare: S1 }, S3);
    await publishSpare(out);
    expect(treeSnapshot(out)).toEqual(await cleanTree(S3));
    expect(treeSnapshot(spareOf(out))).toEqual(previous);
    expect(readdirSync(parent).sort()).toEqual(["._site.lock", "._site.spare", "_site"]);
    // And the next build goes on from there, with nothing to copy whole.
    const s4 = state("s4", { ...Object.fromEntries(S3.files), "index.html": "home-4" });
    expect(await incremental(out, { published: S3, spare: S2 }, s4)).toMatchObject({
      copiedWhole: false,
      render: new Set(["index.html"]),
    });
  });

  it("refuses a spare that is not finished (its marker still says dirty)", async () => {
    await afterTwoBuilds();
    await prepareSpare(out, { published: S2, spare: S1 }, S3.files);
    const before = treeSnapshot(parent);
    await expect(publishSpare(out)).rejects.toThrow("holds no finished state (its marker says dirty)");
    expect(treeSnapshot(parent)).toEqual(before);
  });

  it("keeps the old site as the spare when a full build is published with keepSpare (the old spare removed)", async () => {
    await afterTwoBuilds();
    const previous = treeSnapshot(out);
    const staging = await createStaging(out);
    await writeState(staging, S3);
    await publishStaging(staging, out, { keepSpare: true });
    expect(treeSnapshot(out)).toEqual(await cleanTree(S3));
    expect(treeSnapshot(spareOf(out))).toEqual(previous);
    expect(readdirSync(parent).sort()).toEqual(["._site.lock", "._site.spare", "_site"]);
  });
});

describe("what is not ours at the spare's place", () => {
  // The line docs/errors.md shows (without the "newsmirror: " the CLI puts before every message).
  const notOurs = (what: string) =>
    fill(SYSTEM_FAILURES.spareNotOurs.expected, { spare: path.join(parent, "._site.spare"), what, output: out }).slice(
      "newsmirror: ".length,
    );

  it.each([
    ["a symbolic link to a folder", "a symbolic link"],
    ["a file", "a file, not a folder"],
    ["a folder of someone's files", "no .newsmirror-site"],
  ])(
    "is refused, named, and left as it is when it is %s, by prepareSpare and by a full build keeping a spare",
    async (kind, what) => {
      await writeState(out, S2);
      const spare = spareOf(out);
      const elsewhere = tempDir();
      writeFileSync(path.join(elsewhere, "notes.txt"), "mine");
      if (kind.startsWith("a symbolic link")) symlinkSync(elsewhere, spare);
      else if (kind === "a file") writeFileSync(spare, "mine");
      else {
        mkdirSync(spare);
        writeFileSync(path.join(spare, "notes.txt"), "mine");
      }
      const before = { parent: treeSnapshot(parent), elsewhere: treeSnapshot(elsewhere) };
      const prepared = prepareSpare(out, { published: S2, spare: S1 }, S3.files);
      await expect(prepared).rejects.toThrow(new UsageError(notOurs(what)));
      const staging = await createStaging(out);
      await writeState(staging, S3);
      await expect(publishStaging(staging, out, { keepSpare: true })).rejects.toThrow(notOurs(what));
      await rm(staging, { recursive: true });
      expect({ parent: treeSnapshot(parent), elsewhere: treeSnapshot(elsewhere) }).toEqual(before);
    },
  );

  it("is changed only under the output folder's lock", async () => {
    await afterTwoBuilds();
    await release();
    const before = treeSnapshot(parent);
    await expect(prepareSpare(out, { published: S2, spare: S1 }, S3.files)).rejects.toThrow("without its lock");
    await expect(publishSpare(out)).rejects.toThrow("without its lock");
    expect(treeSnapshot(parent)).toEqual(before);
  });

  it("is never worked on by two builds at once: the second waits for the first's lock, and each publishes a whole site", async () => {
    await afterTwoBuilds();
    await release();
    const s4 = state("s4", { ...Object.fromEntries(S3.files), "index.html": "home-4" });
    // Each build reads which states the folders hold once it has the lock, as the build's manifest would tell it.
    const build = async (next: FolderState) => {
      const lock = await lockOutputFolder(out, { command: "build" }, { wait: true });
      try {
        const byId = new Map([S1, S2, S3, s4].map((s) => [s.id, s]));
        const published = byId.get((await readSiteMarker(out))!.state!)!;
        const spare = byId.get((await readSiteMarker(spareOf(out)))!.state!)!;
        await incremental(out, { published, spare }, next);
        await publishSpare(out);
      } finally {
        await lock.release();
      }
    };
    await Promise.all([build(S3), build(s4)]);
    const trees = [treeSnapshot(out), treeSnapshot(spareOf(out))];
    const whole = [await cleanTree(S3), await cleanTree(s4)];
    expect(trees).toEqual(expect.arrayContaining(whole));
    release = async () => undefined;
  });
});

describe("a build stopped by a signal during a swap that keeps the spare (abandonNow)", () => {
  it.each([
    ["after moving the published site aside", false, true],
    ["after moving the new site in", true, false],
  ])(
    "%s: puts the old site back, or makes it the spare; leaves a dirty spare for the next build",
    (_, newIn, hadSpare) => {
      const swapped = path.join(parent, `._site.swapped-${process.pid}`);
      const trash = path.join(parent, `._site.trash-${process.pid}`);
      mkdirSync(swapped);
      writeFileSync(path.join(swapped, "index.html"), "old site");
      mkdirSync(trash);
      writeFileSync(path.join(trash, "index.html"), "being removed");
      if (newIn) {
        mkdirSync(out);
        writeFileSync(path.join(out, "index.html"), "new site");
      }
      if (hadSpare) {
        mkdirSync(spareOf(out));
        writeFileSync(path.join(spareOf(out), ".newsmirror-site"), '{"generator":"newsmirror","state":"dirty"}');
      }
      const spareBefore = hadSpare ? treeSnapshot(spareOf(out)) : undefined;
      abandonNow(out);
      expect(readdirSync(parent).sort()).toEqual(["._site.lock", "._site.spare", "_site"]);
      expect(readFileSync(path.join(out, "index.html"), "utf8")).toBe(newIn ? "new site" : "old site");
      if (newIn) expect(readFileSync(path.join(spareOf(out), "index.html"), "utf8")).toBe("old site");
      else expect(treeSnapshot(spareOf(out))).toEqual(spareBefore);
    },
  );
});

describe("an output folder named as the folders builds keep beside theirs", () => {
  it.each(["._site.spare", "._site.staging-123", "._site.retired-123", "._site.swapped-123", "._site.trash-123"])(
    "is refused (%s): two builds, each under its own lock, would change it at once",
    async (name) => {
      const folders = { cwd: parent, packageRoot: ROOT };
      await expect(checkOutputFolder("--output", path.join(parent, name), folders)).rejects.toThrow(
        `is where builds of _site keep ${name.endsWith("spare") ? "the previous site" : "a site being built or replaced"}`,
      );
      await expect(checkOutputFolder("--output", path.join(parent, "_site.spare"), folders)).resolves.toBeUndefined();
    },
  );
});

/** Runs the child build (tests/helpers/spare-build-child.ts), killed at `step` (0: never); resolves with its output. */
function childBuild(
  output: string,
  step: number,
): Promise<{ output: string; signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx/esm", path.join(ROOT, "tests/helpers/spare-build-child.ts"), output, String(step)],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  return new Promise((resolve) => child.on("close", (_, signal) => resolve({ output, signal, stdout })));
}

describe("a build killed (SIGKILL) at any step of bringing the spare up to date and swapping it in", () => {
  it.each([
    ["the spare holds the state expected", "s1"],
    ["the spare was left dirty by a build killed before", "dirty"],
  ])(
    "leaves a whole site published, never loses a finished spare, and the next build is right (%s)",
    async (_, spareMarker) => {
      await release();
      release = async () => undefined;
      const setUp = async (dir: string) => {
        const output = path.join(dir, "_site");
        await writeState(output, S2);
        await writeState(spareOf(output), S1);
        await markState(spareOf(output), spareMarker);
        return output;
      };
      const [s2, s3] = [await cleanTree(S2), await cleanTree(S3)];
      const whole = await childBuild(await setUp(tempDir()), 0);
      const [preparing, steps] = whole.stdout.trim().split(" ").map(Number) as [number, number];
      expect(preparing).toBeGreaterThan(5);
      expect(treeSnapshot(whole.output)).toEqual(s3);
      // A kill before each step (and none: steps + 1), a few children at a time (each a Node process, about half a
      // second). With a dirty spare only prepareSpare's steps differ from the first case: most are the whole copy's
      // (fs.cp's own calls), alike, so every third is enough.
      const killAt =
        spareMarker === "dirty"
          ? Array.from({ length: Math.ceil(preparing / 3) + 1 }, (_, i) => Math.min(1 + 3 * i, preparing + 1))
          : Array.from({ length: steps + 1 }, (_, i) => i + 1);
      const outcomes: string[] = [];
      for (let first = 0; first < killAt.length; first += 4) {
        const batch = killAt.slice(first, first + 4);
        await Promise.all(
          batch.map(async (step) => {
            const output = await setUp(tempDir());
            const killed = await childBuild(output, step);
            expect(killed.signal).toBe(step <= steps ? "SIGKILL" : null);
            const lock = await lockOutputFolder(output, { command: "build" }); // a dead build's lock, taken over
            try {
              await recoverInterrupted(output);
              const published = treeSnapshot(output);
              expect([s2, s3]).toContainEqual(published);
              const isS3 = JSON.stringify(published) === JSON.stringify(s3);
              const spareMarker = await readSiteMarker(spareOf(output));
              if (isS3) {
                expect(treeSnapshot(spareOf(output))).toEqual(s2); // the finished build's spare
              } else if (spareMarker?.state !== "dirty" && existsSync(spareOf(output))) {
                // Not yet changed, or finished but not published: a spare whose marker names a state holds it.
                // (A marker being written when the build was killed may lie beside it: the next build removes it.)
                const named = [S1, S3].find((s) => s.id === spareMarker?.state)!;
                expect(
                  treeSnapshot(spareOf(output), { skip: (name) => name.startsWith(".newsmirror-site.tmp-") }),
                ).toEqual(await cleanTree(named));
              }
              expect(
                readdirSync(path.dirname(output))
                  .filter((n) => !n.endsWith(".lock"))
                  .sort(),
              ).toEqual(existsSync(spareOf(output)) ? ["._site.spare", "_site"] : ["_site"]);
              // The next build, told the states its manifest recorded before the killed one, publishes the right site.
              const s4 = state("s4", { ...Object.fromEntries(S3.files), "index.html": "home-4" });
              const prepared = await incremental(
                output,
                isS3 ? { published: S3, spare: S2 } : { published: S2, spare: S1 },
                s4,
              );
              await publishSpare(output);
              expect(treeSnapshot(output)).toEqual(await cleanTree(s4));
              outcomes.push(`${step}:${isS3 ? "new" : "old"}${prepared.copiedWhole ? "+copy" : ""}`);
            } finally {
              await lock.release();
            }
          }),
        );
      }
      // Killed before the swap's second rename the old site stays; after it, the new one is published.
      expect(outcomes.filter((o) => o.includes("new"))).toHaveLength(spareMarker === "dirty" ? 0 : 2);
      // The spare is trusted until its marker says dirty (the first step writes the dirty marker beside, the second
      // renames it in); from then on the next build makes it again.
      if (spareMarker === "s1") expect(outcomes).toEqual(expect.arrayContaining(["1:old", "2:old", "3:old+copy"]));
      else expect(outcomes.every((o) => o.endsWith("+copy"))).toBe(true);
    },
    300_000,
  );
});

describe.skipIf(!canMount())("a full disk while the spare is made (needs root on Linux to mount a small tmpfs)", () => {
  const disks: string[] = [];
  afterAll(() => {
    for (const disk of disks) spawnSync("umount", ["-l", disk]);
  });
  /** Bytes in use on the file system holding `dir`. */
  const used = (dir: string) => {
    const s = statfsSync(dir);
    return (s.blocks - s.bfree) * s.bsize;
  };
  /** Shrinks the tmpfs at `disk` to what it holds now, blocks and inodes: the next new file or folder finds it full. */
  const fillUp = (disk: string) => {
    const s = statfsSync(disk);
    const remounted = spawnSync(
      "mount",
      ["-o", `remount,size=${(s.blocks - s.bfree) * s.bsize},nr_inodes=${s.files - s.ffree}`, disk],
      { encoding: "utf8" },
    );
    expect(remounted.stderr).toBe("");
    expect(statfsSync(disk).ffree).toBe(0);
  };
  // The spare shares the published site's files by hard links, which take no room; but its folders, its marker
  // and the files a build writes do. A published site with photos, on a disk with no room left.
  const photos = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`photos/${i}.jpg`, `${i}`.repeat(30_000)]));
  const big = state("big", { ...Object.fromEntries(S2.files), ...photos });

  it.each([
    ["made whole (no spare yet)", undefined],
    ["brought up to date (the photos linked from the published site)", S1],
  ])(
    "when the spare is %s: the error is the disk's, the site intact, and the spare removed so the disk is not left full",
    async (_, spareState) => {
      await release();
      const disk = tempDir("newsmirror-spare-disk-");
      const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=5m", "tmpfs", disk], { encoding: "utf8" });
      expect(mounted.stderr).toBe("");
      disks.push(disk);
      out = path.join(disk, "_site");
      const lock = await lockOutputFolder(out, { command: "build" });
      release = lock.release;
      await writeState(out, big);
      if (spareState) await writeState(spareOf(out), spareState);
      const published = treeSnapshot(out);
      fillUp(disk);
      const before = used(disk);
      const next = state("next", { ...Object.fromEntries(big.files), "index.html": "home-next" });
      const failed = await prepareSpare(out, { published: big, spare: spareState ?? S1 }, next.files).catch(
        (e: unknown) => e,
      );
      expect((await writeFailure(failed, out))?.problem).toBe("full");
      expect(treeSnapshot(out)).toEqual(published);
      expect(readdirSync(disk).sort()).toEqual(["._site.lock", "_site"]);
      expect(used(disk)).toBeLessThanOrEqual(before);
    },
  );
});
