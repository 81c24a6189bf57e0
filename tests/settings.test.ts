import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, formatProblem } from "../src/errors.ts";
import articlesPlugin from "../src/plugins/articles.ts";
import type { UserConfig } from "../src/plugins/eleventy.ts";
import { createBuildContext } from "../src/plugins/context.ts";
import {
  checkSettingsText,
  identificationLine,
  loadSettings,
  parseSettings,
  readSettings,
  registrationLine,
} from "../src/settings/settings.ts";
import { makeContent, tempDir } from "./helpers/site.ts";

describe("site settings", () => {
  it("default to english.www.gov.cn's footer", () => {
    const site = parseSettings({});
    expect(site.timeZone).toBe("Asia/Shanghai");
    expect(identificationLine(site.footer)).toBe("Website Identification Code bm01000001");
    expect(registrationLine(site.footer)).toBe("Registration Number: 05070218");
    expect(site.footer.links.map((l) => l.text)).toEqual(["About us", "Contact us"]);
  });

  it("let another site word its footer its own way", () => {
    const site = parseSettings({
      footer: { identification: "网站标识码{code}", registration: "京ICP备{number}号", registrationNumber: "05070218" },
    });
    expect(`${identificationLine(site.footer)}　${registrationLine(site.footer)}`).toBe(
      "网站标识码bm01000001　京ICP备05070218号",
    );
  });

  it("give the base URL a trailing slash", () => {
    expect(parseSettings({ baseUrl: "https://example.org/mirror" }).baseUrl).toBe("https://example.org/mirror/");
  });

  it.each([
    [
      { timeZone: "Mars/Olympus" },
      'site.json: timeZone: "Mars/Olympus" is not an IANA time zone name (e.g. Asia/Shanghai)',
    ],
    [{ baseUrl: "ftp://example.org/" }, "site.json: baseUrl:"],
    [{ footer: { copyright: 7 } }, "site.json: footer.copyright:"],
    [{ fotter: {} }, "site.json: fotter: unknown setting; did you mean `footer`?"],
  ])("name the field that is wrong: %j", (raw, message) => {
    expect(() => parseSettings(raw)).toThrow(message);
  });

  it("report every problem at once, as content problems", () => {
    let thrown: unknown;
    try {
      parseSettings({ perPage: 0, footer: { copyrigth: "x" } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContentError);
    expect((thrown as ContentError).problems.map(formatProblem)).toEqual([
      "site.json: footer.copyrigth: unknown setting; did you mean `copyright`?",
      "site.json: perPage: must be at least 1, but is 0",
    ]);
  });
});

describe("site.json as a file", () => {
  const json = (text: string) => makeContent({ "site.json": text });

  it("is optional: none gives the defaults", () => {
    expect(readSettings(makeContent({}))).toEqual({ settings: parseSettings({}), problems: [] });
  });

  it("reads a byte-order mark and CRLF line ends like any JSON", () => {
    const content = json('\uFEFF{\r\n  "name": "Mirror",\r\n  "perPage": 0\r\n}\r\n');
    expect(readSettings(content, "content").problems.map(formatProblem)).toEqual([
      "content/site.json:3: perPage: must be at least 1, but is 0",
    ]);
    expect(loadSettings(json('\uFEFF{ "name": "Mirror" }')).name).toBe("Mirror");
  });

  it("with problems, still gives the settings it has right, for checking the articles against them", () => {
    const content = json(
      JSON.stringify({
        baseUrl: "https://example.org/mirror/",
        timeZone: "Europe/Paris",
        images: { remote: "link" },
        footer: { copyrigth: "x", links: [{ text: "About" }] },
        perPage: "20",
      }),
    );
    const { settings, problems } = readSettings(content);
    expect(problems).toHaveLength(3);
    expect(settings).toMatchObject({
      baseUrl: "https://example.org/mirror/",
      timeZone: "Europe/Paris",
      images: { remote: "link" },
      perPage: 20,
    });
    expect(settings.footer.links.map((l) => l.text)).toEqual(["About us", "Contact us"]);
  });

  it("that is a folder is one problem, not a crash", () => {
    const content = makeContent({});
    mkdirSync(path.join(content, "site.json"));
    expect(readSettings(content, "content").problems.map(formatProblem)).toEqual([
      "content/site.json: is a folder; site.json must be a file (or absent, for the defaults)",
    ]);
  });

  it("shows, with --verbose, the line of the file and the settings known there", () => {
    const { problems } = checkSettingsText('{\n  "header": { "ap": {} }\n}\n', "content/site.json");
    expect(problems).toEqual([
      {
        file: "content/site.json",
        line: 2,
        field: "header.ap",
        message: "unknown setting; did you mean `app`?",
        detail: '2 |   "header": { "ap": {} }\nknown settings in header: app, logoAlt',
      },
    ]);
  });

  it("a JSON syntax error stops the reading there: no problems made up after it", () => {
    expect(
      checkSettingsText('{\n  "name": "a",\n  "perPage": 0,,\n  "x": 1\n}', "site.json").problems.map(formatProblem),
    ).toEqual(['site.json:3:16: invalid JSON: expected a name in "double quotes"']);
  });
});

describe("site.json problems in a build", () => {
  it("are reported with the articles' problems, as the dev server's overlay lists them", async () => {
    const root = tempDir();
    const content = path.join(root, "content");
    mkdirSync(content);
    writeFileSync(path.join(content, "site.json"), '{\n  "name": "Mirror",\n  "sectionName": {}\n}\n');
    writeFileSync(
      path.join(content, "a.md"),
      "---\ntitle: T\nupdated: 2021-07-28T07:01:00+08:00\nsource: X\ndatline: D\n---\nBody\n",
    );
    const data = new Map<string, unknown>();
    const config = {
      addGlobalData: (name: string, value: unknown) => data.set(name, value),
      on: () => {},
      addWatchTarget: () => {},
    } as unknown as UserConfig;
    articlesPlugin(config, createBuildContext({ contentDir: content, displayRoot: root, includeDrafts: true }));
    const error = await (data.get("articles") as () => Promise<unknown>)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems.map(formatProblem)).toEqual([
      "content/site.json:3: sectionName: unknown setting; did you mean `sectionNames`?",
      "content/a.md:5: datline: unknown field; did you mean `dateline`?",
    ]);
    // The pages' settings come from the same read: no page is rendered from half-checked settings.
    await expect((data.get("site") as () => Promise<unknown>)()).rejects.toBe(error);
  });
});
