/** Helpers for tests: content folders, articles, trees, and the newsmirror process itself (spawnCli). */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(ROOT, "bin/newsmirror.js");
export const SAMPLE_CONTENT = path.join(ROOT, "content");
/** gov.cn's codes written in a mirror's site.json, as the sample's are: a mirror of gov.cn shows them without a warning. */
export const GOVCN_CODES = { identificationCode: "bm01000001", registrationNumber: "05070218" };
export const SEED_PAGE = "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
/** The sample site's Chinese article page (www.gov.cn's design): the Chinese version of the seed's story. */
export const SEED_ZH_PAGE = "guowuyuan/2021-07/28/content_5627841.htm";
/** The build time of the shared sample site (tests/setup/sample-site.ts). */
export const SAMPLE_BUILD_TIME = "2021-08-08T12:00:00Z";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `newsmirror` binary in a child process (tests/helpers/cli.ts runs the same command line in-process). */
export function spawnCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
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

/** Files (and links) below `dir`, as sorted `/`-separated relative paths; none for a folder that does not exist. */
export function filesBelow(dir: string, options: { endingWith?: string } = {}): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter((file) => !options.endingWith || file.endsWith(options.endingWith))
    .sort();
}

/**
 * Every entry below `dir` (files by the SHA-256 of their bytes, folders, symbolic
 * links by their target): equal snapshots mean nothing was added, removed or changed.
 */
export function treeSnapshot(
  dir: string,
  options: { skip?: (relative: string) => boolean } = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (options.skip?.(name)) continue;
    const file = path.join(dir, name);
    const info = lstatSync(file);
    out[name] = info.isSymbolicLink()
      ? `-> ${readlinkSync(file)}`
      : info.isDirectory()
        ? "folder"
        : createHash("sha256").update(readFileSync(file)).digest("hex");
  }
  return out;
}

/** A process id that is no longer running. */
export function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

let mountable: boolean | undefined;

/** Whether this process may mount file systems (root on Linux): the disk tests need a small tmpfs. */
export function canMount(): boolean {
  if (mountable !== undefined) return mountable;
  if (process.platform !== "linux" || process.getuid?.() !== 0) return (mountable = false);
  const dir = mkdtempSync(path.join(tmpdir(), "newsmirror-mount-probe-"));
  mountable = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]).status === 0;
  if (mountable) spawnSync("umount", [dir]);
  rmdirSync(dir);
  return mountable;
}
