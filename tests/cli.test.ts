import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { COMMANDS } from "../src/cli/cli.ts";
import { articleText, BIN, filesBelow, makeContent, ROOT, tempDir } from "./helpers/site.ts";

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
          String.raw`source: Xinhua\ndateline: BEIJING\nsection: news/topnews\nid: ("?)[0-9a-f]{24}\1\ndraft: true\n---\n`,
      ),
    );
    // A draft: the dev server and --drafts show it; a production build leaves it out until the line goes.
    const site = tempDir();
    const drafts = await runCli(["build", "--input", content, "--output", site, "--no-search", "--drafts"], {
      cwd: tempDir(),
    });
    expect([drafts.status, drafts.stderr]).toEqual([0, ""]);
    expect(drafts.stdout).toContain("(1 article)");
    writeFileSync(file, text.replace("draft: true\n", ""));
    const published = await runCli(["build", "--input", content, "--output", site, "--no-search"], { cwd: tempDir() });
    expect([published.status, published.stderr]).toEqual([0, ""]);
    expect(published.stdout).toContain("(1 article)");
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
    expect(result.stderr).toMatch(/^newsmirror: --section: .*must be a relative path/);
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
      expect.stringMatching(/^newsmirror: unknown command "frobnicate" \(newsmirror help lists them\)\n$/),
    ]);
    const option = await runCli(["build", "--frobnicate"]);
    const lines = option.stderr.split("\n").filter(Boolean);
    expect([option.status, lines]).toEqual([
      2,
      [expect.stringMatching(/^newsmirror: build: unknown option --frobnicate/)],
    ]);
  });
});

describe("the command line's conventions (Hugo's and Eleventy's)", () => {
  const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

  it("prints the version with --version, alone or after a command", async () => {
    for (const args of [["--version"], ["build", "--version"]]) {
      expect(await runCli(args)).toMatchObject({ status: 0, stdout: `newsmirror ${version}\n`, stderr: "" });
    }
  });

  it.each(COMMANDS.map((command) => [command.name, command] as const))(
    "%s: its usage names exactly its options, and its help ends with examples that parse",
    async (_name, command) => {
      const internal = ["builder"]; // serve's own builder process, not for users
      const options = Object.keys(command.options)
        .filter((o) => !internal.includes(o))
        .sort();
      // The synopsis (the lines before the first option's) and the option list each name every option, no other.
      const lines = command.usage.split("\n");
      const firstOption = lines.findIndex((line) => /^ {2}(-|[A-Z])/.test(line));
      const flags = (text: string) => [...new Set([...text.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!))].sort();
      expect(flags(lines.slice(0, firstOption).join("\n"))).toEqual(options.filter((o) => o !== "out"));
      const listed = lines.slice(firstOption).flatMap((line) => /^ {2}--([a-z][a-z-]*)/.exec(line)?.[1] ?? []);
      expect(listed.sort()).toEqual(options.filter((o) => o !== "out"));
      // An old name is told in its new name's line.
      if ("out" in command.options) expect(command.usage).toMatch(/--output DIR .*--out, its old name/);
      const help = await runCli(["help", command.name]);
      expect(help.status).toBe(0);
      expect(help.stdout).toBe((await runCli([command.name, "--help"])).stdout);
      expect(help.stdout).toMatch(/\n\nExamples:\n {2}newsmirror /);
      expect(command.examples.length).toBeGreaterThan(0);
      for (const { line } of command.examples) {
        const words = [...line.matchAll(/"[^"]*"|\S+/g)].map((m) => m[0].replace(/^"|"$/g, ""));
        expect(words.slice(0, 2)).toEqual(["newsmirror", command.name]);
        const { positionals } = parseArgs({ args: words.slice(2), options: command.options, allowPositionals: true });
        expect(positionals.length).toBeLessThanOrEqual(command.takesArguments ? Infinity : 0);
      }
    },
  );

  it("suggests the nearest command, in a command line and after help", async () => {
    expect(await runCli(["biuld"])).toMatchObject({
      status: 2,
      stderr: 'newsmirror: unknown command "biuld"; did you mean build? (newsmirror help lists them)\n',
    });
    expect(await runCli(["help", "chek"])).toMatchObject({
      status: 2,
      stderr: 'newsmirror: help: unknown command "chek"; did you mean check? (newsmirror help lists them)\n',
    });
    expect((await runCli(["help", "bogus"])).status).toBe(2);
  });

  it("refuses an argument a command does not take, before reading or writing anything", async () => {
    const content = makeContent({ "a.md": articleText() });
    const out = path.join(tempDir(), "site");
    const extra = await runCli(["build", "--input", content, "--output", out, "public"]);
    expect([extra.status, extra.stderr]).toEqual([
      2,
      'newsmirror: build: unexpected argument "public"; did you mean --output public? (newsmirror help build)\n',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("builds for another address with --base-url, and a build without it again is a full one that says so", async () => {
    const content = makeContent({ "site.json": '{"baseUrl": "https://news.example.org/"}', "a.md": articleText() });
    const out = path.join(tempDir(), "site");
    const cache = path.join(tempDir(), "cache");
    const build = (...more: string[]) =>
      runCli(["build", "--input", content, "--output", out, "--build-cache", cache, "--no-search", ...more]);
    const canonical = () =>
      filesBelow(out, { endingWith: ".html" })
        .map((file) => readFileSync(path.join(out, file), "utf8"))
        .flatMap((html) => [...html.matchAll(/<link rel="canonical" href="([^"]+)"/g)].map((m) => m[1]!));
    expect((await build("--base-url", "https://preview-42.example.org/news")).status).toBe(0);
    expect(canonical().length).toBeGreaterThan(0);
    for (const url of canonical()) expect(url).toMatch(/^https:\/\/preview-42\.example\.org\/news\//);
    const again = await build();
    expect(again.stdout).toContain(
      "full build (the base URL changed (https://preview-42.example.org/news/ → https://news.example.org/))",
    );
    for (const url of canonical()) expect(url).toMatch(/^https:\/\/news\.example\.org\//);
    expect((await build()).stdout).toContain("incremental build: 0 articles changed");
  });

  it("imports with --output, and with --out, its old name", async () => {
    const saved = makeContent({
      "page.txt": readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8"),
    });
    for (const flag of ["--output", "--out"]) {
      const into = path.join(tempDir(), "content");
      const run = await runCli(["import", path.join(saved, "page.txt"), flag, into]);
      expect([run.status, run.stdout]).toEqual([0, expect.stringContaining("imported 1, skipped 0, failed 0")]);
      expect(filesBelow(into, { endingWith: ".md" })).toHaveLength(1);
    }
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
