/**
 * The build's second thread. A build's CPU work is loading articles (read,
 * validate, render Markdown) and writing pages; Eleventy runs on the main
 * thread only, so on a 2-core machine half the machine sat idle (issue 8).
 *
 * One worker is started when a build starts. Work is cut into chunks taken
 * by whichever thread is free (`share`): the worker is kept two chunks
 * ahead; the main thread takes one between its own awaits, or only once it
 * is done with other work (Eleventy's pages), so neither waits for the
 * other and the worker's start-up (about 0.5 s of imports) costs nothing.
 * Results come back in input order, so a shared run gives exactly what one
 * thread would.
 */
import type { Worker } from "node:worker_threads";
import type { Article } from "../article/article.ts";
import type { ArticleFile, ParallelRead } from "../article/load.ts";
import type { FileResult } from "../article/parse.ts";
import type { SiteSettings } from "../site/settings.ts";
import type { ArticlePagesJob } from "./page-writer.ts";
import { takeWorker } from "./helper-start.js";

export type Task =
  | { kind: "read"; files: readonly ArticleFile[]; settings: SiteSettings }
  | { kind: "pages"; articles: readonly Article[]; job: ArticlePagesJob };

export type Reply = { id: number; result: unknown } | { id: number; error: { message: string; stack?: string } };

/** Chunks of 30–60 ms of work: the main thread, between its chunks, answers the worker promptly. */
const READ_CHUNK = 100;
const PAGES_CHUNK = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `here` and `there` over chunks of `items`, each chunk on whichever side
 * is free, and returns the results in the order of `items`. `here` starts
 * when `hereFrom` resolves (the main thread may be busy until then). An
 * aborted `signal` stops both sides after their current chunk and rejects.
 */
export async function share<I, R>(
  items: readonly I[],
  size: number,
  here: (chunk: readonly I[]) => R[],
  there: (chunk: readonly I[]) => Promise<R[]>,
  hereFrom: Promise<unknown> = Promise.resolve(),
  signal?: AbortSignal,
): Promise<R[]> {
  const chunks: (readonly I[])[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const results: R[][] = new Array<R[]>(chunks.length);
  let next = 0;
  let stopped = false;
  const aborted = new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
  const go = () => !stopped && !signal?.aborted && next < chunks.length;
  const remote = async () => {
    while (go()) {
      const i = next++;
      results[i] = await there(chunks[i]!);
    }
  };
  // Two remote lanes keep the worker a chunk ahead while its last answer travels back.
  const remotes = Promise.all([remote(), remote()]);
  const local = async () => {
    // This side starts when it is free, unless the other has done everything by then.
    await Promise.race([hereFrom, aborted, remotes.catch(() => undefined)]);
    while (go()) {
      const i = next++;
      results[i] = here(chunks[i]!);
      await nextTurn(); // lets the worker's replies in, so it is given its next chunk
    }
  };
  try {
    await Promise.race([Promise.all([remotes, local()]), aborted]);
  } finally {
    stopped = true;
  }
  signal?.throwIfAborted();
  return results.flat();
}

export class BuildHelper implements ParallelRead {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 0;
  #failure: Error | undefined;

  /** Starts the worker; `template` is the article page template it bundles. */
  constructor(template: string) {
    const { worker, failure } = takeWorker(template);
    this.#worker = worker;
    this.#failure = failure;
    this.#worker.on("message", (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!pending) return;
      if ("error" in reply) pending.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
      else pending.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.#failure ??= error;
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", (code) => fail(new Error(`newsmirror's build worker stopped (exit code ${code})`)));
  }

  #call<R>(task: Task): Promise<R> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, task });
    });
  }

  readFiles(files: readonly ArticleFile[], settings: SiteSettings, here: (chunk: readonly ArticleFile[]) => FileResult[]): Promise<FileResult[]> {
    return share(files, READ_CHUNK, here, (chunk) => this.#call<FileResult[]>({ kind: "read", files: chunk, settings }));
  }

  /** Writes pages on the worker and, from `hereFrom` on, on this thread too; resolves with the count written. */
  async writePages(
    articles: readonly Article[],
    job: ArticlePagesJob,
    here: (chunk: readonly Article[]) => number,
    options: { hereFrom?: Promise<unknown>; onPages?: (count: number) => void; signal?: AbortSignal } = {},
  ): Promise<number> {
    const { hereFrom, onPages, signal } = options;
    const counts = await share(
      articles,
      PAGES_CHUNK,
      (chunk) => {
        const n = here(chunk);
        onPages?.(n);
        return [n];
      },
      async (chunk) => {
        const n = await this.#call<number>({ kind: "pages", articles: chunk, job });
        onPages?.(n);
        return [n];
      },
      hereFrom,
      signal,
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Stops the worker (it keeps the process alive until then). */
  async close(): Promise<void> {
    this.#failure ??= new Error("newsmirror's build worker was closed");
    await this.#worker.terminate();
  }
}
