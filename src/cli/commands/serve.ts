import path from "node:path";
import { readBuildOptions } from "../../build/options.ts";
import { UsageError } from "../../errors.ts";
import { CONTENT_OPTIONS, contentFolder, stringOption, type Command } from "../command.ts";

export const serveCommand: Command = {
  name: "serve",
  summary: "preview the site with live reload (drafts included)",
  usage: `newsmirror serve [--input DIR] [--output DIR] [--port N] [--host ADDR]
  --input DIR    content folder (default: content)
  --output DIR   where the preview's pages go (default: .newsmirror/dev-site)
  --port N       port (default: 8080)
  --host ADDR    address to listen on (default: 127.0.0.1, this machine only)`,
  options: { ...CONTENT_OPTIONS, port: { type: "string" }, output: { type: "string" }, host: { type: "string" }, worker: { type: "boolean", default: false } },
  async run({ cwd, values, argv }) {
    const portText = stringOption(values, "port") ?? "8080";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: ${portText} is not a port number`);
    // Checked here, before the supervisor starts a server process that would only fail.
    const contentDir = contentFolder(values, cwd);
    const { serve, superviseServe } = await import("../../serve/serve.ts"); // imported when run: `newsmirror help` stays fast
    if (values.worker !== true) {
      superviseServe(["serve", ...argv]);
      return "running";
    }
    const options = readBuildOptions({ NEWSMIRROR_CONTENT: contentDir }, cwd);
    const output = stringOption(values, "output");
    await serve({ ...options, includeDrafts: true, port, host: stringOption(values, "host") ?? "127.0.0.1", outputDir: output && path.resolve(cwd, output) });
    return "running";
  },
};
