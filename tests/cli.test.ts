import { spawn } from "node:child_process";
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { BIN, makeContent, ROOT, tempDir } from "./helpers/site.ts";

describe("newsmirror new", () => {
  it("writes an article with valid front matter where its section belongs, and it builds", async () => {
    const content = makeContent({});
    const args = [
      'Premier meets: "delegates"',
      "--section",
      "news/topnews",
      "--dateline",
      "BEIJING",
      "--input",
      content,
    ];
    const { status, stdout } = await runCli(["new", ...args]);
    expect(status).toBe(0);
    const file = path.resolve(stdout.trim());
    expect(path.relative(content, file)).toBe(path.join("news", "topnews", "premier-meets-delegates.md"));
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(
      new RegExp(
        String.raw`^---\ntitle: 'Premier meets: "delegates"'\nupdated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00\n` +
          String.raw`source: Xinhua\ndateline: BEIJING\nsection: news/topnews\nid: ("?)[0-9a-f]{24}\1\n---\n`,
      ),
    );
    const build = await runCli(["build", "--input", content, "--output", tempDir(), "--no-search"], { cwd: tempDir() });
    expect([build.status, build.stderr]).toEqual([0, ""]);
  });

  it("never overwrites an existing article", async () => {
    const content = makeContent({});
    expect((await runCli(["new", "Same", "--input", content])).status).toBe(0);
    const again = await runCli(["new", "Same", "--input", content]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/same\.md: already exists/);
  });

  it("never writes over a file or through a symbolic link at its name, nor outside the content folder through a linked section folder", async () => {
    const content = makeContent({});
    const elsewhere = tempDir();
    writeFileSync(path.join(elsewhere, "same.md"), "someone else's file\n");
    symlinkSync(path.join(elsewhere, "same.md"), path.join(content, "same.md"));
    const linked = await runCli(["new", "Same", "--input", content]);
    expect(linked.status).toBe(1);
    expect(linked.stderr).toBe(`newsmirror: ${path.join(content, "same.md")}: already exists; choose another title\n`);
    expect(readFileSync(path.join(elsewhere, "same.md"), "utf8")).toBe("someone else's file\n");

    symlinkSync(elsewhere, path.join(content, "news"));
    const outside = await runCli(["new", "Escape", "--section", "news", "--input", content]);
    const escaped = path.join(content, "news/escape.md");
    const target = path.join(elsewhere, "escape.md");
    expect(outside.stderr).toBe(
      `newsmirror: would write outside ${content}: ${escaped} leads to ${target} (a symbolic link)\n`,
    );
    expect(outside.status).toBe(1);
    expect(readdirSync(elsewhere)).toEqual(["same.md"]);
  });

  it("refuses a section that is not a safe relative path", async () => {
    const result = await runCli(["new", "Escape", "--section", "../../etc", "--input", makeContent({})]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^newsmirror: --section: must be a relative path/);
  });
});

describe("the newsmirror command", () => {
  it("lists its commands with --help", async () => {
    const { status, stdout } = await runCli(["--help"]);
    expect(status).toBe(0);
    for (const name of ["build", "serve", "new"]) expect(stdout).toMatch(new RegExp(`^  ${name}\\s`, "m"));
  });

  it("exits 2 on an unknown command or option", async () => {
    const command = await runCli(["frobnicate"]);
    expect([command.status, command.stderr]).toEqual([
      2,
      expect.stringMatching(/^newsmirror: unknown command "frobnicate"\n/),
    ]);
    const option = await runCli(["build", "--frobnicate"]);
    const lines = option.stderr.split("\n").filter(Boolean);
    expect([option.status, lines]).toEqual([
      2,
      [expect.stringMatching(/^newsmirror: build: unknown option --frobnicate/)],
    ]);
  });
});

describe("the newsmirror process", () => {
  it("ends quietly with exit 0 when its reader closes the pipe before it writes (`newsmirror help | head -0`)", async () => {
    // Our end of stdout is closed at once; the binary's first write then meets EPIPE (src/cli/main.ts).
    const child = spawn(process.execPath, [BIN, "help", "build"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
