/**
 * Which folders a build may replace (src/output/guard.ts), through the
 * CLI as a user meets them: each refusal is exit 2 and one line naming the
 * folder and the rule, and nothing on disk changes.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { articleText, tempDir, treeSnapshot } from "./helpers/site.ts";

/**
 * root/
 *   outside/                      a working directory outside the project
 *   elsewhere/work/               a working directory outside the project
 *   project/                      .git, package.json, notes.txt
 *     news/content/               site.json, a.md
 *     news/sub/                   an empty working directory below the project
 *     unmarked/index.html         a folder of the user's
 *     afile.txt
 *     content-link -> news/content
 */
let root: string;
let project: string;
let outside: string;

beforeAll(() => {
  root = tempDir("newsmirror-rules-");
  project = path.join(root, "project");
  outside = path.join(root, "outside");
  const files: Record<string, string> = {
    ".git/HEAD": "ref: refs/heads/main\n",
    "package.json": '{ "name": "my-newsroom" }\n',
    "notes.txt": "my notes\n",
    "news/content/site.json": '{ "name": "Test site" }\n',
    "news/content/a.md": articleText({ title: "Alpha" }),
    "unmarked/index.html": "<p>my own page</p>\n",
    "afile.txt": "a file\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), text);
  }
  mkdirSync(path.join(project, "news/sub"));
  mkdirSync(path.join(root, "elsewhere/work"), { recursive: true });
  mkdirSync(outside);
  symlinkSync("news/content", path.join(project, "content-link"));
});

/** Runs a build that must be refused; returns what it printed, having checked that nothing in the tree changed. */
async function refusal(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  const before = treeSnapshot(root);
  const cwd = options.cwd ?? project;
  const result = await runCli(["build", "--no-search", ...args], { cwd, ...(options.env ? { env: options.env } : {}) });
  expect(treeSnapshot(root)).toEqual(before);
  expect(result.stdout).toBe("");
  expect(result.status).toBe(2);
  expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  return result.stderr;
}

const HINT = "each build replaces the whole output folder: give --output a new or empty folder, e.g. _site";

describe("an output folder that would take the user's files with it", () => {
  it("is refused when it is the content folder", async () => {
    expect(await refusal(["--input", "news/content", "--output", "news/content"])).toBe(
      `newsmirror: --output news/content: is the content folder; ${HINT}\n`,
    );
  });

  it("is refused when it holds the content folder (its parent)", async () => {
    expect(await refusal(["--input", "news/content", "--output", "news"])).toBe(
      `newsmirror: --output news: holds the content folder (news/content); ${HINT}\n`,
    );
  });

  it("is refused when it lies inside the content folder", async () => {
    expect(await refusal(["--input", "news/content", "--output", "news/content/_site"])).toBe(
      "newsmirror: --output news/content/_site: lies inside the content folder (news/content); give --output a folder outside it\n",
    );
  });

  it("is refused when a symbolic link leads to the content folder", async () => {
    expect(await refusal(["--input", "news/content", "--output", "content-link"])).toBe(
      `newsmirror: --output content-link: is the content folder; ${HINT}\n`,
    );
  });

  it("is refused when it is the working directory", async () => {
    expect(await refusal(["--input", "../content", "--output", "."], { cwd: path.join(project, "news/sub") })).toBe(
      `newsmirror: --output .: is the working directory; ${HINT}\n`,
    );
  });

  it("is refused when it holds the working directory", async () => {
    const cwd = path.join(project, "news/sub");
    expect(
      await refusal(["--input", "../../project/news/content", "--output", "../"], {
        cwd: path.join(root, "elsewhere/work"),
      }),
    ).toBe(`newsmirror: --output ../: holds the working directory; ${HINT}\n`);
    expect(await refusal(["--input", "../content", "--output", ".."], { cwd })).toBe(
      `newsmirror: --output ..: holds the content folder (${path.join(project, "news/content")}); ${HINT}\n`,
    );
  });

  it("is refused when it is the project folder (it has .git or package.json) or holds it", async () => {
    const cwd = path.join(project, "news/sub");
    expect(await refusal(["--input", "../content", "--output", "../.."], { cwd })).toBe(
      `newsmirror: --output ../..: is the project folder (it has .git); ${HINT}\n`,
    );
    // From outside the project, named by the content folder in it.
    expect(await refusal(["--input", path.join(project, "unmarked"), "--output", project], { cwd: outside })).toBe(
      `newsmirror: --output ${project}: is the project folder (it has .git); ${HINT}\n`,
    );
    expect(await refusal(["--input", path.join(project, "unmarked"), "--output", root], { cwd: outside })).toBe(
      `newsmirror: --output ${root}: holds the content folder (${path.join(project, "unmarked")}); ${HINT}\n`,
    );
  });

  // The home folder and the root of the file system: tests/output-guard.test.ts (the rules alone, never a build pointed
  // there) and, through the CLI, tests/errors.test.ts (`--output` the root of the file system).

  it("is refused when it is a file", async () => {
    expect(await refusal(["--input", "news/content", "--output", "afile.txt"])).toBe(
      `newsmirror: --output afile.txt: is a file, not a folder; ${HINT}\n`,
    );
  });

  it("is refused when it holds files newsmirror did not write", async () => {
    expect(await refusal(["--input", "news/content", "--output", "unmarked"])).toBe(
      `newsmirror: --output unmarked: holds files newsmirror did not write (no .newsmirror-site); ${HINT}\n`,
    );
  });
});

describe("an output folder newsmirror may replace", () => {
  it("is a new or empty folder, then the site it built before (it carries the marker)", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "empty"));
    const args = [
      "build",
      "--input",
      path.join(project, "news/content"),
      "--output",
      "empty",
      "--no-search",
      "--build-time",
      "2021-07-29T12:00:00+08:00",
    ];
    expect((await runCli(args, { cwd })).status).toBe(0);
    const marker = JSON.parse(readFileSync(path.join(cwd, "empty/.newsmirror-site"), "utf8"));
    expect(marker).toEqual({
      generator: "newsmirror",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      basePath: "/",
      builtAt: "2021-07-29T04:00:00.000Z",
      search: false,
      relative: false,
      state: expect.stringMatching(/^[\w-]{22}$/),
    });
    expect((await runCli(args, { cwd })).status).toBe(0);
    expect((await runCli([...args.slice(0, 4), "fresh/site", ...args.slice(5)], { cwd })).status).toBe(0);
    expect(existsSync(path.join(cwd, "fresh/site/.newsmirror-site"))).toBe(true);
  });

  it("is a site an earlier newsmirror built before the marker existed (an upgrade's `_site`), recognised by its whole shape", async () => {
    const cwd = tempDir();
    const content = path.join(project, "news/content");
    expect((await runCli(["build", "--input", content, "--no-search"], { cwd })).status).toBe(0);
    // As such a build left it: the same pages, no marker, and none of the files added after the marker (host configuration).
    for (const file of [".newsmirror-site", "_headers", "nginx.conf"]) rmSync(path.join(cwd, "_site", file));
    const upgraded = await runCli(["build", "--input", content, "--no-search"], { cwd });
    expect([upgraded.status, upgraded.stderr]).toEqual([0, ""]);
    expect(existsSync(path.join(cwd, "_site/.newsmirror-site"))).toBe(true);
    // The same site with a file of the user's beside its pages is not newsmirror's to replace.
    for (const [name, make] of [
      ["notes.txt", () => writeFileSync(path.join(cwd, "_site/notes.txt"), "mine")],
      [".git", () => mkdirSync(path.join(cwd, "_site/.git"))],
    ] as const) {
      for (const file of [".newsmirror-site", "_headers", "nginx.conf"]) rmSync(path.join(cwd, "_site", file));
      make();
      const before = treeSnapshot(cwd);
      const refusedNow = await runCli(["build", "--input", content, "--no-search"], { cwd });
      expect(refusedNow.status, name).toBe(2);
      expect(refusedNow.stderr).toBe(
        `newsmirror: --output _site: holds files newsmirror did not write (no .newsmirror-site); ${HINT}\n`,
      );
      expect(treeSnapshot(cwd)).toEqual(before);
      rmSync(path.join(cwd, "_site", name), { recursive: true });
      const again = await runCli(["build", "--input", content, "--no-search"], { cwd });
      expect([again.status, again.stderr]).toEqual([0, ""]);
    }
  });

  it("records the base URL's path in the marker, for the preview server", async () => {
    const content = tempDir();
    writeFileSync(path.join(content, "site.json"), '{ "baseUrl": "https://example.org/english/" }');
    writeFileSync(path.join(content, "a.md"), articleText());
    const out = path.join(tempDir(), "site");
    const built = await runCli(["build", "--input", content, "--output", out, "--no-search"], { cwd: tempDir() });
    expect(built.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, ".newsmirror-site"), "utf8")).basePath).toBe("/english/");
  });
});

describe("the image cache", () => {
  it("may not lie inside the output folder, which each build replaces", async () => {
    const cwd = tempDir();
    const args = ["--input", path.join(project, "news/content"), "--output", "_site"];
    expect(await refusal([...args, "--image-cache", "_site/cache"], { cwd })).toBe(
      "newsmirror: --image-cache _site/cache: lies inside the output folder (_site), which each build replaces; give --image-cache a folder outside it\n",
    );
    expect(await refusal(args, { cwd, env: { NEWSMIRROR_IMAGE_CACHE: "_site/cache" } })).toBe(
      "newsmirror: NEWSMIRROR_IMAGE_CACHE _site/cache: lies inside the output folder (_site), which each build replaces; give NEWSMIRROR_IMAGE_CACHE a folder outside it\n",
    );
    expect(await refusal([...args, "--image-cache", "."], { cwd })).toBe(
      "newsmirror: --image-cache .: is the working directory; give --image-cache a folder of its own, e.g. .cache/images\n",
    );
  });

  it("may not be or hold the content folder, nor hold files that are not a photo cache", async () => {
    expect(await refusal(["--input", "news/content", "--output", "_site", "--image-cache", "news/content"])).toBe(
      "newsmirror: --image-cache news/content: is the content folder; give --image-cache a folder of its own, e.g. .cache/images\n",
    );
    expect(await refusal(["--input", "news/content", "--output", "_site", "--image-cache", "unmarked"])).toBe(
      "newsmirror: --image-cache unmarked: holds files that are not newsmirror's photo cache (no CACHEDIR.TAG); give --image-cache a new or empty folder, e.g. .cache/images\n",
    );
  });

  it("by default (.cache/images below the working directory) may not lie inside the content folder", async () => {
    expect(
      await refusal(["--input", ".", "--output", "../../_site"], { cwd: path.join(project, "news/content") }),
    ).toBe(
      "newsmirror: the image cache .cache/images: lies inside the content folder (.); give --image-cache a folder outside it\n",
    );
  });
});
