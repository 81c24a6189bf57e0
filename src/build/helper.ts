/**
 * The build's second thread. A build's CPU work is loading articles (read,
 * validate, render Markdown) and writing pages; Eleventy runs on the main
 * thread only, so on a 2-core machine half the machine sat idle (issue 8).
 *
 * One worker per build, started by bin/newsmirror.js before Eleventy is
 * imported (src/build/helper-start.js), so its start-up overlaps the main
 * thread's. Work is cut into chunks taken by whichever thread is free
 * (`share`): the worker is kept two chunks ahead; the main thread takes one
 * between its own awaits, or only once it is done with other work
 * (Eleventy's pages), so neither waits for the other. Results come back in
 * input order, so a shared run gives exactly what one thread would. A
 * worker that cannot start leaves all the work to the main thread.
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
  /** Chunks the other side took but could not do (it never started): this side does them. */
  const retry: number[] = [];
  const aborted = new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
  const take = () => (stopped || signal?.aborted ? undefined : retry.length > 0 ? retry.shift() : next < chunks.length ? next++ : undefined);
  let thereDown = false;
  const remote = async () => {
    while (!thereDown && !stopped && !signal?.aborted && next < chunks.length) {
      const i = next++;
      try {
        results[i] = await there(chunks[i]!);
      } catch (error) {
        if (!(error instanceof WorkerUnavailable)) throw error;
        thereDown = true;
        retry.push(i);
      }
    }
  };
  // Two remote lanes keep the worker a chunk ahead while its last answer travels back.
  const remotes = Promise.all([remote(), remote()]);
  const never = new Promise<void>(() => {});
  const local = async () => {
    // This side starts when it is free, unless the other has done everything by then.
    await Promise.race([hereFrom, aborted, remotes.then(() => (retry.length > 0 || next < chunks.length ? never : undefined), () => undefined)]);
    for (;;) {
      for (let i = take(); i !== undefined; i = take()) {
        results[i] = here(chunks[i]!);
        await nextTurn(); // lets the worker's replies in, so it is given its next chunk
      }
      // Chunks still with the other side come back here if it turns out it never started.
      await remotes.catch(() => undefined);
      if (retry.length === 0 || stopped || signal?.aborted) return;
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

/** The worker failed before it was ready (it could not bundle or import): its work falls to the main thread. */
export class WorkerUnavailable extends Error {
  constructor(readonly reason: Error) {
    super(`the build's second thread could not start: ${reason.message.split("\n")[0]}`, { cause: reason });
  }
}

export class BuildHelper implements ParallelRead {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 0;
  #failure: Error | undefined;
  #ready: boolean;

  /** Starts the worker; `template` is the article page template it bundles. */
  constructor(template: string) {
    const { worker, failure, ready } = takeWorker(template);
    this.#worker = worker;
    this.#ready = ready;
    if (failure) this.#failure = ready ? failure : new WorkerUnavailable(failure);
    this.#worker.on("message", (reply: Reply | { ready: true }) => {
      if ("ready" in reply) {
        this.#ready = true;
        return;
      }
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!pending) return;
      if ("error" in reply) pending.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
      else pending.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.#failure ??= this.#ready ? error : new WorkerUnavailable(error);
      const failure = this.#failure;
      for (const { reject } of this.#pending.values()) reject(failure);
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

  /** Set when the worker could not start and this thread did all the work. */
  get unavailable(): WorkerUnavailable | undefined {
    return this.#failure instanceof WorkerUnavailable ? this.#failure : undefined;
  }

  /** Stops the worker (it keeps the process alive until then). */
  async close(): Promise<void> {
    this.#ready = true; // what fails from here on is the closing, not the start
    this.#failure ??= new Error("newsmirror's build worker was closed");
    await this.#worker.terminate();
  }
}
