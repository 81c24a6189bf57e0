/**
 * The folders and files a command reads, as the user named them: checked
 * before the command touches anything, and any problem a UsageError (exit
 * 2) naming the flag and the path as typed, with what to do.
 */
import { closeSync, openSync, opendirSync, statSync } from "node:fs";
import path from "node:path";
import { checkCacheFolder, checkOutputFolder, DEFAULT_BUILD_CACHE, DEFAULT_IMAGE_CACHE } from "../output/guard.ts";
import { PACKAGE_ROOT } from "../package.ts";
import { SYSTEM_ERRORS, UsageError } from "../errors.ts";
import type { BuildOptions } from "../plugins/context.ts";
import { parseBaseUrl } from "../settings/settings.ts";
import { stringOption, type CommandContext, type CommandIo } from "./command.ts";

/** A folder named by a flag (or its default): what it is for, in the words of a message. */
export interface FolderFlag {
  /** `input`: the flag without its dashes. */
  flag: string;
  /** Used when the flag is not given. */
  fallback: string;
  /** What to do instead, e.g. "give the folder that holds the articles and site.json". */
  todo: string;
  /** What to do when the default folder is missing, e.g. "build the site first (newsmirror build), or give --output DIR". */
  missingDefault?: string;
}

export const CONTENT_FOLDER: FolderFlag = {
  flag: "input",
  fallback: "content",
  todo: "give the folder that holds the articles and site.json",
  missingDefault: "run newsmirror in the project folder, or give --input DIR",
};

/** A built site to read (`preview`, `check`). */
export const SITE_FOLDER: FolderFlag = {
  flag: "output",
  fallback: "_site",
  todo: "give the folder a build wrote (newsmirror build --output DIR)",
  missingDefault: "build the site first (newsmirror build), or give --output DIR",
};

/** What is wrong with a path to read, and what to do when the path itself is not the fault. */
export interface PathProblem {
  code: string;
  what: string;
  todo?: string;
}

function systemProblem(error: unknown, missing: string): PathProblem {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ENOENT") return { code, what: missing };
  if (code === "ENOTDIR") return { code, what: "no such folder (a part of the path is a file)" };
  const reason = SYSTEM_ERRORS[code];
  if (!reason) throw error;
  return { code, what: `cannot be read (${reason.what})`, todo: reason.todo };
}

function isFile(absolute: string): boolean {
  try {
    return statSync(absolute).isFile();
  } catch {
    return false;
  }
}

/** What is wrong with `absolute` as a folder to read, or undefined when it is one that can be read. */
export function folderProblem(absolute: string): PathProblem | undefined {
  try {
    // Opening reads no entries (a folder of 100,000 articles costs nothing more), but fails as listing it would.
    opendirSync(absolute).closeSync();
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR" && isFile(absolute))
      return { code: "ENOTDIR", what: "is a file, not a folder" };
    return systemProblem(error, "no such folder");
  }
}

/** What is wrong with `absolute` as a file or folder to read, or undefined when it is one that can be read. */
export function fileOrFolderProblem(absolute: string): PathProblem | undefined {
  try {
    const info = statSync(absolute);
    if (info.isDirectory()) return folderProblem(absolute);
    // Opening a named pipe would wait for a writer: only plain files are opened.
    if (!info.isFile()) return { code: "EINVAL", what: "is not a file or a folder" };
    closeSync(openSync(absolute, "r"));
    return undefined;
  } catch (error) {
    return systemProblem(error, "no such file or folder");
  }
}

/**
 * The absolute path of a folder a command reads, named by `--FLAG` or its
 * default, once it is known to be a folder that can be read. Anything else is
 * a UsageError (exit 2) naming the flag and the path as typed, before the
 * command touches anything.
 */
export function existingFolder(values: CommandContext["values"], cwd: string, rule: FolderFlag): string {
  const given = stringOption(values, rule.flag);
  if (given === "") throw new UsageError(`--${rule.flag}: needs a folder, e.g. --${rule.flag} ${rule.fallback}`);
  const absolute = path.resolve(cwd, given ?? rule.fallback);
  const problem = folderProblem(absolute);
  if (!problem) return absolute;
  const named = given === undefined ? `${rule.fallback} (the default for --${rule.flag})` : `--${rule.flag} ${given}`;
  const todo =
    problem.todo ??
    (given === undefined && problem.code === "ENOENT" && rule.missingDefault ? rule.missingDefault : rule.todo);
  throw new UsageError(`${named}: ${problem.what}; ${todo}`);
}

/** The content folder a command reads (`--input`, default `content`): it must be a folder that can be read. */
export function contentFolder(values: CommandContext["values"], cwd: string): string {
  return existingFolder(values, cwd, CONTENT_FOLDER);
}

/** A cache folder: its flag, its environment variable, its default. */
interface CacheFlag {
  flag: "image-cache" | "build-cache";
  env: "NEWSMIRROR_IMAGE_CACHE" | "NEWSMIRROR_BUILD_CACHE";
  fallback: string;
  /** How the default is named in messages. */
  label: string;
}

const IMAGE_CACHE: CacheFlag = {
  flag: "image-cache",
  env: "NEWSMIRROR_IMAGE_CACHE",
  fallback: DEFAULT_IMAGE_CACHE,
  label: "the image cache",
};
const BUILD_CACHE: CacheFlag = {
  flag: "build-cache",
  env: "NEWSMIRROR_BUILD_CACHE",
  fallback: DEFAULT_BUILD_CACHE,
  label: "the build cache",
};

/** A cache as the user chose it (`--FLAG`, else its environment variable, else the default), and who chose it. */
function cacheChoice(cache: CacheFlag, given: string | undefined, env: CommandIo["env"]) {
  if (given !== undefined) return { folder: given, by: `--${cache.flag}` };
  const fromEnv = env[cache.env] || undefined;
  return fromEnv ? { folder: fromEnv, by: cache.env } : { folder: cache.fallback, by: undefined };
}

/** The photo cache folder, absolute (see cacheChoice). */
export function imageCacheFolder(values: CommandContext["values"], cwd: string, env: CommandIo["env"]): string {
  return path.resolve(cwd, cacheChoice(IMAGE_CACHE, stringOption(values, "image-cache"), env).folder);
}

/** The build cache folder, absolute (see cacheChoice). */
export function buildCacheFolder(values: CommandContext["values"], cwd: string, env: CommandIo["env"]): string {
  return path.resolve(cwd, cacheChoice(BUILD_CACHE, stringOption(values, "build-cache"), env).folder);
}

/** What every command that reads content is given: the folder, where paths are shown from (the user's folder), the photo cache. */
export function contentOptions(values: CommandContext["values"], cwd: string, env: CommandIo["env"]): BuildOptions {
  const baseUrl = baseUrlOption(values);
  return {
    contentDir: contentFolder(values, cwd),
    displayRoot: cwd,
    includeDrafts: false,
    imageCacheDir: imageCacheFolder(values, cwd, env),
    ...(baseUrl ? { baseUrl } : {}),
  };
}

/** `--base-url URL`, checked as site.json's `baseUrl` is (a trailing slash added). */
export function baseUrlOption(values: CommandContext["values"]): string | undefined {
  const given = values["base-url"];
  if (typeof given !== "string") return undefined;
  const parsed = parseBaseUrl(given);
  if ("problem" in parsed) throw new UsageError(`--base-url: ${JSON.stringify(given)} ${parsed.problem}`);
  return parsed.baseUrl;
}

/**
 * The folders a build writes, checked as typed before anything starts (the
 * build checks again once it holds the output's lock): the output folder,
 * when one is given, the photo cache (`--image-cache`, else
 * NEWSMIRROR_IMAGE_CACHE, else the default) and, for a build, the build
 * cache (`--build-cache`, NEWSMIRROR_BUILD_CACHE), named as the user set them.
 */
export async function checkWrittenFolders(
  cwd: string,
  env: CommandIo["env"],
  folders: { contentDir: string; output?: string; outputDir: string; imageCache?: string; buildCache?: string | false },
): Promise<void> {
  const context = { cwd, contentDir: folders.contentDir, packageRoot: PACKAGE_ROOT };
  if (folders.output !== undefined) await checkOutputFolder("--output", folders.output, context);
  const caches: [CacheFlag, string | undefined][] = [[IMAGE_CACHE, folders.imageCache]];
  if (folders.buildCache !== false) caches.push([BUILD_CACHE, folders.buildCache]);
  for (const [cache, given] of caches) {
    const { folder: shown, by: flag } = cacheChoice(cache, given, env);
    await checkCacheFolder(
      flag ?? `--${cache.flag}`,
      shown,
      { ...context, outputDir: folders.outputDir },
      {
        ...(flag ? {} : { label: cache.label }),
        builds: cache === BUILD_CACHE,
      },
    );
  }
}
