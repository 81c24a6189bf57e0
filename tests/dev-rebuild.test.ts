/**
 * The dev server re-renders just the edited article's page when only its
 * body changed, identical to what a full build writes, and leaves every
 * other page alone; a front-matter edit rebuilds the whole site.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, articleText, makeContent, runCli, tempDir } from "./helpers/site.ts";

const PORT = 18802;

async function until(what: string, check: () => boolean, log: () => string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log()}`);
    await sleep(20);
  }
}

function pages(dir: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (file.endsWith(".html")) result.set(file, statSync(path.join(dir, file)).mtimeMs);
  }
  return result;
}

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

describe("dev server rebuilds", () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  });

  it("rewrites only the edited article's page for a body edit, and the whole site for a front-matter edit", async () => {
    const body = (n: number) => `Paragraph one of article ${n}.\n\nParagraph two.\n`;
    const content = makeContent({
      "news/a.md": articleText({ title: "Article A", dateline: "BEIJING", id: '"61009037c6d0df57f98dda01"' }, body(1)),
      "news/b.md": articleText({ title: "Article B", id: '"61009037c6d0df57f98dda02"' }, body(2)),
      "news/c.md": articleText({ title: "Article C", id: '"61009037c6d0df57f98dda03"' }, body(3)),
    });
    const site = tempDir("newsmirror-dev-site-");
    let log = "";
    server = spawn(process.execPath, [BIN, "serve", "--input", content, "--output", site, "--port", String(PORT)], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (d) => (log += d));
    server.stderr!.on("data", (d) => (log += d));
    const pageA = path.join(site, "202107/28/content_WS61009037c6d0df57f98dda01.html");
    const pageB = path.join(site, "202107/28/content_WS61009037c6d0df57f98dda02.html");
    await until("the dev server", () => log.includes("serving") && read(pageA) !== "", () => log);
    await sleep(300);
    const before = pages(site);
    expect(before.size).toBeGreaterThan(3); // three articles and the site's listing pages

    // A body edit: one page rewritten, identical to a production build of the same content.
    const fileA = path.join(content, "news/a.md");
    writeFileSync(fileA, articleText({ title: "Article A", dateline: "BEIJING", id: '"61009037c6d0df57f98dda01"' }, "An edited first paragraph.\n\nParagraph two.\n"));
    await until("the edited page", () => read(pageA).includes("BEIJING — An edited first paragraph."), () => log);
    await sleep(500);
    const after = pages(site);
    for (const [file, mtime] of before) {
      if (path.join(site, file) === pageA) expect(after.get(file)).not.toBe(mtime);
      else expect(after.get(file), file).toBe(mtime);
    }
    expect(log).toMatch(/newsmirror: rewrote \/202107\/28\/content_WS61009037c6d0df57f98dda01\.html/);
    const built = tempDir("newsmirror-dev-compare-");
    expect(runCli(["build", "--input", content, "--output", path.join(built, "site"), "--drafts"]).status).toBe(0);
    // The dev server's policy also admits its live-reload script ('self'); everything else is the same.
    const withoutPolicy = (page: string) => page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
    expect(withoutPolicy(read(pageA))).toBe(withoutPolicy(read(path.join(built, "site/202107/28/content_WS61009037c6d0df57f98dda01.html"))));

    // A title edit may change other pages: the whole site is rebuilt.
    const aWritten = statSync(pageA).mtimeMs;
    writeFileSync(path.join(content, "news/b.md"), articleText({ title: "Article B, retitled", id: '"61009037c6d0df57f98dda02"' }, body(2)));
    await until("the full rebuild", () => read(pageB).includes("Article B, retitled") && statSync(pageA).mtimeMs !== aWritten && /rebuilding the site/.test(log), () => log);
    expect(log).toMatch(/b\.md: front matter changed; rebuilding the site/);
  });
});
