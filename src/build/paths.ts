import path from "node:path";
import { fileURLToPath } from "node:url";

/** The newsmirror package: where `.eleventy.ts` and `templates/` live. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CONFIG_FILE = ".eleventy.ts";
export const TEMPLATES_DIR = "templates";
