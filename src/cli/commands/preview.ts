import path from "node:path";
import { NewsmirrorError, UsageError } from "../../errors.ts";
import { readSiteMarker } from "../../output/guard.ts";
import { PREVIEW_HOST } from "../../serve/host.ts";
import { stringOption, type Command } from "../command.ts";
import { shown } from "../../characters.ts";
import { existingFolder, SITE_FOLDER } from "../folders.ts";

export const DEFAULT_PREVIEW_PORT = 8081;

export const previewCommand: Command = {
  name: "preview",
  summary: "serve a built site as a static host would (no rebuilds, no drafts)",
  usage: `newsmirror preview [--output DIR] [--port N]
  --output DIR   the built site to serve (default: _site), under the path of its base URL
  --port N       port (default: ${DEFAULT_PREVIEW_PORT}; 0 picks a free one, printed); served on ${PREVIEW_HOST} only, this machine`,
  options: { output: { type: "string" }, port: { type: "string" } },
  examples: [
    { line: "newsmirror preview", does: "serve _site/ on http://127.0.0.1:8081/" },
    { line: "newsmirror preview --output public --port 0", does: "another folder, on a free port" },
  ],
  async run({ cwd, io, values }) {
    const portText = stringOption(values, "port") ?? String(DEFAULT_PREVIEW_PORT);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port: ${portText} is not a port number`);
    const root = existingFolder(values, cwd, SITE_FOLDER);
    // A site built for https://example.org/english/ links to /english/…: it is served there (its marker says where).
    const basePath = (await readSiteMarker(root))?.basePath ?? "/";
    let server;
    try {
      const { startStaticServer } = await import("../../serve/static.ts"); // (send and its MIME table: only to serve)
      server = await startStaticServer({ root, port, basePath });
    } catch (error) {
      if (error instanceof NewsmirrorError && !error.message.startsWith("--port")) {
        throw new NewsmirrorError(`--output: ${error.message}`, { cause: error });
      }
      throw error;
    }
    io.stdout.write(
      `newsmirror: serving ${shown(path.relative(cwd, root) || ".")} at ${server.url} (Ctrl+C to stop)\n`,
    );
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void server.close().then(() => process.exit(0)));
    }
    return "running";
  },
};
