/**
 * Live reload: open pages keep a WebSocket to the dev server and reload
 * when told. The socket carries one word, `reload`: never a page's HTML, a
 * file path or an error, so a page of another origin that got a socket
 * could learn nothing from it, and it cannot get one: upgrades are
 * accepted only from the server's own origin (src/serve/guard.ts).
 * `ws` is the WebSocket library Eleventy's own dev server uses.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { originAllowed, type ServedAddress } from "./guard.ts";

export const LIVE_SOCKET = "/.newsmirror/live";
export const LIVE_SCRIPT = "/.newsmirror/live.js";

/** The tag the dev server adds to every HTML page it serves (the page's policy admits 'self' scripts in dev builds). */
export const LIVE_SCRIPT_TAG = `<script type="module" src="${LIVE_SCRIPT}"></script>`;

/**
 * The browser side: reload on `reload`; after the socket drops (the server
 * stopped or restarted), try again each second and reload once it is back.
 */
export const LIVE_CLIENT = `// newsmirror dev server: live reload
const url = \`ws://\${location.host}${LIVE_SOCKET}\`;
let dropped = false;
function connect() {
  const socket = new WebSocket(url);
  socket.addEventListener("open", () => { if (dropped) location.reload(); });
  socket.addEventListener("message", (event) => { if (event.data === "reload") location.reload(); });
  socket.addEventListener("close", () => { dropped = true; setTimeout(connect, 1000); });
}
connect();
`;

/** Adds the live-reload script to a page, before `</body>` (or at the end). */
export function withLiveScript(page: string): string {
  const at = page.lastIndexOf("</body>");
  return at < 0 ? page + LIVE_SCRIPT_TAG : `${page.slice(0, at)}${LIVE_SCRIPT_TAG}\n${page.slice(at)}`;
}

export class LiveReload {
  readonly #sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  /** Takes an upgrade request: only for the live socket, only from this server's own origin. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, served: ServedAddress): void {
    const pathname = (request.url ?? "").split("?", 1)[0];
    if (pathname !== LIVE_SOCKET || !originAllowed(request.headers.origin, request.headers.host, served)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    this.#sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      ws.on("error", () => ws.terminate());
      ws.on("message", () => undefined); // the client has nothing to say
    });
  }

  /** Tells every open page to reload. */
  reload(): void {
    for (const client of this.#sockets.clients) client.send("reload");
  }

  get clients(): number {
    return this.#sockets.clients.size;
  }

  close(): void {
    for (const client of this.#sockets.clients) client.terminate();
    this.#sockets.close();
  }
}
