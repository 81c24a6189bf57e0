/**
 * Template overrides, the Hugo way: a site folder (the folder that holds the content folder, as `newsmirror init`
 * lays a site out: `content/` beside `package.json`) may hold `templates/` (or `layouts/`, the same thing) whose
 * files shadow newsmirror's own templates, partials and assets one file at a time, by their path below newsmirror's
 * `templates/` folder: `templates/_components/newsroom.ts` replaces the byline and topic partials of every page that
 * imports them, `templates/article.ts` the article page, `templates/assets/site.css` the stylesheet.
 *
 * With overrides, a build renders with a merged template set: each page template (`article.ts`, every `*.11ty.ts`)
 * bundled by esbuild into one module, where an import that lands in newsmirror's templates folder takes the site's
 * file of the same path when there is one, a site file's own imports resolve as if it sat in newsmirror's folder (a
 * file copied from newsmirror and edited keeps its imports), and newsmirror's code (`../src/…`, or the bare
 * `newsmirror/…`) stays an import of the very modules running, so there is one copy of each. The bundles, the
 * assets merged and a package.json (`"type": "module"`) go into a folder named by a hash of everything they are made
 * from: in the build cache when there is one, else a private temporary folder. Without overrides nothing of this
 * runs: the build uses newsmirror's own templates, as before.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NewsmirrorError, type ContentProblem } from "../errors.ts";
import { isWithin, shownPath } from "../folders.ts";
import { CACHE_TAG, writeCacheTag } from "../output/guard.ts";
import { COMPILED, PACKAGE_ROOT, TEMPLATE_SOURCES, TEMPLATES_DIR, type TemplateSet } from "../package.ts";
import { nearestName } from "../suggest.ts";

/** The folder names a site's overrides may have, beside its content folder. */
export const OVERRIDE_FOLDERS = ["templates", "layouts"] as const;

/** A site's overrides folder and its files. */
export interface SiteOverrides {
  /** Absolute path of the folder (`<site>/templates` or `<site>/layouts`). */
  folder: string;
  /** Its name: `templates` or `layouts` (what build reasons and messages start its files' paths with). */
  name: string;
  /** The folder as messages show it (relative to where the user works). */
  shown: string;
  /** Its files, posix paths below it, sorted (dot-files, editors' backups and READMEs left out). */
  files: string[];
}

/** newsmirror's own template sources, posix paths below TEMPLATE_SOURCES, sorted (read once). */
let builtIn: string[] | undefined;
function builtInFiles(): string[] {
  builtIn ??= filesBelow(TEMPLATE_SOURCES);
  return builtIn;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** A file of the overrides folder that is no template: dot-files, editors' backups, notes for people. */
function leftOut(file: string): boolean {
  const parts = file.split("/");
  const name = parts[parts.length - 1]!;
  return parts.some((part) => part.startsWith(".")) || name.endsWith("~") || /\.(md|txt)$/i.test(name);
}

const realOrSelf = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * The overrides of the site whose content folder is `contentDir`: its `templates/` or `layouts/` folder, when there
 * is one (both: an error naming both). newsmirror's own templates folder is never a site's overrides (the sample
 * site's `content/` sits beside it).
 */
export function findOverrides(contentDir: string, displayRoot: string): SiteOverrides | undefined {
  const site = path.dirname(contentDir);
  const own = realOrSelf(TEMPLATE_SOURCES);
  const found = OVERRIDE_FOLDERS.map((name) => ({ name, folder: path.join(site, name) })).filter(
    ({ folder }) => isFolder(folder) && realOrSelf(folder) !== own,
  );
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    const [a, b] = found.map(({ folder }) => `${shownPath(displayRoot, folder)}/`);
    throw new NewsmirrorError(
      `${a} and ${b}: a site's template overrides are in one folder, templates/ or layouts/ (the same thing under two names); move the files of one into the other`,
    );
  }
  const { name, folder } = found[0]!;
  return { folder, name, shown: shownPath(displayRoot, folder), files: filesBelow(folder).filter((f) => !leftOut(f)) };
}

/** The folders a site's overrides may be in (newsmirror's own templates folder left out), for the dev server to watch. */
export function siteOverrideFolders(contentDir: string): string[] {
  const own = realOrSelf(TEMPLATE_SOURCES);
  return OVERRIDE_FOLDERS.map((name) => path.join(path.dirname(contentDir), name)).filter(
    (folder) => realOrSelf(folder) !== own,
  );
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const hashOf = (data: string | Buffer) => createHash("sha256").update(data).digest("base64url").slice(0, 22);

/**
 * The overrides as build inputs: one per file, named by its path in the site (`templates/_components/newsroom.ts`)
 * after `site:`, so a change is a full build that names the file (src/pipeline/build-inputs.ts).
 */
export function overrideInputs(overrides: SiteOverrides | undefined): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const file of overrides?.files ?? [])
    inputs[`site:${overrides!.name}/${file}`] = hashOf(readFileSync(path.join(overrides!.folder, file)));
  return inputs;
}

/** The page templates a build renders: `article` and every `*.11ty` of newsmirror's templates folder (stems). */
function entryStems(): string[] {
  return builtInFiles()
    .filter((file) => !file.includes("/") && (file === "article.ts" || file.endsWith(".11ty.ts")))
    .map((file) => file.replace(/\.ts$/, ""));
}

/** Where a module of newsmirror's own code (a path in the package's sources) runs from: its compiled copy, or itself. */
function runningModule(source: string): string {
  if (!COMPILED) return pathToFileURL(source).href;
  const codeRoot = path.dirname(TEMPLATES_DIR);
  return pathToFileURL(path.join(codeRoot, path.relative(PACKAGE_ROOT, source)).replace(/\.ts$/, ".js")).href;
}

/**
 * The template set of a build of the site with `overrides`, made (or found made) in `cacheDir`'s `templates/`.
 * `inputs` is the digest of what the bundles are made from, as the build hashed them already: newsmirror's code,
 * templates and dependencies (src/pipeline/build-inputs.ts codeInputs) and the site's files (overrideInputs).
 */
export async function siteTemplates(
  overrides: SiteOverrides,
  cache: { buildCacheDir?: string | undefined; displayRoot: string; inputs: string },
): Promise<{ templates: TemplateSet; warnings: ContentProblem[] }> {
  // And where the running code is: the bundles import its modules by their paths.
  const id = hashOf(`${COMPILED}\0${TEMPLATES_DIR}\0${cache.inputs}`).slice(0, 16);
  const parent = cache.buildCacheDir ? path.join(cache.buildCacheDir, "templates") : privateFolder();
  // Tagged as the build cache before anything is written in it (a build failing here still leaves a cache the next accepts).
  if (cache.buildCacheDir && !existsSync(path.join(cache.buildCacheDir, CACHE_TAG))) {
    mkdirSync(cache.buildCacheDir, { recursive: true });
    await writeCacheTag(cache.buildCacheDir, "build manifests");
  }
  const dir = path.join(parent, id);
  const made = path.join(dir, MADE);
  const shownFile = (file: string) => shownPath(cache.displayRoot, path.join(overrides.folder, file));
  let used: string[];
  if (existsSync(made)) used = JSON.parse(readFileSync(made, "utf8")) as string[];
  else {
    used = await bundle(overrides, dir, cache.displayRoot, shownFile);
    removeOld(parent, id);
  }
  const templates: TemplateSet = {
    dir,
    file: (stem) => `${stem}.js`,
    site: { folder: overrides.folder, shown: overrides.shown },
  };
  return { templates, warnings: shadowingNothing(overrides, new Set(used), shownFile) };
}

/** Written last in a template set's folder: its list of the site's files the bundles use. */
const MADE = ".made.json";
/** Sets of other hashes are removed this long after they were made (a build may still render from one). */
const KEEP_OLD_MS = 60 * 60 * 1000;

let ownTemporary: string | undefined;
/** Without a build cache: a folder of this process's own, removed when it exits. */
function privateFolder(): string {
  if (!ownTemporary) {
    const made = mkdtempSync(path.join(tmpdir(), "newsmirror-templates-"));
    ownTemporary = made;
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
  }
  return ownTemporary;
}

function removeOld(parent: string, current: string): void {
  for (const name of readdirSync(parent)) {
    if (name === current) continue;
    const at = path.join(parent, name);
    try {
      if (Date.now() - statSync(at).mtimeMs > KEEP_OLD_MS) rmSync(at, { recursive: true, force: true });
    } catch {
      // another build removed it first
    }
  }
}

/** Bundles the page templates with the site's files into `dir` (made beside, renamed into place); returns the site's files used. */
async function bundle(
  overrides: SiteOverrides,
  dir: string,
  workDir: string,
  shownFile: (file: string) => string,
): Promise<string[]> {
  const { build } = await import("esbuild");
  const temporary = `${dir}.${process.pid}-${Date.now()}.tmp`;
  const siteFile = new Map(overrides.files.map((file) => [file, path.join(overrides.folder, file)]));
  /** A site file → the path in newsmirror's templates folder it stands for (its imports resolve from there). */
  const standsFor = new Map<string, string>();
  const pick = (source: string): string => {
    const rel = path.relative(TEMPLATE_SOURCES, source).split(path.sep).join("/");
    const site = siteFile.get(rel);
    if (!site) return source;
    standsFor.set(site, source);
    return site;
  };
  const used = new Set<string>();
  try {
    mkdirSync(temporary, { recursive: true });
    const result = await build({
      // Paths in esbuild's messages and metafile are from where the user works, as newsmirror's messages name them.
      absWorkingDir: workDir,
      entryPoints: entryStems().map((stem) => ({ in: pick(path.join(TEMPLATE_SOURCES, `${stem}.ts`)), out: stem })),
      outdir: temporary,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Mapped back to the site's files: a template that throws is named by its file and line (renderError).
      sourcemap: true,
      sourcesContent: false,
      metafile: true,
      logLevel: "silent",
      plugins: [
        {
          name: "site-templates",
          setup(esbuild) {
            esbuild.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === "entry-point") return { path: args.path };
              if (args.path.startsWith("newsmirror/"))
                return {
                  path: runningModule(path.join(PACKAGE_ROOT, args.path.slice("newsmirror/".length))),
                  external: true,
                };
              if (!args.path.startsWith("./") && !args.path.startsWith("../"))
                return { path: args.path, external: true };
              const from = standsFor.get(args.importer) ?? args.importer;
              const target = path.resolve(path.dirname(from), args.path);
              const inTemplates = isWithin(TEMPLATE_SOURCES, target);
              const picked = inTemplates ? pick(target) : target;
              if (picked === target && !existsSync(target))
                return {
                  errors: [
                    {
                      text: `cannot find ${args.path} (imported as if from newsmirror's ${path.relative(PACKAGE_ROOT, from)})`,
                    },
                  ],
                };
              // Outside the templates folder: newsmirror's own code, as it runs (one copy of each module).
              if (!inTemplates) return { path: runningModule(target), external: true };
              return { path: picked };
            });
          },
        },
      ],
    });
    for (const input of Object.keys(result.metafile.inputs)) {
      const file = path.resolve(workDir, input);
      if (isWithin(overrides.folder, file)) used.add(path.relative(overrides.folder, file).split(path.sep).join("/"));
    }
    // The assets: newsmirror's, with the site's over them.
    cpSync(path.join(TEMPLATE_SOURCES, "assets"), path.join(temporary, "assets"), { recursive: true });
    for (const file of overrides.files.filter((f) => f.startsWith("assets/"))) {
      mkdirSync(path.dirname(path.join(temporary, file)), { recursive: true });
      cpSync(path.join(overrides.folder, file), path.join(temporary, file));
    }
    // The bundles are ES modules whatever the site's own package.json says.
    writeFileSync(path.join(temporary, "package.json"), '{ "type": "module" }\n');
    writeFileSync(path.join(temporary, MADE), JSON.stringify([...used].sort()));
    try {
      renameSync(temporary, dir);
    } catch (error) {
      if (!existsSync(path.join(dir, MADE))) throw error; // else another build made the same set first
    }
  } catch (error) {
    throw compileError(error, overrides, workDir, shownFile);
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  return [...used].sort();
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText: string } | null;
}

/** An esbuild failure, said as the site's file and line (or newsmirror's file a site file broke) and the problem. */
function compileError(
  error: unknown,
  overrides: SiteOverrides,
  workDir: string,
  shownFile: (file: string) => string,
): unknown {
  const errors = (error as { errors?: EsbuildMessage[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return error;
  const lines = errors.slice(0, 5).map(({ text, location }) => {
    if (!location) return text;
    const file = path.resolve(workDir, location.file);
    const where = isWithin(overrides.folder, file)
      ? shownFile(path.relative(overrides.folder, file))
      : `newsmirror's ${path.relative(PACKAGE_ROOT, file)}`;
    return `${where}:${location.line}:${location.column + 1}: ${text}`;
  });
  return new NewsmirrorError(`the site's templates (${overrides.shown}/) do not compile: ${lines.join("; ")}`, {
    cause: error,
  });
}

/** The site's files that neither shadow one of newsmirror's nor are imported by a template: warned, with the nearest name. */
function shadowingNothing(
  overrides: SiteOverrides,
  used: ReadonlySet<string>,
  shownFile: (file: string) => string,
): ContentProblem[] {
  const known = builtInFiles();
  const warnings: ContentProblem[] = [];
  for (const file of overrides.files) {
    if (used.has(file) || known.includes(file)) continue;
    const near = nearestName(file, known);
    const suggestion = near ? `; did you mean ${overrides.name}/${near}?` : "";
    if (file.startsWith("assets/")) {
      // A new asset (a picture a template shows) is published as it is; a name near one of newsmirror's is a typo.
      if (near)
        warnings.push({
          file: shownFile(file),
          message: `shadows none of newsmirror's assets (it is published as /${file})${suggestion}`,
          severity: "warning",
        });
      continue;
    }
    warnings.push({
      file: shownFile(file),
      message: `shadows none of newsmirror's templates and no template imports it, so it is not used${suggestion}`,
      severity: "warning",
    });
  }
  return warnings;
}

/**
 * A failure while rendering with a site's templates, said as the site's file and line it was thrown from (the
 * bundles' source maps, read once a site's templates are in use), when it came from one; else, when it came from
 * newsmirror's templates bundled with the site's (a site's partial that returns what newsmirror's page does not take),
 * as newsmirror's file and line, with the site's folder named; else the error as it is.
 */
export function renderError(error: unknown, templates: TemplateSet, displayRoot: string): unknown {
  if (!templates.site) return error;
  const { folder, shown } = templates.site;
  // Eleventy wraps a template's error in its own, the template's as `originalError`.
  const next = (e: Error) => (e as { originalError?: unknown }).originalError ?? e.cause;
  let inOwn: { file: string; line: number; column: number; message: string } | undefined;
  for (let e: unknown = error; e instanceof Error; e = next(e)) {
    for (const frame of (e.stack ?? "").split("\n").slice(1)) {
      const m = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(frame);
      if (!m) continue;
      const at = originalPosition(
        m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!,
        Number(m[2]),
        Number(m[3]),
        templates.dir,
      );
      const { file, line, column } = at;
      if (isWithin(folder, file))
        return new NewsmirrorError(
          `${shownPath(displayRoot, file)}:${line}:${column}: the site's template failed while rendering: ${e.message}`,
          { cause: error },
        );
      if (!inOwn && isWithin(TEMPLATE_SOURCES, file))
        inOwn = { file: path.relative(PACKAGE_ROOT, file), line, column, message: e.message };
    }
  }
  if (!inOwn) return error;
  return new NewsmirrorError(
    `newsmirror's ${inOwn.file}:${inOwn.line}:${inOwn.column}, with the site's templates (${shown}/): a template failed while rendering: ${inOwn.message}; check what the site's files give newsmirror's templates (docs/templates.md)`,
    { cause: error },
  );
}

/** The source maps of the bundles read so far, by bundle file. */
const sourceMaps = new Map<string, SourceMap | undefined>();

/** Where a position in a bundle of `bundles` comes from (its source map, written beside it); any other position as it is. */
function originalPosition(file: string, line: number, column: number, bundles: string) {
  const as = { file, line, column };
  if (!isWithin(bundles, file) || !file.endsWith(".js")) return as;
  if (!sourceMaps.has(file)) {
    try {
      sourceMaps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))));
    } catch {
      sourceMaps.set(file, undefined);
    }
  }
  const entry = sourceMaps.get(file)?.findEntry(line - 1, column - 1) as
    | { originalSource?: string; originalLine?: number; originalColumn?: number }
    | undefined;
  if (entry?.originalSource === undefined || entry.originalLine === undefined) return as;
  const source = entry.originalSource.startsWith("file://")
    ? fileURLToPath(entry.originalSource)
    : path.resolve(path.dirname(file), entry.originalSource);
  return { file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
}
