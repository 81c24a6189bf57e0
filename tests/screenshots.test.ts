import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/site.ts";

const DIR = path.join(ROOT, "docs/screenshots");

/** The screenshots `npm run test:e2e` writes (tests/e2e/look.e2e.test.ts) and the README shows. */
describe("the README's screenshots", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const shown = [...readme.matchAll(/\]\((docs\/screenshots\/[^)]+)\)/g)].map((m) => m[1]!);

  it("show the seed article at desktop and phone size, and the home page", () => {
    expect(shown).toEqual(
      expect.arrayContaining([
        "docs/screenshots/article-desktop.png",
        "docs/screenshots/article-phone.png",
        "docs/screenshots/home-desktop.png",
      ]),
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
