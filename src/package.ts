/** Where newsmirror itself is installed: its templates (and `.eleventy.ts`) are read from there, whatever folder the user is in. */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The newsmirror package folder. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The page templates (Eleventy's input folder). */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, "templates");
