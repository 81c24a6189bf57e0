/**
 * The article pipeline: read (front matter checked) → index (address and
 * id, from front matter alone) → render (markdown-it, photos). Whatever
 * reads an article (a build, the dev server, `newsmirror check`, import,
 * the tests' own helpers) goes through these stages, so an article has one
 * address and one set of warnings everywhere.
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { indexArticle } from "../src/article/index-article.ts";
import { ArticleLoader } from "../src/article/load.ts";
import { readArticle } from "../src/article/read-article.ts";
import { warningReport } from "../src/problems.ts";
import { PhotoCache } from "../src/images/encode.ts";
import { parseSettings, type SiteSettings } from "../src/settings/settings.ts";
import { runCli } from "./helpers/cli.ts";
import { articleFrom } from "./helpers/pipeline.ts";
import { tempDir } from "./helpers/site.ts";

const HEAD = "title: Tajik president meets Wei\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua";

function indexed(text: string, settings: SiteSettings = parseSettings({})) {
  const { checked, problems } = readArticle(text, "content/a.md", settings.dates);
  expect(problems).toEqual([]);
  return indexArticle(checked!, "content/a.md", settings);
}

describe("an article's place in the site", () => {
  it("comes from its front matter alone: an article whose photos are not there still has its address and id", () => {
    const place = 'section: statecouncil/weifenghe\nid: "61009037c6d0df57f98ddaf8"';
    const text = `---\n${HEAD}\n${place}\nimage:\n  src: gone.jpg\n  alt: Gone\n---\n![Not there](missing.jpg)\n`;
    expect(indexed(text)).toMatchObject({
      url: "/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
      id: "61009037c6d0df57f98ddaf8",
      section: "statecouncil/weifenghe",
    });
  });

  it("is the address the rendered article gets, with or without an id, dated by `published` in the site's zone", () => {
    const texts = [
      `---\n${HEAD}\nsection: news\nid: "61009037c6d0df57f98ddaf8"\n---\nBody.\n`,
      `---\n${HEAD}\n---\nBody.\n`,
      `---\n${HEAD}\npublished: 2021-07-27T23:30:00+08:00\n---\nBody.\n`,
    ];
    for (const settings of [parseSettings({}), parseSettings({ timeZone: "UTC" })]) {
      const urls = texts.map((text) => indexed(text, settings).url);
      expect(urls).toEqual(texts.map((text) => articleFrom(text, "content/a.md", settings).article!.url));
    }
    expect(texts.map((text) => indexed(text).url)).toEqual([
      "/news/202107/28/content_WS61009037c6d0df57f98ddaf8.html",
      "/202107/28/tajik-president-meets-wei.html",
      "/202107/27/tajik-president-meets-wei.html",
    ]);
  });
});

describe("an article's warnings", () => {
  it("are the same through a build's loader, the dev server's reload, newsmirror check and the stages", async () => {
    const project = tempDir("newsmirror-warnings-");
    const content = path.join(project, "content");
    mkdirSync(content);
    const photo = sharp({ create: { width: 240, height: 160, channels: 3, background: "#3a6" } });
    writeFileSync(path.join(content, "hillside.jpg"), await photo.jpeg().toBuffer());
    const head = (name: string) => HEAD.replace("Tajik president meets Wei", name);
    const files: Record<string, string> = {
      "empty.md": `---\n${head("A flash")}\n---\n`,
      "photo-only.md": `---\n${head("A photo")}\nimage:\n  src: hillside.jpg\n  alt: A hillside\n---\n`,
      "photo-word.md": `---\n${head("A photo, pasted")}\n---\n![A hillside](hillside.jpg)\n\nDawn.\vThey finished.\n`,
      "word.md": `---\n${head("Pasted")}\n---\nDawn.\vThey finished.\fMore tomorrow.\n`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(content, name), text);
    const settings = parseSettings({});
    // The photo cache check uses by default (below its working folder), so it encodes nothing again.
    const photoCache = new PhotoCache(path.join(project, ".cache/images"));
    const options = { contentDir: content, displayRoot: project, settings, photoCache };

    const loader = new ArticleLoader();
    const built = await loader.load(options);
    expect(built.problems).toEqual([]);
    const report = warningReport(built.warnings);
    const noBody = "warning: the article has no body; its page shows only the title";
    const tab = "U+000B (vertical tab)";
    const verticalTab = `warning: the body holds the invisible control character ${tab}, read as a line break`;
    expect(report).toBe(
      [
        `content/empty.md: ${noBody} and info line`,
        `content/photo-only.md: ${noBody}, the info line and the lead photo`,
        `content/photo-word.md:8: ${verticalTab}`,
        `content/word.md:6: ${verticalTab}; 1 more below, each read as a line break or removed`,
        "",
      ].join("\n"),
    );

    // The dev server reads again only the files saved: every one of them here.
    const later = new Date(Date.now() + 5000);
    for (const name of Object.keys(files)) utimesSync(path.join(content, name), later, later);
    const reloaded = await loader.reload(
      Object.keys(files).map((name) => path.join(content, name)),
      options,
    );
    expect(warningReport(reloaded.warnings)).toBe(report);

    const checked = await runCli(["check", "--input", "content"], { cwd: project });
    expect(checked.status).toBe(0);
    expect(checked.stderr).toBe(report);

    // Without photos, the stages alone (what import and the tests' helpers use) say the same.
    for (const name of ["empty.md", "word.md"]) {
      const shown = `content/${name}`;
      const loaded = built.warnings.filter((w) => w.file === shown);
      expect(articleFrom(files[name]!, shown, settings).warnings).toEqual(loaded);
    }
  });
});
