/**
 * The folders a command is given (`--input`, `--output`, import's paths)
 * are checked before it reads or writes anything: cases the table in
 * tests/helpers/bad-inputs.ts cannot hold (a folder that cannot be read, a
 * link loop, an empty content folder). Run in-process, as the CLI runs them.
 */
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/cli.ts";
import { errorReport } from "../src/error-report.ts";
import { validateContent } from "../src/plugins/context.ts";
import { runCli } from "./helpers/cli.ts";
import { tempDir } from "./helpers/site.ts";

/** A project folder with an empty `content/`, that any user may enter. */
function project(): string {
  const dir = tempDir("newsmirror-folders-");
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, "content"));
  return dir;
}

/**
 * Root reads any folder, whatever its mode: as root, the commands run as the
 * user `nobody` (the effective user id only, and only while they run), who
 * may not read what `chmod 000` locked. Vitest runs this file in a child
 * process of its own (the forks pool), where the id may be changed.
 */
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;
const canLock = !asRoot || typeof process.seteuid === "function";

async function runLockedOut(args: string[], cwd: string) {
  if (asRoot) process.seteuid!(NOBODY);
  try {
    const { status, stderr } = await runCli(args, { cwd });
    return { status, stderr };
  } finally {
    if (asRoot) process.seteuid!(0);
  }
}

describe("a folder given on the command line", () => {
  it.skipIf(!canLock)("that cannot be read stops the command in one line naming it", async () => {
    const dir = project();
    mkdirSync(path.join(dir, "locked"), { mode: 0o000 });
    writeFileSync(path.join(dir, "page.html"), "<html></html>");
    const cannot = (named: string) => ({
      status: 2,
      stderr: `newsmirror: ${named}: cannot be read (permission denied); check its permissions\n`,
    });
    expect(await runLockedOut(["build", "--input", "locked"], dir)).toEqual(cannot("--input locked"));
    expect(await runLockedOut(["check", "--output", "locked"], dir)).toEqual(cannot("--output locked"));
    expect(await runLockedOut(["import", "locked"], dir)).toEqual(cannot("import: locked"));
    expect(await runLockedOut(["import", "page.html", "--output", "locked"], dir)).toEqual(cannot("--output locked"));
  });

  it.skipIf(!canLock)("a saved page that cannot be read stops `import` before any page is imported", async () => {
    const dir = project();
    writeFileSync(path.join(dir, "locked.html"), "<html></html>", { mode: 0o000 });
    writeFileSync(path.join(dir, "readable.html"), "<html></html>");
    expect(await runLockedOut(["import", "readable.html", "locked.html"], dir)).toEqual({
      status: 2,
      stderr: "newsmirror: import: locked.html: cannot be read (permission denied); check its permissions\n",
    });
    expect(readdirSync(path.join(dir, "content"))).toEqual([]);
  });

  it("that is a symbolic link to itself names the link", async () => {
    const dir = project();
    symlinkSync("loop", path.join(dir, "loop"));
    // `serve` keeps running once started (runCli refuses it): it is called as main.ts calls it, and must stop first.
    const failure = await main(["serve", "--input", "loop"], dir).then(
      (exitCode) => ({ exitCode, text: "" }),
      (error: unknown) => errorReport(error, { verbose: false, cwd: dir }),
    );
    expect(failure).toEqual({
      exitCode: 2,
      text: "newsmirror: --input loop: cannot be read (too many symbolic links; a link may point to itself); fix the link\n",
    });
  });
});

describe("an empty content folder", () => {
  it("is a new site: it builds, with a warning that names the folder", async () => {
    const dir = project();
    const content = path.join(dir, "content");
    const { articles, warnings } = await validateContent({
      contentDir: content,
      displayRoot: dir,
      includeDrafts: false,
    });
    expect(articles).toBe(0);
    expect(warnings).toEqual([
      {
        file: "content",
        severity: "warning",
        message: "no articles (no .md files below it, or only drafts); check --input, or write one with newsmirror new",
      },
    ]);
  });
});
