import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { onStopSignals, recoverInterrupted } from "../src/output/staging.ts";
import { SYSTEM_FAILURES, fill } from "./helpers/bad-inputs.ts";
import { runCli } from "./helpers/cli.ts";
import { BIN, articleText, deadPid, makeContent, tempDir, treeSnapshot } from "./helpers/site.ts";

function manyArticles(count: number, version: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`news/a${i}.md`] = articleText({ title: `Article ${i}` }, `${version} ${"text ".repeat(200)}\n`);
  }
  return files;
}

/** `newsmirror build` in this process, without the search index. */
function build(content: string, out: string, ...extra: string[]) {
  return runCli(["build", "--input", content, "--output", out, "--no-search", ...extra], { cwd: tempDir() });
}

describe("the published output", () => {
  it("is left byte-for-byte as it was by a failed build", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }), "b.md": articleText({ title: "Beta" }) });
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect((await build(content, out)).status).toBe(0);
    const before = treeSnapshot(out);
    writeFileSync(path.join(content, "c.md"), articleText({ title: "Gamma", datline: "X" }));
    writeFileSync(path.join(content, "b.md"), articleText({ title: "Beta", source: "Changed" }));
    expect((await build(content, out)).status).toBe(1);
    expect(treeSnapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["_site"]); // no staging folder left behind
  });

  it("is put back if a build died between moving the old site aside and moving the new one in", async () => {
    const parent = tempDir();
    const dead = deadPid();
    const retired = path.join(parent, `._site.retired-${dead}`);
    mkdirSync(retired);
    writeFileSync(path.join(retired, "index.html"), "old site");
    mkdirSync(path.join(parent, `._site.staging-${dead}`));
    await recoverInterrupted(path.join(parent, "_site"));
    expect(readdirSync(parent)).toEqual(["_site"]);
    expect(readFileSync(path.join(parent, "_site/index.html"), "utf8")).toBe("old site");
  });
});

/** Starts the real binary's build in the background; resolves with its exit code and output. */
function startBuild(args: string[]): { child: ChildProcess; done: Promise<{ status: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, "build", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<{ status: number | null; stderr: string }>((resolve) =>
    child.on("close", (status) => resolve({ status, stderr })),
  );
  return { child, done };
}

/** Resolves once `test` holds, checking every few milliseconds; false if the process ended first. */
function whenSeen(child: ChildProcess, test: () => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (test()) {
        clearInterval(timer);
        resolve(true);
      }
    }, 5);
    child.on("exit", () => {
      clearInterval(timer);
      resolve(false);
    });
  });
}

/** The local time a lock line shows, e.g. 17:53:01. */
const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

describe("a build that finds what an earlier one left", () => {
  it("puts back the site a build killed between its two renames had moved aside, even when this one fails", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect((await build(content, out)).status).toBe(0);
    const before = treeSnapshot(out);
    // What SIGKILL between the renames leaves: the old site aside, the new one beside it, the lock of a dead process.
    const dead = deadPid();
    renameSync(out, path.join(parent, `._site.retired-${dead}`));
    mkdirSync(path.join(parent, `._site.staging-${dead}`));
    writeFileSync(path.join(parent, `._site.staging-${dead}/index.html`), "new, never published");
    writeFileSync(
      path.join(parent, "._site.lock"),
      JSON.stringify({ pid: dead, command: "build", startedAt: new Date().toISOString() }),
    );

    writeFileSync(path.join(content, "bad.md"), articleText({ title: "Bad", datline: "X" }));
    const failed = await build(content, out);
    expect(failed.status).toBe(1);
    expect(treeSnapshot(out)).toEqual(before);
    expect(readdirSync(parent).filter((name) => name !== "._site.spare")).toEqual(["_site"]); // the spare: the site before
  });

  it("takes over the lock of a build no longer running, removes the pages it half wrote, and publishes", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect((await build(content, out)).status).toBe(0);
    // What SIGKILL while pages are written leaves: the site as it was, a staging folder, the lock of a dead process.
    const dead = deadPid();
    mkdirSync(path.join(parent, `._site.staging-${dead}/202107/28`), { recursive: true });
    writeFileSync(path.join(parent, `._site.staging-${dead}/202107/28/alpha.html`), "half a page");
    const lock = { pid: dead, command: "build", startedAt: new Date().toISOString() };
    writeFileSync(path.join(parent, "._site.lock"), JSON.stringify(lock));
    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha" }, "Second text.\n"));
    const result = await build(content, out);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(readdirSync(parent).filter((name) => name !== "._site.spare")).toEqual(["_site"]); // the spare: the site before
    expect(readFileSync(path.join(out, "202107/28/alpha.html"), "utf8")).toContain("Second text.");
  });
});

describe("a build stopped by a signal", () => {
  it("removes its staging folder and lock on SIGINT (Ctrl-C), exits 130, and leaves the site as it was", async () => {
    const content = makeContent(manyArticles(150, "First"));
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect((await build(content, out)).status).toBe(0);
    const before = treeSnapshot(out);
    for (const [name, text] of Object.entries(manyArticles(150, "Second")))
      writeFileSync(path.join(content, name), text);

    // The real binary, stopped midway: once it has written some pages into its staging folder, before it could swap.
    const cache = path.join(tempDir(), "cache");
    const { child, done } = startBuild(["--input", content, "--output", out, "--no-search", "--image-cache", cache]);
    const day = path.join(parent, `._site.staging-${child.pid}`, "202107/28");
    expect(await whenSeen(child, () => existsSync(day) && readdirSync(day).length > 0)).toBe(true);
    child.kill("SIGINT");
    const result = await done;
    expect(result.status).toBe(130);
    expect(result.stderr).toBe(`${fill(SYSTEM_FAILURES.stopped.expected, { signal: "SIGINT" })}\n`);
    expect(treeSnapshot(out)).toEqual(before);
    expect(readdirSync(parent).filter((name) => name !== "._site.spare")).toEqual(["_site"]); // the spare: the site before
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)(
    "on %s, cleans up first, then ends the process with exit code %i (as a shell shows it)",
    (signal, code) => {
      const others = process.listeners(signal);
      const cleaned: string[] = [];
      const stopHandlers = onStopSignals((stopped) => cleaned.push(stopped));
      const exit = vi.spyOn(process, "exit").mockImplementation((exitCode) => {
        throw new Error(`exit ${exitCode}`);
      });
      try {
        const handlers = process.listeners(signal).filter((listener) => !others.includes(listener));
        expect(handlers).toHaveLength(1);
        expect(() => handlers[0]!(signal)).toThrow(`exit ${code}`);
        expect(cleaned).toEqual([signal]);
      } finally {
        exit.mockRestore();
        stopHandlers();
      }
      expect(process.listeners(signal)).toEqual(others);
    },
  );
});

describe("two builds into one folder", () => {
  it("run one after the other: the second waits, naming the first, and both succeed with a whole site", async () => {
    const content = makeContent(manyArticles(3, "Same"));
    const parent = tempDir();
    const out = path.join(parent, "_site");
    // Started together: whichever locks the folder first holds it while it loads and writes the articles.
    const time = ["--build-time", "2021-07-29T12:00:00+08:00"];
    const results = await Promise.all([build(content, out, ...time), build(content, out, ...time)]);
    expect(results.map((r) => r.status)).toEqual([0, 0]);
    const waited = results.findIndex((r) => r.stderr !== "");
    expect(waited).not.toBe(-1);
    expect(results[1 - waited]!.stderr).toBe("");
    const line = fill(SYSTEM_FAILURES.waiting.expected, { output: out, pid: String(process.pid), time: "TIME" })
      .replace(/[()]/g, "\\$&")
      .replace("TIME", "\\d\\d:\\d\\d:\\d\\d");
    expect(results[waited]!.stderr).toMatch(new RegExp(`^${line}\n$`));
    expect(readdirSync(parent).filter((name) => name !== "._site.spare")).toEqual(["_site"]); // the spare: the site before
    const reference = path.join(tempDir(), "_site");
    expect((await build(content, reference, ...time)).status).toBe(0);
    expect(treeSnapshot(out)).toEqual(treeSnapshot(reference));
  });

  it("is refused while a dev server holds the folder (exit 2), and nothing is touched", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const parent = tempDir();
    const startedAt = new Date().toISOString();
    writeFileSync(path.join(parent, "._site.lock"), JSON.stringify({ pid: process.pid, command: "serve", startedAt }));
    const before = treeSnapshot(parent);
    const result = await build(content, path.join(parent, "_site"));
    expect(result.stderr).toBe(
      `newsmirror: ${path.join(parent, "_site")} is in use by newsmirror serve (pid ${process.pid}, since ${clock(startedAt)}); stop it, or give --output another folder\n`,
    );
    expect(result.status).toBe(2);
    expect(treeSnapshot(parent)).toEqual(before);
  });
});
