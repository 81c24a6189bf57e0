/** docs/benchmarks.md and its chart (docs/benchmarks.svg), from one bench run. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { median, type RebuildResult } from "./rebuild.ts";

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

/** One full build with the search index, and its search step as the build reported it. */
export interface SearchResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  searchSeconds: number;
}

/** One `newsmirror check` of the site built with its search index. */
export interface CheckResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  pages: number;
}

export interface SizeResult {
  n: number;
  bytes: number;
  tools: ToolResult[];
  search?: SearchResult;
  check?: CheckResult;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  loadAverage: number[];
  eleventy: string;
  hugo?: string;
  gnuTime: boolean;
}

export interface Report {
  results: SizeResult[];
  /** Sizes above this had no search run. */
  searchMax: number;
  rebuild?: RebuildResult;
  machine: Machine;
  totalSeconds: number;
  date: Date;
}

const COLORS: Record<string, string> = { newsmirror: "#C61821", eleventy: "#0A568C", hugo: "#2E7D32" };
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const num = (n: number) => n.toLocaleString("en-US");

/** Build time (median wall) against N, log–log, one line per tool. */
export function chartSvg(results: readonly SizeResult[]): string {
  const W = 640,
    H = 400,
    left = 64,
    right = 150,
    top = 30,
    bottom = 50;
  const ns = results.map((r) => r.n);
  const all = results.flatMap((r) => r.tools.filter((t) => !t.failed).map((t) => t.wallSeconds));
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
        `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v >= 1 ? v : v.toFixed(1)} s</text>`,
      );
    }
  }
  for (const n of ns) {
    out.push(`<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${top}" y2="${H - bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x(n).toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle">${num(n)}</text>`);
  }
  out.push(`<text x="${(left + W - right) / 2}" y="${H - 12}" text-anchor="middle">articles</text>`);
  const names = results[0]?.tools.map((t) => t.name) ?? [];
  names.forEach((name, i) => {
    const points = results
      .map((r) => [r.n, r.tools.find((t) => t.name === name && !t.failed)?.wallSeconds] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined);
    const color = COLORS[name] ?? "#555";
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([n, s]) => `${x(n).toFixed(1)},${y(s).toFixed(1)}`).join(" ")}"/>`,
    );
    for (const [n, s] of points)
      out.push(
        `<circle cx="${x(n).toFixed(1)}" cy="${y(s).toFixed(1)}" r="3.5" fill="${color}"><title>${name}, ${num(n)} articles: ${s.toFixed(2)} s</title></circle>`,
      );
    const label = results[0]!.tools.find((t) => t.name === name)!.label;
    out.push(`<rect x="${W - right + 12}" y="${top + 10 + i * 20}" width="12" height="3" fill="${color}"/>`);
    out.push(
      `<text x="${W - right + 30}" y="${top + 15 + i * 20}">${label.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

const FINDINGS_START = "<!-- findings: kept across runs -->";
const FINDINGS_END = "<!-- /findings -->";

export function markdown(report: Report, previous: string): string {
  const { machine } = report;
  const lines: string[] = [];
  lines.push("# Benchmarks");
  lines.push("");
  lines.push(
    `Latest \`npm run bench\` output (${report.date.toISOString().slice(0, 16).replace("T", " ")} UTC, ${(report.totalSeconds / 60).toFixed(1)} min). Regenerated by every run; only the findings section below is kept.`,
  );
  lines.push("");
  lines.push(
    `**Machine:** ${machine.cores} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, Node ${machine.node}, Eleventy ${machine.eleventy}, ${machine.hugo ?? "Hugo not installed (skipped)"}. Load average at the end: ${machine.loadAverage.map((l) => l.toFixed(1)).join(", ")}${machine.loadAverage[0]! > machine.cores ? " (a shared, busy machine: read the ratios, not the seconds)" : ""}.`,
  );
  lines.push("");
  lines.push(
    "**What is built.** The same generated articles (`bench/generate.ts`: deterministic, full front matter, 6–11 paragraphs, ~2.5 KB of body) by:",
  );
  lines.push(
    "- **newsmirror**: `newsmirror build --no-search`, the production site: article pages, home, sections, archive, feeds, sitemaps, validated, staged and swapped in. The search index is a separate step after the pages and is timed on its own below;",
  );
  lines.push(
    "- **bare Eleventy**: the Markdown files as `.md` templates with one minimal `.11ty.js` layout showing the same visible text (`bench/eleventy-bare/`);",
  );
  lines.push("- **Hugo**: the same files, one minimal layout (`bench/hugo/`), every other page kind disabled.");
  lines.push("");
  lines.push(
    `**How it is measured.** Builds alternate in one run (the order rotates), each into an empty folder. Wall: spawn to exit, median of the runs. CPU: user + system of the whole process tree${machine.gnuTime ? " (GNU time)" : " (sampled from /proc)"}, median. Peak RSS: the largest of the runs, each the larger of GNU time's maximum (largest single process) and the process tree's RSS summed from /proc every 50 ms.`,
  );
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
  lines.push("**Ratios** (newsmirror ÷ other; below 1 means newsmirror is faster):");
  lines.push("");
  lines.push("| articles | vs bare Eleventy (wall) | vs bare Eleventy (CPU) | vs Hugo (wall) | vs Hugo (CPU) |");
  lines.push("|---:|---:|---:|---:|---:|");
  for (const r of report.results) {
    const nm = r.tools.find((t) => t.name === "newsmirror")!;
    const el = r.tools.find((t) => t.name === "eleventy" && !t.failed);
    const hu = r.tools.find((t) => t.name === "hugo" && !t.failed);
    const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(2)}×` : "—");
    lines.push(
      `| ${num(r.n)} | ${ratio(nm.wallSeconds, el?.wallSeconds)} | ${ratio(nm.cpuSeconds, el?.cpuSeconds)} | ${ratio(nm.wallSeconds, hu?.wallSeconds)} | ${ratio(nm.cpuSeconds, hu?.cpuSeconds)} |`,
    );
  }
  lines.push("");
  lines.push(
    "**Search index** (Pagefind, a step after the pages): one `newsmirror build` with the index per size; the step's time as the build reports it.",
  );
  lines.push("");
  lines.push("| articles | search step | per article | whole build (site + search): wall | CPU | peak RSS |");
  lines.push("|---:|---:|---:|---:|---:|---:|");
  for (const r of report.results) {
    const s = r.search;
    if (!s) lines.push(`| ${num(r.n)} | not run (above \`--search-max ${num(report.searchMax)}\`) | | | | |`);
    else
      lines.push(
        `| ${num(r.n)} | ${s.searchSeconds.toFixed(2)} s | ${((s.searchSeconds / r.n) * 1000).toFixed(2)} ms | ${s.wallSeconds.toFixed(2)} s | ${s.cpuSeconds.toFixed(2)} s | ${mib(s.peakRssBytes)} |`,
      );
  }
  const checked = report.results.filter((r) => r.check);
  if (checked.length > 0) {
    lines.push("");
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
  }
  const notes = report.results.flatMap((r) =>
    r.tools.flatMap((t) => t.notes.map((note) => `${num(r.n)} articles, ${t.name}: ${note}`)),
  );
  if (notes.length > 0) {
    lines.push("");
    lines.push("Reported by the builds themselves:");
    lines.push("");
    for (const note of notes) lines.push(`- ${note}`);
  }
  lines.push("");
  lines.push("![Build time against articles](benchmarks.svg)");
  lines.push("");
  if (report.rebuild) {
    const { articleMs, templateMs, startupSeconds } = report.rebuild;
    lines.push("## Rebuild latency (dev server, 4,000 articles)");
    lines.push("");
    lines.push(
      `From saving a file to the dev server's line saying the update is on disk: for an article's text, its page and every page that shows it (home, section and archive listings with its teaser, feeds); for the template, a whole build by the running builder. The dev server (\`newsmirror serve\`) had started in ${startupSeconds.toFixed(1)} s.`,
    );
    lines.push("");
    lines.push("| edit | median | all (ms) |");
    lines.push("|---|---:|---|");
    lines.push(
      `| one article's first paragraph | ${median(articleMs).toFixed(0)} ms | ${articleMs.map((v) => v.toFixed(0)).join(", ")} |`,
    );
    lines.push(
      `| the article template (saved unchanged) | ${median(templateMs).toFixed(0)} ms | ${templateMs.map((v) => v.toFixed(0)).join(", ")} |`,
    );
    lines.push("");
  }
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
