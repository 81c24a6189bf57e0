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

// Through tsx, modules imported after register() each make a round trip to tsx's hooks thread; Eleventy is hundreds
// of plain JavaScript modules, and importing it first took about a second off every build's start-up (issue 8).
if (command === "build" || builder) await import("@11ty/eleventy");

if (compiled) await import(compiled);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(`../${ENTRY}`);
}
