/**
 * Helpers for tests of the servers: a dev server in this process (its builder
 * a child), `serve` or `preview` command lines refused in this process, the
 * real `newsmirror serve`, and raw requests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { main } from "../../src/cli/cli.ts";
import { errorReport } from "../../src/error-report.ts";
import { DevServer, type DevServerRequest } from "../../src/serve/dev-server.ts";
import { rawRequest, waitFor, type Reply } from "./http.ts";
import { BIN, ROOT, tempDir, treeSnapshot, type CliResult } from "./site.ts";

export type { Reply };

/** A raw GET as a browser navigating: the path is sent exactly as written. */
export function get(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return rawRequest(port, rawPath, { headers: { accept: "text/html", ...headers } });
}

/** A folder's tree as treeSnapshot gives it, without dotfiles (the marker records when it was built). */
export function treeHashes(dir: string): Record<string, string> {
  return treeSnapshot(dir, { skip: (relative) => path.basename(relative).startsWith(".") });
}

/** A dev server in this process, its terminal output collected. */
export class TestDevServer {
  log = "";
  readonly server: DevServer;
  constructor(request: Partial<DevServerRequest> & { contentDir: string }) {
    this.server = new DevServer(
      // The builder in this process (tests never edit newsmirror's code); the one spawned `serve` test has the child process.
      {
        displayRoot: request.contentDir,
        imageCacheDir: tempDir("newsmirror-cache-"),
        host: "127.0.0.1",
        port: 0,
        buildTimeMs: Date.UTC(2021, 6, 29),
        builder: "here",
        ...request,
      },
      { out: (t) => (this.log += t), err: (t) => (this.log += t) },
    );
  }
  get port(): number {
    return Number(new URL(this.server.url).port);
  }
  async start(): Promise<this> {
    await this.server.start();
    return this;
  }
  /** Resolves once the log has `count` lines matching `pattern`. */
  async logged(pattern: RegExp, count = 1, seconds = 45): Promise<void> {
    const global = new RegExp(pattern.source, "g");
    await waitFor(
      `${count}× ${pattern} in the log:\n${this.log}`,
      () => ((this.log.match(global) ?? []).length >= count ? true : undefined),
      seconds,
    );
  }
  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** `newsmirror serve` as a user runs it; resolves once it printed its address. */
export async function spawnServe(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = await waitFor(
    `the address in:\n${output}`,
    () => {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${output}`);
      return /serving (http:\/\/\S+)/.exec(output)?.[1];
    },
    90,
  );
  return { child, url, output: () => output };
}

/** Stops a spawned server and resolves with its exit code. */
export function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

/**
 * `newsmirror serve ARGS` or `newsmirror preview ARGS` in this process, for a
 * command line it refuses before it serves (a taken port, a folder it may not
 * use): the exit code and output a user sees. (runCli runs neither command:
 * a server that starts keeps running.) Fails the test if a server starts.
 */
export async function refusedServer(args: readonly string[], options: { cwd?: string } = {}): Promise<CliResult> {
  const stdout = { text: "", write: (t: string) => (stdout.text += t) };
  const stderr = { text: "", write: (t: string) => (stderr.text += t) };
  const cwd = options.cwd ?? ROOT;
  let code: number | "running";
  try {
    code = await main(args, cwd, { stdout, stderr, env: process.env });
  } catch (error) {
    const { exitCode, text } = errorReport(error, { verbose: false, cwd });
    return { status: exitCode, stdout: stdout.text, stderr: stderr.text + text };
  }
  if (code === "running") throw new Error(`newsmirror ${args.join(" ")} started a server:\n${stdout.text}`);
  return { status: code, stdout: stdout.text, stderr: stderr.text };
}
