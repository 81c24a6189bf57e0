import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/cli.ts";
import { checkWrittenFolders } from "../src/cli/folders.ts";
import { problemReport } from "../src/problems.ts";
import { errorReport } from "../src/error-report.ts";
import { formatProblem, type ContentProblem } from "../src/errors.ts";
import { readSettings } from "../src/settings/settings.ts";
import {
  BAD_INPUTS,
  COMMAND_INPUTS,
  GOOD_INPUTS,
  IMPORT_INPUTS,
  OTHER_INPUTS,
  SETTINGS_INPUTS,
} from "./helpers/bad-inputs.ts";
import { errorsDoc } from "./helpers/errors-doc.ts";
import { runCli } from "./helpers/cli.ts";
import { ROOT, tempDir, type CliResult } from "./helpers/site.ts";

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
    const day = path.join(dir, "_site/202107/28");
    const pages = readdirSync(day).map((name) => readFileSync(path.join(day, name), "utf8"));
    const page = pages.find((p) => p.includes("<h1>国务院常务会议</h1>"));
    expect(page).toBeDefined();
    expect(page).toContain("<p>北京 — 国务院总理主持召开国务院常务会议。</p>");
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
      const run = await runCli(["import", "saved", "--out", "content", ...(input.args ?? [])], { cwd: dir });
      const printed = [...lines(run.stdout), ...lines(run.stderr)];
      for (const line of input.expected) expect(printed).toContain(line);
      expect(run.status).toBe(input.exit);
    },
  );
});
