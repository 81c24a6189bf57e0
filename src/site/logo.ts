/**
 * A site's own logo (site.json `logo`: `{ "file": "logo.svg", "alt": "Daily News" }`): a file in the content folder,
 * published as `/assets/site-logo.EXT` in the header of every page instead of gov.cn's.
 *
 * Checked before the build writes anything, each problem naming `logo.file`: the file is there, inside the content
 * folder, and is what its name says (SVG, PNG or WebP, by its bytes). An SVG is opened by readers on its own at its
 * address too, where a script in it would run as the site: one with scripts, event handlers, javascript: links or
 * remote references is refused rather than cleaned, so what is published is the file as the newsroom made it.
 */
import { copyFile, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type { ContentProblem } from "../errors.ts";
import { SYSTEM_ERRORS } from "../errors.ts";
import { isWithin } from "../folders.ts";
import type { SiteSettings } from "../settings/settings.ts";

/** The formats a logo may be in, by file extension. */
const FORMATS = {
  ".svg": "SVG",
  ".png": "PNG",
  ".webp": "WebP",
} as const;
type Extension = keyof typeof FORMATS;

/** Larger than any logo needs: a mistaken photo or export, refused before every page links it. */
const MAX_BYTES = 1024 * 1024;

/** The site path a logo is published at, from its file's name (`/assets/site-logo.svg`). */
export function logoPath(logo: NonNullable<SiteSettings["logo"]>): string {
  return `/assets/site-logo${path.extname(logo.file).toLowerCase()}`;
}

/** What an SVG must not hold to be published as it is. */
const UNSAFE_SVG: readonly [RegExp, string][] = [
  [/<script\b/i, "a <script> element"],
  [/\son[a-z]+\s*=/i, "an event handler attribute (on…=)"],
  [/javascript:/i, "a javascript: link"],
  [/<foreignObject\b/i, "a <foreignObject> element"],
  [/(?:href\s*=\s*["']?|url\(\s*["']?)(?:https?:)?\/\//i, "a reference to another site (pages load nothing remote)"],
];

function formatOf(bytes: Buffer): Extension | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return ".png";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP")
    return ".webp";
  const head = bytes
    .subarray(0, 2048)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (
    /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)
  )
    return ".svg";
  return undefined;
}

/**
 * The problems of a site's logo (none when it has none, or it is fine), each naming `shownSettings` (site.json as
 * shown) and the field `logo.file`.
 */
export async function logoProblems(settings: SiteSettings, contentDir: string, shownSettings: string) {
  const logo = settings.logo;
  if (!logo) return [];
  const problem = (message: string): ContentProblem[] => [{ file: shownSettings, field: "logo.file", message }];
  const extension = path.extname(logo.file).toLowerCase();
  if (!(extension in FORMATS)) return problem(`${JSON.stringify(logo.file)}: a logo is an .svg, .png or .webp file`);
  if (path.isAbsolute(logo.file) || logo.file.split(/[\\/]/).includes(".."))
    return problem(`${JSON.stringify(logo.file)}: give a file in the content folder, relative to site.json`);
  const absolute = path.join(contentDir, logo.file);
  let bytes: Buffer;
  try {
    // A symbolic link may lead out of the content folder: the logo is the site's own file.
    if (!isWithin(await realpath(contentDir), await realpath(absolute)))
      return problem(`${JSON.stringify(logo.file)}: leads out of the content folder; give a file in it`);
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT") return problem(`${JSON.stringify(logo.file)}: no such file beside site.json`);
    if (code === "EISDIR") return problem(`${JSON.stringify(logo.file)}: is a folder, not an image file`);
    const reason = SYSTEM_ERRORS[code];
    if (!reason) throw error;
    return problem(`${JSON.stringify(logo.file)}: cannot be read (${reason.what}); ${reason.todo}`);
  }
  if (bytes.length > MAX_BYTES)
    return problem(
      `${JSON.stringify(logo.file)}: ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a logo must be under 1 MB (export it smaller)`,
    );
  const format = formatOf(bytes);
  if (format !== extension)
    return problem(
      `${JSON.stringify(logo.file)}: is not ${FORMATS[extension as Extension]}${format ? ` (its bytes are ${FORMATS[format]}: rename it to ${format})` : ""}`,
    );
  if (format === ".svg") {
    const text = bytes.toString("utf8");
    const unsafe = UNSAFE_SVG.find(([pattern]) => pattern.test(text));
    if (unsafe)
      return problem(
        `${JSON.stringify(logo.file)}: holds ${unsafe[1]}; a logo is published as it is, so remove it (an SVG opened on its own runs its scripts)`,
      );
  }
  return [];
}

/** Copies a site's logo (checked by logoProblems) to `outputDir`; returns the path written below it. */
export async function publishLogo(settings: SiteSettings, contentDir: string, outputDir: string) {
  if (!settings.logo) return undefined;
  const sitePath = logoPath(settings.logo);
  await copyFile(path.join(contentDir, settings.logo.file), path.join(outputDir, sitePath));
  return sitePath.slice(1);
}
