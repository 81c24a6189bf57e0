/**
 * docs/templates.md's worked example is what a build does: its byline function, put into a copy of newsmirror's
 * partial as the doc says, builds, and the article page shows the markup the doc shows, and the build says what the
 * doc says it says.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { ROOT, SAMPLE_BUILD_TIME, SAMPLE_CONTENT, tempDir } from "./helpers/site.ts";

const DOC = readFileSync(path.join(ROOT, "docs/templates.md"), "utf8");

/** The first fenced block after the line `<!-- worked example: NAME -->`. */
function exampleBlock(name: string): string {
  const marker = `<!-- worked example: ${name} -->`;
  const at = DOC.indexOf(marker);
  expect(at, `docs/templates.md has ${marker}`).toBeGreaterThan(-1);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(DOC.slice(at + marker.length));
  expect(block, `a code block after ${marker}`).not.toBeNull();
  return block![1]!;
}

/** The page of the sample's article with `author: Li Wei` (content/culture/tea-horse-road-caravan-towns.md). */
const PAGE = "culture/202108/06/caravan-towns-on-the-tea-horse-road-draw-new-visitors.html";

describe("docs/templates.md's worked example", () => {
  it("builds, and the article page shows the byline the doc shows", async () => {
    const byline = exampleBlock("templates/_components/newsroom.ts, function byline");
    const output = exampleBlock("output");
    const builtIn = readFileSync(path.join(ROOT, "templates/_components/newsroom.ts"), "utf8");
    // newsmirror's byline function, its doc comment with it, as step 2 says to replace it.
    const original = /\/\*\*[^\n]*\*\/\nexport function byline\([\s\S]*?\n\}\n/.exec(builtIn);
    expect(original, "newsmirror's newsroom.ts has a byline function").not.toBeNull();
    const edited = builtIn.replace(original![0], `${byline}\n`);

    const site = tempDir("newsmirror-doc-site-");
    cpSync(SAMPLE_CONTENT, path.join(site, "content"), { recursive: true });
    mkdirSync(path.join(site, "templates/_components"), { recursive: true });
    writeFileSync(path.join(site, "templates/_components/newsroom.ts"), edited);
    const args = ["build", "--output", "out", "--build-time", SAMPLE_BUILD_TIME, "--no-search"];
    const result = await runCli([...args, "--image-cache", tempDir("newsmirror-doc-images-")], { cwd: site });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("warning");
    const page = readFileSync(path.join(site, "out", PAGE), "utf8");
    expect(page).toContain(output);

    // Step 3's line: the build after the override was added names it.
    const again = tempDir("newsmirror-doc-site-");
    cpSync(SAMPLE_CONTENT, path.join(again, "content"), { recursive: true });
    expect((await runCli(args, { cwd: again })).status).toBe(0);
    cpSync(path.join(site, "templates"), path.join(again, "templates"), { recursive: true });
    const rebuilt = await runCli(args, { cwd: again });
    const said = /```text\n\s*(newsmirror: full build [^\n]*)\n/.exec(DOC)?.[1];
    expect(said, "the doc shows the build's line").toBeDefined();
    expect(rebuilt.stdout + rebuilt.stderr).toContain(said!);
  }, 60_000);
});
