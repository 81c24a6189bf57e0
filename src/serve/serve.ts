/**
 * The dev server: Eleventy's watcher and live-reloading server, bound to
 * loopback, writing to its own folder so drafts never reach `_site`.
 */
import Eleventy from "@11ty/eleventy";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import path from "node:path";
import { writeBuildOptions, type BuildOptions } from "../build/options.ts";
import { CONFIG_FILE, PACKAGE_ROOT, TEMPLATES_DIR } from "../build/paths.ts";
import type { EleventyConfig } from "../plugins/eleventy-types.ts";

export interface ServeRequest extends BuildOptions {
  port: number;
  host: string;
}

/** Where the dev server's pages go; never the production output. */
export const DEV_OUTPUT = ".newsmirror/dev-site";

/**
 * Eleventy's dev server listens on every interface and has no option to
 * choose one; a preview of unpublished news must not be reachable from the
 * network, so its listen step is pointed at the requested host.
 */
function bindTo(host: string): void {
  const proto = (EleventyDevServer as unknown as { prototype: Record<string, unknown> }).prototype;
  proto._serverListen = function (this: { server: import("node:http").Server }, port: number) {
    this.server.listen({ port, host });
  };
}

export async function serve(request: ServeRequest): Promise<void> {
  bindTo(request.host);
  process.chdir(PACKAGE_ROOT);
  writeBuildOptions(request);
  const output = path.join(PACKAGE_ROOT, DEV_OUTPUT);
  const shownHost = request.host.includes(":") ? `[${request.host}]` : request.host;
  const eleventy = new Eleventy(TEMPLATES_DIR, output, {
    configPath: CONFIG_FILE,
    quietMode: true,
    runMode: "serve",
    config(eleventyConfig: EleventyConfig) {
      eleventyConfig.setServerOptions({
        port: request.port,
        showVersion: false,
        messageOnStart: ({ options }: { options: { port: number } }) =>
          `newsmirror: serving http://${shownHost}:${options.port ?? request.port}/ (drafts included; Ctrl+C to stop)`,
      });
    },
  });
  await eleventy.watch();
  await eleventy.serve(request.port);
}
