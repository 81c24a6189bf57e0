import { tmpdir } from "node:os";
import path from "node:path";
import { resolveBuildTime } from "../build-time.ts";
import { UsageError } from "../../errors.ts";
import { CONTENT_OPTIONS, stringOption, type Command } from "../command.ts";
import { checkWrittenFolders, contentOptions } from "../folders.ts";

export const serveCommand: Command = {
  name: "serve",
  summary: "preview the site with live reload (drafts included)",
  usage: `newsmirror serve [--input DIR] [--output DIR] [--port N] [--host ADDR] [--base-url URL]
  --input DIR    content folder (default: content)
  --output DIR   where the preview's pages go (default: a new private temporary folder,
                 removed when the server stops); a folder newsmirror built, or a new or empty one
  --port N       port (default: 8080; 0 picks a free one, printed)
  --host ADDR    address to listen on (default: 127.0.0.1, this machine only)
  --base-url URL the address the pages name as the site's (canonical links, feeds), instead of site.json's`,
  // --builder: the server's own builder process (src/serve/dev-builder.ts), not for users.
  options: {
    ...CONTENT_OPTIONS,
    port: { type: "string" },
    output: { type: "string" },
    host: { type: "string" },
    builder: { type: "boolean", default: false },
    "base-url": { type: "string" },
  },
  examples: [
    { line: "newsmirror serve", does: "content/ on http://127.0.0.1:8080/, drafts shown, reloading on save" },
    { line: "newsmirror serve --input articles --port 3000", does: "another folder and port" },
  ],
  async run({ cwd, io, values }) {
    if (values.builder === true) {
      (await import("../../serve/dev-builder.ts")).runBuilder();
      return "running";
    }
    const portText = stringOption(values, "port") ?? "8080";
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port: ${portText} is not a port number`);
    // Checked here, before a server starts that would only show the problem.
    const options = contentOptions(values, cwd, io.env);
    const output = stringOption(values, "output");
    // Without --output the dev folder is a new one in the temporary folder: a cache there (NEWSMIRROR_IMAGE_CACHE=/tmp) would hold it.
    const outputDir = output ? path.resolve(cwd, output) : path.join(tmpdir(), "newsmirror-dev-");
    await checkWrittenFolders(cwd, io.env, {
      contentDir: options.contentDir,
      ...(output !== undefined ? { output } : {}),
      outputDir,
      buildCache: false,
    });
    const { runDevServer } = await import("../../serve/dev-server.ts"); // imported when run: `newsmirror help` stays fast
    await runDevServer({
      cwd,
      contentDir: options.contentDir,
      displayRoot: options.displayRoot,
      imageCacheDir: options.imageCacheDir!,
      host: stringOption(values, "host") ?? "127.0.0.1",
      port,
      ...(output ? { outputDir: path.resolve(cwd, output) } : {}),
      ...(io.env.SOURCE_DATE_EPOCH ? { buildTimeMs: resolveBuildTime(undefined, io.env) } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    });
    return "running";
  },
};
