/**
 * From a request to a file of a built site, for both local servers (preview
 * and dev). A request path is decoded once, segment by segment, and checked
 * by segment, never by string prefix: a segment that is `.`, `..`, starts
 * with a dot (`.git`, `.env`, our own marker) or hides a `/`, `\` or NUL
 * behind an escape is refused, and the file found must still be inside the
 * folder once symbolic links are resolved. A site served under a path
 * (`baseUrl: https://example.org/english/`) is served under that path, as
 * its links expect.
 *
 * Which file answers is decided here; how it is sent is `send`'s (the
 * pillarjs module under Express's static server): content types, HEAD,
 * byte ranges, ETag and Last-Modified with their 304s. Only a page the dev
 * server rewrites (its live-reload script and problem overlay) and the
 * site's 404 page are sent by this module itself.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import send from "send";
import { isWithin } from "../folders.ts";

const TEXT = "; charset=utf-8";
const HTML_TYPE = `text/html${TEXT}`;

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

export type Resolved = { kind: "file"; file: string } | { kind: "folder" } | { kind: "missing" };

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
  return { kind: "file", file: real };
}

export interface SendOptions {
  /** Rewrites an HTML page before it is sent (the dev server adds its reload script and problem overlay). */
  html?: (page: string) => string;
}

/** Headers of every answer: a local server shows the latest build, so the browser asks again every time. */
function setOwnHeaders(response: ServerResponse): void {
  response.setHeader("Cache-Control", "no-cache");
  response.setHeader("X-Content-Type-Options", "nosniff");
}

/** Sends a page we hold in memory (a rewritten page, the 404 page) with `status`; HEAD gets the headers only. */
function sendPage(request: IncomingMessage, response: ServerResponse, status: number, page: string): void {
  const body = Buffer.from(page);
  setOwnHeaders(response);
  response.writeHead(status, { "Content-Type": HTML_TYPE, "Content-Length": body.length });
  response.end(request.method === "HEAD" ? undefined : body);
}

/**
 * Sends a file of the site through `send`, which reads it again below the
 * root (never a dotfile, nor a link's target that is one). Resolves with
 * the HTTP status `send` refused with (the file vanished in a rebuild: 404;
 * an unsatisfiable range: 416), after answering it unless it is a 404.
 */
function sendSiteFile(
  request: IncomingMessage,
  response: ServerResponse,
  realRoot: string,
  file: string,
): Promise<number | undefined> {
  const sitePath = `/${path.relative(realRoot, file).split(path.sep).map(encodeURIComponent).join("/")}`;
  return new Promise((resolve) => {
    const stream = send(request, sitePath, {
      root: realRoot,
      index: false,
      extensions: false,
      dotfiles: "ignore",
      cacheControl: false,
    });
    stream.on("error", (error: { status?: number; headers?: Record<string, string> }) => {
      const status = error.status ?? 500;
      if (status !== 404) {
        if (response.headersSent) response.destroy();
        else sendText(response, status, `${STATUS_CODES[status] ?? "Error"}\n`, error.headers);
      }
      resolve(status);
    });
    response.once("close", () => resolve(undefined));
    setOwnHeaders(response);
    stream.pipe(response);
  });
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  // Whatever `send` set for a file it then refused (its type, ETag, length) is not this answer's.
  for (const name of response.getHeaderNames()) response.removeHeader(name);
  response
    .writeHead(status, { "Content-Type": `text/plain${TEXT}`, "X-Content-Type-Options": "nosniff", ...headers })
    .end(text);
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
export async function serveSiteRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: SiteRequestOptions,
): Promise<void> {
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
      if (options.html && isHtml(resolved.file)) {
        sendPage(request, response, 200, options.html(await readFile(resolved.file, "utf8")));
        return;
      }
      if ((await sendSiteFile(request, response, options.realRoot, resolved.file)) !== 404) return;
    }
  }
  const notFound = path.join(options.realRoot, "404.html");
  const page = (await fileStat(notFound))?.isFile()
    ? await readFile(notFound, "utf8").catch(() => undefined)
    : undefined;
  if (page === undefined) {
    sendText(response, 404, "Not found\n");
    return;
  }
  sendPage(request, response, 404, options.html ? options.html(page) : page);
}
