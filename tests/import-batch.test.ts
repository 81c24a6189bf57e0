import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importPages, listInputs } from "../src/import/batch.ts";
import { loadSettings } from "../src/site/settings.ts";
import { tempDir } from "./helpers/site.ts";

const page = (title: string, date: string, body: string) => `App\n${title}\nUpdated: ${date} 07:01 Xinhua\n${body}\n`;

async function importDir(dir: string, out: string, force = false) {
  const inputs = await listInputs([dir], dir);
  return importPages({ inputs, outDir: out, displayRoot: out, settings: loadSettings(out), force });
}

describe("importing pages without an id", () => {
  it("gives two articles with the same title two files, and --force never replaces the other one", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.txt"), page("Premier's schedule", "July 28, 2021", "Monday's meetings."));
    writeFileSync(path.join(dir, "b.txt"), page("Premier's schedule", "July 29, 2021", "Tuesday's meetings."));
    const out = tempDir();
    const first = await importDir(dir, out);
    expect(first.map((o) => [o.status, "file" in o ? o.file : ""])).toEqual([
      ["imported", "premiers-schedule.md"],
      ["imported", "premiers-schedule-2.md"],
    ]);
    const again = await importDir(dir, out, true);
    expect(again.map((o) => [o.status, "file" in o ? o.file : ""])).toEqual([
      ["imported", "premiers-schedule.md"],
      ["imported", "premiers-schedule-2.md"],
    ]);
    expect(readdirSync(out).sort()).toEqual(["premiers-schedule-2.md", "premiers-schedule.md"]);
    expect(readFileSync(path.join(out, "premiers-schedule-2.md"), "utf8")).toContain("Tuesday's meetings.");
  });

  it("skips a second copy of the same page in one batch", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "copy"));
    writeFileSync(path.join(dir, "a.txt"), page("Same", "July 28, 2021", "Text."));
    writeFileSync(path.join(dir, "copy/a.txt"), page("Same", "July 28, 2021", "Text."));
    const outcomes = await importDir(dir, tempDir());
    expect(outcomes.map((o) => o.status)).toEqual(["imported", "skipped"]);
    expect(outcomes[1]).toMatchObject({ reason: `same page as ${path.join(dir, "a.txt")}, imported just before` });
  });
});
