/**
 * The dev server: Eleventy's watcher and live-reloading server, bound to
 * loopback, writing to its own folder so drafts never reach `_site`.
 *
 * It runs as two processes. The worker is Eleventy watching content and page
 * templates, which it re-imports on change. Our own TypeScript modules
 * (src/, template components) cannot be re-imported into a running Node
 * process — ES modules are cached for its lifetime — so the supervisor
 * restarts the worker when one of them changes; the open page reloads when
 * its live-reload socket reconnects (on the next focus of the tab).
 */
import Eleventy from "@11ty/eleventy";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { spawn, type ChildProcess } from "node:child_process";
import chokidar from "chokidar";
import path from "node:path";
import { writeBuildOptions, type BuildOptions } from "../build/options.ts";
import { ARTICLE_TEMPLATE } from "../build/article-pages.ts";
import { CONFIG_FILE, PACKAGE_ROOT, TEMPLATES_DIR } from "../build/paths.ts";
import type { EleventyConfig } from "../plugins/eleventy-types.ts";
import { findContentError } from "../errors.ts";
import { currentProblems, devErrorsMiddleware } from "./dev-errors.ts";
import { loaderFor } from "../plugins/articles.ts";
import { loadSettings } from "../site/settings.ts";
import { ContentWatch, type EleventyHandle } from "./content-watch.ts";
import { SiteUrls } from "../site/urls.ts";

export interface ServeRequest extends BuildOptions {
  port: number;
  host: string;
  /** Where the pages go (default DEV_OUTPUT, inside the package). */
  outputDir?: string;
}

/** Where the dev server's pages go; never the production output. */
export const DEV_OUTPUT = ".newsmirror/dev-site";

/**
 * Eleventy's dev server listens on every interface and has no option to
 * choose one; a preview of unpublished news must not be reachable from the
 * network, so its listen step is pointed at the requested host.
 */
function bindTo(host: string): void {
  const proto = (EleventyDevServer as unknown as { prototype: Record<string, unknown> }).prototype;
  proto._serverListen = function (this: { server: import("node:http").Server }, port: number) {
    this.server.listen({ port, host });
  };
}

/** Sources whose edits need a fresh worker process. */
const CODE_DIRS = ["src", "templates/_components", ".eleventy.ts"];

export function superviseServe(argv: readonly string[]): void {
  const bin = path.join(PACKAGE_ROOT, "bin/newsmirror.js");
  let worker: ChildProcess | undefined;
  let stopping = false;
  const start = () => {
    const child = spawn(process.execPath, [bin, ...argv, "--worker"], { stdio: "inherit" });
    child.on("exit", (code) => {
      // A worker that stops by itself (a port in use, say) ends the server.
      if (!stopping && worker === child) process.exit(code ?? 1);
    });
    worker = child;
  };
  let timer: NodeJS.Timeout | undefined;
  const restart = (changed: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      process.stdout.write(`newsmirror: ${changed} changed; restarting the dev server\n`);
      const old = worker;
      worker = undefined;
      if (!old || old.exitCode !== null) return start();
      old.once("exit", start);
      old.kill("SIGTERM");
    }, 150);
  };
  chokidar
    .watch(CODE_DIRS, { cwd: PACKAGE_ROOT, ignoreInitial: true })
    .on("all", (_event, file) => {
      if (file.endsWith(".ts")) restart(file);
    });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      worker?.kill("SIGTERM");
      process.exit(0);
    });
  }
  start();
}

/**
 * Eleventy tells the browser about a failed rebuild only in its console. For
 * content problems, ask the open pages to reload instead: the middleware
 * then serves them with the problem overlay.
 */
function reloadOnContentErrors(eleventy: Eleventy): void {
  // Our one-line report (src/serve/dev-errors.ts) replaces Eleventy's message and stack trace.
  const handler = (eleventy as unknown as { errorHandler: { once(type: string, e: unknown, msg?: string): void } }).errorHandler;
  const once = handler.once.bind(handler);
  handler.once = (type, e, msg) => (findContentError(e) ? undefined : once(type, e, msg));
  const served = (eleventy as unknown as { eleventyServe: { sendError(e: { error: unknown }): Promise<void>; reload(e: object): Promise<void> } }).eleventyServe;
  const sendError = served.sendError.bind(served);
  served.sendError = async ({ error }) => {
    if (findContentError(error)) return served.reload({ files: [], build: { templates: [] } });
    return sendError({ error });
  };
}

export async function serve(request: ServeRequest): Promise<void> {
  bindTo(request.host);
  process.chdir(PACKAGE_ROOT);
  // Content edits are watched by ContentWatch, which re-renders single articles itself.
  writeBuildOptions({ ...request, eleventyWatchesContent: false });
  const output = path.resolve(PACKAGE_ROOT, request.outputDir ?? DEV_OUTPUT);
  const shownHost = request.host.includes(":") ? `[${request.host}]` : request.host;
  const eleventy = new Eleventy(TEMPLATES_DIR, output, {
    configPath: CONFIG_FILE,
    quietMode: true,
    runMode: "serve",
    config(eleventyConfig: EleventyConfig) {
      eleventyConfig.setServerOptions({
        port: request.port,
        middleware: [devErrorsMiddleware(output)],
        showVersion: false,
        messageOnStart: ({ options }: { options: { port: number } }) =>
          `newsmirror: serving http://${shownHost}:${options.port ?? request.port}/ (drafts included; Ctrl+C to stop)`,
      });
    },
  });
  await eleventy.init();
  reloadOnContentErrors(eleventy);
  await eleventy.watch();
  const display = path.relative(request.displayRoot, request.contentDir) || ".";
  const settings = () => loadSettings(request.contentDir, display);
  const contentWatch = new ContentWatch({
    contentDir: request.contentDir,
    outputDir: output,
    template: ARTICLE_TEMPLATE,
    load: () => loaderFor(request.contentDir).load({ ...request, settings: settings() }),
    hasProblems: () => currentProblems().length > 0,
    pageData: () => {
      const site = settings();
      return { site, urls: SiteUrls.of(site, request.relativeLinks) };
    },
    eleventy: eleventy as unknown as EleventyHandle,
    // Eleventy's watch bookkeeping: running from the start of a rebuild until it finished or failed.
    isBuilding: () => (eleventy as unknown as { watchManager?: { isBuildRunning(): boolean } }).watchManager?.isBuildRunning() ?? false,
    onUpdate: (update) => {
      if (update.kind === "pages") process.stdout.write(`newsmirror: rewrote ${update.urls.join(", ")} in ${update.ms.toFixed(0)} ms\n`);
      else process.stdout.write(`newsmirror: ${update.reason}; rebuilding the site\n`);
    },
  });
  await contentWatch.start();
  await eleventy.serve(request.port);
}
