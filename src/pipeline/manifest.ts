/**
 * The build manifest, kept in the build cache beside the photo cache
 * (`.cache/builds/<output>/manifest.json`, one per output folder): the
 * states of the sites newsmirror last built there, each with its inputs
 * and its files' keys (src/pipeline/site-plan.ts). The output folder and
 * its spare copy each name their state in their marker, so a manifest that
 * does not describe the folders (another cache, a folder restored from a
 * backup) is never trusted: the build is then a full one, and says why.
 *
 * Written atomically (a temporary file renamed over it), before the folders
 * are swapped: a build killed at any point leaves a manifest that describes
 * whichever folders it left.
 */
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { shown } from "../characters.ts";
import { writeCacheTag } from "../output/guard.ts";
import type { BuildInputs } from "./build-inputs.ts";

/**
 * 2: a line of JSON saying what the file is (format, output folder), then a line per state, so that a state read is
 * written again as the line it was read from (the published site's state, kept for the spare: at 20,000 articles,
 * 23,000 files a state, its JSON took 60 ms to make again).
 */
const FORMAT = 2;

export interface SiteState {
  id: string;
  inputs: BuildInputs;
  /** Output path → key, as the plan made them (src/pipeline/site-plan.ts). */
  files: ReadonlyMap<string, string>;
}

const HeaderSchema = z.object({ format: z.literal(FORMAT), output: z.string() });

const StateSchema = z.object({
  id: z.string(),
  inputs: z.record(z.string(), z.string()),
  // Checked by one loop rather than a schema per pair: at 20,000 articles (two states of 23,000 files) zod's
  // tuples took 40 ms of every incremental build.
  files: z.custom<[string, string][]>(isPairList, "files: not a list of [path, key] pairs"),
});

/** Each state read, by the line it was read from. */
const stateLines = new WeakMap<SiteState, string>();

function isPairList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const pair of value as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string")
      return false;
  }
  return true;
}

/** The cache folder of one output folder's builds: `.cache/builds/_site-1a2b3c4d`, named by its real path. */
export function buildCacheOf(buildsDir: string, outputReal: string): string {
  const key = createHash("sha256").update(outputReal).digest("hex").slice(0, 12);
  const name = path
    .basename(outputReal)
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .slice(0, 40);
  return path.join(buildsDir, `${name}-${key}`);
}

/** The article cache (src/article/load.ts) of one output folder's builds, beside its manifest. */
export function articleStoreOf(cacheFolder: string): string {
  return path.join(cacheFolder, "articles.json");
}

/**
 * The article cache of the builds into `outputDir`, read ahead: 20 MB at 20,000 articles, read while the build's
 * modules are imported instead of after. Undefined when the output folder does not exist yet (there is no cache of
 * it then); a failed read is tried again by the loader.
 */
export function readStoreAhead(
  buildsDir: string,
  outputDir: string,
): { file: string; bytes: Promise<Buffer> } | undefined {
  let real: string;
  try {
    real = realpathSync(outputDir);
  } catch {
    return undefined;
  }
  const file = articleStoreOf(buildCacheOf(buildsDir, real));
  const bytes = readFile(file);
  bytes.catch(() => undefined); // (awaited, and its failure handled, by the loader)
  return { file, bytes };
}

export interface ManifestRead {
  states: Map<string, SiteState>;
  /** Why the manifest could not be used, when it exists but could not be read; undefined when missing or read. */
  problem?: string;
}

export async function readManifest(folder: string, outputReal: string): Promise<ManifestRead> {
  const file = path.join(folder, "manifest.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { states: new Map() };
    return { states: new Map(), problem: `the build manifest ${shown(file)} could not be read (${brief(error)})` };
  }
  const states = new Map<string, SiteState>();
  try {
    const [first = "", ...lines] = text.split("\n");
    const header = HeaderSchema.safeParse(JSON.parse(first));
    if (!header.success) throw new Error(header.error.issues[0]?.message ?? "not a newsmirror build manifest");
    if (lines.pop() !== "") throw new Error("cut short"); // a whole manifest ends with a newline
    // Made for a folder elsewhere (a cache copied between machines): not this folder's.
    if (header.data.output !== outputReal) return { states };
    for (const line of lines) {
      const parsed = StateSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "not a state of a site");
      const { id, inputs, files } = parsed.data;
      const state: SiteState = { id, inputs, files: new Map(files) };
      stateLines.set(state, line);
      states.set(id, state);
    }
  } catch (error) {
    return { states: new Map(), problem: `the build manifest ${shown(file)} is damaged (${brief(error)})` };
  }
  return { states };
}

/** Writes the states (the output folder's and its spare's, newest first); the folder is tagged as a cache. */
export async function writeManifest(folder: string, outputReal: string, states: readonly SiteState[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeCacheTag(path.dirname(folder), "build manifests");
  const lines = states.map(
    (s) => stateLines.get(s) ?? JSON.stringify({ id: s.id, inputs: s.inputs, files: [...s.files] }),
  );
  const content = `${[JSON.stringify({ format: FORMAT, output: outputReal }), ...lines].join("\n")}\n`;
  const file = path.join(folder, "manifest.json");
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }); // a full disk, or a folder where the manifest goes: nothing left behind
    throw error;
  }
}

function brief(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 120);
}
