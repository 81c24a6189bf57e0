/**
 * From a request to a file of a built site, for both local servers (preview
 * and dev). A request path is decoded once, segment by segment, and checked
 * by segment, never by string prefix: a segment that is `.`, `..`, starts
 * with a dot (`.git`, `.env`, our own marker) or hides a `/`, `\` or NUL
 * behind an escape is refused, and the file found must still be inside the
 * folder once symbolic links are resolved. A site served under a path
 * (`baseUrl: https://example.org/english/`) is served under that path, as
 * its links expect.
 */
import { createReadStream } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { isWithin } from "../folders.ts";

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

export function isHtml(file: string): boolean {
  return /\.html?$/i.test(file);
}

/** A request path as segments, each decoded once; undefined when any segment is refused. */
export interface RequestPath {
  segments: string[];
  /** The path ended with `/` (a folder was asked for). */
  slash: boolean;
}

/** `/a/b%20c/` → `{ segments: ["a", "b c"], slash: true }`; refused paths give undefined. */
export function parseRequestPath(rawUrl: string): RequestPath | undefined {
  const raw = rawUrl.split(/[?#]/, 1)[0]!;
  if (!raw.startsWith("/")) return undefined;
  const segments: string[] = [];
  for (const piece of raw.split("/")) {
    if (piece === "") continue; // `//` is one separator, never a protocol-relative start
    let segment: string;
    try {
      segment = decodeURIComponent(piece);
    } catch {
      return undefined;
    }
    if (segment.startsWith(".") || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return { segments, slash: raw.endsWith("/") };
}

/** `/english/` → `["english"]`. */
export function pathSegments(basePath: string): string[] {
  return basePath.split("/").filter(Boolean);
}

/** The site path of a request below `basePath`, or undefined when the request is outside it. */
export function underBase(request: RequestPath, base: readonly string[]): RequestPath | undefined {
  if (base.some((segment, i) => request.segments[i] !== segment)) return undefined;
  const segments = request.segments.slice(base.length);
  // `/english` (the base itself without its slash) is the base folder.
  return { segments, slash: request.slash || segments.length === 0 };
}

/** An absolute path for a Location header: always one leading slash, each segment escaped. */
export function locationOf(segments: readonly string[], slash: boolean): string {
  const joined = segments.map(encodeURIComponent).join("/");
  return joined === "" ? "/" : `/${joined}${slash ? "/" : ""}`;
}

async function fileStat(file: string) {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

export type Resolved = { kind: "file"; file: string; size: number } | { kind: "folder" } | { kind: "missing" };

/**
 * The file a site path names in the (real) root: `index.html` for a folder
 * asked with its slash, "folder" for one asked without (the caller
 * redirects), "missing" for anything else, links leading out included.
 */
export async function resolveSitePath(realRoot: string, request: RequestPath): Promise<Resolved> {
  let file = path.join(realRoot, ...request.segments);
  if (!isWithin(realRoot, file)) return { kind: "missing" };
  let info = await fileStat(file);
  if (info?.isDirectory()) {
    if (!request.slash) return { kind: "folder" };
    file = path.join(file, "index.html");
    info = await fileStat(file);
  } else if (request.slash) {
    return { kind: "missing" };
  }
  if (!info?.isFile()) return { kind: "missing" };
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return { kind: "missing" };
  }
  if (!isWithin(realRoot, real)) return { kind: "missing" };
  return { kind: "file", file: real, size: info.size };
}

export interface SendOptions {
  /** Rewrites an HTML page before it is sent (the dev server adds its reload script and problem overlay). */
  html?: (page: string) => string;
}

/** Sends a file with its content type; HEAD gets the headers only. */
export async function sendFile(request: IncomingMessage, response: ServerResponse, status: number, file: string, size: number, options: SendOptions = {}): Promise<void> {
  const headers = {
    "Content-Type": contentType(file),
    "X-Content-Type-Options": "nosniff",
    // A local server shows the latest build: the browser asks again every time.
    "Cache-Control": "no-cache",
  };
  if (options.html && isHtml(file)) {
    const body = Buffer.from(options.html(await readFile(file, "utf8")));
    response.writeHead(status, { ...headers, "Content-Length": body.length });
    response.end(request.method === "HEAD" ? undefined : body);
    return;
  }
  response.writeHead(status, { ...headers, "Content-Length": size });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on("error", () => response.destroy());
  stream.pipe(response);
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": `text/plain${TEXT}`, "X-Content-Type-Options": "nosniff", ...headers }).end(text);
}

export interface SiteRequestOptions extends SendOptions {
  /** The real path of the served folder. */
  realRoot: string;
  /** The path the site is served under: `/` or `/english/`. */
  basePath: string;
}

/**
 * Answers a GET or HEAD for a site file as a static host would: the file,
 * a redirect for a folder without its slash (and for `/` when the site lives
 * under a path), or the site's own 404 page with status 404.
 */
export async function serveSiteRequest(request: IncomingMessage, response: ServerResponse, options: SiteRequestOptions): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    sendText(response, 405, "Method not allowed\n", { Allow: "GET, HEAD" });
    return;
  }
  const rawUrl = request.url ?? "/";
  const query = /\?[^#]*/.exec(rawUrl)?.[0] ?? "";
  const base = pathSegments(options.basePath);
  const asked = parseRequestPath(rawUrl);
  const sitePath = asked && underBase(asked, base);
  if (asked && !sitePath && asked.segments.length === 0) {
    // `/` of a site served under /english/: that is where it is.
    response.writeHead(302, { Location: locationOf(base, true) }).end();
    return;
  }
  if (sitePath) {
    const resolved = await resolveSitePath(options.realRoot, sitePath);
    if (resolved.kind === "folder") {
      response.writeHead(301, { Location: locationOf([...base, ...sitePath.segments], true) + query }).end();
      return;
    }
    if (resolved.kind === "file") {
      await sendFile(request, response, 200, resolved.file, resolved.size, options);
      return;
    }
  }
  const notFound = path.join(options.realRoot, "404.html");
  const info = await fileStat(notFound);
  if (info?.isFile()) {
    await sendFile(request, response, 404, notFound, info.size, options);
    return;
  }
  sendText(response, 404, "Not found\n");
}
