/**
 * Every relative link, image and #anchor in README.md and docs/*.md leads somewhere: the file exists, and an anchor
 * is a heading of its page as GitHub names it (src/docs/markdown.ts). Moving a section between pages breaks anchors
 * silently on GitHub; here it fails.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { headingsOf, isExternal, linksOf } from "../src/docs/markdown.ts";
import { ROOT } from "./helpers/site.ts";

/** Pages linked before they are in this checkout: docs/templates.md is written beside this work and merged with it. */
const PENDING = new Set(["docs/templates.md"]);

const pages = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const anchors = new Map<string, Set<string>>();
const anchorsOf = (page: string) => {
  let set = anchors.get(page);
  if (!set)
    anchors.set(page, (set = new Set(headingsOf(readFileSync(path.join(ROOT, page), "utf8")).map((h) => h.slug))));
  return set;
};

describe("links in README.md and docs/", () => {
  it.each(pages)("%s: every relative link and anchor resolves", (page) => {
    const broken: string[] = [];
    for (const { url, line } of linksOf(readFileSync(path.join(ROOT, page), "utf8"))) {
      if (isExternal(url)) continue;
      const [target = "", fragment] = url.split("#");
      const file =
        target === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(target)));
      if (PENDING.has(file) && !existsSync(path.join(ROOT, file))) continue;
      if (file.startsWith("../") || !existsSync(path.join(ROOT, file))) {
        broken.push(`${page}:${line}: ${url}: no such file`);
        continue;
      }
      if (fragment !== undefined && file.endsWith(".md") && !anchorsOf(file).has(decodeURIComponent(fragment)))
        broken.push(`${page}:${line}: ${url}: no heading #${fragment} in ${file}`);
    }
    expect(broken).toEqual([]);
  });

  it("anchors are GitHub's", () => {
    const slugs = headingsOf(
      "## Search — `/search.html`\n\n## Home page — `/` (`/index.html`)\n\n## Notes\n\n## Notes\n",
    );
    expect(slugs.map((h) => h.slug)).toEqual(["search--searchhtml", "home-page---indexhtml", "notes", "notes-1"]);
  });
});
