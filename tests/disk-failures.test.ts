/**
 * Builds that fail because of the disk: an output folder that is a mount
 * point, a read-only file system, a full disk (while writing pages, and while
 * Pagefind writes the search index). Each gets one line, the previous site
 * is left as it was and nothing of the failed build stays behind. These use
 * small tmpfs mounts, so they need root on Linux.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statfsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SYSTEM_FAILURES, fill } from "./helpers/bad-inputs.ts";
import { runCli } from "./helpers/cli.ts";
import { SAMPLE_CONTENT, articleText, canMount, makeContent, spawnCli, tempDir, treeSnapshot } from "./helpers/site.ts";

const mounted: string[] = [];

function mount(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`mount ${dir}: ${result.stderr}`);
  mounted.push(dir);
}

function remount(dir: string, options: string): void {
  const result = spawnSync("mount", ["-o", `remount,${options}`, dir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`remount ${dir}: ${result.stderr}`);
}

afterAll(() => {
  for (const dir of mounted.reverse()) spawnSync("umount", ["-l", dir]);
});

/** Bytes in use on the file system holding `dir`. */
function used(dir: string): number {
  const s = statfsSync(dir);
  return (s.blocks - s.bfree) * s.bsize;
}

const lines = (text: string) => text.split("\n").filter(Boolean);
const skip = !canMount();
const why = "needs root on Linux to mount a small tmpfs";

describe.skipIf(skip)(`the disk under the output folder (${why})`, () => {
  let root: string;
  let cache: string;
  let content: string;
  /** `newsmirror build` in this process, with the photo cache of these tests (off the small disks). */
  const build = (...args: string[]) => runCli(["build", ...args, "--image-cache", cache], { cwd: tempDir() });
  beforeAll(() => {
    root = tempDir("newsmirror-disk-");
    cache = tempDir("newsmirror-cache-");
    content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
  });

  it("refuses an output folder that is a mount point before building, in one line (exit 2)", async () => {
    const out = path.join(root, "mounted");
    mount(out, "size=4m");
    const before = treeSnapshot(root);
    const result = await build("--input", content, "--output", out, "--no-search");
    expect(result.stderr).toBe(`${fill(SYSTEM_FAILURES.mountPoint.expected, { output: out })}\n`);
    expect(result.status).toBe(SYSTEM_FAILURES.mountPoint.exit);
    expect(treeSnapshot(root)).toEqual(before);
  });

  it("says in one line that the output location is read-only, and leaves the site as it was", async () => {
    const disk = path.join(root, "read-only");
    mount(disk, "size=8m");
    const out = path.join(disk, "_site");
    expect((await build("--input", content, "--output", out, "--no-search")).status).toBe(0);
    const before = treeSnapshot(disk);
    remount(disk, "ro");
    const result = await build("--input", content, "--output", out, "--no-search");
    expect(result.stderr).toBe(`${fill(SYSTEM_FAILURES.readOnly.expected, { output: out, folder: disk })}\n`);
    expect(result.status).toBe(1);
    expect(treeSnapshot(disk)).toEqual(before);
    const fresh = await build("--input", content, "--output", path.join(disk, "new/_site"), "--no-search");
    expect(fresh.stderr).toBe(
      `${fill(SYSTEM_FAILURES.readOnlyNew.expected, { output: path.join(disk, "new/_site"), folder: disk })}\n`,
    );
  });

  describe("a full disk", () => {
    let disk: string;
    let out: string;
    /** Bytes the sample site takes on the disk, and its search index alone. */
    let site = 0;
    let index = 0;
    let small = 0;
    let before: Record<string, string>;

    beforeAll(async () => {
      disk = path.join(root, "full");
      mount(disk, "size=16m");
      const empty = used(disk);
      // The sample site as every build of it writes it (search index included), copied onto the disk to be measured.
      const probe = path.join(disk, "probe");
      cpSync(inject("sampleSite"), probe, { recursive: true });
      site = used(disk) - empty;
      rmSync(path.join(probe, "pagefind"), { recursive: true });
      index = site - (used(disk) - empty);
      rmSync(probe, { recursive: true });
      // The previous site: one article, no search index.
      out = path.join(disk, "_site");
      expect((await build("--input", content, "--output", out, "--no-search")).status).toBe(0);
      small = used(disk);
      before = treeSnapshot(disk);
    });

    it("while pages are written: one line, the previous site intact, the partial build removed", async () => {
      remount(disk, `size=${Math.floor((small + (site - index) / 2) / 1024)}k`);
      const result = await build("--input", SAMPLE_CONTENT, "--output", out);
      expect(result.stderr).toBe(`${fill(SYSTEM_FAILURES.full.expected, { output: out })}\n`);
      expect(result.status).toBe(1);
      expect(treeSnapshot(disk)).toEqual(before);
      expect(used(disk)).toBe(small);
    });

    it("while Pagefind writes the search index: our line last, exit 1 (not Pagefind's exit 13), the partial build removed", async () => {
      remount(disk, `size=${Math.floor((small + site - index / 2) / 1024)}k`);
      // The real binary: Pagefind's process dies without answering, which only the end of a process's work reveals
      // (src/search/search-index.ts); a build in this process would wait for it for ever.
      const result = spawnCli(["build", "--input", SAMPLE_CONTENT, "--output", out, "--image-cache", cache]);
      // Pagefind's own process prints its panic above our line; it writes to the terminal itself.
      expect(lines(result.stderr).at(-1)).toBe(fill(SYSTEM_FAILURES.full.expected, { output: out }));
      expect(result.stderr).not.toContain("internal error");
      expect(result.status).toBe(1);
      expect(treeSnapshot(disk)).toEqual(before);
      expect(readdirSync(disk)).toEqual(["_site"]);
      expect(used(disk)).toBe(small);
    });
  });
});
