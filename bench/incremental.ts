/**
 * Incremental production builds (issue 15): `newsmirror build` again after a
 * completed build of the same content, into the same output folder with the
 * same build cache, after
 *
 * - one article edited (its title and first paragraph, so its page, its
 *   listings and the feeds change): a different article each run, recent
 *   ones (on the home page and in the feeds) and the oldest (only in its
 *   section's last pages and its archive month);
 * - 100 new articles, newer than any other, as a news desk files them:
 *   a new batch each run, so the site grows by 100 a run.
 *
 * Each build is checked for what it had to write (the edited page carries
 * the edit, the new pages exist), and the content folder is put back as it
 * was at the end.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { syntheticArticle } from "./generate.ts";
import type { Measurement } from "./measure.ts";

export interface IncrementalRun {
  /** Which change: `newest article`, `oldest article (archive 2019-01)`, `100 new articles (20,000 → 20,100)`. */
  what: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** The build's first line: `full build (REASON)` or `incremental build: …` (none before issue 15's CLI). */
  kind: string;
}

export interface IncrementalResult {
  edits: IncrementalRun[];
  adds: IncrementalRun[];
}

/** Runs one build of `content` into the output the cold build left, with its cache; returns its measurement. */
export type IncrementalBuild = (what: string) => Promise<Measurement>;

const ORDINAL = (k: number) =>
  k === 1
    ? "newest"
    : `${k}${k % 10 === 2 && k % 100 !== 12 ? "nd" : k % 10 === 3 && k % 100 !== 13 ? "rd" : "th"} newest`;

/** The articles edited, in order: the newest, the oldest, then the 2nd, 10th and 30th newest, the middle one, … */
export function articlesToEdit(n: number, runs: number): { index: number; what: string }[] {
  const byDate = Array.from({ length: n }, (_, i) => ({ i, at: syntheticArticle(i).epochSeconds })).sort(
    (a, b) => b.at - a.at || a.i - b.i,
  );
  const ranks = [0, n - 1, 1, 9, 29, Math.floor(n / 2), 2, 3, 4, 5, 6, 7, 8];
  const picked = [...new Set(ranks.filter((r) => r >= 0 && r < n))].slice(0, runs);
  return picked.map((rank) => {
    const { i, at } = byDate[rank]!;
    const month = new Date((at + 8 * 3600) * 1000).toISOString().slice(0, 7);
    const what = rank === n - 1 ? `oldest article (archive ${month})` : `${ORDINAL(rank + 1)} article (${month})`;
    return { index: i, what };
  });
}

function kindOf(stdout: string): string {
  const line = stdout.split("\n").find((l) => /^newsmirror: (full|incremental) build/.test(l));
  return line ? line.replace(/^newsmirror: /, "") : "no kind line (a CLI before incremental builds: a full build)";
}

function recorded(what: string, m: Measurement): IncrementalRun {
  return {
    what,
    wallSeconds: m.wallSeconds,
    cpuSeconds: m.cpuSeconds,
    peakRssBytes: m.peakRssBytes,
    kind: kindOf(m.stdout),
  };
}

export async function incrementalRuns(options: {
  content: string;
  /** The output folder of the completed build of `content`. */
  out: string;
  n: number;
  edits: number;
  adds: number;
  build: IncrementalBuild;
  log: (line: string) => void;
}): Promise<IncrementalResult> {
  const { content, out, n, build, log } = options;
  const originals = new Map<string, string>();
  const added: string[] = [];
  const run = async (what: string, expect: () => string | undefined): Promise<IncrementalRun> => {
    const m = await build(what);
    if (m.exitCode !== 0)
      throw new Error(`incremental build (${what}) failed (exit ${m.exitCode}):\n${m.stderr || m.stdout}`);
    const wrong = expect();
    if (wrong) throw new Error(`incremental build (${what}): ${wrong}\n${m.stdout}`);
    const result = recorded(what, m);
    log(
      `  incremental, ${what}: ${m.wallSeconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU, ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB; ${result.kind}`,
    );
    return result;
  };
  try {
    const edits: IncrementalRun[] = [];
    for (const [r, { index, what }] of articlesToEdit(n, options.edits).entries()) {
      const article = syntheticArticle(index);
      const file = path.join(content, article.file);
      const before = readFileSync(file, "utf8");
      if (!originals.has(file)) originals.set(file, before);
      const marker = `Revised${r}x${Date.now().toString(36)}`;
      // The title (listings, feeds, the page's <title>) and the first paragraph (teasers, the page).
      writeFileSync(file, before.replace('\ntitle: "', `\ntitle: "${marker} `).replace(/\n---\n/, `\n---\n${marker} `));
      edits.push(
        await run(what, () =>
          readFileSync(path.join(out, article.page), "utf8").includes(marker)
            ? undefined
            : `${article.page} does not carry the edit`,
        ),
      );
    }

    const adds: IncrementalRun[] = [];
    const newest = Math.max(...Array.from({ length: n }, (_, i) => syntheticArticle(i).epochSeconds));
    let count = n;
    for (let b = 0; b < options.adds; b++) {
      const batch = Array.from({ length: 100 }, (_, k) =>
        // 100 a day, each a quarter of an hour after the last, after the newest article of the set.
        syntheticArticle(n + b * 100 + k, { epochSeconds: newest + 3600 + (b * 100 + k) * 864 }),
      );
      for (const article of batch) {
        const file = path.join(content, article.file);
        writeFileSync(file, article.text);
        added.push(file);
      }
      const what = `100 new articles (${count.toLocaleString("en-US")} → ${(count + 100).toLocaleString("en-US")})`;
      count += 100;
      adds.push(
        await run(what, () => {
          const missing = batch.find((a) => !existsSync(path.join(out, a.page)));
          return missing ? `${missing.page} was not written` : undefined;
        }),
      );
    }
    return { edits, adds };
  } finally {
    for (const [file, text] of originals) writeFileSync(file, text);
    for (const file of added) rmSync(file, { force: true });
  }
}
