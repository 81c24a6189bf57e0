/**
 * What related stories (issue 16) cost a cold build: the generated articles with one to three topics and an author
 * each (`generate(…, { tags: true })`), built cold (`--no-search --clean`, the site alone); then, in this process on
 * the same articles, the three parts of the work related stories add to that build, each timed alone:
 *
 * - the key terms of every article (src/article/key-terms.ts: the loader makes them as it reads each article);
 * - the related stories of every article that shows them (src/site/related.ts);
 * - their markup on each page (templates/_components/newsroom.ts) and the part of each page's key they make.
 *
 * Their sum against the cold build is the row's share: issue 16 allows 10 % at 20,000 articles.
 *
 *   npm run bench -- --sizes 20000 --only related
 */
import path from "node:path";
import { hasBody, type Article } from "../src/article/article.ts";
import { keyTerms } from "../src/article/key-terms.ts";
import { createBuildContext } from "../src/plugins/context.ts";
import { keyOf } from "../src/site/output-file.ts";
import { relatedStories } from "../src/site/related.ts";
import { SiteUrls } from "../src/site/urls.ts";
import { relatedStories as relatedMarkup } from "../templates/_components/newsroom.ts";
import { generate } from "./generate.ts";
import { measure, median, type Measurement } from "./measure.ts";

export interface RelatedResult {
  articles: number;
  /** Articles whose page shows related stories, and how many stories they show in all. */
  shown: number;
  stories: number;
  /** Median wall time of the cold build of the site (no search index). */
  coldSeconds: number;
  termsSeconds: number;
  relatedSeconds: number;
  markupSeconds: number;
}

const seconds = (f: () => void) => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};

export async function relatedCost(options: {
  n: number;
  work: string;
  bin: string;
  runs: number;
  log: (line: string) => void;
}): Promise<RelatedResult> {
  const { n, work, bin, runs, log } = options;
  const content = path.join(work, `content-tags-${n}`);
  generate(content, n, { tags: true });
  const cold: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    const out = path.join(work, `related-site-${n}`);
    const cache = path.join(work, `related-cache-${n}-${run}`);
    const m = await measure(process.execPath, [
      bin,
      "build",
      ...["--input", content, "--output", out, "--no-search", "--clean", "--build-cache", cache],
      ...["--image-cache", path.join(work, "related-images")],
    ]);
    if (m.exitCode !== 0) throw new Error(`the build of ${n} tagged articles failed:\n${m.stderr || m.stdout}`);
    cold.push(m);
    log(`  cold build, ${n} articles with topics and authors: ${m.wallSeconds.toFixed(2)} s wall`);
  }

  const context = createBuildContext({ contentDir: content, displayRoot: work, includeDrafts: false });
  const { articles, settings } = await context.content();
  const full = articles.filter(hasBody) as Article[];
  if (full.length !== articles.length) throw new Error("the articles were read without their bodies");
  const urls = SiteUrls.of(settings);
  const parts = { terms: [] as number[], related: [] as number[], markup: [] as number[] };
  let related = relatedStories(articles);
  for (let run = 0; run < Math.max(3, runs); run++) {
    parts.terms.push(
      seconds(() => {
        for (const a of full) keyTerms(a.title, a.bodyText);
      }),
    );
    parts.related.push(seconds(() => (related = relatedStories(articles))));
    parts.markup.push(
      seconds(() => {
        for (const [url, list] of related) {
          relatedMarkup(list, urls.linker(url));
          keyOf(list.map((a) => `${a.url}\t${a.title}`));
        }
      }),
    );
  }
  return {
    articles: n,
    shown: related.size,
    stories: [...related.values()].reduce((sum, list) => sum + list.length, 0),
    coldSeconds: median(cold.map((m) => m.wallSeconds)),
    termsSeconds: median(parts.terms),
    relatedSeconds: median(parts.related),
    markupSeconds: median(parts.markup),
  };
}

/** The row as text: each part, their sum and its share of the cold build. */
export function relatedLines(r: RelatedResult): string[] {
  const total = r.termsSeconds + r.relatedSeconds + r.markupSeconds;
  const share = (s: number) => `${((100 * s) / r.coldSeconds).toFixed(1)} %`;
  return [
    `| articles | pages with related stories | cold build (site) | key terms | related stories | markup and keys | related in all |`,
    `|---|---|---|---|---|---|---|`,
    `| ${r.articles.toLocaleString("en-US")} | ${r.shown.toLocaleString("en-US")} (${r.stories.toLocaleString("en-US")} links) | ${r.coldSeconds.toFixed(2)} s | ${r.termsSeconds.toFixed(3)} s (${share(r.termsSeconds)}) | ${r.relatedSeconds.toFixed(3)} s (${share(r.relatedSeconds)}) | ${r.markupSeconds.toFixed(3)} s (${share(r.markupSeconds)}) | **${total.toFixed(3)} s (${share(total)})** |`,
  ];
}
