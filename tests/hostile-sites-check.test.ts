/**
 * What the build accepts, `newsmirror check` accepts (issue 13): the hostile
 * sites of tests/fixtures/hostile/ (raw HTML with photos and forged ids,
 * remote photos under their own CSP, bodies full of control characters)
 * build, and check finds nothing wrong with the result, under a base path
 * and at the root. A build that exits 0 and a check that then fails would
 * leave a user not knowing which to believe.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { buildFixture } from "./helpers/hostile.ts";
import { tempDir } from "./helpers/site.ts";

const CASES: [fixture: string, baseUrl: string][] = [
  ["raw-html", "https://example.org/mirror/"],
  ["remote-photos", "https://english.www.gov.cn/"],
  ["xml-controls", "https://example.org/mirror/"],
];

describe("hostile sites the build accepts", () => {
  const imageCache = tempDir("newsmirror-cache-");
  it.each(CASES)(
    "%s (base URL %s) passes newsmirror check",
    async (fixture, baseUrl) => {
      const built = await buildFixture(fixture, { settings: { baseUrl }, imageCache });
      expect(built.status, built.stderr).toBe(0);
      const checked = await runCli(["check", "--input", built.content, "--output", built.out]);
      expect(checked.stdout + checked.stderr).toMatch(/pages valid, every internal link and image found/);
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    },
    120_000,
  );
});
