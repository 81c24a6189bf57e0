/**
 * The generated reference pages are what the code says: docs/settings-reference.md (the settings schema) and
 * docs/commands.md (the commands' definitions). Run `npm run docs:generate` after changing either.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/cli.ts";
import { commandsReference, settingRows, settingsReference } from "../src/docs/reference.ts";
import { ROOT } from "./helpers/site.ts";

const doc = (file: string) => readFileSync(path.join(ROOT, "docs", file), "utf8");

describe("docs/settings-reference.md", () => {
  it("is the table generated from the settings schema (run `npm run docs:generate` after changing it)", () => {
    expect(doc("settings-reference.md")).toBe(settingsReference());
  });

  it("lists every setting, nested ones by their dotted names, each with a description", () => {
    const names = settingRows().map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining(["baseUrl", "footer.identificationCode", "menu.items[].url", "images.maxPixels"]),
    );
    for (const row of settingRows()) expect(row.description, row.name).not.toBe("");
    expect(settingRows().find((row) => row.name === "perPage")).toMatchObject({
      type: "whole number, 1 to 1,000",
      defaultValue: "20",
    });
  });
});

describe("docs/commands.md", () => {
  it("is the help generated from the commands (run `npm run docs:generate` after changing them)", () => {
    expect(doc("commands.md")).toBe(commandsReference());
  });

  it("documents every option each command takes in its usage text (but the dev server's internal --builder)", () => {
    for (const command of COMMANDS)
      for (const option of Object.keys(command.options))
        if (!(command.name === "serve" && option === "builder"))
          expect(command.usage, `${command.name} --${option}`).toContain(`--${option}`);
  });
});
