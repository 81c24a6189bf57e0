/**
 * Builds the sample site once into a temp folder and serves it with
 * `newsmirror preview` (the project's own static server, as a user runs it)
 * for every e2e test file; stops the server afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { BIN, spawnCli, tempDir } from "../helpers/site.ts";
import { E2E_PORT } from "./site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteDir: string;
    baseUrl: string;
  }
}

let server: ChildProcess | undefined;
let builtDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const siteDir = tempDir("newsmirror-e2e-site-");
  const built = spawnCli(["build", "--output", siteDir]);
  if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
  const child = spawn(process.execPath, [BIN, "preview", "--output", siteDir, "--port", String(E2E_PORT)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(text)?.[0];
      if (url) resolve(url);
    });
    child.on("exit", (code) => reject(new Error(`newsmirror preview exited with ${code}: ${stderr}`)));
  });
  project.provide("siteDir", siteDir);
  project.provide("baseUrl", baseUrl);
  builtDir = siteDir;
}

export async function teardown(): Promise<void> {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
}
