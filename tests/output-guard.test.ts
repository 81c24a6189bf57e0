/**
 * src/output/guard.ts on its own: the folder rules where a whole
 * build adds nothing (newsmirror's own folder, the home folder), the marker,
 * the photo cache's tag, the lock, and a property test over a small tree of
 * folders: whatever input, output, image cache and working directory are
 * chosen, a build removes or changes no file it did not write.
 */
import {
  cpSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import {
  checkCacheFolder,
  checkOutputFolder,
  readSiteMarker,
  writeCacheTag,
  writeSiteMarker,
  type FolderContext,
} from "../src/output/guard.ts";
import { lockFileOf, lockOutputFolder, processStart } from "../src/output/lock.ts";
import { isWithin, realPathOf } from "../src/folders.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, deadPid, tempDir, treeSnapshot } from "./helpers/site.ts";

async function refusal(check: Promise<unknown>): Promise<string> {
  const error = await check.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe("the folders a build may never replace", () => {
  const hint = "each build replaces the whole output folder: give --output a new or empty folder, e.g. _site";

  it("include newsmirror's own folder and what holds it", async () => {
    const root = tempDir();
    const context: FolderContext = {
      cwd: path.join(root, "work"),
      contentDir: path.join(root, "work/content"),
      packageRoot: path.join(root, "tools/newsmirror"),
    };
    mkdirSync(context.packageRoot, { recursive: true });
    expect(await refusal(checkOutputFolder("--output", path.join(root, "tools/newsmirror"), context))).toBe(
      `--output ${path.join(root, "tools/newsmirror")}: is newsmirror's own folder; ${hint}`,
    );
    expect(await refusal(checkOutputFolder("--output", path.join(root, "tools"), context))).toBe(
      `--output ${path.join(root, "tools")}: holds newsmirror's own folder (${path.join(root, "tools/newsmirror")}); ${hint}`,
    );
  });

  it("include the home folder, the root of the file system, and names them though the path is written otherwise", async () => {
    const context: FolderContext = { cwd: tempDir(), packageRoot: tempDir() };
    expect(await refusal(checkOutputFolder("--output", homedir(), context))).toBe(
      `--output ${homedir()}: is your home folder; ${hint}`,
    );
    expect(await refusal(checkOutputFolder("--output", "/", context))).toBe(
      `--output /: is the root of the file system; ${hint}`,
    );
    expect(await refusal(checkOutputFolder("--output", "/tmp/../", context))).toBe(
      `--output /tmp/../: is the root of the file system; ${hint}`,
    );
  });

  it("accept a new folder below a missing one, an empty folder, and a site newsmirror built", async () => {
    const root = tempDir();
    const context: FolderContext = { cwd: root, contentDir: path.join(root, "content"), packageRoot: tempDir() };
    await checkOutputFolder("--output", "a/b/c/_site", context);
    mkdirSync(path.join(root, "empty"));
    await checkOutputFolder("--output", "empty", context);
    mkdirSync(path.join(root, "built"));
    writeFileSync(path.join(root, "built/index.html"), "a page");
    await writeSiteMarker(path.join(root, "built"), { basePath: "/english/" });
    await checkOutputFolder("--output", "built", context);
  });

  it("refuse a symbolic link to nothing at the output's name", async () => {
    const root = tempDir();
    symlinkSync(path.join(root, "gone"), path.join(root, "_site"));
    expect(await refusal(checkOutputFolder("--output", "_site", { cwd: root, packageRoot: tempDir() }))).toBe(
      `--output _site: is a symbolic link to ${path.join(root, "gone")}, which does not exist; ${hint}`,
    );
  });
});

describe("the site marker", () => {
  it("is read back as written, with newsmirror's version and the build time", async () => {
    const dir = tempDir();
    await writeSiteMarker(dir, { basePath: "/english/", builtAt: "2021-07-29T04:00:00.000Z" });
    const version = JSON.parse(readFileSync(path.resolve("package.json"), "utf8")).version;
    expect(await readSiteMarker(dir)).toEqual({
      generator: "newsmirror",
      version,
      basePath: "/english/",
      builtAt: "2021-07-29T04:00:00.000Z",
    });
  });

  it("is not a marker when another program wrote the file, or it is not JSON", async () => {
    const dir = tempDir();
    expect(await readSiteMarker(dir)).toBeUndefined();
    writeFileSync(
      path.join(dir, ".newsmirror-site"),
      '{ "generator": "hugo", "version": "1", "basePath": "/", "builtAt": "x" }',
    );
    expect(await readSiteMarker(dir)).toBeUndefined();
    writeFileSync(path.join(dir, ".newsmirror-site"), "newsmirror");
    expect(await readSiteMarker(dir)).toBeUndefined();
  });
});

describe("a photo cache folder", () => {
  const context = (root: string) => ({ cwd: root, packageRoot: tempDir(), outputDir: path.join(root, "_site") });

  it("is accepted tagged, empty or new, and as an untagged cache of an earlier newsmirror", async () => {
    const root = tempDir();
    await checkCacheFolder("--image-cache", "new", context(root));
    mkdirSync(path.join(root, "tagged"));
    writeFileSync(path.join(root, "tagged/anything"), "");
    await writeCacheTag(path.join(root, "tagged"));
    await checkCacheFolder("--image-cache", "tagged", context(root));
    const old = path.join(root, "old");
    mkdirSync(path.join(old, "7a/7a816734fbc7233580d14698d6f91b13"), { recursive: true });
    mkdirSync(path.join(old, "7a/7a816734fbc7233580d14698d6f91b14.tmp-123-1a2b3c4d"));
    writeFileSync(path.join(old, "sources.json"), "{}");
    await checkCacheFolder("--image-cache", "old", context(root));
    expect(readFileSync(path.join(root, "tagged/CACHEDIR.TAG"), "utf8")).toMatch(
      /^Signature: 8a477f597d28d172789f06886806bc55\n/,
    );
  });

  it("is refused when it holds anything a cache would not", async () => {
    const root = tempDir();
    mkdirSync(path.join(root, "photos/7a"), { recursive: true });
    writeFileSync(path.join(root, "photos/sources.json"), "{}");
    writeFileSync(path.join(root, "photos/7a/holiday.jpg"), "");
    expect(await refusal(checkCacheFolder("--image-cache", "photos", context(root)))).toBe(
      "--image-cache photos: holds files that are not newsmirror's photo cache (no CACHEDIR.TAG); give --image-cache a new or empty folder, e.g. .cache/images",
    );
  });

  it("is refused when it holds the output folder", async () => {
    const root = tempDir();
    expect(
      await refusal(
        checkCacheFolder("--image-cache", ".cache", { ...context(root), outputDir: path.join(root, ".cache/_site") }),
      ),
    ).toBe(
      "--image-cache .cache: holds the output folder (.cache/_site); give --image-cache a folder of its own, e.g. .cache/images",
    );
  });
});

describe("the lock on an output folder", () => {
  it("is a file beside the folder naming its holder, gone once released", async () => {
    const out = path.join(tempDir(), "_site");
    const lock = await lockOutputFolder(out, { command: "build" });
    const record = JSON.parse(readFileSync(lockFileOf(out), "utf8"));
    expect(record).toMatchObject({ pid: process.pid, command: "build", startedAt: expect.any(String) });
    await lock.release();
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it("makes a second build wait, telling it once who holds the folder, and refuses when told not to wait", async () => {
    const out = path.join(tempDir(), "_site");
    const first = await lockOutputFolder(out, { command: "build" });
    const message =
      `${out} is in use by newsmirror build (pid ${process.pid}, since ${new Date().toTimeString().slice(0, 5)}`.replace(
        /[()]/g,
        "\\$&",
      );
    expect(await refusal(lockOutputFolder(out, { command: "serve" }))).toMatch(
      new RegExp(`^${message}:\\d\\d\\); wait for it to finish, or give --output another folder$`),
    );
    const told: string[] = [];
    let second: { release(): Promise<void> } | undefined;
    const waiting = lockOutputFolder(out, { command: "build" }, { wait: true, onWait: (m) => told.push(m) }).then(
      (lock) => (second = lock),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(second).toBeUndefined();
    expect(told).toEqual([expect.stringMatching(new RegExp(`^${message}:\\d\\d\\); waiting for it to finish$`))]);
    await first.release();
    await waiting;
    expect(JSON.parse(readFileSync(lockFileOf(out), "utf8")).pid).toBe(process.pid);
    await second!.release();
  });

  it("held by a dev server, is never waited for", async () => {
    const out = path.join(tempDir(), "_site");
    const serve = await lockOutputFolder(out, { command: "serve" });
    expect(await refusal(lockOutputFolder(out, { command: "build" }, { wait: true }))).toMatch(
      / is in use by newsmirror serve \(pid \d+, since .*\); stop it, or give --output another folder$/,
    );
    await serve.release();
  });

  it("is taken over when its holder is dead, or its pid now names another process", async () => {
    const out = path.join(tempDir(), "_site");
    writeFileSync(
      lockFileOf(out),
      JSON.stringify({ pid: deadPid(), command: "build", startedAt: new Date().toISOString() }),
    );
    await (await lockOutputFolder(out, { command: "build" })).release();
    if (processStart(process.pid) !== undefined) {
      // This very pid, but a process started at another time: the pid was reused.
      writeFileSync(
        lockFileOf(out),
        JSON.stringify({
          pid: process.pid,
          command: "serve",
          startedAt: new Date().toISOString(),
          processStart: processStart(process.pid)! - 1,
        }),
      );
      await (await lockOutputFolder(out, { command: "build" })).release();
    }
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it("is released only while it is still this holder's", async () => {
    const out = path.join(tempDir(), "_site");
    const lock = await lockOutputFolder(out, { command: "build" });
    const other = JSON.stringify({
      pid: process.pid,
      command: "build",
      startedAt: new Date().toISOString(),
      nonce: "someone else",
    });
    writeFileSync(lockFileOf(out), other);
    await lock.release();
    expect(readFileSync(lockFileOf(out), "utf8")).toBe(other);
  });
});

/**
 * root/
 *   project/        .git, package.json, notes.txt, content/ (site.json, a.md, _photos/p.txt),
 *                   old-site/ (an earlier build: marker, index.html), empty/, docs/readme.txt, sub/
 *   content2/a.md   a content folder outside any project
 *   user/photos/p.txt
 *   link-content -> project/content, link-project -> project
 */
function makeTree(root: string): void {
  const files: Record<string, string> = {
    "project/.git/HEAD": "ref: refs/heads/main\n",
    "project/package.json": "{}\n",
    "project/notes.txt": "notes\n",
    "project/content/site.json": '{ "name": "T" }\n',
    "project/content/a.md": articleText({ title: "Alpha" }),
    "project/content/_photos/p.txt": "not a photo\n",
    "project/old-site/index.html": "an earlier build\n",
    "project/docs/readme.txt": "docs\n",
    "content2/a.md": articleText({ title: "Beta" }),
    "user/photos/p.txt": "the user's\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  writeFileSync(
    path.join(root, "project/old-site/.newsmirror-site"),
    JSON.stringify({ generator: "newsmirror", version: "0.1.0", basePath: "/", builtAt: "2021-07-29T04:00:00.000Z" }),
  );
  for (const dir of ["project/empty", "project/sub"]) mkdirSync(path.join(root, dir));
  symlinkSync("project/content", path.join(root, "link-content"));
  symlinkSync("project", path.join(root, "link-project"));
}

const INPUTS = ["project/content", "content2", "link-content"];
const FOLDERS = [
  ".",
  "project",
  "project/content",
  "project/content/_photos",
  "project/old-site",
  "project/empty",
  "project/docs",
  "project/sub",
  "project/new-site",
  "content2",
  "user",
  "user/photos",
  "link-content",
  "link-project",
  "link-project/old-site",
  "new/deep/site",
  "project/old-site/cache",
];
const CWDS = ["project", "project/sub", ".", "user"];

/** The files of the tree that a build did not write, by real path: all but the earlier build's. */
function userFiles(root: string): string[] {
  const oldSite = realpathSync(path.join(root, "project/old-site"));
  const files = (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => !lstatSync(path.join(root, name)).isDirectory())
    .map((name) => realpathSync(path.join(root, name)));
  return [...new Set(files)].filter((file) => !isWithin(oldSite, file));
}

const choice = fc.record({
  input: fc.constantFrom(...INPUTS),
  output: fc.constantFrom(...FOLDERS),
  cache: fc.option(fc.constantFrom(...FOLDERS, ".cache/images"), { nil: undefined }),
  cwd: fc.constantFrom(...CWDS),
});

describe("whatever input, output, image cache and working directory are chosen", () => {
  let template: string;
  beforeAll(() => {
    template = tempDir("newsmirror-tree-");
    makeTree(template);
  });

  it("the rules accept no output folder holding a file the build did not write, nor a cache in or around it", async () => {
    const root = realpathSync(template);
    const files = userFiles(root);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(choice, async ({ input, output, cache, cwd }) => {
        const where = path.join(root, cwd);
        const relative = (p: string) => path.relative(where, path.join(root, p)) || ".";
        const context: FolderContext = {
          cwd: where,
          contentDir: path.join(root, input),
          packageRoot: path.resolve("."),
        };
        const outputOk = await checkOutputFolder("--output", relative(output), context).then(
          () => true,
          (e: unknown) => {
            expect(e).toBeInstanceOf(UsageError);
            return false;
          },
        );
        if (!outputOk) return;
        const realOutput = await realPathOf(path.join(root, output));
        // The swap removes everything below the output folder: only an earlier build may be there.
        expect(files.filter((file) => isWithin(realOutput, file))).toEqual([]);
        expect(isWithin(realOutput, where)).toBe(false);
        const cacheDir = cache ?? ".cache/images";
        const cacheOk = await checkCacheFolder(
          "--image-cache",
          cache === undefined ? ".cache/images" : relative(cache),
          { ...context, outputDir: relative(output) },
        ).then(
          () => true,
          (e: unknown) => {
            expect(e).toBeInstanceOf(UsageError);
            return false;
          },
        );
        if (!cacheOk) return;
        accepted++;
        const realCache = await realPathOf(cache === undefined ? path.join(where, cacheDir) : path.join(root, cache));
        expect(isWithin(realOutput, realCache) || isWithin(realCache, realOutput)).toBe(false);
        expect(isWithin(realpathSync(path.join(root, input)), realCache)).toBe(false);
        expect(files.filter((file) => isWithin(realCache, file))).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it("a build changes or removes no file it did not write (real builds)", async () => {
    await fc.assert(
      fc.asyncProperty(choice, async ({ input, output, cache, cwd }) => {
        const root = tempDir("newsmirror-tree-");
        cpSync(template, root, { recursive: true, verbatimSymlinks: true });
        const before = treeSnapshot(root);
        // Paths through the links lead to the same files: each file is known by its real path.
        const realOf = Object.fromEntries(
          Object.keys(before).map((name) => [name, realpathSync(path.join(root, name))]),
        );
        const oldSite = realpathSync(path.join(root, "project/old-site"));
        const where = path.join(root, cwd);
        const relative = (p: string) => path.relative(where, path.join(root, p)) || ".";
        const args = [
          "build",
          "--input",
          relative(input),
          "--output",
          relative(output),
          "--no-search",
          ...(cache ? ["--image-cache", relative(cache)] : []),
        ];
        const result = await runCli(args, { cwd: where });
        expect([0, 2], result.stderr).toContain(result.status);
        const after = treeSnapshot(root);
        if (result.status === 2) expect(after).toEqual(before);
        const realOutput = await realPathOf(path.join(where, relative(output)));
        for (const [name, hash] of Object.entries(before)) {
          if (hash === "folder") continue;
          // An earlier build's files may go, with the site they belong to; nothing else may change.
          const earlierBuild = isWithin(oldSite, realOf[name]!) && isWithin(realOutput, oldSite);
          if (!earlierBuild) expect(after[name], `${name} after ${args.join(" ")} in ${cwd}`).toBe(hash);
        }
      }),
      { numRuns: 5 },
    );
  });
});
