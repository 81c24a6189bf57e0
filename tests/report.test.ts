/**
 * How a failed command is reported (src/error-report.ts, used by main.ts):
 * one line for anything a user can cause, "internal error" only for a bug,
 * and a stack trace only for a bug and only with --verbose.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { usageError } from "../src/cli/problems.ts";
import { errorReport } from "../src/error-report.ts";
import { ContentError, NewsmirrorError, UsageError } from "../src/errors.ts";
import { ImportError } from "../src/import/model.ts";
import { runCli } from "./helpers/cli.ts";
import { SAMPLE_CONTENT, canMount, tempDir } from "./helpers/site.ts";

const cwd = "/home/editor/mirror";
const report = (error: unknown, verbose = false) => errorReport(error, { verbose, cwd });
const STACK_LINE = /^\s+at /m;

function systemError(code: string, syscall: string, file?: string, dest?: string): NodeJS.ErrnoException {
  const where = file ? ` '${file}'${dest ? ` -> '${dest}'` : ""}` : "";
  return Object.assign(new Error(`${code}: failed, ${syscall}${where}`), {
    code,
    errno: -1,
    syscall,
    ...(file ? { path: file } : {}),
    ...(dest ? { dest } : {}),
  });
}

/** As Eleventy wraps an error thrown below it. */
function wrapped(error: unknown): Error {
  return Object.assign(new Error("Having trouble writing to './_site/index.html'"), { originalError: error });
}

describe("a bug in newsmirror", () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'url')");

  it("says internal error in one line, and how to get the stack, without printing it", () => {
    expect(report(bug)).toEqual({
      exitCode: 1,
      text:
        "newsmirror: internal error (please report it): Cannot read properties of undefined (reading 'url')\n" +
        "newsmirror: run again with --verbose for the stack trace to put in the report\n",
    });
  });

  it("prints its stack, and its causes' stacks, with --verbose", () => {
    const { exitCode, text } = report(wrapped(bug), true);
    expect(exitCode).toBe(1);
    expect(text.split("\n")[0]).toBe(
      "newsmirror: internal error (please report it): Having trouble writing to './_site/index.html'",
    );
    expect(text).toMatch(STACK_LINE);
    expect(text).toContain("\n  caused by: TypeError: Cannot read properties of undefined (reading 'url')\n      at ");
  });

  it("shows only the first line of a long message", () => {
    expect(report(new Error("one\ntwo\nthree")).text.split("\n")[0]).toBe(
      "newsmirror: internal error (please report it): one",
    );
  });
});

describe("a file-system error a user can cause", () => {
  it.each([
    [
      systemError("ENOENT", "scandir", `${cwd}/content/news`),
      "cannot read content/news: no such file or folder; check the path",
    ],
    [
      systemError("EACCES", "open", `${cwd}/content/secret.md`),
      "cannot open content/secret.md: permission denied; check its permissions",
    ],
    [
      systemError("EPERM", "unlink", `${cwd}/_site/index.html`),
      "cannot write _site/index.html: operation not permitted; check its permissions, and that no other program holds it",
    ],
    [
      systemError("EROFS", "mkdir", "/mnt/cdrom/_site"),
      "cannot write /mnt/cdrom/_site: the file system is read-only; choose a folder on a writable disk",
    ],
    [systemError("ENOSPC", "write"), "cannot write: no space left on the disk; free some space and run again"],
    [
      systemError("ENOTDIR", "stat", `${cwd}/content/x.md/y`),
      "cannot read content/x.md/y: a part of the path is a file, not a folder; check the path",
    ],
    [
      systemError("EISDIR", "open", `${cwd}/content/site.json`),
      "cannot open content/site.json: is a folder where a file was expected; check the path",
    ],
    [
      systemError("EMFILE", "open", `${cwd}/content/a.md`),
      "cannot open content/a.md: too many open files; raise the limit (ulimit -n 4096) and run again",
    ],
    [
      systemError("ELOOP", "stat", `${cwd}/content/loop`),
      "cannot read content/loop: too many symbolic links; a link may point to itself; fix the link",
    ],
    [
      systemError("ENAMETOOLONG", "open", `${cwd}/content/${"a".repeat(300)}.md`),
      `cannot open content/${"a".repeat(300)}.md: the name is too long; use a shorter path`,
    ],
    [
      systemError("EBUSY", "rename", `${cwd}/_site.staging`, `${cwd}/_site`),
      "cannot write _site.staging (→ _site): busy (in use by another program, or a mount point); close what uses it, or choose another folder",
    ],
  ])("%s is one line naming the path and what to do, never internal error", (error, line) => {
    for (const thrown of [error, wrapped(error)]) {
      expect(report(thrown)).toEqual({ exitCode: 1, text: `newsmirror: ${line}\n` });
    }
  });

  it("adds the cause chain with --verbose, one error a line, with the system error's code, syscall and path", () => {
    const error = systemError("ENOSPC", "write", `${cwd}/_site/index.html`);
    const { text } = report(wrapped(error), true);
    expect(text).toBe(
      "newsmirror: cannot write _site/index.html: no space left on the disk; free some space and run again\n" +
        "  caused by: Error: Having trouble writing to './_site/index.html'\n" +
        `    caused by: Error: ENOSPC: failed, write '${cwd}/_site/index.html' (code ENOSPC, syscall write, path _site/index.html)\n`,
    );
    expect(text).not.toMatch(STACK_LINE);
  });

  it("an error code newsmirror does not know how to explain is a bug", () => {
    expect(report(systemError("EXDEV", "rename", "/a", "/b")).text).toMatch(
      /^newsmirror: internal error \(please report it\): EXDEV/,
    );
  });
});

describe("newsmirror's own errors", () => {
  it("are one line, with their exit code, also when Eleventy wrapped them", () => {
    expect(report(new NewsmirrorError("--port: 8080 is in use on 127.0.0.1; choose another with --port N"))).toEqual({
      exitCode: 1,
      text: "newsmirror: --port: 8080 is in use on 127.0.0.1; choose another with --port N\n",
    });
    expect(report(wrapped(new UsageError("--input contnet: no such folder")))).toEqual({
      exitCode: 2,
      text: "newsmirror: --input contnet: no such folder\n",
    });
  });

  it("show their whole cause chain with --verbose, each cause indented under the one it caused, no stack", () => {
    const busy = systemError("EBUSY", "rename", `${cwd}/_site.staging`, "/srv/_site");
    const cause = new TypeError("rename failed", { cause: busy });
    const error = new NewsmirrorError("cannot publish the site", { cause });
    expect(report(error).text).toBe("newsmirror: cannot publish the site\n");
    const { text } = report(error, true);
    expect(text).toBe(
      "newsmirror: cannot publish the site\n" +
        "  caused by: TypeError: rename failed\n" +
        `    caused by: Error: EBUSY: failed, rename '${cwd}/_site.staging' -> '/srv/_site' ` +
        "(code EBUSY, syscall rename, path _site.staging → /srv/_site)\n",
    );
    expect(text).not.toMatch(STACK_LINE);
  });

  it("name each cause's class, ours too", () => {
    const denied = systemError("EACCES", "open", `${cwd}/saved/a.jpg`);
    const cause = new ImportError("photo a.jpg cannot be read", { cause: denied });
    const error = new NewsmirrorError("saved/a.html: not imported", { cause });
    expect(report(wrapped(error), true)).toEqual({
      exitCode: 1,
      text:
        "newsmirror: saved/a.html: not imported\n" +
        "  caused by: ImportError: photo a.jpg cannot be read\n" +
        `    caused by: Error: EACCES: failed, open '${cwd}/saved/a.jpg' (code EACCES, syscall open, path saved/a.jpg)\n`,
    });
  });

  it("a flag given wrong is a usage error (exit 2), with node's parser error as its cause", () => {
    let error: unknown;
    try {
      parseArgs({ args: ["--ouput", "x"], options: { output: { type: "string" } } });
    } catch (parserError) {
      error = usageError("build", ["output"], parserError);
    }
    const line = "newsmirror: build: unknown option --ouput; did you mean --output? (newsmirror help build)\n";
    expect(report(error)).toEqual({ exitCode: 2, text: line });
    const { text } = report(error, true);
    expect(text.startsWith(`${line}  caused by: TypeError: Unknown option '--ouput'`)).toBe(true);
    expect(text).toMatch(/ \(code ERR_PARSE_ARGS_UNKNOWN_OPTION\)\n$/);
  });

  it("content problems are one line each and a count (exit 1)", () => {
    const error = new ContentError([
      {
        file: "content/site.json",
        line: 3,
        field: "sectionName",
        message: "unknown setting; did you mean `sectionNames`?",
      },
    ]);
    expect(report(wrapped(error))).toEqual({
      exitCode: 1,
      text: "content/site.json:3: sectionName: unknown setting; did you mean `sectionNames`?\nnewsmirror: 1 problem in content; nothing was written\n",
    });
  });
});

/** A real full disk: a 64 KiB tmpfs, mounted for the test (root can, as here and in CI; skipped where it cannot). */
function mountSmallDisk(): string {
  const dir = path.join(tempDir("newsmirror-full-"), "disk");
  mkdirSync(dir);
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { encoding: "utf8" });
  if (mounted.status !== 0) throw new Error(`mount ${dir}: ${mounted.stderr}`);
  return dir;
}

describe("a build onto a full disk, through the CLI", () => {
  it.skipIf(!canMount())("ends with one line saying the disk is full, and no stack trace", async () => {
    const disk = mountSmallDisk();
    try {
      const args = [
        "--input",
        SAMPLE_CONTENT,
        "--output",
        path.join(disk, "site"),
        "--image-cache",
        path.join(tempDir(), "cache"),
      ];
      const result = await runCli(["build", ...args, "--no-search"], { cwd: tempDir() });
      expect(result.status).toBe(1);
      // The build names the folder whose disk is full, and says what it left (src/pipeline/build.ts).
      expect(result.stderr).toMatch(
        /^newsmirror: the disk holding \S+site is full; nothing was written and the unfinished build was removed; free some space and build again\n$/,
      );
    } finally {
      spawnSync("umount", [disk]);
      rmdirSync(disk);
    }
  });
});
