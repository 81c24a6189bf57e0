/**
 * The dev server (`newsmirror serve`): our own small HTTP server on
 * loopback, in front of a builder process (src/serve/dev-builder.ts).
 *
 * - It serves the site from a folder of its own (a new private temporary
 *   folder unless `--output` names one), under the site's base path, and
 *   nothing until this server's first build is done: no page of an earlier
 *   session or of another server is ever shown.
 * - Each page it serves gets the live-reload script (src/serve/live-reload.ts);
 *   while content is broken, the last good page gets the problem overlay
 *   (src/serve/dev-errors.ts), and before any good build, an error page.
 * - The address it prints is the one it listens on: a taken port is an
 *   error naming the port, never a quiet move to the next one.
 * - Requests must name this machine (src/serve/guard.ts); paths are checked
 *   by segment, with no dotfiles (src/serve/site-files.ts).
 *
 * Newsmirror's own code (src/, templates/) cannot be re-imported by a
 * running process, so a change to it starts a new builder; the server, its
 * port and its open pages stay.
 */
import { fork, type ChildProcess } from "node:child_process";
import chokidar, { type FSWatcher } from "chokidar";
import { mkdtemp, readdir, realpath, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkOutputFolder } from "../output/guard.ts";
import { isRunning, lockOutputFolder } from "../output/lock.ts";
import { realPathOf, shownPath } from "../folders.ts";
import { PACKAGE_ROOT } from "../package.ts";
import { siteOverrideFolders } from "../templates/overrides.ts";
import { problemReport, warningReport } from "../problems.ts";
import { errorLine } from "../error-report.ts";
import { findContentError, formatProblem, fromWire, toWire, type ContentProblem, type WireError } from "../errors.ts";
import { serveSiteRequest } from "./site-files.ts";
import { buildingPage, errorPage, OVERLAY_STYLESHEET, OVERLAY_STYLES, withOverlay } from "./dev-errors.ts";
import type { DevBuilder } from "./dev-builder.ts";
import type { BuilderJob, BuilderMessage, RebuildRequest } from "./dev-protocol.ts";
import { LIVE_CLIENT, LIVE_SCRIPT, LIVE_SCRIPT_TAG, LiveReload, withLiveScript } from "./live-reload.ts";
import { startLocalServer, type LocalServer } from "./listen.ts";
import { counted } from "../counted.ts";

export interface DevServerRequest {
  contentDir: string;
  displayRoot: string;
  /** Where the user ran `serve`: the output-folder rules protect it (default: this process's). */
  cwd?: string;
  imageCacheDir: string;
  host: string;
  port: number;
  /** The folder to build into (`--output`, already checked); default a new private temporary folder. */
  outputDir?: string;
  /** Fixed "now" for builds (SOURCE_DATE_EPOCH), if set. */
  buildTimeMs?: number;
  /** The site's address instead of site.json's (`--base-url`), already checked. */
  baseUrl?: string;
  /**
   * "process" (the default): the builder is a child process, replaced when
   * newsmirror's own code changes. "here": it runs in this process (tests,
   * which never edit newsmirror's code); a code change then only rebuilds.
   */
  builder?: "process" | "here";
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const TERMINAL: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Newsmirror's sources the dev server watches (paths in the package). */
const CODE = ["src", "templates", ".eleventy.ts"];

/**
 * Page templates and assets, which every whole build imports or copies
 * afresh: a save is a whole build by the running builder. Anything else
 * (src/, template components, the config) is imported by other modules
 * and fixed for a process's life: a save starts a new builder.
 */
export function isPageTemplate(file: string): boolean {
  const parts = file.split(/[\\/]/);
  if (parts[0] !== "templates" || parts.length < 2) return false;
  if (parts[1] === "assets") return true;
  return parts.length === 2 && (parts[1]!.endsWith(".11ty.ts") || parts[1] === "article.ts");
}

/** Temporary folders are named with the server's pid, so a later server can tell a dead one's leftovers. */
const TEMP_PREFIX = "newsmirror-dev-";

/** Removes the temporary folders (and their staging folders and lock files) of dev servers that were killed. Only ours: same user. */
async function removeStaleFolders(parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    // Exactly the names this server makes: mkdtemp's folder, and a build's staging and retired folders and lock beside it.
    const m = /^\.?newsmirror-dev-(\d+)-[A-Za-z0-9]{6}(\.(staging|retired)-\d+|\.lock)?$/.exec(name);
    if (!m || isRunning(Number(m[1]))) continue;
    const folder = path.join(parent, name);
    const info = await stat(folder).catch(() => undefined);
    if (info && info.uid === process.getuid?.())
      await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * What the server shows for a build the builder reports failed: the content
 * problems of a ContentError, or the one line the CLI would print (a bug
 * says it is one), its first line only.
 */
export function failureOf(wire: WireError, cwd: string): { problems: ContentProblem[] } | { line: string } {
  const error = fromWire(wire);
  const content = findContentError(error);
  if (content) return { problems: [...content.problems] };
  return { line: errorLine(error, cwd).line.split("\n", 1)[0]! };
}

export class DevServer {
  #builder: ChildProcess | BuilderHere | undefined;
  #codeWatch: FSWatcher | undefined;
  /** The site's template overrides (templates/ or layouts/ beside the content folder). */
  #siteWatch: FSWatcher | undefined;
  #local: LocalServer | undefined;
  readonly #live = new LiveReload();
  /** A good build of this server is in the folder. */
  #ready = false;
  #problems: string[] = [];
  #basePath = "/";
  #announced = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #quickFailures = 0;
  #stopping = false;
  #ownFolder = false;
  #folder = "";
  #lock: { release(): Promise<void> } | undefined;
  #firstResult!: Promise<void>;
  #resolveFirst!: () => void;

  constructor(
    private readonly request: DevServerRequest,
    private readonly io: Output = TERMINAL,
  ) {
    this.#firstResult = new Promise((resolve) => (this.#resolveFirst = resolve));
  }

  /** The served site's address: `http://127.0.0.1:8080/english/`. */
  get url(): string {
    return `${this.#local?.origin ?? ""}${this.#basePath}`;
  }

  get #cwd(): string {
    return this.request.cwd ?? process.cwd();
  }

  get folder(): string {
    return this.#folder;
  }

  /** Open pages with a live-reload socket. */
  get liveClients(): number {
    return this.#live.clients;
  }

  async start(): Promise<void> {
    if (this.request.outputDir) {
      // The rules every build folder follows (never the content, the project, a folder newsmirror did not write).
      await checkOutputFolder("--output", this.request.outputDir, {
        cwd: this.#cwd,
        contentDir: this.request.contentDir,
        packageRoot: PACKAGE_ROOT,
      });
      this.#folder = await realPathOf(this.request.outputDir);
    } else {
      await removeStaleFolders(tmpdir());
      // mkdtemp makes it 0700: drafts under embargo are not for other users of this machine.
      // Real path: files are checked against it once links are resolved (a temporary folder may sit behind one, as on macOS).
      this.#folder = await realpath(await mkdtemp(path.join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`)));
      this.#ownFolder = true;
    }
    // Held for the server's life: no other server or build writes into its folder meanwhile.
    try {
      this.#lock = await lockOutputFolder(this.#folder, { command: "serve" }, { wait: false });
    } catch (error) {
      await this.#removeFolder();
      throw error;
    }
    try {
      this.#local = await startLocalServer({
        host: this.request.host,
        port: this.request.port,
        handle: (request, response) => this.#handle(request, response),
        upgrade: (request, socket, head, served) => this.#live.upgrade(request, socket, head, served),
      });
    } catch (error) {
      await this.#lock.release();
      await this.#removeFolder();
      throw error;
    }
    this.#startBuilder();
    this.#codeWatch = chokidar.watch(CODE, { cwd: PACKAGE_ROOT, ignoreInitial: true });
    this.#codeWatch.on("all", (_event: string, file: string) => {
      if (isPageTemplate(file) && this.#builder?.connected)
        this.#builder.send({ type: "rebuild", reason: `${file} changed` } satisfies RebuildRequest);
      else this.#restartBuilder(`${file} changed`);
    });
    // A site's override is bundled afresh by each whole build (src/templates/overrides.ts): the running builder builds.
    this.#siteWatch = chokidar.watch(siteOverrideFolders(this.request.contentDir), {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 5 },
      ignored: (file: string) => path.basename(file).startsWith(".") || file.endsWith("~"),
    });
    this.#siteWatch.on("all", (_event: string, file: string) => {
      const reason = `${shownPath(this.#cwd, file)} changed`;
      if (this.#builder?.connected) this.#builder.send({ type: "rebuild", reason } satisfies RebuildRequest);
      else this.#restartBuilder(reason);
    });
    this.#siteWatch.on("error", () => undefined); // a folder that vanishes is reported by the next build
    await this.#firstResult;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    await this.#codeWatch?.close();
    await this.#siteWatch?.close();
    await this.#stopBuilder();
    this.#live.close();
    await this.#local?.close();
    await this.#removeFolder();
    await this.#lock?.release();
  }

  async #removeFolder(): Promise<void> {
    if (!this.#ownFolder) return;
    // A build cut short removes its own staging folder (src/output/staging.ts, on the signal that stops the builder).
    await rm(this.#folder, { recursive: true, force: true });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = (request.url ?? "/").split(/[?#]/, 1)[0];
    // The server's own two files, under a dot-folder no site file can have.
    const own =
      pathname === LIVE_SCRIPT
        ? { type: "text/javascript", body: LIVE_CLIENT }
        : pathname === OVERLAY_STYLESHEET
          ? { type: "text/css", body: OVERLAY_STYLES }
          : undefined;
    if (own) {
      response
        .writeHead(200, {
          "Content-Type": `${own.type}; charset=utf-8`,
          "Cache-Control": "no-cache",
          "X-Content-Type-Options": "nosniff",
        })
        .end(own.body);
      return;
    }
    if (!this.#ready) {
      // Nothing of this server's is built yet: no stale page from an earlier session is shown.
      const page =
        this.#problems.length > 0 ? errorPage(this.#problems, LIVE_SCRIPT_TAG) : buildingPage(LIVE_SCRIPT_TAG);
      response.writeHead(this.#problems.length > 0 ? 500 : 503, {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Retry-After": "1",
      });
      response.end(request.method === "HEAD" ? undefined : page);
      return;
    }
    const problems = this.#problems;
    await serveSiteRequest(request, response, {
      realRoot: this.#folder,
      basePath: this.#basePath,
      html: (page) => withLiveScript(problems.length > 0 ? withOverlay(page, problems) : page),
    });
  }

  #startBuilder(): void {
    const job: BuilderJob = {
      type: "job",
      contentDir: this.request.contentDir,
      displayRoot: this.request.displayRoot,
      cwd: this.#cwd,
      outputDir: this.#folder,
      imageCacheDir: this.request.imageCacheDir,
      ...(this.request.buildTimeMs !== undefined ? { buildTimeMs: this.request.buildTimeMs } : {}),
      ...(this.request.baseUrl !== undefined ? { baseUrl: this.request.baseUrl } : {}),
    };
    if (this.request.builder === "here") {
      this.#builder = new BuilderHere(job, (message) => this.#received(message));
      return;
    }
    const bin = path.join(PACKAGE_ROOT, "bin/newsmirror.js");
    const child = fork(bin, ["serve", "--builder"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.#builder = child;
    child.send(job);
    child.on("message", (message: BuilderMessage) => this.#received(message));
    child.on("exit", (code, signal) => {
      if (this.#builder !== child || this.#stopping) return;
      this.#builder = undefined;
      this.io.err(
        `newsmirror: the site builder stopped (${signal ?? `exit code ${code}`})${this.#quickFailures < 3 ? "; starting it again" : "; save a file of newsmirror's code to start it again"}\n`,
      );
      if (!this.#announced) {
        this.#problems = [
          `the site builder stopped (${signal ?? `exit code ${code}`}) before its first build; see the terminal`,
        ];
        this.#announce();
      }
      if (++this.#quickFailures <= 3) this.#restartTimer = setTimeout(() => this.#startBuilder(), 1000);
    });
  }

  async #stopBuilder(): Promise<void> {
    const child = this.#builder;
    this.#builder = undefined;
    if (child instanceof BuilderHere) return child.close();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  #restartBuilder(reason: string): void {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => {
      if (this.#stopping) return;
      this.io.out(`newsmirror: ${reason}; starting a new builder\n`);
      this.#quickFailures = 0;
      void this.#stopBuilder().then(() => {
        if (!this.#stopping) this.#startBuilder();
      });
    }, 150);
  }

  #received(message: BuilderMessage): void {
    if (message.type === "built") {
      this.#quickFailures = 0;
      const wasBroken = this.#problems.length > 0;
      this.#ready = true;
      this.#problems = [];
      const moved = this.#announced && message.basePath !== this.#basePath;
      this.#basePath = message.basePath;
      this.io.err(warningReport(message.warnings));
      const seconds = (message.ms / 1000).toFixed(2);
      if (message.full) {
        const why = message.reason ? `${message.reason}; ` : "";
        this.io.out(
          `newsmirror: ${why}built ${counted(message.pages, "page")} (${counted(message.articles, "article")}) in ${seconds} s\n`,
        );
      } else {
        const others = message.urls.length - message.edited;
        const why = message.reason ? `${message.reason}; ` : "";
        const removed = message.removed ? `, removed ${counted(message.removed, "file")}` : "";
        const what =
          message.edited > 0
            ? `${message.urls.slice(0, message.edited).join(", ")}${others > 0 ? ` and ${counted(others, "page")} showing ${message.edited === 1 ? "it" : "them"}` : ""}`
            : counted(others, "page");
        this.io.out(`newsmirror: ${why}rewrote ${what}${removed} in ${message.ms.toFixed(0)} ms\n`);
      }
      if (wasBroken) this.io.out("newsmirror: content fixed; pages rebuilt\n");
      if (moved) this.io.out(`newsmirror: the site's base URL changed; now at ${this.url}\n`);
    } else {
      const failure = message.type === "problems" ? message : failureOf(message.error, this.#cwd);
      if ("problems" in failure) {
        this.#problems = failure.problems.map(formatProblem);
        const ending = this.#ready
          ? "still serving the last good pages; fix and save to rebuild"
          : "fix and save to build the site";
        this.io.err(problemReport(failure.problems, { ending, hint: false }));
      } else {
        this.#problems = [`the build failed: ${failure.line}`];
        const serving = this.#ready ? "still serving the last good pages" : "nothing to serve yet";
        this.io.err(`newsmirror: the build failed: ${failure.line}; ${serving}\n`);
      }
    }
    this.#announce();
    this.#live.reload();
  }

  #announce(): void {
    if (this.#announced) return;
    this.#announced = true;
    this.io.out(`newsmirror: serving ${this.url} (drafts included; Ctrl+C to stop)\n`);
    this.#resolveFirst();
  }
}

/** The builder in this process (DevServerRequest.builder "here"): the same DevBuilder, its messages passed directly. */
class BuilderHere {
  readonly connected = true;
  readonly #builder: Promise<DevBuilder>;

  constructor(job: BuilderJob, received: (message: BuilderMessage) => void) {
    this.#builder = import("./dev-builder.ts").then(({ DevBuilder }) => {
      const builder = new DevBuilder(job, received);
      builder.start().catch((error: unknown) => received({ type: "failed", error: toWire(error) }));
      return builder;
    });
  }

  send(request: RebuildRequest): void {
    void this.#builder.then((builder) => builder.rebuild(request.reason));
  }

  async close(): Promise<void> {
    await (await this.#builder).close();
  }
}

/** Starts a dev server and runs it until Ctrl+C (or SIGTERM). */
export async function runDevServer(request: DevServerRequest): Promise<DevServer> {
  const server = new DevServer(request);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.once("SIGHUP", stop);
  await server.start();
  return server;
}
