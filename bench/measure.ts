/**
 * Runs one command and measures it: wall time, CPU time of the whole process
 * tree, and peak memory.
 *
 * - Wall: from spawn to exit, in this process.
 * - CPU: user + system of the command and every child it waited for, from
 *   GNU time (`/usr/bin/time`, rusage of reaped children). Without GNU time,
 *   the last /proc sample of the tree (an underestimate by < 1 sample).
 * - Peak RSS: the larger of GNU time's maximum RSS (exact, but of the largest
 *   single process) and the sum of RSS over the process tree sampled from
 *   /proc every 50 ms (all processes, but may miss a peak shorter than that).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Measurement {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";
const PAGE_SIZE = 4096;
const CLOCK_TICKS = 100;

export const hasGnuTime = (() => {
  if (!existsSync(GNU_TIME)) return false;
  try {
    return readFileSync(GNU_TIME).includes("GNU");
  } catch {
    return false;
  }
})();

interface ProcSample {
  rssBytes: number;
  cpuSeconds: number;
}

/** RSS and CPU summed over `root` and its descendants, from /proc. */
function sampleTree(root: number): ProcSample {
  const children = new Map<number, number[]>();
  const stats = new Map<number, string[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return { rssBytes: 0, cpuSeconds: 0 };
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start at ") ".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry),
        ppid = Number(fields[1]);
      stats.set(pid, fields);
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // the process ended meanwhile
    }
  }
  let rssBytes = 0,
    ticks = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const fields = stats.get(pid);
    if (fields) {
      // stat fields (1-based in proc(5)): utime 14, stime 15, rss 24; here offset by 3.
      ticks += Number(fields[11]) + Number(fields[12]);
      rssBytes += Number(fields[21]) * PAGE_SIZE;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { rssBytes, cpuSeconds: ticks / CLOCK_TICKS };
}

export async function measure(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Measurement> {
  const scratch = mkdtempSync(path.join(tmpdir(), "newsmirror-measure-"));
  const timeFile = path.join(scratch, "time");
  const [file, argv] = hasGnuTime
    ? [GNU_TIME, ["-f", "%U %S %M", "-o", timeFile, command, ...args]]
    : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "",
    stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  let peakTree = 0,
    lastCpu = 0;
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    const sample = sampleTree(child.pid);
    peakTree = Math.max(peakTree, sample.rssBytes);
    lastCpu = Math.max(lastCpu, sample.cpuSeconds);
  }, 50);
  const exitCode = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  const wallSeconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  let cpuSeconds = lastCpu,
    peakRssBytes = peakTree;
  if (hasGnuTime && existsSync(timeFile)) {
    const last = readFileSync(timeFile, "utf8").trim().split("\n").pop()!;
    const [user, system, maxKb] = last.split(" ").map(Number) as [number, number, number];
    if (Number.isFinite(user)) {
      cpuSeconds = user + system;
      peakRssBytes = Math.max(peakTree, maxKb * 1024);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  return { wallSeconds, cpuSeconds, peakRssBytes, exitCode, stdout, stderr };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
