/**
 * One production build: validate all content first (every problem reported
 * at once, nothing written), then let Eleventy render into a staging folder,
 * then publish it in place of the old site.
 */
import Eleventy from "@11ty/eleventy";
import path from "node:path";
import { handOverArticles, loaderFor } from "../plugins/articles.ts";
import { ContentError } from "../errors.ts";
import { loadSettings } from "../site/settings.ts";
import { writeBuildOptions, type BuildOptions } from "./options.ts";
import { createStaging, discardStaging, publishStaging } from "./output.ts";
import { CONFIG_FILE, PACKAGE_ROOT, TEMPLATES_DIR } from "./paths.ts";

export interface BuildRequest extends BuildOptions {
  outputDir: string;
}

export interface BuildReport {
  articles: number;
  pagesWritten: number;
  seconds: number;
}

/** Checks the content folder; throws ContentError with every problem. */
export async function validateContent(options: BuildOptions): Promise<number> {
  const display = path.relative(options.displayRoot, options.contentDir) || ".";
  const settings = loadSettings(options.contentDir, display);
  const { articles, problems } = await loaderFor(options.contentDir).load({ ...options, settings });
  if (problems.length > 0) throw new ContentError(problems);
  handOverArticles(options.contentDir, articles);
  return articles.length;
}

/** Eleventy resolves its input, config and passthrough paths against the working directory. */
function inPackageRoot(): void {
  if (process.cwd() !== PACKAGE_ROOT) process.chdir(PACKAGE_ROOT);
}

export async function build(request: BuildRequest): Promise<BuildReport> {
  const started = performance.now();
  const articles = await validateContent(request);
  inPackageRoot();
  writeBuildOptions(request);
  const staging = await createStaging(request.outputDir);
  try {
    const eleventy = new Eleventy(TEMPLATES_DIR, staging, { configPath: CONFIG_FILE, quietMode: true });
    eleventy.disableLogger(); // our one summary line (or error report) replaces its output
    const results = await eleventy.write();
    await publishStaging(staging, request.outputDir);
    const pagesWritten = results[1].filter((r) => r.outputPath).length;
    return { articles, pagesWritten, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await discardStaging(staging);
    throw error;
  }
}
