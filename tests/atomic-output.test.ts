import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recoverInterrupted } from "../src/build/output.ts";
import { BIN, articleText, makeContent, runCli, tempDir } from "./helpers/site.ts";

/** Every file below a folder with the SHA-256 of its bytes: equal snapshots mean byte-for-byte equal trees. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash("sha256").update(readFileSync(file)).digest("hex");
  }
  return out;
}

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
    expect(runCli(["build", "--input", content, "--output", out]).status).toBe(0);
    const before = snapshot(out);
    writeFileSync(path.join(content, "c.md"), articleText({ title: "Gamma", datline: "X" }));
    writeFileSync(path.join(content, "b.md"), articleText({ title: "Beta", source: "Changed" }));
    expect(runCli(["build", "--input", content, "--output", out]).status).toBe(1);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["_site"]); // no staging folder left behind
  });

  it("is left byte-for-byte as it was by a build killed midway, and the next build cleans up and replaces it", async () => {
    const content = makeContent(manyArticles(300, "First"));
    const parent = tempDir();
    const out = path.join(parent, "_site");
    expect(runCli(["build", "--input", content, "--output", out]).status).toBe(0);
    const before = snapshot(out);
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
    expect(snapshot(out)).toEqual(before);
    expect(existsSync(staging)).toBe(true); // the killed build's half-written pages, never published

    expect(runCli(["build", "--input", content, "--output", out]).status).toBe(0);
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
