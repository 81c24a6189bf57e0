/**
 * What the spare copy of the site costs (src/output/spare.ts), on a built site: `npx tsx bench/spare.ts SITE`
 * (SITE: e.g. the output of `newsmirror build` of bench/generate.ts's 4,000 articles, in a temp folder).
 * Prints medians of 5: the whole copy made when the spare is unknown, by each way measured, and prepareSpare when
 * 1 and 200 files changed (rendered), and when 200 are copied from the published folder.
 */
import { spawnSync } from "node:child_process";
import { constants, copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { copyFile, cp, mkdir, readdir, rm } from "node:fs/promises";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import { lockOutputFolder } from "../src/output/lock.ts";
import { writeSiteMarker, readSiteMarker } from "../src/output/guard.ts";
import { prepareSpare, spareOf } from "../src/output/spare.ts";

const site = path.resolve(process.argv[2]!);
const rounds = 5;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/** CPU time (user + system, ms) of this process (all its threads) and of the children it waited for. */
function cpuNow(): number {
  const own = process.cpuUsage();
  const children = spawnSync("sh", ["-c", "cat /proc/$PPID/stat"], { encoding: "utf8" }).stdout;
  // Fields 16 and 17 (cutime, cstime) of this process, in clock ticks (100 a second on Linux).
  const fields = children.slice(children.lastIndexOf(")") + 2).split(" ");
  return (own.user + own.system) / 1000 + (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Medians of wall-clock time and of CPU time: on a busy machine the CPU time is the steadier measure. */
async function timed(label: string, run: () => Promise<unknown> | unknown, before?: () => Promise<unknown> | unknown) {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await before?.();
    const [start, startCpu] = [performance.now(), cpuNow()];
    await run();
    times.push(performance.now() - start);
    cpu.push(cpuNow() - startCpu);
  }
  report(label, times, cpu);
}

function report(label: string, wall: number[], cpu: number[]): void {
  console.log(
    `${label.padEnd(56)} wall ${median(wall).toFixed(0).padStart(5)} ms, cpu ${median(cpu).toFixed(0).padStart(5)} ms   (wall ${wall.map((t) => t.toFixed(0)).join(" ")})`,
  );
}

const work = mkdtempSync(path.join(path.dirname(site), "spare-bench-"));
const to = path.join(work, "copy");
const clear = () => rm(to, { recursive: true, force: true });
const entries = readdirSync(site, { recursive: true, withFileTypes: true });
const relative = (e: { parentPath: string; name: string }) => path.relative(site, path.join(e.parentPath, e.name));
const files = entries.filter((e) => e.isFile()).map(relative);
const folders = entries.filter((e) => e.isDirectory()).map(relative);
console.log(`${files.length} files, ${folders.length} folders in ${site}`);

// The ways of making the whole copy, taken in turn within each round, so that a change in the machine's load
// weighs on each alike.
const ways: [string, () => Promise<unknown> | unknown][] = [
  ["whole copy: fs.cp (recursive)", () => cp(site, to, { recursive: true })],
  [
    "whole copy: copyFileSync per file, COPYFILE_FICLONE",
    () => {
      for (const folder of ["", ...folders]) mkdirSync(path.join(to, folder), { recursive: true });
      for (const file of files) copyFileSync(path.join(site, file), path.join(to, file), constants.COPYFILE_FICLONE);
    },
  ],
  [
    "whole copy: copyFile per file, 16 at once",
    async () => {
      for (const folder of ["", ...folders]) await mkdir(path.join(to, folder), { recursive: true });
      const limit = pLimit(16);
      await Promise.all(
        files.map((file) =>
          limit(() => copyFile(path.join(site, file), path.join(to, file), constants.COPYFILE_FICLONE)),
        ),
      );
    },
  ],
  ["whole copy: spawn cp -a", () => spawnSync("cp", ["-a", site, to])],
];
const measured = new Map(ways.map(([label]) => [label, { wall: [] as number[], cpu: [] as number[] }]));
for (let round = 0; round < rounds; round++) {
  for (const [label, run] of ways) {
    await clear();
    const [start, startCpu] = [performance.now(), cpuNow()];
    await run();
    measured.get(label)!.wall.push(performance.now() - start);
    measured.get(label)!.cpu.push(cpuNow() - startCpu);
  }
}
for (const [label, { wall, cpu }] of measured) report(label, wall, cpu);
await timed("listing the site (readdir recursive)", () => readdir(site, { recursive: true, withFileTypes: true }));
await clear();

// prepareSpare on a published folder and a spare of the same site, each in its own state.
const out = path.join(work, "_site");
spawnSync("cp", ["-a", site, out]);
spawnSync("cp", ["-a", site, spareOf(out)]);
const marker = (await readSiteMarker(site))!;
await writeSiteMarker(out, { ...marker, state: "published" });
const keys = new Map(files.filter((f) => f !== ".newsmirror-site").map((f) => [f.split(path.sep).join("/"), "same"]));
const lock = await lockOutputFolder(out, { command: "build" });
const pages = [...keys.keys()].filter((f) => f.endsWith(".html"));
for (const [label, changed, publishedHasThem] of [
  ["prepareSpare, 1 file changed (rendered)", 1, false],
  ["prepareSpare, 200 files changed (rendered)", 200, false],
  ["prepareSpare, 200 files copied from the published folder", 200, true],
  ["prepareSpare, spare unknown (whole copy), 1 file changed", 1, false],
] as const) {
  const next = new Map(keys);
  const published = new Map(keys);
  const spare = new Map(keys);
  for (const page of pages.slice(0, changed)) {
    next.set(page, "new");
    if (publishedHasThem) published.set(page, "new");
  }
  await timed(
    label,
    () =>
      prepareSpare(
        out,
        { published: { id: "published", files: published }, spare: { id: "spare", files: spare } },
        next,
      ),
    () => writeSiteMarker(spareOf(out), { ...marker, state: label.includes("unknown") ? "dirty" : "spare" }),
  );
}
await lock.release();
await rm(work, { recursive: true, force: true });
