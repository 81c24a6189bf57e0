/**
 * newsmirror's TypeScript, compiled to JavaScript for the commands that run
 * once and exit (build, check, import, new, preview, help).
 *
 * Through tsx every module newsmirror imports makes a round trip to tsx's
 * hooks thread and is transformed there: about 0.4 s of every build's
 * start (0.9 s to the build's first line of work at 20,000 articles, 0.5 s
 * compiled). So the sources (src/, templates/, .eleventy.ts) are compiled
 * by esbuild, one output file per source file (the module graph, and the
 * templates Eleventy and the page writers import from a folder, stay as
 * they are), into `dist/<fingerprint>/`, where the fingerprint is a hash of
 * every source file's path and bytes. A source changed is a new
 * fingerprint: compiled again (about 0.2 s) on the next command, so the
 * compiled copy is never older than the sources. A folder once complete is
 * never changed, so a command running from it is not disturbed by another
 * that compiles.
 *
 * The dev server (`serve`) keeps running the sources through tsx: it
 * re-imports a page template when it is saved. Where the compiled copy cannot
 * be made (a read-only install, a source esbuild cannot compile), the command
 * runs the sources through tsx too, and tsx reports any error in them.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/** The sources compiled, relative to the package folder. */
const SOURCES = ["src", "templates", ".eleventy.ts"];
/** Written last in a compiled folder: the folder is complete. */
const COMPLETE = ".complete";
/** Compiled folders of other fingerprints are removed this long after they were made (a command may still run from one). */
const KEEP_OLD_MS = 60 * 60 * 1000;

/** The source files, posix paths relative to `root`, sorted. */
function sourceFiles(root) {
  const files = [];
  for (const source of SOURCES) {
    const at = path.join(root, source);
    if (statSync(at).isFile()) files.push(source);
    else
      for (const entry of readdirSync(at, { recursive: true, withFileTypes: true }))
        if (entry.isFile())
          files.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
  }
  return files.sort();
}

/** A hash of every source file's path and bytes (about 5 ms for newsmirror's 130 files). */
export function sourceFingerprint(root) {
  const hash = createHash("sha256");
  for (const file of sourceFiles(root))
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  return hash.digest("base64url").slice(0, 16);
}

/**
 * The compiled entry module `entry` (a source path such as `src/cli/main.ts`) of the package at `root`, compiled
 * first when the sources changed; undefined when it cannot be compiled (the caller runs the sources through tsx).
 */
export async function compiledModule(root, entry) {
  try {
    const dir = path.join(root, "dist", sourceFingerprint(root));
    if (!existsSync(path.join(dir, COMPLETE))) await compile(root, dir);
    return path.join(dir, entry.replace(/\.ts$/, ".js"));
  } catch {
    return undefined;
  }
}

/** Compiles the sources into `dir` (made in a folder of its own, renamed into place when complete). */
async function compile(root, dir) {
  const { build } = await import("esbuild");
  const temporary = `${dir}.${process.pid}-${Date.now()}.tmp`;
  try {
    const files = sourceFiles(root);
    await build({
      absWorkingDir: root,
      entryPoints: files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")),
      outdir: temporary,
      outbase: root,
      // Each file on its own: every import stays an import, a relative one of `.ts` now of the compiled `.js`.
      bundle: true,
      plugins: [
        {
          name: "each-file-on-its-own",
          setup(esbuild) {
            esbuild.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === "entry-point") return undefined;
              const relative = args.path.startsWith("./") || args.path.startsWith("../");
              return { path: relative ? args.path.replace(/\.ts$/, ".js") : args.path, external: true };
            });
          },
        },
      ],
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
    });
    // Everything else below templates/ (the stylesheet, the logo, the search script) as it is.
    for (const file of files.filter((f) => !f.endsWith(".ts"))) {
      mkdirSync(path.dirname(path.join(temporary, file)), { recursive: true });
      cpSync(path.join(root, file), path.join(temporary, file));
    }
    writeFileSync(path.join(temporary, COMPLETE), "");
    try {
      renameSync(temporary, dir);
    } catch (error) {
      if (!existsSync(path.join(dir, COMPLETE))) throw error; // else another command compiled the same sources first
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  removeOld(path.dirname(dir), path.basename(dir));
}

/** Other fingerprints' folders made more than KEEP_OLD_MS ago, and unfinished ones of as long ago. */
function removeOld(dist, current) {
  for (const name of readdirSync(dist)) {
    if (name === current) continue;
    const at = path.join(dist, name);
    const made = statSync(at).mtimeMs;
    if (Date.now() - made > KEEP_OLD_MS) rmSync(at, { recursive: true, force: true });
  }
}
