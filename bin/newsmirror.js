#!/usr/bin/env node
// The newsmirror command. Registers tsx so the TypeScript sources (and the
// TypeScript Eleventy config and templates) load without a compile step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
