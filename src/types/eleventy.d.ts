// Eleventy 3 ships no type declarations; these cover the programmatic API newsmirror calls.
declare module "@11ty/eleventy" {
  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    runMode?: "build" | "watch" | "serve";
    config?: (eleventyConfig: import("../plugins/eleventy-types.ts").EleventyConfig) => void | Promise<void>;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    init(): Promise<void>;
    write(): Promise<[unknown[], { inputPath?: string; outputPath?: string | false; url?: string }[]]>;
    disableLogger(): void;
  }
}
