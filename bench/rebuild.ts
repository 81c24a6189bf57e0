/**
 * Rebuild latency under the dev server: the time from saving a file to the
 * update being on disk, every page it shows on included (the server prints
 * one line per finished update). The dev server runs on a copy of a
 * generated content folder; edits change one article's first paragraph
 * (its page, its listings' teasers and the feeds), or re-save the article
 * template unchanged (a template edit: a new builder and a whole build).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
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
  const server: ChildProcess = spawn(
    process.execPath,
    [
      path.join(options.root, "bin/newsmirror.js"),
      "serve",
      "--input",
      content,
      "--output",
      site,
      "--port",
      String(options.port),
    ],
    {
      cwd: options.root,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so the server and its builder stop together
    },
  );
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
    // Ready when the server says so: it does once its first build is in its folder.
    await until(
      "the dev server",
      () => (log.includes("serving") && existsSync(path.join(site, first.page)) ? true : undefined),
      180_000,
      50,
    );
    const startupSeconds = (performance.now() - started) / 1000;
    await sleep(1000);

    // One line per finished update: `rewrote …` (pages) or `… built N pages` (a whole build).
    const updates = (kind: RegExp) => (log.match(kind) ?? []).length;
    const PAGES = /newsmirror: rewrote /g;
    const WHOLE = /built \d+ pages \(/g;
    const articleMs: number[] = [];
    for (let i = 0; i < options.edits; i++) {
      const { file, page } = options.articles[i % options.articles.length]!;
      const source = path.join(content, file);
      const marker = `Edited${i}x${Date.now()}`;
      const text = readFileSync(source, "utf8").replace(/\n---\n/, `\n---\n${marker} `);
      const done = updates(PAGES);
      writeFileSync(source, text);
      const t0 = performance.now();
      await until(
        `the update of ${page} and its listings`,
        () => (updates(PAGES) > done ? true : undefined),
        60_000,
        1,
      );
      articleMs.push(performance.now() - t0);
      if (!read(path.join(site, page))?.includes(marker)) throw new Error(`${page} was not rewritten with the edit`);
      await sleep(400);
    }

    const templateMs: number[] = [];
    const template = path.join(options.root, "templates/article.ts");
    const templateText = readFileSync(template, "utf8");
    for (let i = 0; i < options.templateEdits; i++) {
      const finished = updates(WHOLE);
      writeFileSync(template, templateText); // saved unchanged: the same work as an edit, and nothing to undo
      const t0 = performance.now();
      await until(
        "the whole build after a template save",
        () => (updates(WHOLE) > finished ? true : undefined),
        120_000,
        5,
      );
      templateMs.push(performance.now() - t0);
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
