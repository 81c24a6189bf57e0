/**
 * Templates are TypeScript modules (`*.11ty.ts`) rendered as Eleventy's
 * JavaScript templates: markup in tagged template literals that escape by
 * default (src/html.ts), type-checked against Article and SiteSettings.
 * Measured faster than Nunjucks layouts at 4,000 pages (issue 8 hints).
 * Loading `.ts` needs tsx in the process, which bin/newsmirror.js provides;
 * compiled (bin/compiled.js), the templates are Eleventy's own `*.11ty.js`.
 */
import { COMPILED } from "../package.ts";
import type { UserConfig } from "./eleventy.ts";

export default function typescriptTemplates(eleventyConfig: UserConfig): void {
  if (COMPILED) return; // (an extension keyed "11ty.js" would take `.11ty.js` files from Eleventy's own)
  eleventyConfig.addExtension(["11ty.ts"], { key: "11ty.js" });
  eleventyConfig.addTemplateFormats("11ty.ts");
}
