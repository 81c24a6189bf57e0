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

/**
 * The templates a build renders with: newsmirror's own (BUILT_IN_TEMPLATES), or, for a site with template overrides,
 * a folder of bundles made from newsmirror's templates and the site's files (src/templates/overrides.ts).
 */
export interface TemplateSet {
  /** The folder: Eleventy's input folder, and where the article template and the stylesheet are. */
  readonly dir: string;
  /** A template module's file name in `dir`: `article` → `article.ts` or `article.js`. */
  file(stem: string): string;
  /** The site's overrides folder these were made with, when they were (src/templates/overrides.ts). */
  readonly site?: { readonly folder: string; readonly shown: string };
}

/** newsmirror's own templates, as they are run. */
export const BUILT_IN_TEMPLATES: TemplateSet = { dir: TEMPLATES_DIR, file: templateFile };

let ownVersion: string | undefined;
/** newsmirror's version, from its package.json (read once). */
export function newsmirrorVersion(): string {
  ownVersion ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string })
    .version;
  return ownVersion;
}
