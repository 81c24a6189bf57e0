/**
 * Rebuild latency under the dev server: the time from saving a file to the
 * update being on disk, every page it shows on included (the server prints
 * one line per finished update). The dev server runs on a copy of a
 * generated content folder; edits change one article's first paragraph
 * (its page, its listings' teasers and the feeds), or its title (its page,
 * every listing and feed naming it), or re-save the article template
 * unchanged (a template edit: a new builder and a whole build). Whichever
 * update the server makes counts: the rewrite of a few pages or a whole
 * build, and the result says which.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { median } from "./measure.ts";

export interface RebuildResult {
  /** An article's first paragraph edited. */
  articleMs: number[];
  /** An article's title edited. */
  titleMs: number[];
  /** How the server made each title update: `rewrote N pages`, or `whole build` (the server's line says which). */
  titleUpdates: string[];
  /** The same for the first-paragraph edits. */
  articleUpdates: string[];
  /** The time each update took by the server's own line (`… in N ms`): the builder's work, without the watcher's wait. */
  articleServerMs: number[];
  titleServerMs: number[];
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
  /** One line per edit timed. */
  log?: (line: string) => void;
  /** Article files (relative to content), their page paths (relative to the site) and sections. */
  articles: { file: string; page: string; section: string }[];
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
    const UPDATE = /newsmirror: (rewrote [^\n]*|(?:[^\n]*; )?built [\d,]+ pages? \([^\n]*)\n/g;
    const updateLines = () => [...log.matchAll(UPDATE)].map((m) => m[1]!);
    const WHOLE = /built [\d,]+ pages? \(/g;
    const updates = (kind: RegExp) => (log.match(kind) ?? []).length;
    /** Saves `edit(text)` of article i's file; the time to the server's next update line, and what that line said. */
    const timeEdit = async (
      what: string,
      i: number,
      edit: (text: string, marker: string) => string,
      checkListings: boolean,
    ) => {
      const { file, page, section } = options.articles[i % options.articles.length]!;
      const source = path.join(content, file);
      const marker = `Edited${i}x${Date.now()}`;
      const text = edit(readFileSync(source, "utf8"), marker);
      const done = updateLines().length;
      writeFileSync(source, text);
      const t0 = performance.now();
      const line = await until(`the update of ${page} and its listings`, () => updateLines()[done], 60_000, 1);
      const ms = performance.now() - t0;
      if (!read(path.join(site, page))?.includes(marker)) throw new Error(`${page} was not rewritten with the edit`);
      // A title is on every page of its section's listing that shows the article: one of them must show the new one.
      if (checkListings) {
        const listing = path.join(site, section);
        const shown = readdirSync(listing)
          .filter((f) => f === "index.html" || /^page_\d+\.html$/.test(f))
          .some((f) => read(path.join(listing, f))?.includes(marker));
        if (!shown) throw new Error(`no listing page of ${section}/ shows the new title of ${page}`);
      }
      const how = line.startsWith("rewrote ")
        ? `rewrote ${1 + Number(/ and ([\d,]+) pages? showing /.exec(line)?.[1]?.replaceAll(",", "") ?? 0)} pages`
        : "whole build";
      const serverMs = Number(/ in (\d+) ms$/.exec(line)?.[1] ?? Number.NaN);
      options.log?.(`  ${what} of ${file}: ${ms.toFixed(0)} ms (the server's line: ${serverMs} ms), ${how}`);
      await sleep(400);
      return { ms, how, serverMs };
    };

    const articleMs: number[] = [];
    const articleUpdates: string[] = [];
    const articleServerMs: number[] = [];
    for (let i = 0; i < options.edits; i++) {
      const { ms, how, serverMs } = await timeEdit(
        "first paragraph",
        i,
        (text, marker) => text.replace(/\n---\n/, `\n---\n${marker} `),
        false,
      );
      articleMs.push(ms);
      articleUpdates.push(how);
      articleServerMs.push(serverMs);
    }
    // The title: on the page, in every listing and feed that names the article.
    const titleMs: number[] = [];
    const titleUpdates: string[] = [];
    const titleServerMs: number[] = [];
    for (let i = 0; i < options.edits; i++) {
      const { ms, how, serverMs } = await timeEdit(
        "title",
        i,
        (text, marker) => text.replace('\ntitle: "', `\ntitle: "${marker} `),
        true,
      );
      titleMs.push(ms);
      titleUpdates.push(how);
      titleServerMs.push(serverMs);
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
    return {
      articleMs,
      articleUpdates,
      articleServerMs,
      titleMs,
      titleUpdates,
      titleServerMs,
      templateMs,
      startupSeconds,
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- dev server output ---\n${log}`);
  } finally {
    stop();
    process.removeListener("exit", stop);
    await sleep(300);
  }
}

export { median };
