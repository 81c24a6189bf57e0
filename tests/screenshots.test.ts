import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/site.ts";

const DIR = path.join(ROOT, "docs/screenshots");

/** Screenshots a Markdown file shows, as paths from the project's root. */
function shownIn(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/\]\(((?:docs\/)?screenshots\/[^)]+)\)/g)].map((m) =>
    path.posix.join(path.posix.dirname(file), m[1]!),
  );
}

/**
 * The screenshots `npm run test:e2e` writes (tests/e2e/look.e2e.test.ts and others): the README shows the seed
 * article, the docs show the rest.
 */
describe("the screenshots in the README and the docs", () => {
  const docs = readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  const shown = ["README.md", ...docs].flatMap(shownIn);

  it("show the seed article in the README, and at phone size and the home page in the docs", () => {
    expect(shownIn("README.md")).toContain("docs/screenshots/article-desktop.png");
    expect(shown).toEqual(
      expect.arrayContaining(["docs/screenshots/article-phone.png", "docs/screenshots/home-desktop.png"]),
    );
  });

  it("are all committed PNG files, and every file there is shown", async () => {
    for (const file of shown) {
      expect(existsSync(path.join(ROOT, file)), `${file} is missing: run npm run test:e2e`).toBe(true);
      expect((await sharp(path.join(ROOT, file)).metadata()).format, file).toBe("png");
    }
    expect(
      readdirSync(DIR)
        .map((f) => `docs/screenshots/${f}`)
        .sort(),
    ).toEqual([...new Set(shown)].sort());
  });
});
