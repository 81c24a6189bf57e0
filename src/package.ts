/**
 * Where newsmirror itself is installed: its templates (and `.eleventy.ts`) are read from there, whatever folder the
 * user is in. Its code runs either from its TypeScript sources (through tsx) or compiled (bin/compiled.js:
 * `dist/<fingerprint>/`, the same files as .js); the compiled code reads the compiled templates.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Running compiled (`dist/<fingerprint>/src/package.js`), not from the sources. */
export const COMPILED = import.meta.url.endsWith(".js");
/** The folder the running code lives in: the package folder, or its compiled copy. */
const CODE_ROOT = path.resolve(here, "..");

/** The newsmirror package folder. */
export const PACKAGE_ROOT = COMPILED ? path.resolve(CODE_ROOT, "../..") : CODE_ROOT;
/** The page templates as they are run (Eleventy's input folder). */
export const TEMPLATES_DIR = path.join(CODE_ROOT, "templates");
/** The page templates' sources (what a build's inputs hash, and the dev server watches). */
export const TEMPLATE_SOURCES = path.join(PACKAGE_ROOT, "templates");
/** A template module's file name as it is run: `article` → `article.ts` (sources) or `article.js` (compiled). */
export const templateFile = (stem: string): string => `${stem}${COMPILED ? ".js" : ".ts"}`;

let ownVersion: string | undefined;
/** newsmirror's version, from its package.json (read once). */
export function newsmirrorVersion(): string {
  ownVersion ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string })
    .version;
  return ownVersion;
}
