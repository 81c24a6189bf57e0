/**
 * The folders a command is given (`--input`, `--output`, import's paths)
 * are checked before it reads or writes anything: cases the table in
 * tests/helpers/bad-inputs.ts cannot hold (a folder that cannot be read, a
 * link loop, an empty content folder). Run in-process, as the CLI runs them.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/cli.ts";
import { errorReport } from "../src/error-report.ts";
import { tempDir } from "./helpers/site.ts";

// Tests run as root here, and root reads any folder: a folder named `locked` stands for one this user may not read.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const refuse = (syscall: string, p: unknown) => Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(p)}'`), { code: "EACCES", errno: -13, syscall, path: String(p) });
  const opendirSync = ((p: string, ...rest: []) => {
    if (String(p).endsWith("/locked")) throw refuse("opendir", p);
    return fs.opendirSync(p, ...rest);
  }) as typeof fs.opendirSync;
  const openSync = ((p: string, ...rest: [string]) => {
    if (String(p).endsWith("/locked.html")) throw refuse("open", p);
    return fs.openSync(p, ...rest);
  }) as typeof fs.openSync;
  return { ...fs, opendirSync, openSync, default: { ...fs, opendirSync, openSync } };
});

async function run(args: string[], cwd: string) {
  return main(args, cwd).then(
    (exitCode) => ({ exitCode, text: "" }),
    (error: unknown) => errorReport(error, { verbose: false, cwd }),
  );
}

function project(): string {
  const dir = tempDir("newsmirror-folders-");
  mkdirSync(path.join(dir, "content"));
  return dir;
}

describe("a folder given on the command line", () => {
  it("that cannot be read stops the command in one line naming it", async () => {
    const dir = project();
    mkdirSync(path.join(dir, "locked"));
    expect(await run(["build", "--input", "locked"], dir)).toEqual({ exitCode: 2, text: "newsmirror: --input locked: cannot be read (permission denied); check its permissions\n" });
    expect(await run(["check", "--output", "locked"], dir)).toEqual({ exitCode: 2, text: "newsmirror: --output locked: cannot be read (permission denied); check its permissions\n" });
    expect(await run(["import", "locked"], dir)).toEqual({ exitCode: 2, text: "newsmirror: import: locked: cannot be read (permission denied); check its permissions\n" });
    writeFileSync(path.join(dir, "page.html"), "<html></html>");
    expect(await run(["import", "page.html", "--out", "locked"], dir)).toEqual({ exitCode: 2, text: "newsmirror: --out locked: cannot be read (permission denied); check its permissions\n" });
  });

  it("a saved page that cannot be read stops `import` before any page is imported", async () => {
    const dir = project();
    writeFileSync(path.join(dir, "locked.html"), "<html></html>");
    expect(await run(["import", "locked.html"], dir)).toEqual({ exitCode: 2, text: "newsmirror: import: locked.html: cannot be read (permission denied); check its permissions\n" });
  });

  it("that is a symbolic link to itself names the link", async () => {
    const dir = project();
    symlinkSync("loop", path.join(dir, "loop"));
    expect(await run(["serve", "--input", "loop"], dir)).toEqual({
      exitCode: 2,
      text: "newsmirror: --input loop: cannot be read (too many symbolic links; a link may point to itself); fix the link\n",
    });
  });
});

describe("an empty content folder", () => {
  it("is a new site: it builds, with a warning that names the folder", async () => {
    const { validateContent } = await import("../src/pipeline/build.ts");
    const dir = project();
    const content = path.join(dir, "content");
    const { articles, warnings } = await validateContent({ contentDir: content, displayRoot: dir, includeDrafts: false });
    expect(articles).toBe(0);
    expect(warnings).toEqual([
      { file: "content", severity: "warning", message: "no articles (no .md files below it, or only drafts); check --input, or write one with newsmirror new" },
    ]);
  });
});
