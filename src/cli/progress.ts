/**
 * The build's progress line on a terminal: nothing for the first two
 * seconds (most builds are done by then), then `writing pages 1,234 of
 * 4,000`, redrawn at most ten times a second, then the later steps
 * (`search index: bundle 2 of 10`), erased at the end, where the summary
 * lines take its place. Off a terminal, only the summary.
 */
import type { ProgressListener } from "../plugins/context.ts";
import type { OutputStream } from "./command.ts";

export const PROGRESS_DELAY_MS = 2000;

export function terminalProgress(
  stream: OutputStream,
  now: () => number = () => performance.now(),
): ProgressListener & { done(): void } {
  const started = now();
  let total = 0,
    written = 0,
    lastDraw = -Infinity,
    drawn = false;
  let step: string | undefined;
  const draw = () => {
    const t = now();
    if (t - started < PROGRESS_DELAY_MS || t - lastDraw < 100) return;
    lastDraw = t;
    drawn = true;
    const of = total > 0 ? ` of ${total.toLocaleString("en-US")}` : "";
    stream.write(`\r\x1b[Knewsmirror: ${step ?? `writing pages ${written.toLocaleString("en-US")}${of}`}`);
  };
  return {
    total(pages) {
      total = pages;
      draw();
    },
    page(count = 1) {
      written += count;
      draw();
    },
    step(text) {
      step = text;
      lastDraw = -Infinity; // a new step shows at once
      draw();
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
