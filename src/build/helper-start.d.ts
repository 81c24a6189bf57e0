// Types of helper-start.js (plain JavaScript, loaded by bin/newsmirror.js before tsx).
import type { Worker } from "node:worker_threads";

export declare const DEFAULT_TEMPLATE: string;
export declare function startEarly(): void;
export declare function takeWorker(template: string): { worker: Worker; failure: Error | undefined; ready: boolean };
