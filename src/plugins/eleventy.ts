/**
 * Eleventy's configuration API, typed from Eleventy's own JSDoc (the
 * `@11ty/eleventy/UserConfig` export; tsconfig's `maxNodeModuleJsDepth`
 * lets TypeScript read it). Eleventy 3 ships no `.d.ts` files.
 */
export type { default as UserConfig } from "@11ty/eleventy/UserConfig";
