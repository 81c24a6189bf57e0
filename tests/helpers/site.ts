/** Helpers for tests that build a site the way a user does: through the CLI, in a child process. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(ROOT, "bin/newsmirror.js");
export const SAMPLE_CONTENT = path.join(ROOT, "content");
export const SEED_PAGE = "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = "newsmirror-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A content folder with the given files (path → text), plus a copy of the sample's if asked. */
export function makeContent(files: Record<string, string | Buffer>, options: { withSample?: boolean } = {}): string {
  const dir = tempDir("newsmirror-content-");
  if (options.withSample) cpSync(SAMPLE_CONTENT, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** Front matter + body for a valid article, with fields overridden or removed (undefined). */
export function articleText(fields: Record<string, string | undefined> = {}, body = "First paragraph.\n"): string {
  const base: Record<string, string | undefined> = {
    title: "A test article",
    updated: "2021-07-28T07:01:00+08:00",
    source: "Xinhua",
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n${body}`;
}
