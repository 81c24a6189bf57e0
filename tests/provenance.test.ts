import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { articleText, makeContent, tempDir } from "./helpers/site.ts";

const SEED_PAGE = "statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html";
const ORIGINAL = `http://english.www.gov.cn/${SEED_PAGE}`;
const SAVED = path.resolve(import.meta.dirname, "fixtures/import/english.www.gov.cn", SEED_PAGE);
const BUILD_TIME = "2021-08-01T00:00:00Z";

const jsonLd = (page: string) =>
  JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!) as Record<string, unknown>;

describe("provenance on the sample site", () => {
  it("puts rel=original and isBasedOn on the seed article's page, and nothing on the others", () => {
    const site = inject("sampleSite");
    const page = readFileSync(path.join(site, SEED_PAGE), "utf8");
    expect(page).toContain(`<link rel="original" href="${ORIGINAL}">`);
    expect(jsonLd(page).isBasedOn).toBe(ORIGINAL);
  });

  it("lists it in /provenance.json, in the shape archive tools read", () => {
    const provenance = JSON.parse(readFileSync(path.join(inject("sampleSite"), "provenance.json"), "utf8"));
    expect(Object.keys(provenance)).toEqual(["site", "generated", "articles"]);
    expect(provenance.generated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(provenance.articles).toEqual([
      {
        url: `${provenance.site}${SEED_PAGE}`,
        path: `/${SEED_PAGE}`,
        original_url: ORIGINAL,
        captured: "2021-07-28T02:00:00.000Z",
        source_sha256: "fe4424851beec25920b51489ba5e65ce60b8dd5636793bb80517d54eec1552bb",
        title: "Tajik president, Chinese defense minister agree to enhance cooperation",
      },
    ]);
  });
});

describe("provenance fields", () => {
  it("refuses an original_url that is not http(s), a captured time without an offset and a short hash, naming file and field", async () => {
    const content = makeContent({
      "a.md": articleText({ original_url: "javascript:alert(1)" }),
      "b.md": articleText({ title: "B", captured: "2021-07-28T10:00:00" }),
      "c.md": articleText({ title: "C", source_sha256: "abc123" }),
    });
    const out = path.join(tempDir(), "site");
    const result = await runCli(["build", "--input", content, "--output", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /a\.md:\d+: original_url: "javascript:alert\(1\)" must be the page's http:\/\/ or https:\/\/ address/,
    );
    expect(result.stderr).toMatch(/b\.md:\d+: captured: "2021-07-28T10:00:00" has no UTC offset/);
    expect(result.stderr).toMatch(
      /c\.md:\d+: source_sha256: "abc123" must be a SHA-256 digest: 64 lower-case hex digits/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("writes an empty list when no article has an original_url, and escapes the address in the head", async () => {
    const content = makeContent({ "a.md": articleText() });
    const out = path.join(tempDir(), "site");
    expect((await runCli(["build", "--input", content, "--output", out, "--build-time", BUILD_TIME])).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, "provenance.json"), "utf8"))).toEqual({
      site: "https://english.www.gov.cn/",
      generated: "2021-08-01T00:00:00.000Z",
      articles: [],
    });
    const withQuote = makeContent({ "a.md": articleText({ original_url: '"https://example.org/a?b=1&c=2"' }) });
    const out2 = path.join(tempDir(), "site");
    expect((await runCli(["build", "--input", withQuote, "--output", out2])).status).toBe(0);
    const page = readdirSync(out2, { recursive: true }).find((f) => String(f).endsWith("a-test-article.html"))!;
    expect(readFileSync(path.join(out2, String(page)), "utf8")).toContain(
      '<link rel="original" href="https://example.org/a?b=1&amp;c=2">',
    );
  });
});

describe("newsmirror import records provenance and keeps captures apart", () => {
  const article = (out: string) => path.join(out, "statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8.md");

  it("records original_url, captured (the file's time, or --captured) and the saved bytes' SHA-256", async () => {
    const out = path.join(tempDir(), "content");
    const saved = path.join(tempDir(), "page.html");
    writeFileSync(saved, readFileSync(SAVED));
    utimesSync(saved, new Date("2021-07-28T03:04:05Z"), new Date("2021-07-28T03:04:05Z"));
    const result = await runCli(["import", saved, "--output", out, "--url", ORIGINAL]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const text = readFileSync(article(out), "utf8");
    expect(text).toContain(`original_url: ${ORIGINAL}\n`);
    expect(text).toContain("captured: 2021-07-28T11:04:05+08:00\n");
    expect(text).toContain("source_sha256: fe4424851beec25920b51489ba5e65ce60b8dd5636793bb80517d54eec1552bb\n");
    const out2 = path.join(tempDir(), "content");
    await runCli(["import", saved, "--output", out2, "--captured", "2021-07-28T09:00:00Z"]);
    // No --url, no gov.cn folders: no section, and no original_url (the saved page names no address of its own).
    const [written] = readdirSync(out2).filter((f) => f.endsWith(".md"));
    const text2 = readFileSync(path.join(out2, written!), "utf8");
    expect(text2).toContain("captured: 2021-07-28T09:00:00Z\n");
    expect(text2).not.toContain("original_url");
    const bad = await runCli(["import", saved, "--output", out2, "--captured", "yesterday"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--captured: "yesterday" is not a date with a UTC offset/);
  });

  it("refuses another capture of an imported page, naming the file and both flags; --keep-history keeps the older one as a revision", async () => {
    const out = path.join(tempDir(), "content");
    const saved = path.join(tempDir(), "english.www.gov.cn", SEED_PAGE);
    const dir = path.dirname(saved);
    await import("node:fs").then((fs) => fs.mkdirSync(dir, { recursive: true }));
    writeFileSync(saved, readFileSync(SAVED));
    const first = await runCli([
      "import",
      saved,
      "--output",
      out,
      "--captured",
      "2021-07-28T10:00:00+08:00",
      "--url",
      ORIGINAL,
    ]);
    expect(first.status).toBe(0);
    const firstText = readFileSync(article(out), "utf8");

    // The page again, changed: another capture.
    writeFileSync(
      saved,
      readFileSync(SAVED, "utf8")
        .replace("agreed to strengthen", "agreed to further strengthen")
        .replace("2021-07-28 07:01:11", "2021-07-28 09:30:00")
        .replace("Updated: July 28, 2021 07:01", "Updated: July 28, 2021 09:30"),
    );
    const refused = await runCli(["import", saved, "--output", out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "content/statecouncil/weifenghe/content_WS61009037c6d0df57f98ddaf8.md already holds this page (same id 61009037c6d0df57f98ddaf8), from another capture; nothing written: --force replaces it, --keep-history keeps it as an earlier version beside this one",
    );
    expect(readFileSync(article(out), "utf8")).toBe(firstText);
    expect(readdirSync(path.dirname(article(out)))).toHaveLength(1);

    const both = await runCli(["import", saved, "--output", out, "--force", "--keep-history"]);
    expect(both.status).toBe(2);

    const kept = await runCli([
      "import",
      saved,
      "--output",
      out,
      "--keep-history",
      "--captured",
      "2021-07-29T10:00:00+08:00",
      "--url",
      ORIGINAL,
    ]);
    expect(kept.status).toBe(0);
    const revision = article(out).replace(/\.md$/, ".rev-20210728T020000Z.md");
    expect(kept.stdout).toContain(`(earlier version kept as `);
    expect(readFileSync(revision, "utf8")).toBe(firstText.replace("---\n", "---\nrevision: true\n"));
    expect(readFileSync(article(out), "utf8")).toContain("agreed to further strengthen");

    // The site: the latest capture's page, with Previous versions; the older capture's own page; no listing of it.
    const site = path.join(tempDir(), "site");
    const built = await runCli(["build", "--input", out, "--output", site, "--no-search", "--build-time", BUILD_TIME]);
    expect(built.stderr).toBe("");
    const latest = readFileSync(path.join(site, SEED_PAGE), "utf8");
    const olderPath = SEED_PAGE.replace(/\.html$/, ".rev-20210728T020000Z.html");
    expect(latest).toContain("further strengthen");
    expect(latest).toContain(
      `<h2 id="previous-versions">Previous versions</h2><ul>\n<li><a href="/${olderPath}">Captured July 28, 2021 10:00</a></li>`,
    );
    expect(jsonLd(latest).dateModified).toBe("2021-07-28T09:30:00+08:00");
    const older = readFileSync(path.join(site, olderPath), "utf8");
    expect(older).not.toContain("further strengthen");
    expect(older).toContain(`captured July 28, 2021 10:00. <a href="/${SEED_PAGE}">Read the latest version</a>`);
    expect(jsonLd(older).dateModified).toBe("2021-07-28T07:01:11+08:00");
    for (const file of ["sitemap.xml", "news-sitemap.xml", "feed.xml", "feed.json", "index.html"])
      expect(readFileSync(path.join(site, file), "utf8")).not.toContain(".rev-");
    const provenance = JSON.parse(readFileSync(path.join(site, "provenance.json"), "utf8"));
    // Both captures, each at its own page, from the one original address.
    expect(provenance.articles.map((a: { path: string; captured: string }) => [a.path, a.captured])).toEqual([
      [`/${SEED_PAGE}`, "2021-07-29T02:00:00.000Z"],
      [`/${olderPath}`, "2021-07-28T02:00:00.000Z"],
    ]);
    expect((await runCli(["check", "--input", out, "--output", site])).status).toBe(0);
  });

  it("gives a Chinese article's older captures the Chinese label", async () => {
    const zh = {
      title: "测试文章",
      updated: "2021-07-28T07:01:00+08:00",
      language: "zh-CN",
      id: '"5626689"',
      section: "xinwen",
    };
    const content = makeContent({
      "content_5626689.md": articleText({ ...zh, captured: "2021-07-29T10:00:00+08:00" }, "新的内容。\n"),
      "content_5626689.rev-20210728T020000Z.md": articleText(
        { ...zh, revision: "true", captured: "2021-07-28T10:00:00+08:00" },
        "旧的内容。\n",
      ),
    });
    const site = path.join(tempDir(), "site");
    const built = await runCli(["build", "--input", content, "--output", site, "--no-search"]);
    expect(built.stderr).toBe("");
    const page = readFileSync(path.join(site, "xinwen/2021-07/28/content_5626689.htm"), "utf8");
    expect(page).toContain("<h2>历史版本</h2>");
    expect(page).toContain(
      'href="/xinwen/2021-07/28/content_5626689.rev-20210728T020000Z.htm">2021-07-28 10:00 采集</a>',
    );
    const older = readFileSync(path.join(site, "xinwen/2021-07/28/content_5626689.rev-20210728T020000Z.htm"), "utf8");
    expect(older).toContain("查看最新版本");
  });
});
