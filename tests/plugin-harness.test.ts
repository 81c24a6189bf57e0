import { describe, expect, it } from "vitest";
import { recordPlugins } from "../src/pipeline/plugin-harness.ts";
import type { UserConfig } from "../src/plugins/eleventy.ts";

describe("the site's plugins without Eleventy (incremental builds)", () => {
  it("records the global data, listeners and linters the plugins register, through addPlugin", () => {
    const recorded = recordPlugins((config) => {
      config.addPlugin(
        (inner: UserConfig, options: { name: string }) => {
          inner.addGlobalData(options.name, () => 42);
          inner.on("eleventy.after", () => undefined);
          inner.addWatchTarget("content"); // only for Eleventy's --watch: nothing to do
        },
        { name: "answer" },
      );
      config.addLinter("count", () => undefined);
    });
    expect([...recorded.globalData.keys()]).toEqual(["answer"]);
    expect(recorded.globalData.get("answer")?.()).toBe(42);
    expect(recorded.listeners.get("eleventy.after")).toHaveLength(1);
    expect(recorded.linters).toHaveLength(1);
  });

  it("stops, naming the call, when a plugin uses a part of Eleventy's API it does not run", () => {
    expect(() => recordPlugins((config) => config.addShortcode("year", () => "2021"))).toThrow(
      /a plugin called eleventyConfig\.addShortcode, which incremental builds do not run without Eleventy/,
    );
  });
});
