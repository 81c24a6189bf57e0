// Starting the build's worker thread (src/build/helper.ts, helper-worker.js).
//
// Plain JavaScript, so bin/newsmirror.js can start the worker first thing for
// `newsmirror build`, before it imports Eleventy and registers tsx: the
// worker's own start-up (about 0.5 s: bundling the template with esbuild,
// importing markdown-it and zod) then runs beside the main thread's, and the
// worker is ready when the articles are read. Until a build takes it, an
// early worker does not keep the process alive, and its failure is kept for
// the build to report.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The article page template; src/build/article-pages.ts names it ARTICLE_TEMPLATE. */
export const DEFAULT_TEMPLATE = path.resolve(here, "../../templates/article.ts");

let early;

function spawn(template) {
  return new Worker(path.join(here, "helper-worker.js"), {
    workerData: {
      template,
      writer: path.join(here, "page-writer.ts"),
      reader: path.resolve(here, "../article/parse.ts"),
      // The bundle imports markdown-it and the rest from the package's node_modules, so it is written there.
      bundleDir: path.resolve(here, "../../node_modules/.cache/newsmirror"),
    },
  });
}

/** Starts a worker for the default template now, for a build that will take it. */
export function startEarly() {
  if (early) return;
  const worker = spawn(DEFAULT_TEMPLATE);
  early = { worker, failure: undefined, ready: false };
  const entry = early;
  worker.on("message", (message) => {
    if (message && message.ready) entry.ready = true;
  });
  worker.on("error", (error) => (entry.failure ??= error));
  worker.on("exit", (code) => (entry.failure ??= new Error(`newsmirror's build worker stopped (exit code ${code})`)));
  worker.unref();
}

/** A worker for `template`: the early one when it matches, else a new one; `failure` if it already failed, `ready` if it said so. */
export function takeWorker(template) {
  if (early && template === DEFAULT_TEMPLATE) {
    const taken = early;
    early = undefined;
    taken.worker.ref();
    return taken;
  }
  return { worker: spawn(template), failure: undefined, ready: false };
}
