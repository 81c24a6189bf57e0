/**
 * The slice of Eleventy's configuration API newsmirror uses. Eleventy 3 ships
 * no TypeScript types; naming what we call keeps the plugins type-checked.
 */
export interface EleventyConfig {
  addPlugin(plugin: (eleventyConfig: EleventyConfig) => void | Promise<void>): void;
  addGlobalData(name: string, value: unknown): void;
  addWatchTarget(target: string, options?: { resetConfig?: boolean }): void;
  addPassthroughCopy(copy: string | Record<string, string>): void;
  addLinter(name: string, callback: (content: string) => void): void;
  addExtension(extensions: string | string[], options: Record<string, unknown>): void;
  addTemplateFormats(formats: string | string[]): void;
  setServerOptions(options: Record<string, unknown>): void;
  setQuietMode(quiet: boolean): void;
  on(event: string, callback: (...args: any[]) => unknown): void;
  ignores: { add(glob: string): void };
  watchIgnores: { add(glob: string): void };
  dir?: unknown;
}
