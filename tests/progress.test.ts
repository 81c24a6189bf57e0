/** Build progress: on a terminal after two seconds; off a terminal, one summary line only. */
import { describe, expect, it } from "vitest";
import { terminalProgress } from "../src/cli/progress.ts";
import { SAMPLE_CONTENT, spawnCli, tempDir } from "./helpers/site.ts";
import path from "node:path";

describe("build progress", () => {
  it("stays quiet for two seconds, then shows pages written of the total, and erases itself", () => {
    let out = "";
    let clock = 0;
    const progress = terminalProgress({ write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream, () => clock);
    progress.total(4000);
    for (let i = 0; i < 100; i++, clock += 10) progress.page();
    expect(out).toBe(""); // a one-second build shows nothing
    clock = 2500;
    for (let i = 0; i < 1134; i++) progress.page();
    expect(out).toBe("\r\x1b[Knewsmirror: writing pages 101 of 4,000"); // redrawn at most ten times a second
    clock = 2600;
    progress.page();
    expect(out).toContain("\r\x1b[Knewsmirror: writing pages 1,235 of 4,000");
    progress.step("search index, bundle 1 of 3");
    expect(out.endsWith("\r\x1b[Knewsmirror: search index, bundle 1 of 3")).toBe(true); // at once, not throttled
    progress.page();
    expect(out.endsWith("bundle 1 of 3")).toBe(true);
    progress.done();
    expect(out.endsWith("\r\x1b[K")).toBe(true);
  });

  it("prints the summary line and no progress when not on a terminal", () => {
    const result = spawnCli(["build", "--input", SAMPLE_CONTENT, "--output", path.join(tempDir(), "site")]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^newsmirror: built \d+ pages \(\d+ articles\) in \d+\.\d\d s, \d+ pages\/s → \S+\n/);
    // No progress drawing off a terminal: every line is a whole line.
    expect(result.stdout).not.toMatch(/\r|\x1b|writing pages/);
  });
});
