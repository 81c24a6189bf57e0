/**
 * A static file server for a built site: what `newsmirror preview` runs and
 * what the end-to-end tests read pages from. It serves the folder as a plain
 * static host would (index.html for folders, the site's 404.html for missing
 * pages), bound to loopback only, and never serves a file outside the folder.
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { NewsmirrorError } from "../errors.ts";

/** Loopback only: a preview of a site is for this machine. */
export const PREVIEW_HOST = "127.0.0.1";

const TEXT = "; charset=utf-8";

/** Content types by extension, for what a newsmirror site (and its search index) holds. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": `text/html${TEXT}`,
  ".htm": `text/html${TEXT}`,
  ".css": `text/css${TEXT}`,
  ".js": `text/javascript${TEXT}`,
  ".mjs": `text/javascript${TEXT}`,
  ".json": `application/json${TEXT}`,
  ".map": `application/json${TEXT}`,
  ".webmanifest": `application/manifest+json${TEXT}`,
  ".xml": `application/xml${TEXT}`,
  ".rss": `application/rss+xml${TEXT}`,
  ".atom": `application/atom+xml${TEXT}`,
  ".xsl": `application/xslt+xml${TEXT}`,
  ".txt": `text/plain${TEXT}`,
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
};

export function contentType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

export interface StaticServerOptions {
  /** The built site's folder. */
  root: string;
  port: number;
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  close(): Promise<void>;
}

type Resolved = { kind: "file"; file: string; size: number } | { kind: "redirect"; location: string } | { kind: "missing" };

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

async function fileStat(file: string) {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

/**
 * Maps a request path to a file in the (real) root. Percent-escapes are
 * decoded once; `..`, encoded slashes, NUL bytes and symbolic links that
 * lead out of the root all end as "missing", never as a file elsewhere.
 */
export async function resolveRequestPath(realRoot: string, pathname: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: "missing" };
  }
  if (decoded.includes("\0") || decoded.includes("\\") || !decoded.startsWith("/")) return { kind: "missing" };
  const segments = decoded.split("/");
  if (segments.some((segment) => segment === ".." || segment === ".")) return { kind: "missing" };
  let file = path.join(realRoot, ...segments);
  if (!isInside(realRoot, file)) return { kind: "missing" };
  let info = await fileStat(file);
  if (info?.isDirectory()) {
    if (!pathname.endsWith("/")) return { kind: "redirect", location: `${pathname}/` };
    file = path.join(file, "index.html");
    info = await fileStat(file);
  }
  if (!info?.isFile()) return { kind: "missing" };
  const real = await realpath(file);
  if (!isInside(realRoot, real)) return { kind: "missing" };
  return { kind: "file", file: real, size: info.size };
}

function send(request: IncomingMessage, response: ServerResponse, status: number, file: string, size: number): void {
  response.writeHead(status, {
    "Content-Type": contentType(file),
    "Content-Length": size,
    "X-Content-Type-Options": "nosniff",
    // A preview shows the latest build: the browser asks again every time.
    "Cache-Control": "no-cache",
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on("error", () => response.destroy());
  stream.pipe(response);
}

async function handle(realRoot: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD", "Content-Type": `text/plain${TEXT}` }).end("Method not allowed\n");
    return;
  }
  const url = new URL(request.url ?? "/", "http://localhost");
  const resolved = await resolveRequestPath(realRoot, url.pathname);
  if (resolved.kind === "redirect") {
    response.writeHead(301, { Location: resolved.location + url.search }).end();
    return;
  }
  if (resolved.kind === "file") {
    send(request, response, 200, resolved.file, resolved.size);
    return;
  }
  const notFound = path.join(realRoot, "404.html");
  const info = await fileStat(notFound);
  if (info?.isFile()) {
    send(request, response, 404, notFound, info.size);
    return;
  }
  response.writeHead(404, { "Content-Type": `text/plain${TEXT}` }).end("Not found\n");
}

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port) until `close()`. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const rootInfo = await fileStat(options.root);
  if (!rootInfo?.isDirectory()) {
    throw new NewsmirrorError(`${options.root} is not a folder; build the site first (newsmirror build)`);
  }
  const realRoot = await realpath(options.root);
  const server: Server = createServer((request, response) => {
    handle(realRoot, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": `text/plain${TEXT}` });
      response.end("Internal error\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new NewsmirrorError(`--port: ${options.port} is in use on ${PREVIEW_HOST}; choose another with --port N`, { cause: error })
          : error,
      );
    });
    server.listen({ port: options.port, host: PREVIEW_HOST }, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${PREVIEW_HOST}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
