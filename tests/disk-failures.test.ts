/**
 * Builds that fail because of the disk: an output folder that is a mount
 * point. These use small tmpfs mounts, so they need root on Linux.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canMount, runCli, tempDir, treeSnapshot } from "./helpers/site.ts";

const mounted: string[] = [];

function mount(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`mount ${dir}: ${result.stderr}`);
  mounted.push(dir);
}

afterAll(() => {
  for (const dir of mounted.reverse()) spawnSync("umount", ["-l", dir]);
});

const skip = !canMount();
const why = "needs root on Linux to mount a small tmpfs";

describe.skipIf(skip)(`the disk under the output folder (${why})`, () => {
  let root: string;
  let cache: string;
  beforeAll(() => {
    root = tempDir("newsmirror-disk-");
    cache = tempDir("newsmirror-cache-");
  });

  it("refuses an output folder that is a mount point before building, in one line (exit 2)", () => {
    const out = path.join(root, "mounted");
    mount(out, "size=4m");
    const before = treeSnapshot(root);
    const result = runCli(["build", "--output", out, "--image-cache", cache, "--no-search"]);
    expect(result.stderr).toBe(`newsmirror: --output ${out}: is a mount point, which a build cannot replace; build into a folder inside it, e.g. --output ${path.join(out, "site")}\n`);
    expect(result.status).toBe(2);
    expect(treeSnapshot(root)).toEqual(before);
  });
});
