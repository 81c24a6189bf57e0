import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageLines } from "../src/fidelity/page-text.ts";
import { articleText, makeContent, spawnCli, tempDir } from "./helpers/site.ts";

function build(content: string, ...extra: string[]) {
  const out = tempDir();
  const result = spawnCli(["build", "--input", content, "--output", out, ...extra]);
  return { ...result, out };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe("newsmirror build", () => {
  it("builds the sample site: one page per article at its gov.cn-style address", () => {
    const { status, stdout, out } = build(path.resolve("content"));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^newsmirror: built \d+ pages \(3 articles\) in [\d.]+ s/);
    const pages = listFiles(out).filter((f) => f.endsWith(".html"));
    expect(pages).toEqual(
      expect.arrayContaining([
        "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
        "policies/latestreleases/202108/02/content_WS6107c5e8c6d0df57f98de0a1.html",
        "culture/202108/05/exhibition-traces-the-ancient-tea-horse-road.html",
      ]),
    );
    expect(existsSync(path.join(out, "assets/site.css"))).toBe(true);
  });

  it("shows an article without a dateline without a prefix, and any source on the info line", () => {
    const { out } = build(path.resolve("content"));
    const lines = pageLines(readFileSync(path.join(out, "policies/latestreleases/202108/02/content_WS6107c5e8c6d0df57f98de0a1.html"), "utf8"));
    expect(lines[2]).toBe("Updated: August 2, 2021 18:30 english.www.gov.cn/Xinhua");
    expect(lines[3]).toMatch(/^A guideline on keeping public records/);
  });

  it("stops on a bad article with exit 1 and one line per problem naming file, line and field", () => {
    const content = makeContent({
      "news/no-offset.md": articleText({ updated: "2021-07-28T07:01:00" }),
      "news/no-title.md": articleText({ title: undefined }),
      "news/list-title.md": articleText({ title: "[a, b]" }),
      "news/bad-id.md": articleText({ id: "xyz" }),
      "news/good.md": articleText(),
    });
    const { status, stderr, out } = build(content);
    expect(status).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/news\/no-offset\.md:3: updated: "2021-07-28T07:01:00" has no UTC offset/),
        expect.stringMatching(/news\/no-title\.md: title: is required but missing$/),
        expect.stringMatching(/news\/list-title\.md:2: title: must be text, but is a list$/),
        expect.stringMatching(/news\/bad-id\.md:5: id: "xyz" must be 24 lower-case hex digits/),
      ]),
    );
    expect(lines.at(-1)).toBe("newsmirror: 4 problems in content; nothing was written (--verbose shows more)");
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  });

  it("stops when two articles would write the same page, naming both", () => {
    const content = makeContent({
      "a/one.md": articleText({ title: "Same title" }),
      "b/two.md": articleText({ title: "Same title" }),
    });
    const { status, stderr } = build(content);
    expect(status).toBe(1);
    expect(stderr).toMatch(/a\/one\.md: writes the same page as .*b\/two\.md \(\/202107\/28\/same-title\.html\)/);
  });

  it("keeps the last good site when a build fails, and drops pages of deleted articles when one succeeds", () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }), "b.md": articleText({ title: "Beta" }) });
    const out = tempDir();
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(0);
    const before = listFiles(out);
    const page = readFileSync(path.join(out, "202107/28/alpha.html"), "utf8");

    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha", updated: "yesterday" }));
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(1);
    expect(listFiles(out)).toEqual(before);
    expect(readFileSync(path.join(out, "202107/28/alpha.html"), "utf8")).toBe(page);

    rmSync(path.join(content, "a.md"));
    expect(spawnCli(["build", "--input", content, "--output", out]).status).toBe(0);
    expect(existsSync(path.join(out, "202107/28/alpha.html"))).toBe(false);
    expect(existsSync(path.join(out, "202107/28/beta.html"))).toBe(true);
  });

  it("leaves drafts out unless asked", () => {
    const content = makeContent({ "d.md": articleText({ title: "Draft piece", draft: "true" }), "p.md": articleText({ title: "Published piece" }) });
    expect(existsSync(path.join(build(content).out, "202107/28/draft-piece.html"))).toBe(false);
    expect(existsSync(path.join(build(content, "--drafts").out, "202107/28/draft-piece.html"))).toBe(true);
  });

  it("takes every footer string from site settings", () => {
    const content = makeContent({
      "site.json": JSON.stringify({
        footer: {
          copyright: "版权所有：中国政府网",
          links: [{ text: "联系我们", href: "/contact/" }],
          identification: "网站标识码{code}",
          registration: "京ICP备{number}号",
          registrationSeparator: "　",
          rights: [],
        },
        header: { app: { text: "客户端", href: "/app/" } },
      }),
      "a.md": articleText({ title: "Alpha" }),
    });
    const { out, status } = build(content);
    expect(status).toBe(0);
    const lines = pageLines(readFileSync(path.join(out, "202107/28/alpha.html"), "utf8"));
    expect(lines[0]).toBe("客户端");
    expect(lines).toContain("版权所有：中国政府网 | 联系我们");
    expect(lines).toContain("网站标识码bm01000001 京ICP备05070218号");
    expect(lines.slice(-2)).toEqual(["网站标识码bm01000001", "京ICP备05070218号"]);
  });
});
