/**
 * A content folder's article files and their stamps (./scan-files.js), found in a worker thread: a build starts it as
 * soon as it knows the folder, and the loader takes its result on the build's first load instead of listing and
 * stat-ing the folder itself (src/article/load.ts).
 */
import { Worker } from "node:worker_threads";
import type { scanContent } from "./scan-files.js";

export type ContentScan = ReturnType<typeof scanContent>;

/** The scan of `contentDir`, in a worker thread; undefined when it failed (the loader then lists the folder itself). */
export function startContentScan(contentDir: string): Promise<ContentScan | undefined> {
  const worker = new Worker(new URL("./scan-files.js", import.meta.url), { workerData: { scanContent: contentDir } });
  worker.unref(); // a build that fails meanwhile does not wait for it
  return new Promise((resolve) => {
    worker.once("message", (reply: { scan?: ContentScan }) => resolve(reply.scan));
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
}
