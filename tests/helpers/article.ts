/** Articles made in memory, for tests of functions that take Articles. */
import type { Article } from "../../src/article/article.ts";
import { parseSettings, type SiteSettingsInput } from "../../src/settings/settings.ts";
import { articleFrom } from "./pipeline.ts";

/** An Article through the real parser, from front-matter lines and a body. */
export function makeArticle(
  frontMatter: string,
  body = "First paragraph.\n",
  settings: SiteSettingsInput = {},
): Article {
  const { article, problems } = articleFrom(`---\n${frontMatter}\n---\n${body}`, "test.md", parseSettings(settings));
  if (!article) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join("; "));
  return article;
}
