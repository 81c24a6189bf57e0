/**
 * Giving memory back around the search step. A build's heap holds every
 * article and its pages until V8 next collects, and V8 is in no hurry with
 * gigabytes of headroom: at 100,000 articles this process stayed at
 * 2.6 GiB beside Pagefind's process. Once the site is written and only the
 * search records are needed, one full collection brings it to what the
 * articles hold (measured: 2,537 MiB RSS → 1,593 MiB, issue 15). While the
 * records go to Pagefind, a bundle after another, the heap grows again by
 * what sending them leaves (it grew from 0.6 to 1.6 GiB over 13 bundles):
 * collected again between bundles once it has grown by RELEASE_MARGIN.
 *
 * Node exposes `gc()` only with `--expose-gc`; setting the flag at run time
 * and taking `gc` from a fresh context is the technique test runners use
 * (Jest's leak detection) to get it without restarting the process.
 */
import v8 from "node:v8";
import vm from "node:vm";

let collect: (() => void) | undefined;
/** The heap in use after the last collection releaseMemory ran. */
let heapAfterRelease = 0;

/** Growth of the heap past which releaseMemoryIfGrown collects: a full collection costs about 0.3 s a GiB of heap. */
export const RELEASE_MARGIN = 256 * 2 ** 20;

/** Runs a full garbage collection now, so freed memory goes back to the system. */
export function releaseMemory(): void {
  if (!collect) {
    v8.setFlagsFromString("--expose-gc");
    collect = vm.runInNewContext("gc") as () => void;
  }
  collect();
  heapAfterRelease = v8.getHeapStatistics().used_heap_size;
}

/** releaseMemory, when the heap has grown by more than RELEASE_MARGIN since it last ran. */
export function releaseMemoryIfGrown(): void {
  if (v8.getHeapStatistics().used_heap_size - heapAfterRelease > RELEASE_MARGIN) releaseMemory();
}
