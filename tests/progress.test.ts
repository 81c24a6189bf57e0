/** Build progress: on a terminal after two seconds; off a terminal, one summary line only. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { terminalProgress } from "../src/cli/progress.ts";
import { build } from "../src/pipeline/build.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, makeContent, tempDir } from "./helpers/site.ts";

describe("build progress", () => {
  it("stays quiet for two seconds, then shows pages written of the total, and erases itself", () => {
    let out = "";
    let clock = 0;
    const progress = terminalProgress(
      {
        write: (s: string) => {
          out += s;
          return true;
        },
      },
      () => clock,
    );
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

  it("is told the total and every page the build writes, then the search index", async () => {
    const told = { total: [] as number[], pages: 0, steps: [] as string[] };
    const report = await build({
      contentDir: makeContent({ "a.md": articleText({ title: "Alpha" }), "b.md": articleText({ title: "Beta" }) }),
      displayRoot: tempDir(),
      includeDrafts: false,
      imageCacheDir: path.join(tempDir(), "cache"),
      outputDir: path.join(tempDir(), "site"),
      progress: {
        total: (pages) => told.total.push(pages),
        page: (count = 1) => (told.pages += count),
        step: (text) => told.steps.push(text),
      },
    });
    expect(told).toEqual({
      total: [report.pagesWritten],
      pages: report.pagesWritten,
      steps: ["search index (2 articles)"],
    });
  });

  it("on a terminal, stays off for a build of under two seconds: the summary line alone", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    const args = ["build", "--input", content, "--output", path.join(tempDir(), "site"), "--no-search"];
    const result = await runCli(args, { cwd: tempDir(), tty: true });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      /^newsmirror: full build \(no earlier site in \S+\)\nnewsmirror: built \d+ pages \(1 article\) in \d+\.\d\d s, \d+ pages\/s → \S+\nnewsmirror: to preview it: npx newsmirror preview --output \S+\n$/,
    );
  });
});
