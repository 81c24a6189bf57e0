import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/cli.ts";
import { checkWrittenFolders } from "../src/cli/folders.ts";
import { problemReport } from "../src/problems.ts";
import { errorReport } from "../src/error-report.ts";
import { formatProblem, type ContentProblem } from "../src/errors.ts";
import { inputChange } from "../src/pipeline/build-inputs.ts";
import { readSettings } from "../src/settings/settings.ts";
import {
  BAD_INPUTS,
  BUILD_KINDS,
  COMMAND_INPUTS,
  GOOD_INPUTS,
  NEWSROOM_INPUTS,
  IMPORT_INPUTS,
  OTHER_INPUTS,
  SETTINGS_INPUTS,
  fill,
} from "./helpers/bad-inputs.ts";
import { errorsDoc } from "./helpers/errors-doc.ts";
import { runCli } from "./helpers/cli.ts";
import { articleText, ROOT, SAMPLE_BUILD_TIME, tempDir, type CliResult } from "./helpers/site.ts";

/** A project folder with `content/` holding the given inputs' files (and links). */
function project(inputs: { files: Record<string, string | Buffer>; links?: Record<string, string> }[]): string {
  const dir = tempDir("newsmirror-errors-");
  for (const input of inputs) {
    for (const [name, text] of Object.entries(input.files)) {
      const file = path.join(dir, "content", name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    for (const [name, target] of Object.entries(input.links ?? {}))
      symlinkSync(target, path.join(dir, "content", name));
  }
  return dir;
}

const lines = (text: string) => text.split("\n").filter((l) => l !== "");

describe("a build of a folder full of bad articles", () => {
  let dir: string;
  let build: CliResult;
  let verbose: CliResult;
  let check: CliResult;
  beforeAll(async () => {
    dir = project(BAD_INPUTS);
    build = await runCli(["build", "--input", "content", "--output", "_site"], { cwd: dir });
    verbose = await runCli(["build", "--input", "content", "--output", "_site", "--verbose"], { cwd: dir });
    check = await runCli(["check", "--input", "content"], { cwd: dir });
  });

  it.each(BAD_INPUTS.map((input) => [input.what, input] as const))(
    "reports %s in one line naming file and field",
    (_what, input) => {
      for (const line of input.expected) expect(lines(build.stderr)).toContain(line);
    },
  );

  it("reports every problem at once, one line each, exits 1 and writes nothing", () => {
    const expected = BAD_INPUTS.flatMap((input) => input.expected);
    const out = lines(build.stderr);
    expect(out.slice(0, -1).sort()).toEqual(expected.sort());
    expect(out.at(-1)).toBe(
      `newsmirror: ${expected.length} problems in content; nothing was written (--verbose shows more)`,
    );
    expect(build.status).toBe(1);
    expect(build.stdout).toBe("");
    expect(existsSync(path.join(dir, "_site"))).toBe(false);
  });

  it("never runs code from front matter", () => {
    expect(existsSync(path.join(dir, "PWNED"))).toBe(false);
    expect(existsSync(path.join(ROOT, "PWNED"))).toBe(false);
  });

  it("adds the offending source line and the choices under each line with --verbose, and no stack trace", () => {
    const out = verbose.stderr.split("\n");
    const at = out.indexOf("content/unknown-field.md:5: datline: unknown field; did you mean `dateline`?");
    expect(out.slice(at + 1, at + 3)).toEqual([
      "    5 | datline: DUSHANBE",
      expect.stringMatching(/^ {4}known fields: title, updated, .*dateline/),
    ]);
    const yaml = out.indexOf(
      "content/yaml-js-tag.md:2: invalid YAML: the tag !!js/function is not allowed; write plain values",
    );
    expect(out[yaml + 1]).toContain("title: !!js/function");
    expect(verbose.stderr).not.toMatch(/^\s+at /m);
    expect(verbose.status).toBe(1);
  });

  it("gives the same lines from `newsmirror check`, which writes nothing either", () => {
    const expected = BAD_INPUTS.flatMap((input) => input.expected);
    expect(lines(check.stderr).slice(0, expected.length).sort()).toEqual(expected.sort());
    expect(check.status).toBe(1);
  });
});

describe("a build of a folder of bad uses of the newsroom fields (author, aliases, related)", () => {
  let build: CliResult;
  beforeAll(async () => {
    build = await runCli(["build", "--input", "content", "--output", "_site"], { cwd: project(NEWSROOM_INPUTS) });
  });

  it.each(NEWSROOM_INPUTS.map((input) => [input.what, input] as const))(
    "reports %s in one line naming file and field",
    (_what, input) => {
      for (const line of input.expected) expect(lines(build.stderr)).toContain(line);
    },
  );

  it("reports every problem at once, one line each, and exits 1", () => {
    const expected = NEWSROOM_INPUTS.flatMap((input) => input.expected);
    expect(lines(build.stderr).slice(0, -1).sort()).toEqual(expected.sort());
    expect(build.status).toBe(1);
  });
});

describe("inputs that must not stop a build", () => {
  let dir: string;
  let build: CliResult;
  beforeAll(async () => {
    dir = project(GOOD_INPUTS);
    build = await runCli(["build", "--input", "content", "--output", "_site", "--no-search"], { cwd: dir });
  });

  it("builds, printing only the warnings", () => {
    expect(build.status).toBe(0);
    expect(lines(build.stderr).sort()).toEqual(GOOD_INPUTS.flatMap((input) => input.expected).sort());
  });

  it("reads a BOM-and-CRLF file like any other", () => {
    const page = readFileSync(path.join(dir, "_site/202107/28/bom-and-crlf.html"), "utf8");
    expect(page).toContain("<h1>BOM and CRLF</h1>");
    expect(page).toContain("<p>First paragraph.</p>");
  });

  it("keeps Chinese in every field", () => {
    // A Chinese article takes www.gov.cn's address (/2021-07/28/…htm) and page, its dateline followed by a space.
    const day = path.join(dir, "_site/2021-07/28");
    const pages = readdirSync(day).map((name) => readFileSync(path.join(day, name), "utf8"));
    const page = pages.find((p) => p.includes("<h1>国务院常务会议</h1>"));
    expect(page).toBeDefined();
    expect(page).toContain("<p>北京 国务院总理主持召开国务院常务会议。</p>");
    expect(page).toContain('<meta name="source" content="新华社">');
    expect(page).toContain('<html lang="zh-CN">');
  });
});

/**
 * A row's line as this process shows it: a row may set TZ=UTC for the time its line shows, but the CLI runs in this
 * process, in this process's time zone.
 */
function inThisZone(line: string, env: Record<string, string> | undefined): string {
  if (!env?.TZ) return line;
  if (env.TZ !== "UTC") throw new Error(`a row may set TZ to UTC only, not ${env.TZ}`);
  return line.replace(/\b(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\b/g, (_whole, day: string, time: string) => {
    const at = new Date(`${day}T${time}Z`);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString();
    return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
  });
}

/** A row whose build would be pointed outside its own temp folder (`--output /`): no build is ever run so. */
const outsideItsFolder = (args: string[]) =>
  args[0] === "build" && args.some((arg, i) => args[i - 1] === "--output" && path.isAbsolute(arg));

/** What `build` says of such an `--output`: its check of the folders it writes, which it runs before anything else. */
async function refusedByTheRules(args: string[], cwd: string): Promise<CliResult> {
  const output = args[args.indexOf("--output") + 1]!;
  const folders = { contentDir: path.join(cwd, "content"), output, outputDir: path.resolve(cwd, output) };
  const { exitCode, text } = await checkWrittenFolders(cwd, {}, folders).then(
    () => ({ exitCode: 0, text: "" }),
    (error: unknown) => errorReport(error, { verbose: false, cwd }),
  );
  return { status: exitCode, stdout: "", stderr: text };
}

describe("site settings and command-line mistakes, through the CLI", () => {
  it.each(OTHER_INPUTS.map((input) => [input.what, input] as const))(
    "reports %s in one line, with no stack trace",
    async (_what, input) => {
      const dir = project([{ files: Object.fromEntries(Object.entries(input.files)) }]);
      mkdirSync(path.join(dir, "content"), { recursive: true });
      const result = outsideItsFolder(input.args)
        ? await refusedByTheRules(input.args, dir)
        : await runCli(input.args, { cwd: dir, ...(input.env ? { env: input.env } : {}) });
      const expected = input.expected.map((line) => inThisZone(line.replace("/PROJECT", dir), input.env));
      expect(lines(result.stderr)).toEqual(expected);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.status).toBe(input.exit);
    },
  );
});

describe("site.json problems", () => {
  it.each(SETTINGS_INPUTS.map((input) => [input.what, input] as const))(
    "reports %s: every problem, one line each, with its line",
    (_what, input) => {
      const dir = project([input]);
      const { problems } = readSettings(path.join(dir, "content"), "content");
      expect(problems.map(formatProblem)).toEqual(input.expected);
    },
  );

  it("are listed with the articles' problems by a build and by `newsmirror check`, in the article's form", async () => {
    const settings = SETTINGS_INPUTS.find((input) => input.what.startsWith("several problems"))!;
    const article = BAD_INPUTS.find((input) => input.what.startsWith("unknown field"))!;
    const dir = project([settings, article]);
    const expected = [
      ...settings.expected,
      ...article.expected,
      "newsmirror: 4 problems in content; nothing was written (--verbose shows more)",
    ];
    const check = await runCli(["check"], { cwd: dir });
    expect([check.status, lines(check.stderr)]).toEqual([1, expected]);
    expect(check.stdout).toBe("");
  });
});

describe("command-line paths and values given wrong", () => {
  it.each(COMMAND_INPUTS.map((input) => [input.what, input] as const))(
    "stop %s with one line and exit 2, touching nothing",
    async (_what, input) => {
      const dir = tempDir("newsmirror-usage-");
      for (const [name, text] of Object.entries(input.files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      const before = readdirSync(dir, { recursive: true }).sort();
      const failure = await main(input.args, dir).then(
        (code) => ({ exitCode: code, text: "" }),
        (error: unknown) => errorReport(error, { verbose: false, cwd: dir }),
      );
      expect([failure.exitCode, lines(failure.text)]).toEqual([input.exit, input.expected]);
      expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    },
  );
});

describe("the problem list", () => {
  it("lists the first 50 problems and counts the rest", () => {
    const problems: ContentProblem[] = Array.from({ length: 60 }, (_, i) => ({
      file: `content/a${i}.md`,
      line: 2,
      field: "title",
      message: "must not be empty",
    }));
    const out = lines(problemReport(problems));
    expect(out).toHaveLength(52);
    expect(out[49]).toBe("content/a49.md:2: title: must not be empty");
    expect(out[50]).toBe("… and 10 more");
    expect(out[51]).toBe("newsmirror: 60 problems in content; nothing was written");
  });
});

describe("full builds and notes, as docs/errors.md lists them", () => {
  /** A project folder with one article; builds run in it, into `_site`, with the default build cache. */
  function newsroom(): string {
    const dir = tempDir("newsmirror-kinds-");
    mkdirSync(path.join(dir, "content/news"), { recursive: true });
    writeFileSync(path.join(dir, "content/news/a.md"), articleText({ title: "Talks open", section: "news" }));
    return dir;
  }
  async function build(dir: string, ...extra: string[]) {
    const result = await runCli(["build", "--no-search", "--build-time", SAMPLE_BUILD_TIME, ...extra], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    return { ...result, first: lines(result.stdout)[0], notes: lines(result.stderr) };
  }
  /** The line with the run's values, any {why} (the system's own words) matching anything. */
  function matcher(line: string, values: Record<string, string>): RegExp {
    const escaped = fill(line, values).replace(/[.*+?^$()[\]\\|{}]/g, "\\$&");
    return new RegExp(`^${escaped.replace(/\\\{why\\\}/g, ".+")}$`);
  }
  const output = { output: "_site" };

  it("say why a build is full: the first, --clean, site.json, the options, a build cache without the site's record", async () => {
    const dir = newsroom();
    expect((await build(dir)).first).toBe(fill(BUILD_KINDS.firstBuild.expected[0]!, output));
    expect((await build(dir)).first).toMatch(/^newsmirror: incremental build: /);
    expect((await build(dir, "--clean")).first).toBe(BUILD_KINDS.clean.expected[0]);
    writeFileSync(path.join(dir, "content/site.json"), JSON.stringify({ perPage: 10 }));
    expect((await build(dir)).first).toBe(BUILD_KINDS.settings.expected[0]);
    const [given, notGiven, bundle] = BUILD_KINDS.options.expected;
    expect((await build(dir, "--relative")).first).toBe(given);
    expect((await build(dir)).first).toBe(notGiven);
    expect((await build(dir, "--search-bundle", "2")).first).toBe(bundle);
    rmSync(path.join(dir, ".cache/builds"), { recursive: true });
    expect((await build(dir, "--search-bundle", "2")).first).toBe(fill(BUILD_KINDS.noRecord.expected[0]!, output));
  });

  it("say why a build is full when the base URL or the time zone changed, and which addresses a time zone moved", async () => {
    const dir = newsroom();
    const [baseUrl, timeZone, moved] = BUILD_KINDS.place.expected;
    await build(dir, "--base-url", "https://preview-42.example.org/");
    expect((await build(dir)).first).toBe(baseUrl);
    writeFileSync(path.join(dir, "content/site.json"), JSON.stringify({ timeZone: "America/New_York" }));
    const zone = await build(dir);
    expect([zone.first, ...zone.notes]).toEqual([timeZone, moved]);
  });

  it("say in a note why the build cache could not be used: a damaged manifest, a damaged or older article cache", async () => {
    const dir = newsroom();
    await build(dir);
    const [folder] = readdirSync(path.join(dir, ".cache/builds")).filter((name) => name.startsWith("_site-"));
    const cache = path.join(".cache/builds", folder!);
    const values = {
      ...output,
      manifest: path.join(dir, cache, "manifest.json"),
      cache: path.join(cache, "articles.json"),
    };
    const damaged = BUILD_KINDS.damagedManifest;
    writeFileSync(values.manifest, JSON.stringify({ format: 1 })); // an older newsmirror's: zod's words
    const another = await build(dir);
    expect([...another.notes, another.first]).toEqual(
      damaged.expected.map((l) => fill(l, { ...values, why: damaged.why })),
    );
    writeFileSync(values.manifest, "{ not json"); // JSON.parse's words, which vary with Node
    const broken = await build(dir);
    expect(broken.notes).toHaveLength(1);
    expect(broken.notes[0]).toMatch(matcher(damaged.expected[0]!, values));
    expect(broken.first).toBe(damaged.expected[1]);

    const store = BUILD_KINDS.articleCache;
    writeFileSync(path.join(dir, values.cache), "[]");
    const notStore = await build(dir);
    expect(notStore.notes).toEqual([fill(store.expected[0]!, { ...values, why: store.why })]);
    expect(notStore.first).toMatch(/^newsmirror: incremental build: /);
    writeFileSync(path.join(dir, values.cache), JSON.stringify({ format: -1, entries: {} }));
    const older = await build(dir);
    expect(older.notes).toEqual([fill(BUILD_KINDS.articleCacheVersion.expected[0]!, values)]);
    expect(older.first).toMatch(/^newsmirror: incremental build: /);
  });

  it("name the change to newsmirror's own files, the first of several: a template, then an asset, then the tools", () => {
    const line = (before: Record<string, string>, now: Record<string, string>) =>
      `newsmirror: full build (${inputChange(before, now)})`;
    const code = { newsmirror: "0.1.0 aaaa", node: "v20.19.0", "dependency sharp": "0.34.5" };
    const design = { "templates/listing.11ty.ts": "a", "templates/assets/site.css": "b" };
    const [template, stylesheet, asset] = BUILD_KINDS.design.expected;
    const everything = { ...code, ...design, newsmirror: "0.2.0 bbbb", "templates/listing.11ty.ts": "c" };
    expect(line({ ...code, ...design }, everything)).toBe(template);
    expect(line(design, { ...design, "templates/assets/site.css": "d" })).toBe(stylesheet);
    expect(line(design, { ...design, "templates/assets/photo.svg": "e" })).toBe(asset);
    const [siteTemplate, siteStylesheet, siteAsset] = BUILD_KINDS.overrides.expected;
    const site = { "site:templates/_components/newsroom.ts": "f" };
    expect(
      line({ ...code, ...design, ...site }, { ...everything, ...site, "site:templates/_components/newsroom.ts": "g" }),
    ).toBe(siteTemplate);
    expect(line(site, { ...site, "site:templates/assets/site.css": "h" })).toBe(siteStylesheet);
    expect(line({ "site:layouts/assets/reporter.svg": "i" }, {})).toBe(siteAsset);
    const [version, ownCode, node, dependency] = BUILD_KINDS.tools.expected;
    expect(line(code, { ...code, newsmirror: "0.2.0 aaaa" })).toBe(version);
    expect(line(code, { ...code, newsmirror: "0.1.0 bbbb" })).toBe(ownCode);
    expect(line(code, { ...code, node: "v22.12.0" })).toBe(node);
    expect(line(code, { ...code, "dependency sharp": "0.34.6" })).toBe(dependency);
  });
});

describe("docs/errors.md", () => {
  it("is the table generated from the inputs tested here (run `npm run docs:errors` after changing them)", () => {
    expect(readFileSync(path.join(ROOT, "docs/errors.md"), "utf8")).toBe(errorsDoc());
  });
});

describe("front matter nesting", () => {
  it("counts flow brackets, not brackets in quoted or plain text", async () => {
    const { splitArticle } = await import("../src/article/frontmatter.ts");
    const deep = "[".repeat(65);
    expect(() => splitArticle(`---\ntitle: "${deep}"\nsource: Xi's ${deep}\n---\n`)).not.toThrow();
    expect(() => splitArticle(`---\ntitle: x\ntags: ${deep}\n---\n`)).toThrow(
      "invalid YAML: nested more than 64 levels deep",
    );
    expect(() => splitArticle(`---\ntitle: x\ntags: [a, ${"{b: ".repeat(40)}${"[".repeat(30)}\n---\n`)).toThrow(
      "nested more than 64",
    );
  });
});

describe("saved pages import refuses or warns about", () => {
  it.each(IMPORT_INPUTS.map((input) => [input.what, input] as const))(
    "%s: one line naming the page",
    async (_what, input) => {
      const dir = tempDir("newsmirror-import-");
      for (const [name, bytes] of Object.entries(input.files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), bytes);
      }
      for (const [name, target] of Object.entries(input.links ?? {})) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        symlinkSync(target, path.join(dir, name));
      }
      const run = await runCli(["import", "saved", "--output", "content", ...(input.args ?? [])], { cwd: dir });
      const printed = [...lines(run.stdout), ...lines(run.stderr)];
      for (const line of input.expected) expect(printed).toContain(line);
      expect(run.status).toBe(input.exit);
    },
  );
});
