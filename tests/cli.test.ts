import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, makeContent, spawnCli, tempDir } from "./helpers/site.ts";

describe("newsmirror new", () => {
  it("writes an article with valid front matter where its section belongs, and it builds", () => {
    const content = makeContent({});
    const { status, stdout } = spawnCli(["new", "Premier meets: \"delegates\"", "--section", "news/topnews", "--dateline", "BEIJING", "--input", content]);
    expect(status).toBe(0);
    const file = path.resolve(stdout.trim());
    expect(path.relative(content, file)).toBe(path.join("news", "topnews", "premier-meets-delegates.md"));
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^---\ntitle: 'Premier meets: "delegates"'\nupdated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00\nsource: Xinhua\ndateline: BEIJING\nsection: news\/topnews\nid: ("?)[0-9a-f]{24}\1\n---\n/);
    const out = tempDir();
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(0);
  });

  it("never overwrites an existing article", () => {
    const content = makeContent({});
    expect(spawnCli(["new", "Same", "--input", content]).status).toBe(0);
    const again = spawnCli(["new", "Same", "--input", content]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/same\.md: already exists/);
  });

  it("never writes over a file or through a symbolic link at its name, nor outside the content folder through a linked section folder", () => {
    const content = makeContent({});
    const elsewhere = tempDir();
    writeFileSync(path.join(elsewhere, "same.md"), "someone else's file\n");
    symlinkSync(path.join(elsewhere, "same.md"), path.join(content, "same.md"));
    const linked = spawnCli(["new", "Same", "--input", content]);
    expect(linked.status).toBe(1);
    expect(linked.stderr).toBe(`newsmirror: ${path.join(content, "same.md")}: already exists; choose another title\n`);
    expect(readFileSync(path.join(elsewhere, "same.md"), "utf8")).toBe("someone else's file\n");

    symlinkSync(elsewhere, path.join(content, "news"));
    const outside = spawnCli(["new", "Escape", "--section", "news", "--input", content]);
    expect(outside.stderr).toBe(`newsmirror: would write outside ${content}: ${path.join(content, "news/escape.md")} leads to ${path.join(elsewhere, "escape.md")} (a symbolic link)\n`);
    expect(outside.status).toBe(1);
    expect(readdirSync(elsewhere)).toEqual(["same.md"]);
  });

  it("refuses a section that is not a safe relative path", () => {
    const result = spawnCli(["new", "Escape", "--section", "../../etc", "--input", makeContent({})]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^newsmirror: --section: must be a relative path/);
  });
});

describe("the newsmirror command", () => {
  it("lists its commands with --help", () => {
    const { status, stdout } = spawnCli(["--help"]);
    expect(status).toBe(0);
    for (const name of ["build", "serve", "new"]) expect(stdout).toMatch(new RegExp(`^  ${name}\\s`, "m"));
  });

  it("exits 2 on an unknown command or option", () => {
    expect(spawnCli(["frobnicate"]).status).toBe(2);
    expect(spawnCli(["build", "--frobnicate"]).status).toBe(2);
  });

  it("exits cleanly when its reader closes the pipe early", () => {
    const result = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" --help | head -c 1`], { encoding: "utf8", timeout: 20_000 });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe("n");
  });
});
