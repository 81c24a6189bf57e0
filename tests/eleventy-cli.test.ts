/**
 * `.eleventy.ts` is newsmirror's table of contents and also a configuration
 * Eleventy's own CLI can run (with the defaults: ./content in, drafts out).
 * The article pages it writes are those of `newsmirror build`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { ROOT, SEED_PAGE, filesBelow, tempDir } from "./helpers/site.ts";

describe("Eleventy's own CLI with .eleventy.ts", () => {
  it("writes the sample site's pages as newsmirror build does", () => {
    const out = path.join(tempDir(), "site");
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const run = spawnSync(
      tsx,
      [path.join(ROOT, "node_modules/.bin/eleventy"), "--config=.eleventy.ts", `--output=${out}`, "--quiet"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    const sample = inject("sampleSite");
    for (const page of [SEED_PAGE, "culture/202108/05/exhibition-traces-the-ancient-tea-horse-road.html", "404.html"]) {
      expect(readFileSync(path.join(out, page), "utf8"), page).toBe(readFileSync(path.join(sample, page), "utf8"));
    }
    // The same files, less what only newsmirror's build adds (the search index, the site's marker, the fixity manifest).
    const ours = filesBelow(sample).filter(
      (file) => !file.startsWith("pagefind/") && file !== ".newsmirror-site" && file !== "manifest-sha256.txt",
    );
    expect(filesBelow(out)).toEqual(ours);
  });
});
