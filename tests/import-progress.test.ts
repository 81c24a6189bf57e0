import { describe, expect, it } from "vitest";
import { Progress } from "../src/cli/commands/import.ts";
import type { ImportOutcome } from "../src/import/batch.ts";

const input = (name: string) => ({ shown: name, absolute: `/x/${name}`, location: name });
const OUTCOMES: ImportOutcome[] = [
  { status: "imported", input: input("a.html"), file: "content/a.md", replaced: false, warnings: [] },
  {
    status: "skipped",
    input: input("b.html"),
    file: "content/b.md",
    reason: "already there: content/b.md (--force replaces it)",
    warnings: [],
  },
  { status: "failed", input: input("c.html"), reason: "no such file", warnings: ["a warning"] },
];

function run(tty: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const progress = new Progress(OUTCOMES.length, {
    out: { write: (t: string) => out.push(t) },
    err: { write: (t: string) => err.push(t) },
    tty,
  });
  for (const outcome of OUTCOMES) progress.report(outcome);
  progress.done();
  return { out: out.join(""), err: err.join("") };
}

describe("import progress", () => {
  it("writes one plain line per page when not on a terminal", () => {
    const { out, err } = run(false);
    expect(out).toBe(
      "imported a.html → content/a.md\nskipped  b.html: already there: content/b.md (--force replaces it)\n",
    );
    expect(err).toBe("failed   c.html: no such file\nwarning  c.html: a warning\n");
    expect(out + err).not.toContain("\r");
  });

  it("on a terminal, redraws a counting bar and prints only skipped and failed pages above it", () => {
    const { out, err } = run(true);
    expect(out).toContain("[##########--------------------] 1/3  imported 1, skipped 0, failed 0");
    expect(out).toContain("[##############################] 3/3  imported 1, skipped 1, failed 1");
    expect(out).not.toContain("imported a.html");
    expect(out).toContain("skipped  b.html");
    expect(err).toBe("failed   c.html: no such file\nwarning  c.html: a warning\n");
    expect(out.endsWith("\r\x1b[2K")).toBe(true);
  });
});
