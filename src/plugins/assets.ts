/** Static assets (stylesheet, logo) copied as they are to `/assets/`. */
import type { EleventyConfig } from "./eleventy-types.ts";

export default function assets(options: { from: string }) {
  return (eleventyConfig: EleventyConfig): void => {
    eleventyConfig.addPassthroughCopy({ [options.from]: "assets" });
  };
}
