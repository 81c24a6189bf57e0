/**
 * Rebuild latency under the dev server: the time from saving a file to the
 * affected page being rewritten on disk. The dev server runs on a copy of a
 * generated content folder; edits change one article's first paragraph, or
 * re-save the article template unchanged (a template edit).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { median } from "./measure.ts";

export interface RebuildResult {
  articleMs: number[];
  templateMs: number[];
  startupSeconds: number;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs: number, everyMs = 2): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export async function rebuildLatency(options: {
  root: string;
  contentSource: string;
  workDir: string;
  port: number;
  edits: number;
  templateEdits: number;
  /** Article files (relative to content) and their page paths (relative to the site). */
  articles: { file: string; page: string }[];
}): Promise<RebuildResult> {
  const content = path.join(options.workDir, "dev-content");
  cpSync(options.contentSource, content, { recursive: true });
  const site = path.join(options.workDir, "dev-site");
  const started = performance.now();
  const server: ChildProcess = spawn(process.execPath, [path.join(options.root, "bin/newsmirror.js"), "serve", "--input", content, "--output", site, "--port", String(options.port)], {
    cwd: options.root,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so the supervisor and its worker stop together
  });
  let log = "";
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.once("exit", stop);
  try {
    const first = options.articles[0]!;
    // Ready when the server says so and the first page is on disk from this run.
    await until("the dev server", () => (log.includes("serving") && existsSync(path.join(site, first.page)) && statSync(path.join(site, first.page)).mtimeMs > Date.now() - (performance.now() - started) ? true : undefined), 180_000, 50);
    const startupSeconds = (performance.now() - started) / 1000;
    await sleep(1000);

    const articleMs: number[] = [];
    for (let i = 0; i < options.edits; i++) {
      const { file, page } = options.articles[i % options.articles.length]!;
      const source = path.join(content, file);
      const marker = `Edited${i}x${Date.now()}`;
      const text = readFileSync(source, "utf8").replace(/\n---\n/, `\n---\n${marker} `);
      writeFileSync(source, text);
      const t0 = performance.now();
      await until(`page ${page} with the edit`, () => (read(path.join(site, page))?.includes(marker) ? true : undefined), 60_000);
      articleMs.push(performance.now() - t0);
      await sleep(400);
    }

    const templateMs: number[] = [];
    const template = path.join(options.root, "templates/article.ts");
    const templateText = readFileSync(template, "utf8");
    const watched = path.join(site, first.page);
    // Eleventy prints one "Wrote N files" line per finished build, quiet mode or not.
    const rebuilds = () => (log.match(/Wrote \d+ files/g) ?? []).length;
    for (let i = 0; i < options.templateEdits; i++) {
      const before = statSync(watched).mtimeMs;
      const finished = rebuilds();
      writeFileSync(template, templateText); // saved unchanged: the same work as an edit, and nothing to undo
      const t0 = performance.now();
      await until("the page rewritten after a template save", () => (statSync(watched).mtimeMs !== before ? true : undefined), 120_000);
      templateMs.push(performance.now() - t0);
      // Let the whole-site rebuild finish before the next save.
      await until("the rebuild to finish", () => (rebuilds() > finished ? true : undefined), 120_000, 20);
      await sleep(300);
    }
    return { articleMs, templateMs, startupSeconds };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- dev server output ---\n${log}`);
  } finally {
    stop();
    process.removeListener("exit", stop);
    await sleep(300);
  }
}

export { median };
