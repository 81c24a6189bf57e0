/** Static assets (stylesheet, logo) copied as they are to `/assets/`. */
import path from "node:path";
import { TEMPLATES_DIR } from "../package.ts";
import type { UserConfig } from "./eleventy.ts";

export default function assets(eleventyConfig: UserConfig): void {
  eleventyConfig.addPassthroughCopy({ [path.join(TEMPLATES_DIR, "assets")]: "assets" });
}
