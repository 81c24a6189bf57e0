/**
 * Writes the sample content's photos (small files, committed):
 *   npx tsx bench/make-sample-photos.ts
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drawPhoto } from "./photo-art.ts";

const content = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../content");

const photos = [
  { file: "culture/tea-horse-road.jpg", art: { width: 1280, height: 800, seed: 0.08 } },
  {
    file: "policies/latestreleases/archive-hills.png",
    art: { width: 720, height: 405, seed: 0.55, transparent: true },
  },
];

for (const { file, art } of photos) {
  const bytes = await drawPhoto(art);
  await writeFile(path.join(content, file), bytes);
  process.stdout.write(`${file}: ${art.width}×${art.height}, ${bytes.length} bytes\n`);
}
