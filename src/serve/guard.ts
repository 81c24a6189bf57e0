/**
 * Who may talk to a local server. Both servers run on a reporter's laptop
 * beside a browser that visits any web page, so they answer only requests
 * that name this machine:
 *
 * - `Host` must be a loopback name (127.0.0.1, localhost, [::1]) with the
 *   server's port. A DNS-rebinding page (evil.example resolving to
 *   127.0.0.1) sends `Host: evil.example` and is refused. A server bound to
 *   another address on purpose (`serve --host 0.0.0.0`) also accepts IP
 *   literals, which no DNS answer can rebind.
 * - A WebSocket upgrade must come from the server's own origin: any page's
 *   script may open a socket to 127.0.0.1, and the browser names its origin.
 */
import { isIP } from "node:net";

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface ServedAddress {
  /** The port the server listens on. */
  port: number;
  /** The address it is bound to (127.0.0.1 by default). */
  host: string;
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Splits a Host header into name and port; undefined when it is not one. */
function splitHost(header: string): { name: string; port?: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), ...(m[2] !== undefined ? { port: Number(m[2]) } : {}) };
}

/** True when a request's Host header names this server on this machine (or by IP, when bound beyond loopback). */
export function hostAllowed(header: string | undefined, served: ServedAddress): boolean {
  if (!header) return false;
  const host = splitHost(header);
  if (!host) return false;
  if ((host.port ?? 80) !== served.port) return false;
  if (LOOPBACK_NAMES.has(host.name)) return true;
  if (isLoopbackHost(served.host)) return false;
  const bare = host.name.replace(/^\[|\]$/g, "");
  return isIP(bare) !== 0;
}

/** True when a WebSocket's Origin is the page's own: http://{the Host it asked for}. */
export function originAllowed(
  origin: string | undefined,
  hostHeader: string | undefined,
  served: ServedAddress,
): boolean {
  if (!origin || !hostHeader || !hostAllowed(hostHeader, served)) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === "http:" && url.host === new URL(`http://${hostHeader.trim()}`).host;
}

/** The text a refused request gets (status 403). */
export const REFUSED_HOST = "newsmirror: this server answers only to 127.0.0.1 and localhost on its own port\n";
