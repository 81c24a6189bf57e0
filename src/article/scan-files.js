/**
 * The article files below a content folder, as the loader finds them (src/article/load.ts listArticleFiles), and
 * each one's size, modification time and inode: what tells the loader whether a file changed since the last build.
 *
 * A build runs it in a worker thread (src/article/scan.ts), started by the build command before the build's own
 * modules are imported: at 20,000 articles the folder's listing and 20,000 stat calls took 0.25-0.35 s of the build's
 * own thread, and now happen on the other core while that thread imports the build.
 *
 * Plain JavaScript, so a worker thread loads it as it is, whether newsmirror runs from its TypeScript sources or
 * compiled (bin/compiled.js copies it).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

/**
 * `folder/`, normalised as path.join writes the paths of the files below it.
 * @param {string} folder
 */
export function folderPrefix(folder) {
  const normal = path.join(folder, ".");
  return normal.endsWith(path.sep) ? normal : normal + path.sep;
}

/**
 * Markdown files (`*.md`, any case) below the folder, and symbolic links (which the loader looks at on its own),
 * skipping dot- and underscore-folders and files, and README.md files; each list sorted.
 * @param {string} contentDir
 * @returns {{ files: string[]; links: string[] }}
 */
export function listCandidates(contentDir) {
  const entries = readdirSync(contentDir, { recursive: true, withFileTypes: true });
  /** @type {string[]} */
  const files = [];
  /** @type {string[]} */
  const links = [];
  const root = folderPrefix(contentDir);
  for (const entry of entries) {
    const markdown = entry.name.toLowerCase().endsWith(".md");
    if (!(entry.isFile() && markdown) && !entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Sliced, not path.relative (which resolves both paths: a fifth of a warm load at 20,000 files).
    const rel = file.startsWith(root) ? file.slice(root.length) : path.relative(contentDir, file);
    if (rel.split(path.sep).some((part) => part.startsWith(".") || part.startsWith("_"))) continue;
    if (entry.name.toLowerCase() === "readme.md") continue;
    (entry.isFile() ? files : links).push(file);
  }
  return { files: files.sort(), links: links.sort() };
}

/**
 * The candidates, and each file's size, modification time (ms) and inode, three numbers a file in `stats`; a file
 * gone meanwhile has NaN (the loader looks at it again).
 * @param {string} contentDir
 * @returns {{ contentDir: string; files: string[]; links: string[]; stats: Float64Array }}
 */
export function scanContent(contentDir) {
  const { files, links } = listCandidates(contentDir);
  const stats = new Float64Array(files.length * 3);
  for (const [i, file] of files.entries()) {
    const info = statSync(file, { throwIfNoEntry: false });
    stats[i * 3] = info ? info.size : Number.NaN;
    stats[i * 3 + 1] = info ? info.mtimeMs : Number.NaN;
    stats[i * 3 + 2] = info ? info.ino : Number.NaN;
  }
  return { contentDir, files, links, stats };
}

// In a worker thread started by src/article/scan.ts: scan, send the result (or the error's message), end.
if (!isMainThread && workerData?.scanContent && parentPort) {
  try {
    const scan = scanContent(workerData.scanContent);
    parentPort.postMessage({ scan }, [scan.stats.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}
