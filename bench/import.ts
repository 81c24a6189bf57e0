/**
 * Batch import benchmark: generates N saved gov.cn pages (deterministic:
 * same seed, same pages), imports them with the CLI, builds the site, and
 * counts the pages whose built text equals the original page's text.
 *
 *   npm run bench:import            # 1,000 pages
 *   npm run bench:import -- 5000    # any count
 *
 * Pages: 70% current english.www.gov.cn template, 15% older english.gov.cn
 * template, 15% page text; bodies full of Markdown-special characters,
 * curly quotes, non-ASCII, entities, inline markup and datelines.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { slugify } from "../src/article/url.ts";
import { expectedLines, firstDifference, pageLines } from "../src/fidelity/page-text.ts";
import { MONTH_NAMES } from "../src/time/format.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin/newsmirror.js");
const COUNT = Number(process.argv[2] ?? 1000);
const SEED_TEXT = readFileSync(path.join(ROOT, "tests/fixtures/govcn-article.txt"), "utf8");
const SEED_LINES = expectedLines(SEED_TEXT);
const FOOTER = SEED_LINES.slice(SEED_LINES.indexOf("Copyright© www.gov.cn | About us | Contact us"));
const CURRENT_SAMPLE = readFileSync(
  path.join(
    ROOT,
    "tests/fixtures/import/english.www.gov.cn/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
  ),
  "utf8",
);
const CHROME_TOP = CURRENT_SAMPLE.slice(0, CURRENT_SAMPLE.indexOf("<body>") + "<body>".length);
const CHROME_HEADER = CURRENT_SAMPLE.slice(
  CURRENT_SAMPLE.indexOf("<body>") + "<body>".length,
  CURRENT_SAMPLE.indexOf('<div class="main">'),
);
const CHROME_BOTTOM = CURRENT_SAMPLE.slice(CURRENT_SAMPLE.indexOf('<div class="footer footer_pc">'));

/** mulberry32: a small seeded PRNG, so every run generates the same pages. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20210728);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const WORDS = `the State Council premier said cooperation economy growth policy reform trade provinces officials data
  services rural urban meeting delegation minister development investment green energy digital market pilot zone`.split(
  /\s+/,
);
const ODD = [
  "R&D",
  "*year-on-year*",
  "__pilot__",
  "[3](a)",
  "item_no_7",
  "`code`",
  "<b>",
  "&amp;copy;",
  "back\\slash",
  "~~x~~",
  "“quoted”",
  "China’s",
  "《报告》",
  "São Paulo",
  "Zürich",
  "—",
  "3 + 4",
  "50%",
  "#1",
  "!important",
  "a|b",
  "{x}",
  "(1)",
  "&#169;",
  "e.g.",
  "U.S.",
];
const STARTS = ["", "", "", "", "1. ", "2) ", "- ", "+ ", "# ", "> ", "* ", "2021. ", "---", "=== "];
const PLACES = ["BEIJING", "SHANGHAI", "HONG KONG", "WASHINGTON, D.C.", "DUSHANBE", "ST. PETERSBURG", "URUMQI"];
const SECTIONS = ["news/topnews", "policies/latestreleases", "statecouncil/premier", "news/photos", "news/2019_news"];
const SOURCES = ["Xinhua", "english.www.gov.cn", "english.www.gov.cn/Xinhua", "China Daily"];

function sentence(): string {
  const words = Array.from({ length: 6 + Math.floor(random() * 20) }, () =>
    random() < 0.12 ? pick(ODD) : pick(WORDS),
  );
  return `${pick(STARTS)}${words.join(" ")}.`;
}
const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** Some paragraphs carry inline markup, indentation or a <br>, as real pages do. */
function paragraphHtml(text: string): string {
  const escaped = escapeHtml(text);
  const r = random();
  if (r < 0.1) return `<p>&nbsp;&nbsp;${escaped}</p>`;
  if (r < 0.2) return `<p>${escaped.replace(/ (\w+) /, " <strong>$1</strong> ")}</p>`;
  if (r < 0.25) return `<p>${escaped}<br>${escapeHtml(sentence())}</p>`;
  return `<p>${escaped}</p>`;
}

interface Generated {
  file: string;
  text: string;
  /** What the built page must read, line for line. */
  expected: () => string[];
  /** Where the built page will be, relative to the site. */
  page: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

function generate(i: number): Generated {
  const epoch = Date.UTC(2016, 0, 1) / 1000 + Math.floor(random() * 8 * 365 * 86400);
  const bj = new Date((epoch + 8 * 3600) * 1000); // Beijing wall clock read through the UTC getters
  const [y, mo, d, h, mi] = [
    bj.getUTCFullYear(),
    bj.getUTCMonth() + 1,
    bj.getUTCDate(),
    bj.getUTCHours(),
    bj.getUTCMinutes(),
  ];
  const title = `${pick(WORDS)} ${sentence().replace(/^\W+/, "").slice(0, 80)}`.replace(/\.$/, "");
  const source = pick(SOURCES);
  const paragraphs = Array.from({ length: 3 + Math.floor(random() * 8) }, sentence);
  if (random() < 0.6) paragraphs[0] = `${pick(PLACES)} — ${paragraphs[0]}`;
  const section = pick(SECTIONS);
  const id = `${epoch.toString(16).padStart(8, "0")}${i.toString(16).padStart(16, "0")}`;
  const kind = random();
  const infoCurrent = `Updated: ${MONTH_NAMES[mo - 1]} ${d}, ${y} ${pad(h)}:${pad(mi)}`;
  const page = `${section}/${y}${pad(mo)}/${pad(d)}/content_WS${id}.html`;

  if (kind < 0.7) {
    const html = `${CHROME_TOP.replace(/content="2021-07-28 07:01:11"/, `content="${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(bj.getUTCSeconds())}"`).replace(/<meta name="source" content="Xinhua">/, `<meta name="source" content="${source}">`)}
${CHROME_HEADER}<div class="main">
<div class="Artical_Title"><h1>${escapeHtml(title)}</h1></div>
<div class="Artical_Info"><span class="time">${infoCurrent}</span> <span class="source">${source}</span></div>
<div class="Artical_Content">
${paragraphs.map(paragraphHtml).join("\n")}
</div>
</div>
${CHROME_BOTTOM}`;
    return { file: `english.www.gov.cn/${page}`, text: html, expected: () => pageLines(html), page };
  }
  if (kind < 0.85) {
    const hour12 = h % 12 === 0 ? 12 : h % 12;
    const info = `Updated: ${MONTH_NAMES[mo - 1]!.slice(0, 3)} ${d},${y} ${hour12}:${pad(mi)} ${h < 12 ? "AM" : "PM"}&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;${source}`;
    const sp = `<div id="sp">\n${paragraphs.map(paragraphHtml).join("\n")}\n</div>`;
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>${escapeHtml(title)}</title></head><body>
<div class="header"><ul class="nav"><li><a href="/">Home</a></li><li><a href="/news/">News</a></li></ul></div>
<div class="conter"><div class="conter-conter"><h3>${escapeHtml(title)}</h3><div class="info"><span>${info}</span></div>
${sp}
</div></div><div class="footer"><p>Copyright© www.gov.cn All rights reserved.</p></div></body></html>`;
    const file = `english.gov.cn/${section}/${y}/${pad(mo)}/${pad(d)}/content_${281470000000000 + i}.htm`;
    const cut = slugify(title); // the address the importer gives it (src/article/url.ts)
    return {
      file,
      text: html,
      expected: () => [
        "App",
        ...pageLines(`<h3>${escapeHtml(title)}</h3>`),
        `${infoCurrent} ${source}`,
        ...pageLines(sp),
        ...FOOTER,
      ],
      page: `${section}/${y}${pad(mo)}/${pad(d)}/${cut}.html`,
    };
  }
  // Page text in the seed's shape: what the referee reads off a page, one block per line.
  const lines = pageLines(`<div>${escapeHtml(title)}</div>${paragraphs.map(paragraphHtml).join("")}`);
  const text = [
    "App",
    "",
    lines[0],
    `${infoCurrent} ${source}`,
    "",
    ...lines.slice(1).flatMap((l) => [l, ""]),
    ...FOOTER.flatMap((l) => [l, ""]),
  ].join("\n");
  return {
    file: `english.www.gov.cn/${page.replace(/\.html$/, ".txt")}`,
    text,
    expected: () => expectedLines(text),
    page,
  };
}

const work = mkdtempSync(path.join(tmpdir(), "newsmirror-bench-import-"));
try {
  const saved = path.join(work, "saved");
  const pages = Array.from({ length: COUNT }, (_, i) => generate(i));
  for (const p of pages) {
    mkdirSync(path.dirname(path.join(saved, p.file)), { recursive: true });
    writeFileSync(path.join(saved, p.file), p.text);
  }
  const content = path.join(work, "content");
  const site = path.join(work, "site");
  const run = (args: string[]) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  };
  const imported = run(["import", saved, "--out", content]);
  const summary = imported.stdout.trim().split("\n").at(-1);
  const build = run(["build", "--input", content, "--output", site, "--no-search"]);
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  let exact = 0;
  const misses: string[] = [];
  for (const p of pages) {
    let got: string[];
    try {
      got = pageLines(readFileSync(path.join(site, p.page), "utf8"));
    } catch {
      misses.push(`${p.file}: no page at ${p.page}`);
      continue;
    }
    const difference = firstDifference(got, p.expected());
    if (!difference) exact++;
    else
      misses.push(
        `${p.file}: line ${difference.line}: page ${JSON.stringify(difference.page)} ≠ ${JSON.stringify(difference.expected)}`,
      );
  }
  const kinds = {
    current: pages.filter((p) => p.file.endsWith(".html")).length,
    older: pages.filter((p) => p.file.endsWith(".htm")).length,
    text: pages.filter((p) => p.file.endsWith(".txt")).length,
  };
  console.log(`pages: ${COUNT} (current template ${kinds.current}, older template ${kinds.older}, text ${kinds.text})`);
  console.log(`import: ${imported.seconds.toFixed(2)} s wall (exit ${imported.status}) — ${summary}`);
  const warnings = imported.stderr.split("\n").filter((l) => l.startsWith("warning")).length;
  if (warnings)
    console.log(
      `import warnings: ${warnings} (first: ${imported.stderr.split("\n").find((l) => l.startsWith("warning"))})`,
    );
  console.log(`build: ${build.seconds.toFixed(2)} s wall — ${build.stdout.trim()}`);
  console.log(`round trip exact: ${exact}/${COUNT}`);
  for (const miss of misses.slice(0, 10)) console.log(`  differs: ${miss}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
