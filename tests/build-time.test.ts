import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveBuildTime } from "../src/cli/build-time.ts";
import { NewsmirrorError } from "../src/errors.ts";
import { runCli } from "./helpers/cli.ts";
import { tempDir } from "./helpers/site.ts";

describe("the build time (the news sitemap's 'now')", () => {
  it("is the --build-time flag when given", () => {
    expect(resolveBuildTime("2021-07-29T12:00:00+08:00", { SOURCE_DATE_EPOCH: "0" })).toBe(
      Date.parse("2021-07-29T04:00:00Z"),
    );
  });

  it("else SOURCE_DATE_EPOCH, in seconds", () => {
    expect(resolveBuildTime(undefined, { SOURCE_DATE_EPOCH: "1627531200" })).toBe(1627531200_000);
  });

  it("else the real time", () => {
    expect(resolveBuildTime(undefined, {}, 42)).toBe(42);
  });

  it("refuses a time without an offset or a malformed epoch", () => {
    expect(() => resolveBuildTime("2021-07-29T12:00:00", {})).toThrow(NewsmirrorError);
    expect(() => resolveBuildTime("2021-07-29T12:00:00", {})).toThrow(
      /^--build-time: "2021-07-29T12:00:00" has no UTC offset/,
    );
    expect(() => resolveBuildTime(undefined, { SOURCE_DATE_EPOCH: "yesterday" })).toThrow(/^SOURCE_DATE_EPOCH:/);
  });

  it("given badly to the CLI, stops the build with one line and exit 2 (a usage mistake)", async () => {
    const cwd = tempDir();
    const args = ["build", "--input", tempDir(), "--build-time", "soon", "--output", "never-written"];
    const result = await runCli(args, { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^newsmirror: --build-time: "soon" is not a date with a UTC offset/),
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
