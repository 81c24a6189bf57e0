#!/usr/bin/env node
// The newsmirror command. The dev server runs newsmirror's TypeScript sources
// through tsx (it re-imports a page template when it is saved); every other
// command runs them compiled to JavaScript (bin/compiled.js), or through tsx
// when they cannot be compiled.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledModule } from "./compiled.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "src/cli/main.ts";
const command = process.argv[2];
// The dev server's builder builds; the server itself only serves (src/serve/dev-server.ts).
const builder = command === "serve" && process.argv.includes("--builder");
const compiled = command === "serve" ? undefined : await compiledModule(ROOT, ENTRY);

if (compiled) {
  // Eleventy's resolve hook (on import, through a hooks thread in Node 20) re-imports templates edited under
  // `eleventy --watch`; a command that runs once needs none, and every module imported after it would make a round
  // trip to that thread (Eleventy's documented switch: 11ty/eleventy#3371).
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "true";
  await import(compiled);
} else {
  // Through tsx, modules imported after register() each make a round trip to tsx's hooks thread; Eleventy is hundreds
  // of plain JavaScript modules, and importing it first took about a second off every build's start-up (issue 8).
  if (command === "build" || builder) await import("@11ty/eleventy");
  const { register } = await import("tsx/esm/api");
  register();
  await import(`../${ENTRY}`);
}
