/**
 * One writer per output folder: a lock file beside the folder naming its
 * holder (a build or a dev server), so two builds take turns and a build
 * never swaps out a folder a dev server is serving. A holder that died is
 * recognised (its pid gone, or reused by another process) and its lock
 * taken over.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { link, mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { realPathOf } from "../folders.ts";
import { isoDay } from "../time/format.ts";
import { unwritable } from "./disk-failures.ts";

/** Linux: the process's start time in clock ticks since boot; with the pid it names one process, even after the pid is reused. */
export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  } catch {
    return undefined;
  }
}

/** Whether process `pid` still runs (and, when its start time was recorded, is the same process). */
export function isRunning(pid: number, started?: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = started === undefined ? undefined : processStart(pid);
  return now === undefined || now === started;
}

interface LockRecord {
  pid: number;
  command: "build" | "serve";
  startedAt: string;
  /** The holder's start time (Linux), so a reused pid is not taken for the holder. */
  processStart?: number;
  host?: string;
  /** Tells this holder's lock file from a later one at the same path. */
  nonce?: string;
}

/** `.{name}.lock` beside the folder: inside it, the swap would take it along. */
export function lockFileOf(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
}

async function readLock(file: string): Promise<{ text: string; record?: LockRecord } | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as LockRecord;
    return Number.isInteger(record.pid) && typeof record.command === "string" ? { text, record } : { text };
  } catch {
    return { text };
  }
}

/** `since 17:53:01` today, with the date on another day. */
function since(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "since an unknown time";
  const time = at.toTimeString().slice(0, 8);
  const day = (d: Date) => isoDay({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
  return day(at) === day(new Date()) ? `since ${time}` : `since ${day(at)} ${time}`;
}

function holderOf(record: LockRecord): string {
  const host = record.host && record.host !== hostname() ? ` on ${record.host}` : "";
  return `newsmirror ${record.command} (pid ${record.pid}${host}, ${since(record.startedAt)})`;
}

function holderRuns(record: LockRecord): boolean {
  // A process on another machine (a shared disk) cannot be asked; it is taken to run.
  if (record.host && record.host !== hostname()) return true;
  return isRunning(record.pid, record.processStart);
}

/** A lock file left empty or unreadable this long is taken for one whose writer died between creating and filling it. */
const UNREADABLE_LOCK_MS = 2000;
const POLL_MS = 150;

/**
 * Removes the lock file a dead holder left, unless it has been replaced
 * since it was read: it is renamed aside first (atomic), and put back with
 * link() (which never overwrites) if what was moved is a live lock.
 */
async function takeOver(file: string, stale: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = await readFile(aside, "utf8").catch(() => stale);
  if (moved !== stale) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/**
 * Exclusive use of an output folder, for a build or a dev server; names its
 * holder. Held by a running `serve`, or by anyone when `wait` is not set, it
 * throws UsageError naming the holder; held by a running build and `wait`,
 * it tells `onWait` once and waits. A lock whose process has died is taken
 * over. Released by `release()`, or when this process exits.
 *
 * (proper-lockfile was considered: it records no holder to name, and finds
 * stale locks by age, which a long build or a dev server would outlive.)
 */
export async function lockOutputFolder(
  dir: string,
  holder: { command: "build" | "serve" },
  options: { wait?: boolean; onWait?: (message: string) => void } = {},
): Promise<{ release(): Promise<void> }> {
  const real = await realPathOf(dir);
  const file = lockFileOf(real);
  const nonce = randomBytes(8).toString("hex");
  const started = processStart(process.pid);
  const text = `${JSON.stringify({ pid: process.pid, command: holder.command, startedAt: new Date().toISOString(), ...(started === undefined ? {} : { processStart: started }), host: hostname(), nonce } satisfies LockRecord)}\n`;
  let told = false;
  let unreadableSince: number | undefined;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(text);
      } catch (error) {
        await unlink(file).catch(() => undefined); // an empty lock (a full disk) would hold up the next build
        throw error;
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        await mkdir(path.dirname(file), { recursive: true }).catch(async (cannot: unknown) => {
          throw (await unwritable(path.dirname(file), cannot)) ?? cannot;
        });
        continue;
      }
      if (code !== "EEXIST") throw (await unwritable(path.dirname(file), error)) ?? error;
    }
    const held = await readLock(file);
    if (!held) continue; // released just now
    if (!held.record) {
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > UNREADABLE_LOCK_MS) await takeOver(file, held.text);
      else await sleep(POLL_MS);
      continue;
    }
    unreadableSince = undefined;
    if (!holderRuns(held.record)) {
      await takeOver(file, held.text);
      continue;
    }
    const who = `${real} is in use by ${holderOf(held.record)}`;
    if (held.record.command === "serve") throw new UsageError(`${who}; stop it, or give --output another folder`);
    if (!options.wait) throw new UsageError(`${who}; wait for it to finish, or give --output another folder`);
    if (!told) options.onWait?.(`${who}; waiting for it to finish`);
    told = true;
    await sleep(POLL_MS);
  }

  // Only a lock file that is still ours is removed: a holder taken for dead may find its lock gone.
  const releaseNow = () => {
    process.off("exit", releaseNow);
    try {
      if (readFileSync(file, "utf8") === text) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.on("exit", releaseNow);
  return {
    async release() {
      releaseNow();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
