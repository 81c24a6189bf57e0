/**
 * Static assets (stylesheet, logo, search script) copied as they are to
 * `/assets/` once Eleventy has written the pages. Not through Eleventy's
 * passthrough copy: started before the pages and awaited only with them, its
 * promise rejected unhandled when a page write failed first (a full disk),
 * which ended the process or the test run that held the build.
 */
import { cp, readdir } from "node:fs/promises";
import path from "node:path";
import type { BuildContext } from "./context.ts";
import { publishLogo } from "../site/logo.ts";
import type { UserConfig } from "./eleventy.ts";

export default function assets(eleventyConfig: UserConfig, context: BuildContext): void {
  // newsmirror's own, or with the site's over them (src/templates/overrides.ts).
  const folder = context.templates.dir;
  const assetsDir = path.join(folder, "assets");
  eleventyConfig.addWatchTarget(assetsDir); // Eleventy's own --watch
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    await cp(assetsDir, path.join(directories.output, "assets"), { recursive: true });
    const { settings } = await context.content();
    const logo = await publishLogo(settings, context.options.contentDir, directories.output);
    // Told to the build, which records them in its manifest as files every build writes.
    context.results.assets = (await readdir(assetsDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .concat(logo ? [logo] : []);
  });
}
