#!/usr/bin/env node
// The newsmirror command. Registers tsx so the TypeScript sources (and the
// TypeScript Eleventy config and templates) load without a compile step.
import { register } from "tsx/esm/api";

// Modules imported after register() each make a round trip to tsx's hooks
// thread; Eleventy is hundreds of plain JavaScript modules, and importing it
// first took about a second off every build's start-up (issue 8).
const command = process.argv[2];
// The dev server's builder builds; the server itself only serves (src/serve/dev-server.ts).
if (command === "build" || (command === "serve" && process.argv.includes("--builder"))) await import("@11ty/eleventy");

register();
await import("../src/cli/main.ts");
