// Bare Eleventy 3 for the benchmark: the generated Markdown files as `.md`
// templates, one minimal layout with the same visible text as a newsmirror
// article page, nothing else. Run with the content folder as input:
//   npx @11ty/eleventy --config=bench/eleventy-bare/eleventy.config.js --input=DIR --output=OUT
import { page } from "./layout.js";

export default function (eleventyConfig) {
  eleventyConfig.addTemplate("_includes/page.11ty.js", { render: page });
  eleventyConfig.addGlobalData("layout", "page.11ty.js");
  eleventyConfig.setQuietMode(true);
}

export const config = {
  // Markdown straight through markdown-it, as newsmirror does (no Liquid pass first).
  markdownTemplateEngine: false,
};
