import path from "node:path";
import { counted } from "../../counted.ts";
import { resolveBuildTime } from "../build-time.ts";
import { terminalProgress } from "../progress.ts";
import { UsageError } from "../../errors.ts";
import { CONTENT_OPTIONS, stringOption, type Command } from "../command.ts";
import { shown } from "../../characters.ts";
import { buildCacheFolder, checkWrittenFolders, contentOptions } from "../folders.ts";
import type { BuildKind } from "../../pipeline/build.ts";
import { warningReport } from "../../problems.ts";
import { startContentScan } from "../../article/scan.ts";
import { readStoreAhead } from "../../pipeline/manifest.ts";
import { spareOf } from "../../output/staging.ts";

export const buildCommand: Command = {
  name: "build",
  summary: "build the site from a content folder",
  usage: `newsmirror build [--input DIR] [--output DIR] [--base-url URL] [--clean] [--drafts] [--relative]
                 [--build-time ISO] [--no-search] [--image-cache DIR] [--build-cache DIR] [--search-bundle N]
  --input DIR    content folder (default: content)
  --output DIR   output folder (default: _site); replaced only when the whole build succeeds,
                 and only if it is new, empty or a site newsmirror built (docs/building.md: Safety)
  --base-url URL the address the site is served from, instead of site.json's baseUrl
                 (a deploy preview: https://preview-42.example.org/)
  --clean        a full build, whatever changed (by default a build writes only what changed
                 since the last, kept as a spare copy beside the output folder: docs/building.md: Incremental builds)
  --drafts       include draft articles (never do this for a published site)
  --relative     make every internal link relative, to browse the output from disk (file://)
  --build-time ISO  "now": what is published (scheduled and expired articles) and the news sitemap,
                 e.g. 2021-07-29T12:00:00+08:00
                 (default: SOURCE_DATE_EPOCH if set, else the real time)
  --no-search    skip the Pagefind search index
  --image-cache DIR  encoded photos kept between builds (default: .cache/images)
  --build-cache DIR  manifests of the last builds, for incremental builds (default: .cache/builds)
  --search-bundle N  most articles in a search-index bundle (a year's, a month's, a day's; default: 5000);
                 fewer use less memory while building, more requests while searching`,
  options: {
    ...CONTENT_OPTIONS,
    output: { type: "string" },
    drafts: { type: "boolean", default: false },
    relative: { type: "boolean", default: false },
    "build-time": { type: "string" },
    "no-search": { type: "boolean", default: false },
    "image-cache": { type: "string" },
    "build-cache": { type: "string" },
    clean: { type: "boolean", default: false },
    "search-bundle": { type: "string" },
    "base-url": { type: "string" },
  },
  examples: [
    { line: "newsmirror build", does: "content/ into _site/, only what changed since the last build" },
    { line: "newsmirror build --clean --output public", does: "a full build into public/" },
    { line: "newsmirror build --base-url https://preview.example.org/", does: "a deploy preview's site" },
  ],
  async run({ cwd, io, values }) {
    const cacheOption = stringOption(values, "image-cache");
    const buildCacheOption = stringOption(values, "build-cache");
    const options = contentOptions(values, cwd, io.env);
    const output = stringOption(values, "output") ?? "_site";
    const outputDir = path.resolve(cwd, output);
    // Its files found and stat-ed on the other core, and the article cache read, while this one imports the build
    // (0.3 s and 0.15 s at 20,000 articles).
    const contentScan = startContentScan(options.contentDir);
    const buildCacheDir = buildCacheFolder(values, cwd, io.env);
    const storeAhead = readStoreAhead(buildCacheDir, outputDir);
    const buildTimeMs = resolveBuildTime(stringOption(values, "build-time"), io.env);
    const bundleText = stringOption(values, "search-bundle");
    const searchBundleSize = bundleText === undefined ? undefined : Number(bundleText);
    if (searchBundleSize !== undefined && !(Number.isInteger(searchBundleSize) && searchBundleSize >= 1)) {
      throw new UsageError(`--search-bundle: ${JSON.stringify(bundleText)} is not a whole number of articles`);
    }
    await checkWrittenFolders(cwd, io.env, {
      contentDir: options.contentDir,
      output,
      outputDir,
      ...(cacheOption !== undefined ? { imageCache: cacheOption } : {}),
      ...(buildCacheOption !== undefined ? { buildCache: buildCacheOption } : {}),
    });
    // On a terminal, a build longer than two seconds shows pages written as it goes.
    const progress = io.stderr.isTTY ? terminalProgress(io.stderr) : undefined;
    let report;
    try {
      const { build } = await import("../../pipeline/build.ts"); // imported when run: `newsmirror help` stays fast
      report = await build({
        ...options,
        includeDrafts: values.drafts === true,
        relativeLinks: values.relative === true,
        buildTimeMs,
        search: values["no-search"] !== true,
        ...(progress ? { progress } : {}),
        ...(searchBundleSize ? { searchBundleSize } : {}),
        outputDir,
        cwd,
        buildCacheDir,
        storeAhead,
        clean: values.clean === true,
        contentScan,
        onWait: (message) => io.stderr.write(`newsmirror: ${message}\n`),
      });
    } finally {
      progress?.done();
    }
    io.stderr.write(warningReport(report.warnings, values.verbose === true));
    for (const note of report.notes) io.stderr.write(`newsmirror: note: ${note}\n`);
    if (report.kind) io.stdout.write(`newsmirror: ${kindLine(report.kind, path.relative(cwd, outputDir) || ".")}\n`);
    // The pages and the search index are two steps, one after the other: a line each.
    const rate = report.siteSeconds > 0 ? Math.round(report.pagesWritten / report.siteSeconds) : report.pagesWritten;
    io.stdout.write(
      `newsmirror: built ${counted(report.pagesWritten, "page")} (${counted(report.articles, "article")}) in ${report.siteSeconds.toFixed(2)} s, ` +
        `${rate} pages/s → ${shown(path.relative(cwd, outputDir) || ".")}\n`,
    );
    if (report.search) {
      io.stdout.write(
        `newsmirror: search index (Pagefind) in ${report.search.seconds.toFixed(2)} s, ${counted(report.articles, "article")}\n`,
      );
    }
    // For a cron job: when to build again, so the next scheduled article appears on time.
    if (report.scheduled)
      io.stdout.write(`newsmirror: ${report.scheduled.count} scheduled; next at ${report.scheduled.next}\n`);
    const photos = report.photos;
    if (photos && photos.photosEncoded + photos.photosFromCache > 0) {
      io.stdout.write(
        `newsmirror: photos: ${photos.photosEncoded} encoded (${counted(photos.encodes, "file")}), ${photos.photosFromCache} from the cache\n`,
      );
    }
    io.stdout.write(`newsmirror: ${previewHint(path.relative(cwd, outputDir) || ".", values.relative === true)}\n`);
    return 0;
  },
};

/** How to look at what was built: `newsmirror preview` (a static server under the base path), or the files. */
function previewHint(output: string, relative: boolean): string {
  if (relative) return `to browse it from disk, open ${shown(path.join(output, "index.html"))} in a browser`;
  return `to preview it: npx newsmirror preview${output === "_site" ? "" : ` --output ${shown(output)}`}`;
}

/**
 * `full build (the stylesheet changed)`, or `incremental build: 2 articles changed; 14 files rewritten, 9,126
 * unchanged`, and when the spare copy had to be made first, its name: a CI job that sees this every run does not
 * keep it (docs/deploying.md).
 */
function kindLine(kind: BuildKind, output: string): string {
  if (kind.full) return `full build (${kind.reason})`;
  const copied = kind.copied > 0 ? `, ${kind.copied.toLocaleString("en-US")} brought over from the last build` : "";
  const spare = kind.spareMade
    ? `; no spare copy to update, so ${shown(spareOf(output))} was made from the site first`
    : "";
  return `incremental build: ${counted(kind.articlesChanged, "article")} changed; ${counted(kind.rendered, "file")} rewritten, ${kind.kept.toLocaleString("en-US")} unchanged${copied}${spare}`;
}
