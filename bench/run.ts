/**
 * `npm run bench`: newsmirror against bare Eleventy 3 and Hugo on the same
 * generated articles, in the same run, builds alternated; then rebuild
 * latency under the dev server. Writes docs/benchmarks.md and
 * docs/benchmarks.svg.
 *
 *   npm run bench                       1,000, 4,000 and 20,000 articles
 *   npm run bench -- --huge             also 100,000
 *   npm run bench -- --sizes 4000 --runs 3 --no-rebuild --no-write
 *   npm run bench -- --runs 3,3,1 --template-edits 5   (a busy machine)
 *   npm run bench -- --search-max 4000  (time the search step only up to 4,000)
 *   npm run bench -- --sizes 4000 --check-only   (only the check row, logged: one build, one check)
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { generate, syntheticArticle } from "./generate.ts";
import { hasGnuTime, measure, median, type Measurement } from "./measure.ts";
import { rebuildLatency, type RebuildResult } from "./rebuild.ts";
import { writeReport, type CheckResult, type SearchResult, type SizeResult, type ToolResult } from "./report.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    huge: { type: "boolean", default: false },
    runs: { type: "string" },
    "no-rebuild": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    port: { type: "string", default: "18800" },
    "template-edits": { type: "string", default: "10" },
    "search-max": { type: "string", default: "20000" },
    "check-sizes": { type: "string", default: "4000" },
    "check-only": { type: "boolean", default: false },
  },
});
/** `newsmirror check` is timed (one run, on the site built with its search index) at these sizes. */
const checkSizes = new Set(values["check-sizes"].split(",").map(Number));
const checkOnly = values["check-only"];
/** The search step is timed (one run) up to this many articles; Pagefind's time and memory grow faster than the site's. */
const searchMax = Number(values["search-max"]);

const sizes = values.sizes
  ? values.sizes.split(",").map(Number)
  : [1000, 4000, 20000, ...(values.huge ? [100000] : [])];
/** `--runs 3` for every size, or `--runs 5,3,1` per size. */
const runsFor = (n: number) => {
  const given = values.runs?.split(",").map(Number);
  if (given) return given[Math.min(sizes.indexOf(n), given.length - 1)]!;
  return n <= 4000 ? 5 : n <= 20000 ? 3 : 1;
};

function version(command: string, args: string[]): string | undefined {
  const r = spawnSync(command, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : undefined;
}

const hugoVersion = version("hugo", ["version"]);
const eleventyVersion = (
  JSON.parse(readFileSync(path.join(ROOT, "node_modules/@11ty/eleventy/package.json"), "utf8")) as { version: string }
).version;

interface Tool {
  name: string;
  label: string;
  command(content: string, out: string): [string, string[]];
}

const work = mkdtempSync(path.join(os.tmpdir(), "newsmirror-bench-"));
const hugoSite = path.join(work, "hugo-site");
cpSync(path.join(ROOT, "bench/hugo"), hugoSite, { recursive: true });

const TOOLS: Tool[] = [
  {
    name: "newsmirror",
    label: "newsmirror (site)",
    // The site: articles, listings, feeds, sitemaps. The search index is its own step, timed below.
    command: (content, out) => [
      process.execPath,
      [path.join(ROOT, "bin/newsmirror.js"), "build", "--input", content, "--output", out, "--no-search"],
    ],
  },
  {
    name: "eleventy",
    label: `bare Eleventy ${eleventyVersion}`,
    command: (content, out) => [
      process.execPath,
      [
        path.join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"),
        `--config=${path.join(ROOT, "bench/eleventy-bare/eleventy.config.js")}`,
        `--input=${content}`,
        `--output=${out}`,
        "--quiet",
      ],
    ],
  },
  ...(hugoVersion
    ? [
        {
          name: "hugo",
          label: `Hugo ${hugoVersion.match(/v[\d.]+/)?.[0] ?? ""}`,
          command: (content: string, out: string): [string, string[]] => [
            "hugo",
            ["--source", hugoSite, "--contentDir", content, "--destination", out, "--quiet"],
          ],
        },
      ]
    : []),
];

function countHtml(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".html")).length;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (m: Measurement) =>
  `${m.wallSeconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU, ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB`;

log(
  `newsmirror bench: sizes ${sizes.join(", ")}; ${os.cpus().length} cores; Node ${process.version}; ${hugoVersion ?? "Hugo not installed (skipped)"}; work dir ${work}`,
);
if (!hasGnuTime) log("note: GNU time (/usr/bin/time) not found; CPU time is sampled from /proc");

const results: SizeResult[] = [];
const started = performance.now();
try {
  for (const n of sizes) {
    const content = path.join(work, `content-${n}`);
    const t = performance.now();
    const bytes = generate(content, n);
    log(
      `\n${n} articles (${(bytes / 2 ** 20).toFixed(1)} MiB of Markdown, generated in ${((performance.now() - t) / 1000).toFixed(1)} s), ${runsFor(n)} runs each`,
    );
    const runs = new Map<string, Measurement[]>(TOOLS.map((tool) => [tool.name, []]));
    const pages = new Map<string, number>();
    const extra = new Map<string, string[]>();
    /** A peer that failed (Eleventy out of memory at 100,000, say) is reported, not retried; newsmirror failing stops the bench. */
    const failed = new Map<string, string>();
    for (let r = 0; r < (checkOnly ? 0 : runsFor(n)); r++) {
      // Rotate the order each run so no tool always goes first (or last) on a warm cache.
      const order = TOOLS.map((_, i) => TOOLS[(i + r) % TOOLS.length]!);
      for (const tool of order.filter((t) => !failed.has(t.name))) {
        const out = path.join(work, `out-${tool.name}`);
        rmSync(out, { recursive: true, force: true });
        const [cmd, args] = tool.command(content, out);
        const m = await measure(cmd, args, { cwd: ROOT, env: { NODE_ENV: "production" } });
        if (m.exitCode !== 0) {
          if (tool.name === "newsmirror")
            throw new Error(`${tool.name} failed (exit ${m.exitCode}):\n${m.stderr || m.stdout}`);
          const why =
            (m.stderr || m.stdout)
              .split("\n")
              .find((l) => /heap|memory|error/i.test(l))
              ?.trim() ?? "";
          failed.set(
            tool.name,
            `failed after ${m.wallSeconds.toFixed(1)} s (exit ${m.exitCode}${why ? `: ${why.slice(0, 160)}` : ""}), peak ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
          );
          log(`  run ${r + 1} ${tool.name.padEnd(10)} ${failed.get(tool.name)}`);
          rmSync(out, { recursive: true, force: true });
          continue;
        }
        runs.get(tool.name)!.push(m);
        if (r === 0) {
          pages.set(tool.name, countHtml(out));
          if (tool.name === "newsmirror")
            extra.set(
              tool.name,
              m.stdout
                .trim()
                .split("\n")
                .filter((l) => l && !l.startsWith("newsmirror: built")),
            );
        }
        log(`  run ${r + 1} ${tool.name.padEnd(10)} ${fmt(m)}`);
        rmSync(out, { recursive: true, force: true });
      }
    }
    const tools: ToolResult[] = TOOLS.map((tool) => {
      const ms = runs.get(tool.name)!;
      const failure = failed.get(tool.name);
      if (failure)
        return {
          name: tool.name,
          label: tool.label,
          wallSeconds: NaN,
          cpuSeconds: NaN,
          peakRssBytes: NaN,
          walls: [],
          pages: 0,
          notes: [failure],
          failed: failure,
        };
      return {
        name: tool.name,
        label: tool.label,
        wallSeconds: median(ms.map((m) => m.wallSeconds)),
        cpuSeconds: median(ms.map((m) => m.cpuSeconds)),
        peakRssBytes: Math.max(...ms.map((m) => m.peakRssBytes)),
        walls: ms.map((m) => m.wallSeconds),
        pages: pages.get(tool.name) ?? 0,
        notes: extra.get(tool.name) ?? [],
      };
    });
    // The search index: one full build (site, then search), its search step as the build reports it.
    let search: SearchResult | undefined;
    let check: CheckResult | undefined;
    const wantCheck = checkSizes.has(n);
    const out = path.join(work, "out-search");
    if ((n <= searchMax && !checkOnly) || wantCheck) {
      rmSync(out, { recursive: true, force: true });
      const m = await measure(
        process.execPath,
        [path.join(ROOT, "bin/newsmirror.js"), "build", "--input", content, "--output", out],
        { cwd: ROOT, env: { NODE_ENV: "production" } },
      );
      if (m.exitCode !== 0)
        throw new Error(`newsmirror with search failed (exit ${m.exitCode}):\n${m.stderr || m.stdout}`);
      const step = /search index \(Pagefind\) in ([\d.]+) s/.exec(m.stdout);
      if (!step) throw new Error(`newsmirror with search did not report its search step:\n${m.stdout}`);
      search = {
        wallSeconds: m.wallSeconds,
        cpuSeconds: m.cpuSeconds,
        peakRssBytes: m.peakRssBytes,
        searchSeconds: Number(step[1]),
      };
      log(`  newsmirror with search index: ${fmt(m)}; search step ${search.searchSeconds.toFixed(2)} s`);
    }
    // `newsmirror check` of that whole site (pages, feeds, sitemaps, photos, search files): it must pass.
    if (wantCheck) {
      const m = await measure(
        process.execPath,
        [path.join(ROOT, "bin/newsmirror.js"), "check", "--input", content, "--output", out],
        { cwd: ROOT, env: { NODE_ENV: "production" } },
      );
      if (m.exitCode !== 0)
        throw new Error(
          `newsmirror check failed on the generated site (exit ${m.exitCode}):\n${(m.stderr || m.stdout).slice(0, 4000)}`,
        );
      const pagesChecked = Number(/: (\d+) pages valid/.exec(m.stdout)?.[1] ?? NaN);
      check = {
        wallSeconds: m.wallSeconds,
        cpuSeconds: m.cpuSeconds,
        peakRssBytes: m.peakRssBytes,
        pages: pagesChecked,
      };
      log(`  newsmirror check: ${fmt(m)}; ${pagesChecked} pages`);
    }
    rmSync(out, { recursive: true, force: true });
    const result: SizeResult = { n, bytes, tools, ...(search ? { search } : {}), ...(check ? { check } : {}) };
    results.push(result);
    const nm = tools.find((t) => t.name === "newsmirror")!;
    if (checkOnly) continue;
    for (const other of tools.filter((t) => t !== nm && !t.failed))
      log(
        `  newsmirror / ${other.name}: ${(nm.wallSeconds / other.wallSeconds).toFixed(2)}× wall, ${(nm.cpuSeconds / other.cpuSeconds).toFixed(2)}× CPU`,
      );
    if (n !== Math.max(...sizes) || values["no-rebuild"]) rmSync(content, { recursive: true, force: true });
  }

  let rebuild: RebuildResult | undefined;
  if (!values["no-rebuild"] && !checkOnly) {
    const n = 4000;
    const content = path.join(work, `content-${n}`);
    if (!existsSync(content)) generate(content, n);
    const templateEdits = Number(values["template-edits"]);
    log(`\nrebuild latency: dev server on ${n} articles, 10 article edits, ${templateEdits} template saves`);
    const articles = [3, 101, 777, 1234, 2048, 2999, 3333, 3500, 3777, 3999].map((i) => {
      const a = syntheticArticle(i);
      return { file: a.file, page: a.page };
    });
    rebuild = await rebuildLatency({
      root: ROOT,
      contentSource: content,
      workDir: work,
      port: Number(values.port),
      edits: 10,
      templateEdits,
      articles,
    });
    log(
      `  article edit → page and its listings rewritten: median ${median(rebuild.articleMs).toFixed(0)} ms (${rebuild.articleMs.map((v) => v.toFixed(0)).join(", ")})`,
    );
    log(
      `  template save → whole site rebuilt: median ${median(rebuild.templateMs).toFixed(0)} ms (${rebuild.templateMs.map((v) => v.toFixed(0)).join(", ")})`,
    );
  }

  const totalSeconds = (performance.now() - started) / 1000;
  log(`\nbench finished in ${(totalSeconds / 60).toFixed(1)} min`);
  // A --check-only run measured one row, not the report: it is logged only.
  if (!values["no-write"] && !checkOnly) {
    const files = writeReport(ROOT, {
      results,
      searchMax,
      rebuild,
      machine: {
        cores: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryBytes: os.totalmem(),
        node: process.version,
        loadAverage: os.loadavg(),
        eleventy: eleventyVersion,
        hugo: hugoVersion,
        gnuTime: hasGnuTime,
      },
      totalSeconds,
      date: new Date(),
    });
    log(`wrote ${files.map((f) => path.relative(ROOT, f)).join(", ")}`);
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
