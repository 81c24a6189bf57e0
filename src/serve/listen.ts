/**
 * The listening step both local servers share: loopback by default, a Host
 * check before any handler runs (src/serve/guard.ts), a handler whose
 * failure never takes the server down, and a taken or forbidden port as
 * the user's to change (exit 2, naming it), never a quiet move elsewhere.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { UsageError } from "../errors.ts";
import { hostAllowed, REFUSED_HOST, type ServedAddress } from "./guard.ts";
import { sendText } from "./site-files.ts";

export interface LocalServerOptions {
  host: string;
  /** 0 picks a free port; the one taken is in the result. */
  port: number;
  /** Answers a request whose Host passed the check. */
  handle(request: IncomingMessage, response: ServerResponse, served: ServedAddress): Promise<void>;
  /** A WebSocket upgrade whose Host passed the check (the dev server's live reload). */
  upgrade?(request: IncomingMessage, socket: Duplex, head: Buffer, served: ServedAddress): void;
}

export interface LocalServer {
  /** `http://127.0.0.1:PORT` (no path, no trailing slash). */
  origin: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** `http://127.0.0.1:8080`, `http://[::1]:8080` */
function originOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Listens on host:port; a taken or forbidden port is the user's to change (exit 2), named. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const served: ServedAddress = { host: options.host, port: options.port };
  const server: Server = createServer((request, response) => {
    if (!hostAllowed(request.headers.host, served)) {
      sendText(response, 403, REFUSED_HOST);
      return;
    }
    // Whatever a request holds, it never takes the server down.
    options.handle(request, response, served).catch(() => {
      if (!response.headersSent) sendText(response, 500, "Internal error\n");
      else response.destroy();
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    if (!options.upgrade || !hostAllowed(request.headers.host, served)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    options.upgrade(request, socket, head, served);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${options.port} on ${options.host}`;
      if (error.code === "EADDRINUSE")
        reject(
          new UsageError(`--port: ${where} is in use (another server?); choose another with --port N`, {
            cause: error,
          }),
        );
      else if (error.code === "EACCES")
        reject(
          new UsageError(`--port: ${where} needs privileges; choose one above 1023 with --port N`, { cause: error }),
        );
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
        reject(new UsageError(`--host: ${options.host} is not an address of this machine`, { cause: error }));
      else reject(error);
    });
    server.listen({ port: options.port, host: options.host }, resolve);
  });
  const address = server.address();
  served.port = typeof address === "object" && address ? address.port : options.port;
  return {
    origin: originOf(options.host, served.port),
    port: served.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
