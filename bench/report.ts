/** docs/benchmarks.md and its chart (docs/benchmarks.svg), from one bench run. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IncrementalResult } from "./incremental.ts";
import { median, type RebuildResult } from "./rebuild.ts";
import { relatedLines, type RelatedResult } from "./related.ts";

export interface ToolResult {
  name: string;
  label: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  walls: number[];
  pages: number;
  notes: string[];
  /** Set when the tool could not build this size (the reason). */
  failed?: string;
}

/** The cold builds with the search index (medians), and their search step as the builds reported it (median). */
export interface SearchResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  searchSeconds: number;
  runs: number;
}

/** One `newsmirror check` of the site built with its search index. */
export interface CheckResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  pages: number;
}

/** One `newsmirror archive` of the site built with its search index: the WACZ it wrote. */
export interface ArchiveResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** Files of the site recorded (one response record each). */
  files: number;
  /** Bytes of the site's files, and of the WACZ. */
  siteBytes: number;
  waczBytes: number;
}

export interface SizeResult {
  n: number;
  bytes: number;
  tools: ToolResult[];
  search?: SearchResult;
  check?: CheckResult;
  archive?: ArchiveResult;
  /** Builds after one article edited and after 100 added, from the last cold build with search. */
  incremental?: IncrementalResult;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  loadAverage: number[];
  eleventy: string;
  pagefind: string;
  hugo?: string;
  gnuTime: boolean;
}

export interface Report {
  results: SizeResult[];
  /** Sizes above this had no build with search. */
  searchMax: number;
  /** Sizes above this had no Pagefind CLI after the peers. */
  pagefindMax: number;
  /** The CLI had `--build-cache` and `--clean` (issue 15); without, every build was a full build. */
  incrementalCli: boolean;
  rebuild?: RebuildResult;
  /** What related stories cost a cold build (issue 16: bench/related.ts). */
  related?: RelatedResult;
  machine: Machine;
  totalSeconds: number;
  date: Date;
}

const SERIES_STYLE: Record<string, { color: string; dash?: string }> = {
  newsmirror: { color: "#C61821" },
  "newsmirror-search": { color: "#E07B00" },
  incremental: { color: "#6A1B9A" },
  eleventy: { color: "#0A568C" },
  "eleventy+pagefind": { color: "#0A568C", dash: "6 4" },
  hugo: { color: "#2E7D32" },
  "hugo+pagefind": { color: "#2E7D32", dash: "6 4" },
};
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const num = (n: number) => n.toLocaleString("en-US");
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

interface Series {
  name: string;
  label: string;
  points: (readonly [number, number])[];
}

/** The lines of the chart: each tool's cold build, and newsmirror's incremental build after one article edited. */
export function chartSeries(results: readonly SizeResult[]): Series[] {
  const series: Series[] = [];
  for (const r of results)
    for (const t of r.tools) {
      let s = series.find((x) => x.name === t.name);
      if (!s) series.push((s = { name: t.name, label: t.label, points: [] }));
      if (!t.failed) s.points.push([r.n, t.wallSeconds]);
    }
  const incremental = results
    .filter((r) => r.incremental && r.incremental.edits.length > 0)
    .map((r) => [r.n, median(r.incremental!.edits.map((e) => e.wallSeconds))] as const);
  if (incremental.length > 0)
    series.push({
      name: "incremental",
      label: "newsmirror, 1 article edited (incremental)",
      points: incremental,
    });
  return series.filter((s) => s.points.length > 0);
}

/** Build time (median wall) against N, log–log, one line per tool. */
export function chartSvg(results: readonly SizeResult[]): string {
  const series = chartSeries(results);
  const W = 760,
    H = 400,
    left = 64,
    right = 270,
    top = 30,
    bottom = 50;
  const ns = results.map((r) => r.n);
  const all = series.flatMap((s) => s.points.map(([, v]) => v));
  const [xMin, xMax] = [Math.min(...ns), Math.max(...ns)];
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (n: number) =>
    left +
    (xMax === xMin ? 0.5 : (Math.log(n) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin))) * (W - left - right);
  const y = (s: number) =>
    top + (1 - (Math.log(s) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin))) * (H - top - bottom);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Arial, Helvetica, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(
    `<text x="${left}" y="18" font-size="14" font-weight="bold">Build time (median wall) against articles, log–log</text>`,
  );
  for (let s = yMin; s <= yMax * 1.0001; s *= 10) {
    for (const m of [1, 2, 5]) {
      const v = s * m;
      if (v > yMax * 1.0001) continue;
      out.push(
        `<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${m === 1 ? "#ccc" : "#eee"}"/>`,
      );
      out.push(
        `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v >= 1 ? v : Number(v.toPrecision(1))} s</text>`,
      );
    }
  }
  for (const n of ns) {
    out.push(`<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${top}" y2="${H - bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x(n).toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle">${num(n)}</text>`);
  }
  out.push(`<text x="${(left + W - right) / 2}" y="${H - 12}" text-anchor="middle">articles</text>`);
  series.forEach(({ name, label, points }, i) => {
    const { color, dash } = SERIES_STYLE[name] ?? { color: "#555" };
    const dashed = dash ? ` stroke-dasharray="${dash}"` : "";
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2"${dashed} points="${points.map(([n, s]) => `${x(n).toFixed(1)},${y(s).toFixed(1)}`).join(" ")}"/>`,
    );
    for (const [n, s] of points)
      out.push(
        `<circle cx="${x(n).toFixed(1)}" cy="${y(s).toFixed(1)}" r="3.5" fill="${color}"><title>${escapeXml(label)}, ${num(n)} articles: ${s.toFixed(2)} s</title></circle>`,
      );
    out.push(
      `<line x1="${W - right + 12}" x2="${W - right + 26}" y1="${top + 12 + i * 20}" y2="${top + 12 + i * 20}" stroke="${color}" stroke-width="3"${dashed}/>`,
    );
    out.push(`<text x="${W - right + 32}" y="${top + 16 + i * 20}">${escapeXml(label)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

const FINDINGS_START = "<!-- findings: kept across runs -->";
const FINDINGS_END = "<!-- /findings -->";

const ratioText = (a: number, b?: number) => (b ? `${(a / b).toFixed(2)}×` : "—");
const find = (r: SizeResult, name: string) => r.tools.find((t) => t.name === name && !t.failed);

/** What the dev server did for a set of edits: `rewrote 4–8 pages`, `whole build`, or both with their counts. */
function updateSummary(updates: readonly string[]): string {
  const counts = updates.map((u) => Number(/^rewrote (\d+) pages$/.exec(u)?.[1] ?? Number.NaN));
  const whole = counts.filter(Number.isNaN).length;
  const rewrote = counts.filter((c) => !Number.isNaN(c));
  const [low, high] = [Math.min(...rewrote), Math.max(...rewrote)];
  const range = rewrote.length > 0 ? `rewrote ${low}${high > low ? `–${high}` : ""} pages` : "";
  return [
    range && (whole > 0 ? `${range} (${rewrote.length})` : range),
    whole > 0 ? `whole build${rewrote.length > 0 ? ` (${whole})` : ""}` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** Issue 15's targets, each read from this run; a case whose size was not run says so. */
function targetRows(report: Report): string[] {
  const at = (n: number) => report.results.find((r) => r.n === n);
  const rows: string[] = [];
  const row = (what: string, measured: string | undefined, target: string, met: boolean | undefined, why = "") =>
    rows.push(
      `| ${what} | ${measured ?? `not measured in this run${why ? ` (${why})` : ""}`} | ${target} | ${met === undefined ? "" : met ? "met" : "**not met**"} |`,
    );
  const r20 = at(20000);
  const cold = r20 && find(r20, "newsmirror-search");
  const hugo = r20 && find(r20, "hugo");
  const edits = r20?.incremental?.edits ?? [];
  const adds = r20?.incremental?.adds ?? [];
  const edit = edits.length ? median(edits.map((e) => e.wallSeconds)) : undefined;
  const add = adds.length ? median(adds.map((e) => e.wallSeconds)) : undefined;
  const frac = (a: number, b: number) => `${(a / b).toFixed(3)}× (${a.toFixed(2)} s ÷ ${b.toFixed(2)} s)`;
  row(
    "edit 1 article of 20,000, incremental (search included) ÷ cold build with search",
    edit !== undefined && cold ? frac(edit, cold.wallSeconds) : undefined,
    "≤ 0.05",
    edit !== undefined && cold ? edit / cold.wallSeconds <= 0.05 : undefined,
  );
  row(
    "edit 1 article of 20,000, incremental ÷ Hugo's full build",
    edit !== undefined && hugo ? frac(edit, hugo.wallSeconds) : undefined,
    "≤ 0.1",
    edit !== undefined && hugo ? edit / hugo.wallSeconds <= 0.1 : undefined,
  );
  const hugoSearch = r20 && find(r20, "hugo+pagefind");
  row(
    "edit 1 article of 20,000, incremental ÷ Hugo + Pagefind CLI (the same whole job; for comparison)",
    edit !== undefined && hugoSearch ? frac(edit, hugoSearch.wallSeconds) : undefined,
    "—",
    undefined,
    "the builds group",
  );
  row(
    "add 100 new articles to 20,000, incremental ÷ cold build with search",
    add !== undefined && cold ? frac(add, cold.wallSeconds) : undefined,
    "≤ 0.15",
    add !== undefined && cold ? add / cold.wallSeconds <= 0.15 : undefined,
  );
  const r4 = at(4000);
  const nm4 = r4 && find(r4, "newsmirror-search");
  const el4 = r4 && find(r4, "eleventy+pagefind");
  const hu4 = r4 && find(r4, "hugo");
  const hp4 = r4 && find(r4, "hugo+pagefind");
  row(
    "cold full site with search, 4,000: newsmirror ÷ bare Eleventy + Pagefind CLI",
    nm4 && el4 ? frac(nm4.wallSeconds, el4.wallSeconds) : undefined,
    "≤ 1.0",
    nm4 && el4 ? nm4.wallSeconds / el4.wallSeconds <= 1 : undefined,
  );
  row(
    "cold full site with search, 4,000: newsmirror ÷ Hugo alone (no search index)",
    nm4 && hu4 ? frac(nm4.wallSeconds, hu4.wallSeconds) : undefined,
    "≤ 1.5",
    nm4 && hu4 ? nm4.wallSeconds / hu4.wallSeconds <= 1.5 : undefined,
  );
  row(
    "cold full site with search, 4,000: newsmirror ÷ Hugo + Pagefind CLI (the same whole job; for comparison)",
    nm4 && hp4 ? frac(nm4.wallSeconds, hp4.wallSeconds) : undefined,
    "—",
    undefined,
  );
  const r100 = at(100000);
  const nm100 = r100 && find(r100, "newsmirror-search");
  row(
    "100,000 articles, cold, with search: peak RSS of the process tree",
    nm100 ? mib(nm100.peakRssBytes) : undefined,
    "< 2,560 MiB (2.5 GiB)",
    nm100 ? nm100.peakRssBytes < 2.5 * 2 ** 30 : undefined,
    "`--huge`",
  );
  const rb = report.rebuild;
  const title = rb && median(rb.titleMs);
  row(
    "dev server, 4,000 articles, one article's title edited: page and its listings rewritten (median of 10)",
    title !== undefined ? `${title.toFixed(0)} ms (${updateSummary(rb!.titleUpdates)})` : undefined,
    "≤ 100 ms",
    title !== undefined ? title <= 100 : undefined,
  );
  const body = rb && median(rb.articleMs);
  row(
    "dev server, 4,000 articles, one article's first paragraph edited (median of 10)",
    body !== undefined ? `${body.toFixed(0)} ms (${updateSummary(rb!.articleUpdates)})` : undefined,
    "≤ 100 ms",
    body !== undefined ? body <= 100 : undefined,
  );
  return rows;
}

export function markdown(report: Report, previous: string, options: { partial?: boolean } = {}): string {
  const { machine } = report;
  const lines: string[] = [];
  if (!options.partial) {
    lines.push("# Benchmarks");
    lines.push("");
    lines.push(
      `Latest \`npm run bench\` output (${report.date.toISOString().slice(0, 16).replace("T", " ")} UTC, ${(report.totalSeconds / 60).toFixed(1)} min). Regenerated by every run; only the findings section below is kept.`,
    );
  } else {
    lines.push(
      `Partial \`npm run bench\` run (${report.date.toISOString().slice(0, 16).replace("T", " ")} UTC, ${(report.totalSeconds / 60).toFixed(1)} min); docs/benchmarks.md not written.`,
    );
  }
  lines.push("");
  lines.push(
    `**Machine:** ${machine.cores} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, Node ${machine.node}, Eleventy ${machine.eleventy}, Pagefind ${machine.pagefind}, ${machine.hugo ?? "Hugo not installed (skipped)"}. Load average at the end: ${machine.loadAverage.map((l) => l.toFixed(1)).join(", ")}${machine.loadAverage[0]! > machine.cores ? " (a shared, busy machine: read the ratios, not the seconds)" : ""}.`,
  );
  lines.push("");
  if (!report.incrementalCli)
    lines.push(
      '**This newsmirror had no build manifest** (`--build-cache`, `--clean`: before issue 15\'s incremental builds): every "incremental" build below was a full build.',
      "",
    );
  lines.push(
    "**What is built.** The same generated articles (`bench/generate.ts`: deterministic, full front matter, 6–11 paragraphs, ~2.5 KB of body) by:",
  );
  lines.push(
    "- **newsmirror (site)**: `newsmirror build --no-search --clean`, the production site: article pages, home, sections, archive, feeds, sitemaps, validated, staged and swapped in;",
  );
  lines.push(
    "- **newsmirror (site + search)**: `newsmirror build --clean`, the same site and then its Pagefind search index (the step's own time in the search table below);",
  );
  lines.push(
    "- **bare Eleventy**: the Markdown files as `.md` templates with one minimal `.11ty.js` layout showing the same visible text (`bench/eleventy-bare/`);",
  );
  lines.push("- **Hugo**: the same files, one minimal layout (`bench/hugo/`), every other page kind disabled;");
  lines.push(
    `- **… + Pagefind CLI**: that tool's build followed by \`pagefind --site OUT\` over its pages (every page indexed), the two times added: the same whole job as newsmirror with search (up to ${num(report.pagefindMax)} articles).`,
  );
  lines.push("");
  lines.push(
    `**How it is measured.** Cold builds alternate in one run (the order rotates), each into an empty folder, newsmirror's with \`--clean\` and an empty build cache (\`--build-cache\`): no manifest. Wall: spawn to exit, median of the runs. CPU: user + system of the whole process tree${machine.gnuTime ? " (GNU time)" : " (sampled from /proc)"}, median. Peak RSS: the largest of the runs, each the larger of GNU time's maximum (largest single process) and the process tree's RSS summed from /proc every 50 ms.`,
  );
  lines.push("");
  lines.push("### Targets (issue 15)");
  lines.push("");
  lines.push(
    "Read from the tables below (medians of this run). The Hugo targets (≤ 0.1 × and ≤ 1.5 ×) are read against Hugo alone, which builds no search index; Hugo followed by the Pagefind CLI, the same whole job, is shown beside each.",
  );
  lines.push("");
  lines.push("| case | measured | target | |");
  lines.push("|---|---:|---|---|");
  lines.push(...targetRows(report));
  lines.push("");
  if (report.results.some((r) => r.tools.length > 0)) {
    lines.push("### Cold builds");
    lines.push("");
    lines.push("| articles | tool | wall (median) | CPU | peak RSS | per article | HTML pages | runs (wall, s) |");
    lines.push("|---:|---|---:|---:|---:|---:|---:|---|");
    for (const r of report.results) {
      for (const t of r.tools) {
        if (t.failed) {
          lines.push(`| ${num(r.n)} | ${t.label} | ${t.failed} | | | | | |`);
          continue;
        }
        lines.push(
          `| ${num(r.n)} | ${t.label} | ${t.wallSeconds.toFixed(2)} s | ${t.cpuSeconds.toFixed(2)} s | ${mib(t.peakRssBytes)} | ${((t.wallSeconds / r.n) * 1000).toFixed(2)} ms | ${num(t.pages)} | ${t.walls.map((w) => w.toFixed(2)).join(", ")} |`,
        );
      }
    }
    lines.push("");
  }
  const withSite = report.results.filter((r) => find(r, "newsmirror"));
  if (withSite.length > 0) {
    lines.push("**Ratios, the site without search** (newsmirror ÷ other; below 1 means newsmirror is faster):");
    lines.push("");
    lines.push("| articles | vs bare Eleventy (wall) | vs bare Eleventy (CPU) | vs Hugo (wall) | vs Hugo (CPU) |");
    lines.push("|---:|---:|---:|---:|---:|");
    for (const r of withSite) {
      const nm = find(r, "newsmirror")!;
      const el = find(r, "eleventy");
      const hu = find(r, "hugo");
      lines.push(
        `| ${num(r.n)} | ${ratioText(nm.wallSeconds, el?.wallSeconds)} | ${ratioText(nm.cpuSeconds, el?.cpuSeconds)} | ${ratioText(nm.wallSeconds, hu?.wallSeconds)} | ${ratioText(nm.cpuSeconds, hu?.cpuSeconds)} |`,
      );
    }
    lines.push("");
  }
  const searched = report.results.filter((r) => find(r, "newsmirror-search"));
  if (searched.some((r) => find(r, "eleventy+pagefind") || find(r, "hugo"))) {
    lines.push(
      "**Ratios, the site with its search index** (newsmirror (site + search) ÷ other, wall; CPU in brackets):",
    );
    lines.push("");
    lines.push("| articles | vs bare Eleventy + Pagefind CLI | vs Hugo alone | vs Hugo + Pagefind CLI |");
    lines.push("|---:|---:|---:|---:|");
    for (const r of searched) {
      const nm = find(r, "newsmirror-search")!;
      const cell = (other?: ToolResult) =>
        other ? `${ratioText(nm.wallSeconds, other.wallSeconds)} (${ratioText(nm.cpuSeconds, other.cpuSeconds)})` : "—";
      lines.push(
        `| ${num(r.n)} | ${cell(find(r, "eleventy+pagefind"))} | ${cell(find(r, "hugo"))} | ${cell(find(r, "hugo+pagefind"))} |`,
      );
    }
    lines.push("");
  }
  if (report.results.some((r) => r.search)) {
    lines.push(
      "**Search index** (Pagefind; written beside the pages up to 20,000 articles, after them past that, so the step's time overlaps the pages'): the cold builds with the index, the step's time as each build reports it (median).",
    );
    lines.push("");
    lines.push("| articles | search step | per article | whole build (site + search): wall | CPU | peak RSS | runs |");
    lines.push("|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of report.results) {
      const s = r.search;
      if (!s) {
        if (r.n > report.searchMax)
          lines.push(`| ${num(r.n)} | not run (above \`--search-max ${num(report.searchMax)}\`) | | | | | |`);
      } else
        lines.push(
          `| ${num(r.n)} | ${s.searchSeconds.toFixed(2)} s | ${((s.searchSeconds / r.n) * 1000).toFixed(2)} ms | ${s.wallSeconds.toFixed(2)} s | ${s.cpuSeconds.toFixed(2)} s | ${mib(s.peakRssBytes)} | ${s.runs} |`,
        );
    }
    lines.push("");
  }
  const incremental = report.results.filter((r) => r.incremental);
  if (incremental.length > 0) {
    lines.push("### Incremental builds");
    lines.push("");
    lines.push(
      "`newsmirror build` (search included) again into the output folder of the last cold build with search, with its build cache, after a change to the content; each run from the build before it. **1 article edited**: its title and first paragraph (its page, its listings and the feeds change), a different article each run, in this order: the newest, the oldest (only in its section's last listing pages and its archive month), then the 2nd, 10th and 30th newest (on the home page and in the feeds); the list below names each. **100 new articles**: dated after every other article, a quarter of an hour apart, as a news desk files them; a new batch each run, so the site grows by 100 a run. Each run is checked: the edited page carries the edit, the new pages exist. Ratios: the median ÷ the median cold build with search (and ÷ Hugo's) of the same size, in this run.",
    );
    lines.push("");
    lines.push("| articles | change | median wall | CPU | peak RSS | ÷ cold with search | ÷ Hugo | runs (wall, s) |");
    lines.push("|---:|---|---:|---:|---:|---:|---:|---|");
    for (const r of incremental) {
      const cold = find(r, "newsmirror-search");
      const hugo = find(r, "hugo");
      for (const [what, runs] of [
        ["1 article edited", r.incremental!.edits],
        ["100 new articles", r.incremental!.adds],
      ] as const) {
        if (runs.length === 0) continue;
        const wall = median(runs.map((x) => x.wallSeconds));
        lines.push(
          `| ${num(r.n)} | ${what} | ${wall.toFixed(2)} s | ${median(runs.map((x) => x.cpuSeconds)).toFixed(2)} s | ${mib(Math.max(...runs.map((x) => x.peakRssBytes)))} | ${cold ? (wall / cold.wallSeconds).toFixed(3) : "—"} | ${hugo ? (wall / hugo.wallSeconds).toFixed(3) : "—"} | ${runs.map((x) => x.wallSeconds.toFixed(2)).join(", ")} |`,
        );
      }
    }
    lines.push("");
    lines.push("Each run, in order, and the build's own first line:");
    lines.push("");
    for (const r of incremental)
      for (const x of [...r.incremental!.edits, ...r.incremental!.adds])
        lines.push(`- ${num(r.n)} articles, ${x.what}: ${x.wallSeconds.toFixed(2)} s; ${x.kind}`);
    lines.push("");
  }
  const checked = report.results.filter((r) => r.check);
  if (checked.length > 0) {
    lines.push(
      "**`newsmirror check`** of the site built with its search index (every page through html-validate, links, fragments, CSP hashes, feeds, sitemaps, stylesheets, photos decoded): one run.",
    );
    lines.push("");
    lines.push("| articles | pages checked | wall | CPU | peak RSS | per page |");
    lines.push("|---:|---:|---:|---:|---:|---:|");
    for (const r of checked) {
      const c = r.check!;
      lines.push(
        `| ${num(r.n)} | ${num(c.pages)} | ${c.wallSeconds.toFixed(2)} s | ${c.cpuSeconds.toFixed(2)} s | ${mib(c.peakRssBytes)} | ${((c.wallSeconds / c.pages) * 1000).toFixed(2)} ms |`,
      );
    }
    lines.push("");
  }
  const archived = report.results.filter((r) => r.archive);
  if (archived.length > 0) {
    lines.push(
      "**`newsmirror archive`** of the site built with its search index: every file a WARC response record (gzip per record), the CDXJ index made by reading the WARC back, zipped stored into one WACZ: one run.",
    );
    lines.push("");
    lines.push("| articles | files recorded | site on disk | WACZ | wall | CPU | peak RSS |");
    lines.push("|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of archived) {
      const a = r.archive!;
      lines.push(
        `| ${num(r.n)} | ${num(a.files)} | ${mib(a.siteBytes)} | ${mib(a.waczBytes)} | ${a.wallSeconds.toFixed(2)} s | ${a.cpuSeconds.toFixed(2)} s | ${mib(a.peakRssBytes)} |`,
      );
    }
    lines.push("");
  }
  const notes = report.results.flatMap((r) =>
    r.tools.flatMap((t) => t.notes.map((note) => `${num(r.n)} articles, ${t.name}: ${note}`)),
  );
  if (notes.length > 0) {
    lines.push("Reported by the builds themselves:");
    lines.push("");
    for (const note of notes) lines.push(`- ${note}`);
    lines.push("");
  }
  if (!options.partial) {
    lines.push("![Build time against articles](benchmarks.svg)");
    lines.push("");
  }
  if (report.related) {
    lines.push(`## Related stories (issue 16: at most 10 % of a cold build at 20,000 articles)`);
    lines.push("");
    lines.push(
      "The generated articles with one to three topics and an author each (`generate(…, { tags: true })`), built cold without the search index; then the work related stories add to that build, each part timed alone in the bench's process on the same articles (medians): the key terms the loader makes for every article, the related stories of every article that shows them, and their markup and page keys (`bench/related.ts`).",
    );
    lines.push("");
    lines.push(...relatedLines(report.related));
    lines.push("");
  }
  if (report.rebuild) {
    const { articleMs, articleUpdates, titleMs, titleUpdates, templateMs, startupSeconds } = report.rebuild;
    const how = updateSummary;
    lines.push("## Rebuild latency (dev server, 4,000 articles)");
    lines.push("");
    lines.push(
      `From saving a file to the dev server's line saying the update is on disk: for an article's text, its page and every page that shows it (home, section and archive listings, feeds), checked on the page and, for a title, on its section's listing; for the template, a whole build by the running builder. The last column is what the server did: rewrote the pages showing the article, or a whole build. The dev server (\`newsmirror serve\`) had started in ${startupSeconds.toFixed(1)} s.`,
    );
    lines.push("");
    lines.push("| edit | median | all (ms) | update |");
    lines.push("|---|---:|---|---|");
    lines.push(
      `| one article's first paragraph | ${median(articleMs).toFixed(0)} ms | ${articleMs.map((v) => v.toFixed(0)).join(", ")} | ${how(articleUpdates)} |`,
    );
    lines.push(
      `| one article's title | ${median(titleMs).toFixed(0)} ms | ${titleMs.map((v) => v.toFixed(0)).join(", ")} | ${how(titleUpdates)} |`,
    );
    lines.push(
      `| the article template (saved unchanged) | ${median(templateMs).toFixed(0)} ms | ${templateMs.map((v) => v.toFixed(0)).join(", ")} | whole build |`,
    );
    lines.push("");
  }
  if (options.partial) return lines.join("\n");
  const start = previous.indexOf(FINDINGS_START);
  const end = previous.indexOf(FINDINGS_END);
  const findings =
    start !== -1 && end > start
      ? previous.slice(start, end + FINDINGS_END.length)
      : `${FINDINGS_START}\n## Profile findings\n\n(none recorded yet)\n${FINDINGS_END}`;
  lines.push(findings);
  lines.push("");
  // The photo benchmark (`npm run bench:images`) keeps its own section in this file.
  const photosStart = previous.indexOf("<!-- bench:images -->");
  const photosEnd = previous.indexOf("<!-- /bench:images -->");
  if (photosStart !== -1 && photosEnd > photosStart) {
    lines.push(previous.slice(photosStart, photosEnd + "<!-- /bench:images -->".length));
    lines.push("");
  }
  return lines.join("\n");
}

export function writeReport(root: string, report: Report): string[] {
  const md = path.join(root, "docs/benchmarks.md");
  const svg = path.join(root, "docs/benchmarks.svg");
  let previous = "";
  try {
    previous = readFileSync(md, "utf8");
  } catch {
    // first run
  }
  writeFileSync(svg, chartSvg(report.results));
  writeFileSync(md, markdown(report, previous));
  return [md, svg];
}
