import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recoverInterrupted } from "../src/output/staging.ts";
import { SYSTEM_FAILURES, fill } from "./helpers/bad-inputs.ts";
import { BIN, articleText, deadPid, makeContent, spawnCli, tempDir, treeSnapshot } from "./helpers/site.ts";

function manyArticles(count: number, version: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`news/a${i}.md`] = articleText({ title: `Article ${i}` }, `${version} ${"text ".repeat(200)}\n`);
  }
  return files;
}

describe("the published output", () => {
  it("is left byte-for-byte as it was by a failed build", () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }), "b.md": articleText({ title: "Beta" }) });
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(0);
    const before = treeSnapshot(out);
    writeFileSync(path.join(content, "c.md"), articleText({ title: "Gamma", datline: "X" }));
    writeFileSync(path.join(content, "b.md"), articleText({ title: "Beta", source: "Changed" }));
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(1);
    expect(treeSnapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["_site"]); // no staging folder left behind
  });

  it("is left byte-for-byte as it was by a build killed midway, and the next build cleans up and replaces it", async () => {
    const content = makeContent(manyArticles(300, "First"));
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(0);
    const before = treeSnapshot(out);
    expect(Object.keys(before).length).toBeGreaterThan(300);

    for (const [name, text] of Object.entries(manyArticles(300, "Second"))) writeFileSync(path.join(content, name), text);
    const child = spawn(process.execPath, [BIN, "build", "--input", content, "--output", out], { stdio: "ignore" });
    const staging = path.join(parent, `._site.staging-${child.pid}`);
    // Kill it once it has written some pages into its staging folder, before it could swap.
    const killedMidway = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        const pages = existsSync(path.join(staging, "202107/28")) ? readdirSync(path.join(staging, "202107/28")).length : 0;
        if (pages > 0) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve(true);
        }
      }, 5);
      child.on("exit", () => {
        clearInterval(timer);
        resolve(false);
      });
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on("exit", r)));
    expect(killedMidway).toBe(true);
    expect(treeSnapshot(out)).toEqual(before);
    expect(existsSync(staging)).toBe(true); // the killed build's half-written pages, never published

    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(0);
    expect(readdirSync(parent)).toEqual(["_site"]);
    const page = readdirSync(path.join(out, "202107/28")).find((n) => n.endsWith(".html"))!;
    expect(readFileSync(path.join(out, "202107/28", page), "utf8")).toContain("Second text");
  });

  it("is put back if a build died between moving the old site aside and moving the new one in", async () => {
    const parent = tempDir();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!; // a process id no longer running
    const retired = path.join(parent, `._site.retired-${dead}`);
    mkdirSync(retired);
    writeFileSync(path.join(retired, "index.html"), "old site");
    mkdirSync(path.join(parent, `._site.staging-${dead}`));
    await recoverInterrupted(path.join(parent, "_site"));
    expect(readdirSync(parent)).toEqual(["_site"]);
    expect(readFileSync(path.join(parent, "_site/index.html"), "utf8")).toBe("old site");
  });
});

/** Starts a build in the background; resolves with its exit code and output. */
function startBuild(args: string[]): { child: ChildProcess; done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, "build", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })),
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
  it("puts back the site a build killed between its two renames had moved aside, even when this build fails on content", () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect(spawnCli(["build", "--input", content, "--output", out, "--no-search"]).status).toBe(0);
    const before = treeSnapshot(out);
    // What SIGKILL between the renames leaves: the old site aside, the new one beside it, the lock of a dead process.
    const dead = deadPid();
    renameSync(out, path.join(parent, `._site.retired-${dead}`));
    mkdirSync(path.join(parent, `._site.staging-${dead}`));
    writeFileSync(path.join(parent, `._site.staging-${dead}/index.html`), "new, never published");
    writeFileSync(path.join(parent, "._site.lock"), JSON.stringify({ pid: dead, command: "build", startedAt: new Date().toISOString() }));

    writeFileSync(path.join(content, "bad.md"), articleText({ title: "Bad", datline: "X" }));
    const failed = spawnCli(["build", "--input", content, "--output", out, "--no-search"]);
    expect(failed.status).toBe(1);
    expect(treeSnapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["_site"]);
  });

  it("takes over the lock of a build that is no longer running", () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const parent = tempDir();
    writeFileSync(path.join(parent, "._site.lock"), JSON.stringify({ pid: deadPid(), command: "build", startedAt: new Date().toISOString() }));
    const result = spawnCli(["build", "--input", content, "--output", path.join(parent, "_site"), "--no-search"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(parent)).toEqual(["_site"]);
  });
});

describe("a build stopped by a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("removes its staging folder and lock on %s, exits %i, and leaves the site as it was", async (signal, code) => {
    const content = makeContent(manyArticles(150, "First"));
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect(spawnCli(["build", "--input", content, "--output", out, "--no-search"]).status).toBe(0);
    const before = treeSnapshot(out);
    for (const [name, text] of Object.entries(manyArticles(150, "Second"))) writeFileSync(path.join(content, name), text);

    const { child, done } = startBuild(["--input", content, "--output", out, "--no-search"]);
    const day = path.join(parent, `._site.staging-${child.pid}`, "202107/28");
    expect(await whenSeen(child, () => existsSync(day) && readdirSync(day).length > 0)).toBe(true);
    child.kill(signal);
    const result = await done;
    expect(result.status).toBe(code);
    expect(result.stderr).toBe(`${fill(SYSTEM_FAILURES.stopped.expected, { signal })}\n`);
    expect(treeSnapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["_site"]);
  });
});

describe("two builds into one folder", () => {
  it("run one after the other: the second waits, naming the first, and both succeed with a whole site", async () => {
    const content = makeContent(manyArticles(300, "Same"));
    const parent = tempDir();
    const out = path.join(parent, "_site");
    const args = ["--input", content, "--output", out, "--no-search", "--build-time", "2021-07-29T12:00:00+08:00"];
    // Started together: whichever locks the folder first holds it while it loads and writes 300 articles.
    const builds = [startBuild(args), startBuild(args)];
    const results = await Promise.all(builds.map((b) => b.done));
    expect(results.map((r) => r.status)).toEqual([0, 0]);
    const waited = results.findIndex((r) => r.stderr !== "");
    expect(waited).not.toBe(-1);
    expect(results[1 - waited]!.stderr).toBe("");
    const holder = builds[1 - waited]!.child.pid;
    const line = fill(SYSTEM_FAILURES.waiting.expected, { output: out, pid: String(holder), time: "TIME" }).replace(/[()]/g, "\\$&").replace("TIME", "\\d\\d:\\d\\d:\\d\\d");
    expect(results[waited]!.stderr).toMatch(new RegExp(`^${line}\n$`));
    expect(readdirSync(parent)).toEqual(["_site"]);
    const reference = path.join(tempDir(), "_site");
    expect(spawnCli(["build", ...args.slice(0, 2), "--output", reference, ...args.slice(4)]).status).toBe(0);
    expect(treeSnapshot(out)).toEqual(treeSnapshot(reference));
  });

  it("is refused while a dev server holds the folder (exit 2), and nothing is touched", () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const parent = tempDir();
    const startedAt = new Date().toISOString();
    writeFileSync(path.join(parent, "._site.lock"), JSON.stringify({ pid: process.pid, command: "serve", startedAt }));
    const before = treeSnapshot(parent);
    const result = spawnCli(["build", "--input", content, "--output", path.join(parent, "_site"), "--no-search"]);
    expect(result.stderr).toBe(
      `newsmirror: ${path.join(parent, "_site")} is in use by newsmirror serve (pid ${process.pid}, since ${clock(startedAt)}); stop it, or give --output another folder\n`,
    );
    expect(result.status).toBe(2);
    expect(treeSnapshot(parent)).toEqual(before);
  });
});
