/**
 * The preview server (`newsmirror preview`): a built folder served as a
 * plain static host would serve it (src/serve/site-files.ts), on loopback
 * (src/serve/listen.ts). The end-to-end tests read pages from it.
 */
import { realpath, stat } from "node:fs/promises";
import { NewsmirrorError } from "../errors.ts";
import { startLocalServer } from "./listen.ts";
import { serveSiteRequest } from "./site-files.ts";
import { PREVIEW_HOST } from "./host.ts";

export { PREVIEW_HOST };

export interface StaticServerOptions {
  /** The built site's folder. */
  root: string;
  port: number;
  /** The path the site is served under (`/english/` for baseUrl https://example.org/english/); default `/`. */
  basePath?: string;
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` plus the base path. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port) until `close()`. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  let cause: unknown;
  const rootInfo = await stat(options.root).catch((error: unknown) => void (cause = error));
  if (!rootInfo?.isDirectory()) {
    throw new NewsmirrorError(`${options.root} is not a folder; build the site first (newsmirror build)`, { cause });
  }
  const realRoot = await realpath(options.root);
  const basePath = options.basePath ?? "/";
  const local = await startLocalServer({
    host: PREVIEW_HOST,
    port: options.port,
    handle: (request, response) => serveSiteRequest(request, response, { realRoot, basePath }),
  });
  return { url: `${local.origin}${basePath}`, port: local.port, close: local.close };
}
