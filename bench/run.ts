/**
 * `npm run bench`: newsmirror against bare Eleventy 3 and Hugo on the same
 * generated articles, in the same run, builds alternated; the same with the
 * search index (Pagefind's CLI after the peers); incremental builds after
 * one article edited and after 100 articles added; then rebuild latency
 * under the dev server. Writes docs/benchmarks.md and docs/benchmarks.svg.
 *
 *   npm run bench                       1,000, 4,000 and 20,000 articles
 *   npm run bench -- --huge             also 100,000
 *   npm run bench -- --sizes 4000 --runs 3 --no-rebuild --no-write
 *   npm run bench -- --runs 3,3,1 --template-edits 5   (a busy machine)
 *   npm run bench -- --search-max 4000  (newsmirror with search only up to 4,000)
 *   npm run bench -- --sizes 20000 --only incremental   (only the incremental rows: cold with search, Hugo, incremental)
 *   npm run bench -- --sizes 4000 --only check   (only the check row, logged: one build, one check)
 *   npm run bench -- --sizes 20000 --only related   (only the related-stories row: bench/related.ts)
 *   npm run bench -- --sizes 4000 --only archive   (only the archive row: one build, one `newsmirror archive`)
 *
 * `--only` takes a comma list of `builds` (the cold builds of every tool,
 * with and without search), `incremental`, `check`, `archive` (the WACZ of
 * the site built with search, at --check-sizes) and `rebuild` (the dev
 * server); a run of only some of them prints its tables instead of writing
 * docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { generate, syntheticArticle } from "./generate.ts";
import { incrementalRuns, type IncrementalResult } from "./incremental.ts";
import { hasGnuTime, measure, median, type Measurement } from "./measure.ts";
import { rebuildLatency, type RebuildResult } from "./rebuild.ts";
import { relatedCost, relatedLines, type RelatedResult } from "./related.ts";
import {
  type ArchiveResult,
  markdown,
  writeReport,
  type CheckResult,
  type Report,
  type SearchResult,
  type SizeResult,
  type ToolResult,
} from "./report.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin/newsmirror.js");

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    huge: { type: "boolean", default: false },
    runs: { type: "string" },
    "incremental-runs": { type: "string" },
    only: { type: "string" },
    "no-rebuild": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    port: { type: "string", default: "18800" },
    "template-edits": { type: "string", default: "10" },
    "search-max": { type: "string" },
    "pagefind-max": { type: "string", default: "20000" },
    "check-sizes": { type: "string", default: "4000" },
    "check-only": { type: "boolean", default: false },
  },
});

const GROUPS = ["builds", "incremental", "check", "archive", "rebuild", "related"] as const;
type Group = (typeof GROUPS)[number];
const only = values["check-only"] ? ["check"] : values.only?.split(",").map((g) => g.trim());
for (const g of only ?? [])
  if (!GROUPS.includes(g as Group)) throw new Error(`--only ${g}: not one of ${GROUPS.join(", ")}`);
const wanted = new Set<Group>((only as Group[] | undefined) ?? GROUPS);
if (values["no-rebuild"]) wanted.delete("rebuild");
/** Every group measured: the report is written. Some: their tables are printed. */
const partial = only !== undefined;

/** `newsmirror check` is timed (one run, on the site built with its search index) at these sizes. */
const checkSizes = new Set(values["check-sizes"].split(",").map(Number));
const sizes = values.sizes
  ? values.sizes.split(",").map(Number)
  : [1000, 4000, 20000, ...(values.huge ? [100000] : [])];
/** newsmirror with its search index is built up to this many articles (default: every size). */
const searchMax = values["search-max"] === undefined ? Number.POSITIVE_INFINITY : Number(values["search-max"]);
/** The peers are followed by the Pagefind CLI up to this many articles (bare Eleventy alone takes 8 minutes at 100,000). */
const pagefindMax = Number(values["pagefind-max"]);
/** `--runs 3` for every size, or `--runs 5,3,1` per size. */
const runsFor = (n: number) => {
  const given = values.runs?.split(",").map(Number);
  if (given) return given[Math.min(sizes.indexOf(n), given.length - 1)]!;
  return n <= 4000 ? 5 : n <= 20000 ? 3 : 1;
};
/** Incremental builds per kind of change (edits, additions). */
const incrementalRunsFor = (n: number) => {
  const given = values["incremental-runs"]?.split(",").map(Number);
  if (given) return given[Math.min(sizes.indexOf(n), given.length - 1)]!;
  return n <= 20000 ? 5 : 3;
};

function run(command: string, args: string[]): string | undefined {
  const r = spawnSync(command, args, { encoding: "utf8", cwd: ROOT });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const hugoVersion = run("hugo", ["version"])?.split("\n")[0];
const eleventyVersion = (
  JSON.parse(readFileSync(path.join(ROOT, "node_modules/@11ty/eleventy/package.json"), "utf8")) as { version: string }
).version;
const PAGEFIND = path.join(ROOT, "node_modules/.bin/pagefind");
const pagefindVersion = run(PAGEFIND, ["--version"])?.replace(/^pagefind\s*/, "") ?? "?";
/**
 * Issue 15's CLI: `--build-cache DIR` (the build manifest), incremental by default, `--clean` for a full build.
 * Before it, every build is a full build, and the bench runs the same rows without those options.
 */
const incrementalCli = /--clean\b/.test(run(process.execPath, [BIN, "help", "build"]) ?? "");

/** One step of a tool's build; a tool's run is its steps one after another, each measured. */
type Step = (content: string, out: string, cache: string) => [string, string[]];

interface Tool {
  name: string;
  label: string;
  /** The tool alone; then, if given and the size is at most --pagefind-max, the Pagefind CLI over its output. */
  build: Step;
  pagefind?: { name: string; label: string };
  /** newsmirror with search: above --search-max it is not run. */
  search?: boolean;
}

const work = mkdtempSync(path.join(os.tmpdir(), "newsmirror-bench-"));
const hugoSite = path.join(work, "hugo-site");
cpSync(path.join(ROOT, "bench/hugo"), hugoSite, { recursive: true });

/** A newsmirror build of `content` into `out`: cold (`--clean`, and the caller gives an empty cache) or incremental. */
function newsmirrorBuild(content: string, out: string, cache: string, opts: { search: boolean; cold: boolean }) {
  return [
    BIN,
    "build",
    "--input",
    content,
    "--output",
    out,
    ...(opts.search ? [] : ["--no-search"]),
    ...(incrementalCli ? ["--build-cache", cache, ...(opts.cold ? ["--clean"] : [])] : []),
  ];
}

const ALL_TOOLS: Tool[] = [
  {
    name: "newsmirror",
    label: "newsmirror (site)",
    // The site: articles, listings, feeds, sitemaps, without the search index.
    build: (content, out, cache) => [
      process.execPath,
      newsmirrorBuild(content, out, cache, { search: false, cold: true }),
    ],
  },
  {
    name: "newsmirror-search",
    label: "newsmirror (site + search)",
    // A plain `newsmirror build`: the site, then its Pagefind index (a step the build times and reports).
    build: (content, out, cache) => [
      process.execPath,
      newsmirrorBuild(content, out, cache, { search: true, cold: true }),
    ],
    search: true,
  },
  {
    name: "eleventy",
    label: `bare Eleventy ${eleventyVersion}`,
    build: (content, out) => [
      process.execPath,
      [
        path.join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"),
        `--config=${path.join(ROOT, "bench/eleventy-bare/eleventy.config.js")}`,
        `--input=${content}`,
        `--output=${out}`,
        "--quiet",
      ],
    ],
    pagefind: { name: "eleventy+pagefind", label: `bare Eleventy + Pagefind CLI ${pagefindVersion}` },
  },
  ...(hugoVersion
    ? [
        {
          name: "hugo",
          label: `Hugo ${hugoVersion.match(/v[\d.]+/)?.[0] ?? ""}`,
          build: (content: string, out: string): [string, string[]] => [
            "hugo",
            ["--source", hugoSite, "--contentDir", content, "--destination", out, "--quiet"],
          ],
          pagefind: { name: "hugo+pagefind", label: `Hugo + Pagefind CLI ${pagefindVersion}` },
        },
      ]
    : []),
];
/** The tools each group needs: the incremental rows are read against the cold build with search and Hugo. */
const toolNames = new Set<string>([
  ...(wanted.has("builds") ? ALL_TOOLS.map((t) => t.name) : []),
  ...(wanted.has("incremental") ? ["newsmirror-search", "hugo"] : []),
  ...(wanted.has("check") || wanted.has("archive") ? ["newsmirror-search"] : []),
]);
const TOOLS = ALL_TOOLS.filter((t) => toolNames.has(t.name));
const pagefindStep: Step = (_content, out) => [PAGEFIND, ["--site", out, "--quiet"]];

function countHtml(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".html")).length;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (m: { wallSeconds: number; cpuSeconds: number; peakRssBytes: number }) =>
  `${m.wallSeconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU, ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB`;
/** Two steps run one after the other, as one job: times added, the larger peak. */
const sum = (a: Measurement, b: Measurement): Measurement => ({
  ...b,
  wallSeconds: a.wallSeconds + b.wallSeconds,
  cpuSeconds: a.cpuSeconds + b.cpuSeconds,
  peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes),
});

log(
  `newsmirror bench: sizes ${sizes.join(", ")}; ${[...wanted].join(", ")}; ${os.cpus().length} cores; Node ${process.version}; ${hugoVersion ?? "Hugo not installed (skipped)"}; Pagefind ${pagefindVersion}; work dir ${work}`,
);
if (!incrementalCli)
  log("note: this newsmirror has no --build-cache/--clean (before issue 15): every build is a full build");
if (!hasGnuTime) log("note: GNU time (/usr/bin/time) not found; CPU time is sampled from /proc");

const results: SizeResult[] = [];
const started = performance.now();
try {
  // Only the dev server's rows (--only rebuild): no size to build.
  for (const n of TOOLS.length > 0 ? sizes : []) {
    const content = path.join(work, `content-${n}`);
    const t = performance.now();
    const bytes = generate(content, n);
    const onlyCheck = [...wanted].every((g) => g === "check" || g === "archive");
    const runs = onlyCheck ? (checkSizes.has(n) ? 1 : 0) : runsFor(n);
    log(
      `\n${n} articles (${(bytes / 2 ** 20).toFixed(1)} MiB of Markdown, generated in ${((performance.now() - t) / 1000).toFixed(1)} s), ${runs} runs each`,
    );
    const tools = TOOLS.filter((tool) => !tool.search || n <= searchMax);
    /** Measurements by result name: a tool's own, and tool+pagefind (the two steps added). */
    const measured = new Map<string, Measurement[]>();
    const pages = new Map<string, number>();
    const extra = new Map<string, string[]>();
    /** A peer that failed (Eleventy out of memory at 100,000, say) is reported, not retried; newsmirror failing stops the bench. */
    const failed = new Map<string, string>();
    const searchOut = path.join(work, "out-newsmirror-search");
    const searchCache = path.join(work, "cache-newsmirror-search");
    const searchSteps: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Rotate the order each run so no tool always goes first (or last) on a warm cache.
      const order = tools.map((_, i) => tools[(i + r) % tools.length]!);
      for (const tool of order.filter((t) => !failed.has(t.name))) {
        const out = path.join(work, `out-${tool.name}`);
        const cache = path.join(work, `cache-${tool.name}`);
        // Cold: an empty output folder, and no build manifest.
        rmSync(out, { recursive: true, force: true });
        rmSync(cache, { recursive: true, force: true });
        const [cmd, args] = tool.build(content, out, cache);
        const m = await measure(cmd, args, { cwd: ROOT, env: { NODE_ENV: "production" } });
        if (m.exitCode !== 0) {
          if (tool.name.startsWith("newsmirror"))
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
          log(`  run ${r + 1} ${tool.name.padEnd(18)} ${failed.get(tool.name)}`);
          rmSync(out, { recursive: true, force: true });
          continue;
        }
        const record = (name: string, value: Measurement) => measured.set(name, [...(measured.get(name) ?? []), value]);
        record(tool.name, m);
        if (r === 0) {
          pages.set(tool.name, countHtml(out));
          if (tool.name.startsWith("newsmirror"))
            extra.set(
              tool.name,
              m.stdout
                .trim()
                .split("\n")
                .filter(
                  (l) =>
                    l &&
                    !/^newsmirror: (built|search index \(Pagefind\) in|full build|incremental build|to preview it)/.test(
                      l,
                    ),
                ),
            );
        }
        log(`  run ${r + 1} ${tool.name.padEnd(18)} ${fmt(m)}`);
        if (tool.search) {
          const step = /search index \(Pagefind\) in ([\d.]+) s/.exec(m.stdout);
          if (!step) throw new Error(`newsmirror with search did not report its search step:\n${m.stdout}`);
          searchSteps.push(Number(step[1]));
        }
        if (tool.pagefind && n <= pagefindMax && wanted.has("builds")) {
          const [pcmd, pargs] = pagefindStep(content, out, cache);
          const p = await measure(pcmd, pargs, { cwd: ROOT });
          if (p.exitCode !== 0) throw new Error(`pagefind over ${tool.name}'s site failed:\n${p.stderr || p.stdout}`);
          record(tool.pagefind.name, sum(m, p));
          if (r === 0) pages.set(tool.pagefind.name, pages.get(tool.name)!);
          log(`  run ${r + 1} ${`  then Pagefind CLI`.padEnd(18)} ${fmt(p)}`);
        }
        // The last cold build with search stays: `check` reads it, and the incremental builds start from it.
        if (tool.search && r === runs - 1) continue;
        rmSync(out, { recursive: true, force: true });
        rmSync(cache, { recursive: true, force: true });
      }
    }
    const toolResults: ToolResult[] = [];
    for (const tool of tools) {
      for (const { name, label } of [tool, ...(tool.pagefind ? [tool.pagefind] : [])]) {
        const ms = measured.get(name) ?? [];
        const failure = failed.get(tool.name);
        if (failure)
          toolResults.push({
            name,
            label,
            wallSeconds: Number.NaN,
            cpuSeconds: Number.NaN,
            peakRssBytes: Number.NaN,
            walls: [],
            pages: 0,
            notes: [failure],
            failed: failure,
          });
        else if (ms.length > 0)
          toolResults.push({
            name,
            label,
            wallSeconds: median(ms.map((m) => m.wallSeconds)),
            cpuSeconds: median(ms.map((m) => m.cpuSeconds)),
            peakRssBytes: Math.max(...ms.map((m) => m.peakRssBytes)),
            walls: ms.map((m) => m.wallSeconds),
            pages: pages.get(name) ?? 0,
            notes: extra.get(name) ?? [],
          });
      }
    }
    const withSearch = toolResults.find((t) => t.name === "newsmirror-search");
    const search: SearchResult | undefined = withSearch
      ? {
          wallSeconds: withSearch.wallSeconds,
          cpuSeconds: withSearch.cpuSeconds,
          peakRssBytes: withSearch.peakRssBytes,
          searchSeconds: median(searchSteps),
          runs: searchSteps.length,
        }
      : undefined;

    // `newsmirror check` of that whole site (pages, feeds, sitemaps, photos, search files): it must pass.
    let check: CheckResult | undefined;
    if (wanted.has("check") && checkSizes.has(n) && existsSync(searchOut)) {
      const m = await measure(process.execPath, [BIN, "check", "--input", content, "--output", searchOut], {
        cwd: ROOT,
        env: { NODE_ENV: "production" },
      });
      if (m.exitCode !== 0)
        throw new Error(
          `newsmirror check failed on the generated site (exit ${m.exitCode}):\n${(m.stderr || m.stdout).slice(0, 4000)}`,
        );
      const pagesChecked = Number(/: ([\d,]+) pages? valid/.exec(m.stdout)?.[1]?.replaceAll(",", "") ?? Number.NaN);
      check = {
        wallSeconds: m.wallSeconds,
        cpuSeconds: m.cpuSeconds,
        peakRssBytes: m.peakRssBytes,
        pages: pagesChecked,
      };
      log(`  newsmirror check: ${fmt(m)}; ${pagesChecked} pages`);
    }

    // `newsmirror archive` of that site: the WACZ's time and size (before the incremental builds change the site).
    let archive: ArchiveResult | undefined;
    if (wanted.has("archive") && checkSizes.has(n) && existsSync(searchOut)) {
      const wacz = path.join(work, `site-${n}.wacz`);
      const m = await measure(process.execPath, [BIN, "archive", "--site", searchOut, "--output", wacz], {
        cwd: ROOT,
        env: { NODE_ENV: "production" },
      });
      if (m.exitCode !== 0)
        throw new Error(`newsmirror archive failed (exit ${m.exitCode}):\n${(m.stderr || m.stdout).slice(0, 4000)}`);
      const files = readdirSync(searchOut, { recursive: true, withFileTypes: true }).filter(
        (e) =>
          e.isFile() &&
          !path
            .relative(searchOut, path.join(e.parentPath, e.name))
            .split(path.sep)
            .some((s) => s.startsWith(".")),
      );
      archive = {
        wallSeconds: m.wallSeconds,
        cpuSeconds: m.cpuSeconds,
        peakRssBytes: m.peakRssBytes,
        files: files.length,
        siteBytes: files.reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0),
        waczBytes: statSync(wacz).size,
      };
      rmSync(wacz, { force: true });
      log(
        `  newsmirror archive: ${fmt(m)}; ${archive.files} files, WACZ ${(archive.waczBytes / 2 ** 20).toFixed(1)} MiB`,
      );
    }

    // Incremental builds, from the last cold build with search: same output folder, same build cache.
    let incremental: IncrementalResult | undefined;
    if (wanted.has("incremental") && existsSync(searchOut)) {
      const k = incrementalRunsFor(n);
      incremental = await incrementalRuns({
        content,
        out: searchOut,
        n,
        edits: k,
        adds: k,
        log,
        build: () =>
          measure(process.execPath, newsmirrorBuild(content, searchOut, searchCache, { search: true, cold: false }), {
            cwd: ROOT,
            env: { NODE_ENV: "production" },
          }),
      });
    }
    rmSync(searchOut, { recursive: true, force: true });
    rmSync(searchCache, { recursive: true, force: true });

    const result: SizeResult = {
      n,
      bytes,
      tools: toolResults,
      ...(search ? { search } : {}),
      ...(check ? { check } : {}),
      ...(archive ? { archive } : {}),
      ...(incremental ? { incremental } : {}),
    };
    results.push(result);
    const ratio = (a?: ToolResult, b?: ToolResult) =>
      a && b && !a.failed && !b.failed
        ? `${(a.wallSeconds / b.wallSeconds).toFixed(2)}× wall, ${(a.cpuSeconds / b.cpuSeconds).toFixed(2)}× CPU`
        : undefined;
    const byName = (name: string) => toolResults.find((t) => t.name === name);
    for (const [a, b] of [
      ["newsmirror", "eleventy"],
      ["newsmirror", "hugo"],
      ["newsmirror-search", "eleventy+pagefind"],
      ["newsmirror-search", "hugo"],
      ["newsmirror-search", "hugo+pagefind"],
    ] as const) {
      const text = ratio(byName(a), byName(b));
      if (text) log(`  ${a} / ${b}: ${text}`);
    }
    if (incremental && withSearch) {
      const edit = median(incremental.edits.map((r) => r.wallSeconds));
      const add = median(incremental.adds.map((r) => r.wallSeconds));
      const hugo = byName("hugo");
      log(
        `  incremental, 1 article edited: ${edit.toFixed(2)} s = ${(edit / withSearch.wallSeconds).toFixed(3)}× the cold build with search${hugo && !hugo.failed ? `, ${(edit / hugo.wallSeconds).toFixed(3)}× Hugo` : ""}`,
      );
      log(
        `  incremental, 100 articles added: ${add.toFixed(2)} s = ${(add / withSearch.wallSeconds).toFixed(3)}× the cold build with search`,
      );
    }
    if (n !== Math.max(...sizes) || !wanted.has("rebuild")) rmSync(content, { recursive: true, force: true });
  }

  let rebuild: RebuildResult | undefined;
  if (wanted.has("rebuild")) {
    const n = 4000;
    const content = path.join(work, `content-${n}`);
    if (!existsSync(content)) generate(content, n);
    const templateEdits = Number(values["template-edits"]);
    log(
      `\nrebuild latency: dev server on ${n} articles, 10 first-paragraph edits, 10 title edits, ${templateEdits} template saves`,
    );
    const articles = [3, 101, 777, 1234, 2048, 2999, 3333, 3500, 3777, 3999].map((i) => {
      const a = syntheticArticle(i);
      return { file: a.file, page: a.page, section: a.section };
    });
    rebuild = await rebuildLatency({
      root: ROOT,
      contentSource: content,
      workDir: work,
      port: Number(values.port),
      edits: 10,
      templateEdits,
      articles,
      log,
    });
    const line = (what: string, ms: number[], how?: string[]) =>
      log(
        `  ${what}: median ${median(ms).toFixed(0)} ms (${ms.map((v) => v.toFixed(0)).join(", ")})${how ? `; ${[...new Set(how)].join(", ")}` : ""}`,
      );
    line(
      "article's first paragraph edited → page and its listings rewritten",
      rebuild.articleMs,
      rebuild.articleUpdates,
    );
    line("article's title edited → page and its listings rewritten", rebuild.titleMs, rebuild.titleUpdates);
    line("  the same first-paragraph edits by the server's own line", rebuild.articleServerMs);
    line("  the same title edits by the server's own line", rebuild.titleServerMs);
    line("template save → whole site rebuilt", rebuild.templateMs);
  }

  let related: RelatedResult | undefined;
  if (wanted.has("related")) {
    // At the largest size (issue 16's bound is at 20,000 articles), on content of its own: with topics and authors.
    const n = Math.max(...sizes);
    log(`\nrelated stories: ${n} articles with one to three topics and an author each`);
    related = await relatedCost({ n, work, bin: BIN, runs: Math.min(runsFor(n), 3), log });
    for (const line of relatedLines(related)) log(`  ${line}`);
  }

  const totalSeconds = (performance.now() - started) / 1000;
  log(`\nbench finished in ${(totalSeconds / 60).toFixed(1)} min`);
  const report: Report = {
    results,
    searchMax,
    pagefindMax,
    incrementalCli,
    ...(rebuild ? { rebuild } : {}),
    ...(related ? { related } : {}),
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryBytes: os.totalmem(),
      node: process.version,
      loadAverage: os.loadavg(),
      eleventy: eleventyVersion,
      pagefind: pagefindVersion,
      ...(hugoVersion ? { hugo: hugoVersion } : {}),
      gnuTime: hasGnuTime,
    },
    totalSeconds,
    date: new Date(),
  };
  // A partial run (--only) measured some rows, not the report: they are printed (as with --no-write), and docs/ is left as it is.
  if (partial || values["no-write"]) log(`\n${markdown(report, "", { partial: true })}`);
  else {
    const files = writeReport(ROOT, report);
    log(`wrote ${files.map((f) => path.relative(ROOT, f)).join(", ")}`);
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
