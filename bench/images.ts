/**
 * `npm run bench:images`: what photos cost a build. 200 generated photos
 * (2000×1333, with grain) across 100 articles, each with a lead photo and a
 * body photo; the same 100 articles without photos as the baseline.
 *
 *   cold          empty photo cache: every variant encoded
 *   warm          nothing changed: nothing encoded
 *   one changed   one photo redrawn: only it encoded
 *
 * Wall time and peak memory (max RSS, /usr/bin/time) of each `newsmirror
 * build`, run as a user runs it. Results go to stdout and to their own
 * section of docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drawPhoto } from "./photo-art.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORK = path.join(ROOT, "bench/.work/images");
const ARTICLES = 100;
const PHOTOS = 2 * ARTICLES;
const SIZE = { width: 2000, height: 1333 };

const sourcesDir = path.join(WORK, "sources");
const photoContent = path.join(WORK, "content-photos");
const plainContent = path.join(WORK, "content-plain");
const cacheDir = path.join(WORK, "cache");
const outputDir = path.join(WORK, "site");

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function makePhotos(): Promise<void> {
  mkdirSync(sourcesDir, { recursive: true });
  let made = 0;
  for (let i = 0; i < PHOTOS; i++) {
    const file = path.join(sourcesDir, `photo-${i}.jpg`);
    if (existsSync(file)) continue;
    writeFileSync(file, await drawPhoto({ ...SIZE, seed: (i * 0.6180339887) % 1, grain: true }));
    made++;
  }
  if (made) log(`generated ${made} source photos (${SIZE.width}×${SIZE.height}) in ${path.relative(ROOT, sourcesDir)}`);
}

const PARAGRAPHS = [
  "Officials said on Tuesday that the programme would be expanded to more provinces next year, after a pilot phase that reached more than 2 million households.",
  "The plan sets out targets for 2025 and asks local governments to report their progress every six months, according to a statement released by the ministry.",
  "Experts said the measures would help small businesses find capital more easily and steady employment in the services sector.",
  "The statement also called for closer cooperation between regions, and for data to be shared across departments where the law allows it.",
];

function articleFile(i: number, withPhotos: boolean): string {
  const day = String((i % 28) + 1).padStart(2, "0");
  const front = [
    "---",
    `title: Benchmark article number ${i} on regional development`,
    `updated: 2021-07-${day}T07:01:00+08:00`,
    "source: Xinhua",
    "dateline: BEIJING",
    "section: bench/news",
    ...(withPhotos
      ? [
          "image:",
          `  src: photo-${2 * i}.jpg`,
          `  alt: A landscape drawn for benchmark article ${i}`,
          `  caption: Hills at dusk, the lead photo of article ${i}. [Photo/Xinhua]`,
        ]
      : []),
    "---",
  ];
  const body = [
    ...PARAGRAPHS.slice(0, 2),
    ...(withPhotos
      ? [
          `![Another landscape for article ${i}](photo-${2 * i + 1}.jpg "The body photo of article ${i}. [Photo/Xinhua]")`,
        ]
      : []),
    ...PARAGRAPHS.slice(2),
  ];
  return `${front.join("\n")}\n${body.join("\n\n")}\n`;
}

function makeContent(): void {
  for (const [dir, withPhotos] of [
    [photoContent, true],
    [plainContent, false],
  ] as const) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, "news"), { recursive: true });
    for (let i = 0; i < ARTICLES; i++)
      writeFileSync(path.join(dir, "news", `article-${i}.md`), articleFile(i, withPhotos));
    if (withPhotos) {
      // A copy, not a link: the one-changed run rewrites a photo in place.
      for (let i = 0; i < PHOTOS; i++)
        writeFileSync(path.join(dir, "news", `photo-${i}.jpg`), readFileSync(path.join(sourcesDir, `photo-${i}.jpg`)));
    }
  }
}

interface Run {
  name: string;
  seconds: number;
  /** user + system CPU seconds: steadier than wall time on a shared machine. */
  cpu: number;
  peakMiB: number;
  photoLine: string;
}

function build(name: string, content: string): Run {
  const result = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%e %M %U %S",
      process.execPath,
      path.join(ROOT, "bin/newsmirror.js"),
      "build",
      "--input",
      content,
      "--output",
      outputDir,
      "--image-cache",
      cacheDir,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`${name} failed:\n${result.stdout}\n${result.stderr}`);
  const [seconds, kib, user, system] = result.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const photoLine = /photos: .*/.exec(result.stdout)?.[0] ?? "no photos";
  const run = { name, seconds, cpu: user + system, peakMiB: Math.round(kib / 1024), photoLine };
  log(
    `${name.padEnd(32)} ${seconds.toFixed(2).padStart(7)} s ${run.cpu.toFixed(2).padStart(7)} s CPU ${String(run.peakMiB).padStart(5)} MiB   ${photoLine}`,
  );
  return run;
}

/** The median run of each field, for runs that should be fast and are compared with each other. */
function median(runs: Run[]): Run {
  const mid = <T>(values: T[], by: (v: T) => number) =>
    [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
  return {
    ...runs[0]!,
    seconds: mid(runs, (r) => r.seconds).seconds,
    cpu: mid(runs, (r) => r.cpu).cpu,
    peakMiB: mid(runs, (r) => r.peakMiB).peakMiB,
  };
}

/** Alternates the two builds, so load from other work on the machine falls on both alike. */
function interleaved(a: [string, string], b: [string, string], times: number): [Run, Run] {
  const runsA: Run[] = [];
  const runsB: Run[] = [];
  for (let i = 0; i < times; i++) {
    runsA.push(build(...a));
    runsB.push(build(...b));
  }
  return [median(runsA), median(runsB)];
}

const loadAtStart = loadavg()[0]!;

async function main(): Promise<void> {
  await makePhotos();
  makeContent();
  log(`${ARTICLES} articles, ${PHOTOS} photos; ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"})`);

  build("warm-up (plain)", plainContent);
  rmSync(cacheDir, { recursive: true, force: true });
  const cold = build("cold (empty photo cache)", photoContent);
  const [plain, warm] = interleaved(["no photos", plainContent], ["warm (nothing changed)", photoContent], 5);
  writeFileSync(path.join(photoContent, "news/photo-0.jpg"), await drawPhoto({ ...SIZE, seed: 0.999, grain: true }));
  const changed = build("one photo changed", photoContent);

  const rows = [plain, cold, warm, changed];
  const table = [
    "| build | wall time | CPU (user+sys) | peak memory | photo work |",
    "|---|---|---|---|---|",
    ...rows.map(
      (r) => `| ${r.name} | ${r.seconds.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${r.peakMiB} MiB | ${r.photoLine} |`,
    ),
  ].join("\n");
  const ratios = [
    `- warm / cold: ${(warm.seconds / cold.seconds).toFixed(3)}`,
    `- warm / no photos: ${(warm.seconds / plain.seconds).toFixed(3)} wall, ${(warm.cpu / plain.cpu).toFixed(3)} CPU (target: at most 1.10)`,
    `- one changed / cold: ${(changed.seconds / cold.seconds).toFixed(3)}`,
  ].join("\n");
  log(`\n${table}\n\n${ratios}`);
  writeSection(table, ratios);
}

const BEGIN = "<!-- bench:images -->";
const END = "<!-- /bench:images -->";

/** Replaces this benchmark's own section of docs/benchmarks.md; other sections are left as they are. */
function writeSection(table: string, ratios: string): void {
  const file = path.join(ROOT, "docs/benchmarks.md");
  const date = new Date().toISOString().slice(0, 10);
  const section = `${BEGIN}
## Photos (\`npm run bench:images\`)

${ARTICLES} articles, each with a lead photo and a body photo: ${PHOTOS} generated photos of ${SIZE.width}×${SIZE.height}
(JPEG with grain), 4 widths × AVIF/WebP/JPEG each plus the 1200×630 social crop of each lead photo.
The baseline is the same ${ARTICLES} articles without photos. One \`newsmirror build\` per row: wall time,
CPU time and peak memory (max RSS) from \`/usr/bin/time\`; "no photos" and "warm" are the medians of 5
runs, alternated. ${availableParallelism()} cores, shared with other work (load average ${loadAtStart.toFixed(1)} at the
start, ${loadavg()[0]!.toFixed(1)} at the end: read the ratios, not the seconds); ${date}.

${table}

${ratios}
${END}`;
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = old.indexOf(BEGIN);
  const end = old.indexOf(END);
  const next =
    start !== -1 && end > start
      ? `${old.slice(0, start)}${section}${old.slice(end + END.length)}`
      : `${old.trimEnd()}\n\n${section}\n`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, next);
  log(`\nwrote ${path.relative(ROOT, file)}`);
}

await main();
