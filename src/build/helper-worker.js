// The worker thread of src/build/helper.ts.
//
// It does not load TypeScript through tsx, as the main thread does: tsx in a
// worker took about 0.5 s to import the template (its own hooks thread and a
// round trip per module), competing on a 2-core machine with the main
// thread's loading of articles. Instead esbuild (tsx's own compiler) bundles
// the article reader, the article template and the page writer, as they are
// now, into one module (about 0.1 s), which is imported once and deleted.
// Then the worker answers tasks: read these files, write these pages.
import { build, stop } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, threadId, workerData } from "node:worker_threads";

const { template, writer, reader, bundleDir } = workerData;
let bundled;
try {
  bundled = await build({
    stdin: {
      contents: [`export { render } from ${JSON.stringify(template)};`, `export { writePages } from ${JSON.stringify(writer)};`, `export { readArticleFile } from ${JSON.stringify(reader)};`].join("\n"),
      resolveDir: path.dirname(template),
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external", // resolved from the package's node_modules, hence the bundle's place
    write: false,
    logLevel: "silent",
  });
} catch (error) {
  // esbuild's own first line is "Build failed with N errors": say which.
  const reasons = (error.errors ?? []).map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text));
  throw new Error(`bundling the article template ${template}: ${reasons.join("; ") || error.message}`);
} finally {
  stop(); // esbuild's service process would otherwise outlive the build
}
mkdirSync(bundleDir, { recursive: true });
const file = path.join(bundleDir, `article-page-${process.pid}-${threadId}.mjs`);
writeFileSync(file, bundled.outputFiles[0].text);
let loaded;
try {
  loaded = await import(pathToFileURL(file).href);
} finally {
  rmSync(file, { force: true });
}
const { render, writePages, readArticleFile } = loaded;

const folders = new Set();
const tasks = {
  read: ({ files, settings }) => files.map(({ absolute, file }) => readArticleFile(absolute, file, settings)),
  pages: ({ articles, job }) => writePages(render, articles, job, folders),
};

parentPort.postMessage({ ready: true });
parentPort.on("message", ({ id, task }) => {
  try {
    parentPort.postMessage({ id, result: tasks[task.kind](task) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } });
  }
});
