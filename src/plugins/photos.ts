/**
 * Publishes the photo variants the built articles use: after Eleventy has
 * written the pages, each variant is hard-linked (copied across file
 * systems) from the photo cache into `/photos/` of the output. Links are
 * cheap and the names carry the content hash, so nothing is re-encoded or
 * re-copied, and a deleted article's photos leave with the old output.
 */
import { copyFileSync, linkSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { PublishedFile } from "../images/article-photos.ts";
import { PHOTOS_URL } from "../images/markup.ts";
import type { BuildContext } from "./context.ts";
import type { UserConfig } from "./eleventy.ts";

export async function publishPhotos(files: readonly PublishedFile[], outputDir: string): Promise<void> {
  if (files.length === 0) return;
  const folder = path.join(outputDir, ...PHOTOS_URL.split("/").filter(Boolean));
  await mkdir(folder, { recursive: true });
  // Synchronous on purpose: thousands of link() calls cost less in a loop than as as many promises.
  for (const file of files) {
    const target = path.join(folder, file.name);
    try {
      linkSync(file.source, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue; // same name, same content (the dev server's output persists)
      if (code === "EXDEV" || code === "EPERM" || code === "ENOTSUP") copyFileSync(file.source, target);
      else throw error;
    }
  }
}

export default function photos(eleventyConfig: UserConfig, context: BuildContext): void {
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    // The photos of the articles on the site at the build time: a scheduled article's wait with it.
    const { articles, revisions } = await context.content();
    await publishPhotos(context.loader.photoFilesOf([...articles, ...revisions]), directories.output);
    await context.photoCache.flush();
  });
}
