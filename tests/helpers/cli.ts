/**
 * The newsmirror command line, run in this process: the same `main()` the
 * `newsmirror` binary runs (src/cli/cli.ts), with its output collected and a
 * failure reported as src/cli/main.ts reports it. A build here costs a few
 * hundred milliseconds instead of a new Node process (about 2 s of start-up).
 * The real process is `spawnCli` (tests/helpers/site.ts), kept for the few
 * smoke tests that need one: signals, exit codes, the binary itself.
 */
import { main } from "../../src/cli/cli.ts";
import { errorReport } from "../../src/error-report.ts";
import { ROOT, type CliResult } from "./site.ts";

export type { CliResult };

class Collected {
  text = "";
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** Runs `newsmirror ARGS` in this process; `env` adds to (or, set to undefined, removes from) the process's environment. */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {},
): Promise<CliResult> {
  const answers = args.some((arg) => ["--help", "-h", "--version"].includes(arg)); // and ends
  if ((args[0] === "serve" || args[0] === "preview") && !answers)
    throw new Error(`runCli: ${args[0]} keeps running; use TestDevServer or spawnCli`);
  const stdout = new Collected(options.tty),
    stderr = new Collected(options.tty);
  const cwd = options.cwd ?? ROOT;
  const io = { stdout, stderr, env: { ...process.env, ...options.env } };
  let status: number;
  try {
    const code = await main(args, cwd, io);
    status = code === "running" ? 0 : code;
  } catch (error) {
    const { exitCode, text } = errorReport(error, { verbose: args.includes("--verbose") || args.includes("-v"), cwd });
    stderr.write(text);
    status = exitCode;
  }
  return { status, stdout: stdout.text, stderr: stderr.text };
}
