/**
 * Where a photo reference points. Paths are relative to the article file
 * (`photo.jpg`, `../_photos/photo.jpg`) or, with a leading `/`, to the
 * content folder; either way they must stay inside the content folder,
 * symbolic links included. Remote URLs are not fetched at build time: they
 * are an error unless the site opts in to linking them as they are.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { remoteImageSource } from "../security/csp.ts";

export type RemotePolicy = "error" | "link";

export type Resolved =
  | { kind: "file"; path: string }
  | { kind: "remote"; url: string }
  | { kind: "problem"; message: string /** The missing file, to notice when it appears. */; missing?: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

const realContentDirs = new Map<string, Promise<string>>();

function realContentDir(contentDir: string): Promise<string> {
  let real = realContentDirs.get(contentDir);
  if (!real) realContentDirs.set(contentDir, (real = realpath(contentDir)));
  return real;
}

function inside(folder: string, candidate: string): boolean {
  const rel = path.relative(folder, candidate);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The host part of a URL, as written as far as it can be read. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0] ?? url;
  }
}

/** Resolves `src` as written in `articleFile` (absolute) against `contentDir` (absolute). */
export async function resolvePhoto(
  src: string,
  articleFile: string,
  contentDir: string,
  remote: RemotePolicy,
  displayRoot = process.cwd(),
): Promise<Resolved> {
  if (/^https?:\/\//i.test(src) || src.startsWith("//")) {
    if (remote === "link") {
      const url = src.startsWith("//") ? `https:${src}` : src;
      if (remoteImageSource(url)) return { kind: "remote", url };
      return {
        kind: "problem",
        message: `is on a host pages cannot allow photos from (${JSON.stringify(hostOf(url))}): a host name has only letters, digits, hyphens and dots; check the address`,
      };
    }
    return {
      kind: "problem",
      message:
        'is a remote URL; photos are not fetched at build time: save the file beside the article (or set images.remote to "link" in site.json to link it as it is)',
    };
  }
  if (SCHEME.test(src)) return { kind: "problem", message: "is not a file path; give a path relative to the article" };
  if (src.includes("\0")) return { kind: "problem", message: "is not a file path" };
  const target = src.startsWith("/") ? path.join(contentDir, src) : path.resolve(path.dirname(articleFile), src);
  if (!inside(contentDir, target))
    return { kind: "problem", message: "points outside the content folder; keep photos below it" };
  let real: string;
  try {
    real = await realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      return {
        kind: "problem",
        message: `does not exist (looked for ${path.relative(displayRoot, target) || target}${src.startsWith("/") ? "; a leading / means the content folder" : ""})`,
        missing: target,
      };
    return { kind: "problem", message: `cannot be read (${code ?? String(error)})` };
  }
  // A link inside the folder may still lead out of it.
  if (!inside(await realContentDir(contentDir), real))
    return {
      kind: "problem",
      message: "points outside the content folder (through a symbolic link); keep photos below it",
    };
  return { kind: "file", path: real };
}
