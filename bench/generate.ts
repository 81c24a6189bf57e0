/**
 * Deterministic synthetic articles for the benchmark: the same N always gives
 * byte-identical files. Each article has full front matter (title, updated,
 * source, dateline on most, section among several, a quoted gov.cn-style id)
 * and 6–11 paragraphs, about 2.5 KB of body text.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** mulberry32: a small, well-known seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SECTIONS = [
  "news/topnews",
  "news/internationalexchanges",
  "policies/latestreleases",
  "statecouncil/ministries",
  "statecouncil/weifenghe",
  "premier/news",
  // Not photos/china: `photos` is the site's own folder of photo variants, reserved (issue 13).
  "pictures/china",
];
const SOURCES = ["Xinhua", "english.www.gov.cn", "China Daily", "english.www.gov.cn/Xinhua", "CGTN"];
const DATELINES = ["BEIJING", "SHANGHAI", "DUSHANBE", "GENEVA", "NAIROBI", "HANGZHOU", "BRASILIA", "CHENGDU"];
const WORDS = (
  "the state council premier ministry policy development economic reform cooperation international trade " +
  "regional growth investment innovation rural urban province county officials announced measures support " +
  "enterprises employment infrastructure green energy transition digital services public health education " +
  "technology research agriculture exports imports market opening partnership dialogue security stability " +
  "financial sector consumption industrial output quarter annual percent billion yuan million households " +
  "delegation summit meeting agreement framework implementation guideline notice local governments"
).split(" ");

function sentence(rand: () => number): string {
  const n = 10 + Math.floor(rand() * 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  if (rand() < 0.3) words.splice(3, 0, `${Math.floor(rand() * 900) + 10}`);
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}${rand() < 0.1 ? `, ${rand() < 0.5 ? "officials said" : "according to a statement"}` : ""}.`;
}

function body(rand: () => number): string {
  const paragraphs = 6 + Math.floor(rand() * 6); // 6..11
  const target = 1550 + Math.floor(rand() * 400); // ~2.5 KB in all
  const perParagraph = target / paragraphs;
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    let text = "";
    while (text.length < perParagraph) text += (text ? " " : "") + sentence(rand);
    if (rand() < 0.08) text = text.replace(/ (\w+) (\w+)\./, " **$1** [$2](https://english.www.gov.cn/).");
    out.push(text);
  }
  return out.join("\n\n");
}

export interface GeneratedArticle {
  /** Path relative to the content folder. */
  file: string;
  section: string;
  text: string;
  /** Where newsmirror writes its page, relative to the site folder. */
  page: string;
  /** Its `updated` (and publication) time, Unix seconds. */
  epochSeconds: number;
}

/**
 * Article i of a set (the set is the same whatever N: article i is always the same).
 * `epochSeconds` dates it otherwise (the incremental bench's new articles, newer than
 * any of the set); everything else stays as it would be.
 */
/** Topics for `tags: true`: a few common (the first ones), most rare, as a newsroom's are. */
const TOPICS = Array.from(
  { length: 60 },
  (_, k) => `topic ${String.fromCharCode(97 + (k % 26))}${Math.floor(k / 26) || ""}`,
);

/** One to three topics and an author for article i, from a PRNG of their own (the rest of the article is unchanged). */
function newsroomFields(i: number): string[] {
  const rand = prng(0x51ed270b ^ Math.imul(i + 1, 2246822519));
  const count = 1 + Math.floor(rand() * 3);
  const tags = new Set<string>();
  // rand()² leans to the first topics: topic a is on about a fifth of the articles, the last ones on a few hundred of 20,000.
  while (tags.size < count) tags.add(TOPICS[Math.floor(rand() ** 2 * TOPICS.length)]!);
  return [`tags: [${[...tags].join(", ")}]`, `author: Reporter ${1 + Math.floor(rand() * 40)}`];
}

export function syntheticArticle(i: number, options: { epochSeconds?: number; tags?: boolean } = {}): GeneratedArticle {
  const rand = prng(0x9e3779b1 ^ Math.imul(i + 1, 2654435761));
  const section = SECTIONS[Math.floor(rand() * SECTIONS.length)]!;
  // Spread over 2019-2024, in Beijing time as gov.cn writes it.
  const drawn = 1546300800 + Math.floor(rand() * 6 * 365 * 86400);
  const epochSeconds = options.epochSeconds ?? drawn;
  const local = new Date((epochSeconds + 8 * 3600) * 1000).toISOString().slice(0, 19);
  const id =
    epochSeconds.toString(16).padStart(8, "0") +
    Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, "0") +
    i.toString(16).padStart(8, "0");
  const titleWords = 6 + Math.floor(rand() * 8);
  const title = sentence(rand).replace(/\.$/, "").split(" ").slice(0, titleWords).join(" ");
  const dateline = rand() < 0.8 ? DATELINES[Math.floor(rand() * DATELINES.length)] : undefined;
  const lines = [
    "---",
    `title: ${JSON.stringify(title)}`,
    `updated: ${local}+08:00`,
    `source: ${SOURCES[Math.floor(rand() * SOURCES.length)]}`,
    ...(dateline ? [`dateline: ${dateline}`] : []),
    `section: ${section}`,
    `id: "${id}"`,
    ...(options.tags ? newsroomFields(i) : []),
    "---",
    body(rand),
    "",
  ];
  const page = `${section}/${local.slice(0, 4)}${local.slice(5, 7)}/${local.slice(8, 10)}/content_WS${id}.html`;
  return {
    file: path.join(...section.split("/"), `article-${String(i).padStart(6, "0")}.md`),
    section,
    text: lines.join("\n"),
    page,
    epochSeconds,
  };
}

/**
 * Writes N articles (and a site.json) into `dir`; returns the bytes written. `tags`: each article also has one to
 * three topics and an author (issue 16: topic and author pages, related stories), else exactly as before.
 */
export function generate(dir: string, n: number, options: { tags?: boolean } = {}): number {
  let bytes = 0;
  mkdirSync(dir, { recursive: true });
  for (const section of SECTIONS) mkdirSync(path.join(dir, ...section.split("/")), { recursive: true });
  writeFileSync(
    path.join(dir, "site.json"),
    // A mirror's settings: gov.cn's codes written, as the sample writes them (else every build warns of them).
    `${JSON.stringify({ name: "newsmirror benchmark", baseUrl: "https://bench.example/", footer: { identificationCode: "bm01000001", registrationNumber: "05070218" } }, null, 2)}\n`,
  );
  for (let i = 0; i < n; i++) {
    const article = syntheticArticle(i, options);
    writeFileSync(path.join(dir, article.file), article.text);
    bytes += Buffer.byteLength(article.text);
  }
  return bytes;
}
