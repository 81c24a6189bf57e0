/**
 * The fixity manifest's cost at N articles (default 4,000): a cold build (every file hashed), then an incremental
 * build after one article's edit (only the written files hashed; the others' hashes taken from the published
 * manifest), and hashing every file alone.
 * Usage: npx tsx bench/fixity.ts [N] [WORKDIR]
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashFolder } from "../src/check/fixity.ts";
import { generate } from "./generate.ts";

const n = Number(process.argv[2] ?? 4000);
const work = process.argv[3] ?? mkdtempSync(path.join(tmpdir(), "newsmirror-fixity-"));
const content = path.join(work, "content");
generate(content, n);
const bin = path.resolve(import.meta.dirname, "../bin/newsmirror.js");
const build = () => {
  const started = performance.now();
  const out = execFileSync(
    "node",
    [bin, "build", "--input", content, "--output", "_site", "--build-time", "2030-01-01T00:00:00Z"],
    {
      cwd: work,
      encoding: "utf8",
    },
  );
  return { seconds: (performance.now() - started) / 1000, out };
};
const cold = build();
const site = path.join(work, "_site");
const files = readFileSync(path.join(site, "manifest-sha256.txt"), "utf8").split("\n").length - 1;
const t = performance.now();
hashFolder(site);
const hashAll = (performance.now() - t) / 1000;
// One article edited: an incremental build.
const first = readdirSync(content, { recursive: true })
  .map(String)
  .find((f) => f.endsWith(".md"))!;
appendFileSync(path.join(content, first), "\nOne more paragraph.\n");
const incremental = build();
const line = `${n} articles, ${files} files: cold build ${cold.seconds.toFixed(2)} s, incremental ${incremental.seconds.toFixed(2)} s; manifest step alone: every file hashed ${hashAll.toFixed(2)} s`;
console.log(line);
console.log(incremental.out.trim().split("\n")[0]);
writeFileSync(path.join(work, "fixity-bench.txt"), `${line}\n`);
