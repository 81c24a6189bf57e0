/**
 * An incremental build of the spare-copy tests' site (tests/helpers/spare-site.ts), run as its own process and
 * killed (SIGKILL, by itself) just before its Nth change to the disk, so that a test sees what a kill at that very
 * step leaves. `node --import tsx/esm spare-build-child.ts OUTPUT STEP` (STEP 0: not killed; it prints the number of
 * steps prepareSpare took, and of all). The build: published S2, spare S1 (or a spare marked dirty), next S3.
 */
import { createRequire, syncBuiltinESMExports } from "node:module";

const [outputDir, stepText] = process.argv.slice(2);
const killAt = Number(stepText);

// Every call that changes the disk counts as a step; the Nth is not made.
const require = createRequire(import.meta.url);
let steps = 0;
let counting = false;
const changes = ["writeFile", "rename", "rm", "rmdir", "unlink", "mkdir", "copyFile", "cp", "symlink"];
for (const [module, names] of [
  ["node:fs/promises", changes],
  ["node:fs", changes.map((name) => `${name}Sync`)],
] as const) {
  const functions = require(module) as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = functions[name]!;
    functions[name] = (...args: unknown[]) => {
      if (counting && ++steps === killAt) process.kill(process.pid, "SIGKILL");
      return original(...args);
    };
  }
}
syncBuiltinESMExports();

const { lockOutputFolder } = await import("../../src/output/lock.ts");
const { prepareSpare, publishSpare } = await import("../../src/output/spare.ts");
const { S1, S2, S3, markState, writeEntries } = await import("./spare-site.ts");

await lockOutputFolder(outputDir!, { command: "build" });
counting = true;
const prepared = await prepareSpare(outputDir!, { published: S2, spare: S1 }, S3.files);
const preparing = steps;
counting = false; // the pages the build writes: no step of the spare's
await writeEntries(prepared.dir, S3.files, prepared.render);
counting = true;
await markState(prepared.dir, S3.id);
await publishSpare(outputDir!);
counting = false;
process.stdout.write(`${preparing} ${steps}\n`);
