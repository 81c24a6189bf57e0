/**
 * Commands run newsmirror compiled to JavaScript (bin/compiled.js): never a
 * copy older than the sources, whatever edits them, and the sources through
 * tsx where no copy can be made. Each test runs a copy of the package whose
 * sources it edits (its node_modules linked to ours).
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  type Dirent,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

/** A copy of the package (its code, templates and sample content). */
function packageCopy(): string {
  const dir = path.join(tempDir(), "newsmirror");
  for (const part of ["bin", "src", "templates", "content", ".eleventy.ts", "package.json", "tsconfig.json"]) {
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

const TAGLINE = "a static news site whose article pages mirror english.www.gov.cn";

/** Edits the tagline `newsmirror help` prints (in src/cli/cli.ts). */
function editTagline(dir: string, tagline: string): void {
  const file = path.join(dir, "src/cli/cli.ts");
  const source = readFileSync(file, "utf8");
  expect(source).toContain(TAGLINE);
  writeFileSync(file, source.replace(TAGLINE, tagline));
}

const help = (dir: string) =>
  spawnSync(process.execPath, [path.join(dir, "bin/newsmirror.js"), "help"], { encoding: "utf8" });

/** The compiled copies in the package's dist/: complete ones, and anything else left there. */
function compiledCopies(dir: string): { complete: string[]; other: string[] } {
  const names = existsSync(path.join(dir, "dist")) ? readdirSync(path.join(dir, "dist")) : [];
  const complete = names.filter((name) => existsSync(path.join(dir, "dist", name, ".complete")));
  return { complete, other: names.filter((name) => !complete.includes(name)) };
}

describe("newsmirror compiled", () => {
  it("runs a compiled copy of the sources, made again after a source is edited", () => {
    const dir = packageCopy();
    const first = help(dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(TAGLINE);
    expect(compiledCopies(dir)).toEqual({ complete: [expect.any(String)], other: [] });
    const [before] = compiledCopies(dir).complete;
    expect(existsSync(path.join(dir, "dist", before!, "src/cli/cli.js"))).toBe(true);

    editTagline(dir, "an edited tagline");
    const second = help(dir);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("an edited tagline");
    const { complete } = compiledCopies(dir);
    expect(complete).toHaveLength(2); // the older copy is kept for an hour: a command may still be running from it
    expect(complete).toContain(before);
  });

  it("builds the same site compiled as from the sources", () => {
    const dir = packageCopy();
    const build = (out: string) =>
      spawnSync(
        process.execPath,
        [
          path.join(dir, "bin/newsmirror.js"),
          "build",
          "--output",
          out,
          "--build-time",
          SAMPLE_BUILD_TIME,
          "--no-search",
          "--image-cache",
          path.join(dir, ".cache/images"),
        ],
        { cwd: dir, encoding: "utf8" },
      );
    const compiled = path.join(dir, "compiled-site");
    const run = build(compiled);
    expect(run.status, run.stderr).toBe(0);
    expect(compiledCopies(dir).complete).toHaveLength(1);
    // No compiled copy can be made (a file where its folder goes): the same command runs the sources through tsx.
    rmSync(path.join(dir, "dist"), { recursive: true });
    writeFileSync(path.join(dir, "dist"), "");
    const fromSources = path.join(dir, "source-site");
    const again = build(fromSources);
    expect(again.status, again.stderr).toBe(0);
    const files = (root: string) =>
      (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
        .filter((entry) => entry.isFile() && entry.name !== ".newsmirror-site")
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
        .sort();
    expect(files(compiled).length).toBeGreaterThan(20);
    expect(files(fromSources)).toEqual(files(compiled));
    for (const file of files(compiled)) {
      const same = readFileSync(path.join(fromSources, file)).equals(readFileSync(path.join(compiled, file)));
      expect(same, file).toBe(true);
    }
  });

  it("runs the sources through tsx when no compiled copy can be made", () => {
    const dir = packageCopy();
    writeFileSync(path.join(dir, "dist"), "a file where the compiled copies would go\n");
    editTagline(dir, "run from the sources");
    const run = help(dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("run from the sources");
  });

  it("compiles once when commands start together after an edit", async () => {
    const dir = packageCopy();
    editTagline(dir, "three at once");
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, [path.join(dir, "bin/newsmirror.js"), "help"]);
            let out = "";
            child.stdout.on("data", (chunk: Buffer) => {
              out += chunk.toString();
            });
            child.on("close", (code) => resolve({ code, out }));
          }),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.out).toContain("three at once");
    }
    // One complete copy, and no half-made one left behind.
    expect(compiledCopies(dir)).toEqual({ complete: [expect.any(String)], other: [] });
  });
});
