/**
 * The dev server tells the truth: what it serves is what a whole build of
 * the content as it is now would write, from the first request on, under
 * the address it printed; and it is no door into the machine.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ContentError, NewsmirrorError, UsageError, toWire, type WireError } from "../src/errors.ts";
import { failureOf, isPageTemplate } from "../src/serve/dev-server.ts";
import { get, refusedServer, spawnServe, stopChild, TestDevServer, treeHashes } from "./helpers/dev-server.ts";
import { waitFor } from "./helpers/http.ts";
import { SYSTEM_FAILURES, fill } from "./helpers/bad-inputs.ts";
import { runCli } from "./helpers/cli.ts";
import { Newsroom, stepArb, storyArb } from "./helpers/newsroom.ts";
import { articleText, makeContent, tempDir } from "./helpers/site.ts";

const body = (n: number, first = `Paragraph one of article ${n}.`) => `${first}\n\nParagraph two of article ${n}.\n`;
const articleA = (first?: string) =>
  articleText(
    { title: "Article A", section: "news", dateline: "BEIJING", id: '"61009037c6d0df57f98dda01"' },
    body(1, first),
  );
const PAGE_A = "/news/202107/28/content_WS61009037c6d0df57f98dda01.html";
const PAGE_B = "/news/202107/28/content_WS61009037c6d0df57f98dda02.html";

function newsContent(): string {
  return makeContent({
    "news/a.md": articleA(),
    "news/b.md": articleText(
      { title: "Article B", section: "news", id: '"61009037c6d0df57f98dda02"', draft: "true" },
      body(2),
    ),
    "culture/c.md": articleText({ title: "Article C", section: "culture", id: '"61009037c6d0df57f98dda03"' }, body(3)),
  });
}

/** The folder a fresh server writes for the same content: a whole build, as the truth to compare with. */
async function wholeBuild(contentDir: string): Promise<Record<string, string>> {
  const fresh = await new TestDevServer({ contentDir }).start();
  try {
    return treeHashes(fresh.server.folder);
  } finally {
    await fresh.stop();
  }
}

describe("a dev server's pages are a whole build of the content as it is now", () => {
  let content: string;
  let dev: TestDevServer;
  beforeAll(async () => {
    content = newsContent();
    dev = await new TestDevServer({ contentDir: content }).start();
  }, 120_000);
  afterAll(() => dev?.stop());

  it("serves every page with the live-reload script, drafts included, and the site's 404 page", async () => {
    const home = await get(dev.port, "/");
    expect(home.status).toBe(200);
    expect(home.body).toContain('<script type="module" src="/.newsmirror/live.js"></script>');
    expect(home.body).toContain("Article B"); // a draft
    const missing = await get(dev.port, "/no/such/page.html");
    expect([missing.status, missing.body]).toEqual([404, expect.stringContaining("Page not found")]);
  });

  it("rewrites every page a body edit shows on (teasers on home and section pages, feeds) in one rebuild, as a whole build would", async () => {
    const updates = (dev.log.match(/rewrote/g) ?? []).length;
    writeFileSync(path.join(content, "news/a.md"), articleA("A new first paragraph."));
    await dev.logged(/rewrote/, updates + 1);
    expect(dev.log).toMatch(
      new RegExp(`rewrote ${PAGE_A.replaceAll(".", "\\.")} and \\d+ pages showing it in \\d+ ms`),
    );
    for (const page of ["/", "/news/", "/archive/2021/07/", "/feed.xml", "/news/feed.json"]) {
      expect((await get(dev.port, page)).body, page).toContain("A new first paragraph.");
    }
    expect((await get(dev.port, PAGE_A)).body).toContain("BEIJING — A new first paragraph.");
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild(content));
  });

  it("removes a deleted article's page and every mention of it in one rebuild, and a renamed file leaves nothing behind", async () => {
    expect((await get(dev.port, PAGE_B)).status).toBe(200);
    rmSync(path.join(content, "news/b.md"));
    await dev.logged(/b\.md removed; rewrote \d+ pages, removed 1 file in \d+ ms/);
    expect((await get(dev.port, PAGE_B)).status).toBe(404);
    for (const page of ["/", "/news/", "/archive/2021/07/", "/feed.xml", "/news/feed.xml", "/sitemap.xml"]) {
      expect((await get(dev.port, page)).body, page).not.toContain("Article B");
    }
    renameSync(path.join(content, "culture/c.md"), path.join(content, "culture/c-renamed.md"));
    await dev.logged(/(c-renamed\.md added|c\.md removed); rewrote/);
    await waitFor("the rename's build", async () =>
      (await get(dev.port, "/culture/")).body.includes("Article C") ? true : undefined,
    );
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild(content));
  });

  it("rewrites every page a retitled article shows on (listings, feeds) in one page update, as a whole build would", async () => {
    writeFileSync(
      path.join(content, "news/a.md"),
      articleText(
        { title: "Article A, retitled", section: "news", dateline: "BEIJING", id: '"61009037c6d0df57f98dda01"' },
        body(1),
      ),
    );
    await dev.logged(new RegExp(`rewrote ${PAGE_A.replaceAll(".", "\\.")} and \\d+ pages showing it in \\d+ ms`), 2);
    for (const page of ["/", "/news/", "/archive/2021/07/", "/feed.xml", PAGE_A]) {
      expect((await get(dev.port, page)).body, page).toContain("Article A, retitled");
    }
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild(content));
  });
});

describe("starting a dev server", () => {
  // The one real `newsmirror serve` of this file (the others run in this process): it starts though articles are bad.
  it("as a user runs it: shows the problems, prints the port --port 0 took, builds once fixed, exits 0", async () => {
    const content = makeContent({
      "a.md": articleText({ title: "Alpha", datline: "DUSHANBE" }, "Version one.\n"),
      "b.md": articleText({ title: "Beta", updated: "2021-13-01" }),
    });
    const { child, url, output } = await spawnServe(["--input", content], { cwd: tempDir() });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const port = Number(new URL(url).port);
      const broken = await get(port, "/");
      expect(broken.status).toBe(500);
      expect(broken.body).toMatch(/<li>[^<]*a\.md:5: datline: unknown field; did you mean `dateline`\?<\/li>/);
      expect(broken.body).toMatch(/<li>[^<]*b\.md:3: updated: &quot;2021-13-01&quot; has no UTC offset/);
      expect(broken.body).toContain('src="/.newsmirror/live.js"'); // reloads itself when fixed
      expect(output()).toContain("newsmirror: 2 problems in content; fix and save to build the site");
      expect(output()).not.toMatch(/^\s+at /m);

      writeFileSync(
        path.join(content, "a.md"),
        articleText({ title: "Alpha", dateline: "DUSHANBE" }, "Version one.\n"),
      );
      writeFileSync(path.join(content, "b.md"), articleText({ title: "Beta" }));
      const page = await waitFor("the fixed site", async () => {
        const reply = await get(port, "/202107/28/alpha.html");
        return reply.status === 200 ? reply : undefined;
      });
      expect(page.body).toContain("DUSHANBE — Version one.");
      expect(page.body).not.toContain("newsmirror-errors");
    } finally {
      expect(await stopChild(child)).toBe(0);
    }
  });

  it("keeps the last good pages, with the problems over them, when a save breaks an article", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }, "Version one.\n") });
    const dev = await new TestDevServer({ contentDir: content }).start();
    try {
      writeFileSync(
        path.join(content, "a.md"),
        articleText({ title: "Alpha", updated: "2021-13-01" }, "Version two.\n"),
      );
      await dev.logged(/1 problem in content; still serving the last good pages; fix and save to rebuild/);
      const shown = await get(dev.port, "/202107/28/alpha.html");
      expect(shown.status).toBe(200);
      expect(shown.body).toContain("Version one.");
      expect(shown.body).toMatch(/<li>[^<]*a\.md:3: updated: &quot;2021-13-01&quot; has no UTC offset[^<]*<\/li>/);
      writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha" }, "Version three.\n"));
      await dev.logged(/content fixed; pages rebuilt/);
      const fixed = await get(dev.port, "/202107/28/alpha.html");
      expect(fixed.body).toContain("Version three.");
      expect(fixed.body).not.toContain("newsmirror-errors");
    } finally {
      await dev.stop();
    }
  });

  it("refuses a taken port, naming it", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const content = makeContent({ "a.md": articleText() });
      const result = await refusedServer(["serve", "--input", content, "--port", String(port)], { cwd: tempDir() });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`${fill(SYSTEM_FAILURES.portTaken.expected, { port: String(port) })}\n`);
    } finally {
      taken.close();
    }
  });

  it("builds into a new folder of its own, shares it with no other server, and removes it when stopped", async () => {
    const one = await new TestDevServer({
      contentDir: makeContent({ "a.md": articleText({ title: "Only in one" }) }),
    }).start();
    const two = await new TestDevServer({
      contentDir: makeContent({ "b.md": articleText({ title: "Only in two" }) }),
    }).start();
    try {
      expect(one.server.folder).not.toBe(two.server.folder);
      expect((await get(one.port, "/202107/28/only-in-two.html")).status).toBe(404);
      expect((await get(two.port, "/202107/28/only-in-one.html")).status).toBe(404);
      expect((await get(two.port, "/202107/28/only-in-two.html")).status).toBe(200);
    } finally {
      await one.stop();
      await two.stop();
    }
    expect(existsSync(one.server.folder)).toBe(false);
    expect(existsSync(two.server.folder)).toBe(false);
  });

  it("given --base-url, names that address as the site's on every page, after a save too (a deploy preview)", async () => {
    const content = makeContent({
      "site.json": '{"baseUrl": "https://news.example.org/"}',
      "a.md": articleText({ title: "Alpha" }),
    });
    const dev = await new TestDevServer({ contentDir: content, baseUrl: "https://preview-7.example.org/" }).start();
    try {
      const canonical = async () =>
        /<link rel="canonical" href="([^"]+)"/.exec((await get(dev.port, "/202107/28/alpha.html")).body)?.[1];
      expect(await canonical()).toBe("https://preview-7.example.org/202107/28/alpha.html");
      writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha" }, "An edited paragraph.\n"));
      await dev.logged(/rewrote/);
      expect((await get(dev.port, "/202107/28/alpha.html")).body).toContain("An edited paragraph.");
      expect(await canonical()).toBe("https://preview-7.example.org/202107/28/alpha.html");
    } finally {
      await dev.stop();
    }
  });

  it("given --output, takes only a folder newsmirror wrote (or a new or empty one), holds it, and serves nothing of an earlier build", async () => {
    const cwd = tempDir();
    const content = makeContent({ "a.md": articleText({ title: "Alpha" }) });
    // A user's folder: refused, untouched.
    const notes = path.join(cwd, "notes");
    mkdirSync(notes);
    writeFileSync(path.join(notes, "todo.txt"), "mine");
    const refused = await refusedServer(["serve", "--input", content, "--output", "notes", "--port", "0"], { cwd });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^newsmirror: --output notes: .*\n$/);
    expect(readdirSync(notes)).toEqual(["todo.txt"]);
    // An earlier build, with a page whose article is gone: never served.
    const earlier = path.join(cwd, "preview");
    const old = makeContent({ "gone.md": articleText({ title: "Gone" }) });
    expect((await runCli(["build", "--input", old, "--output", earlier, "--no-search"], { cwd })).status).toBe(0);
    expect(existsSync(path.join(earlier, "202107/28/gone.html"))).toBe(true);
    const dev = await new TestDevServer({ contentDir: content, outputDir: earlier, cwd }).start();
    try {
      expect((await get(dev.port, "/202107/28/gone.html")).status).toBe(404);
      expect((await get(dev.port, "/202107/28/alpha.html")).status).toBe(200);
      // A second server, or a build, on the same folder is refused while this one runs, naming it.
      const second = await refusedServer(["serve", "--input", content, "--output", "preview", "--port", "0"], { cwd });
      expect(second.status).toBe(2);
      const held = fill(SYSTEM_FAILURES.servedElsewhere.expected, {
        output: earlier,
        pid: String(process.pid),
        time: "TIME",
      })
        .replace(/[()]/g, "\\$&")
        .replace("TIME", ".+");
      expect(second.stderr).toMatch(new RegExp(`^${held}\n$`));
      const build = await runCli(["build", "--input", content, "--output", "preview", "--no-search"], { cwd });
      expect(build.status).toBe(2);
      expect(build.stderr).toMatch(/is in use by newsmirror serve/);
    } finally {
      await dev.stop();
    }
  });

  it("serves a site whose baseUrl has a path under that path, sends / there, and prints that address", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({ baseUrl: "https://example.org/english/" }),
      "a.md": articleText({ title: "Alpha" }),
    });
    const dev = await new TestDevServer({ contentDir: content }).start();
    try {
      expect(dev.log).toContain(`serving http://127.0.0.1:${dev.port}/english/ (drafts included`);
      const root = await get(dev.port, "/");
      expect([root.status, root.headers.location]).toEqual([302, "/english/"]);
      const home = await get(dev.port, "/english/");
      expect(home.status).toBe(200);
      expect(home.body).toContain('href="/english/assets/site.css"');
      expect((await get(dev.port, "/english/assets/site.css")).status).toBe(200);
      expect((await get(dev.port, "/english/202107/28/alpha.html")).status).toBe(200);
    } finally {
      await dev.stop();
    }
  });
});

describe("a build the builder reports failed", () => {
  const cwd = "/home/editor/mirror";
  /** As the builder process sends it: Node's IPC carries JSON. */
  const sent = (error: unknown) => JSON.parse(JSON.stringify(toWire(error))) as WireError;

  it("is shown as the CLI says it: content problems as problems, a user's mistake in one line, a bug as one", () => {
    const problem = { file: "content/a.md", line: 2, field: "title", message: "must not be empty" };
    expect(failureOf(sent(new ContentError([problem])), cwd)).toEqual({ problems: [problem] });
    const full = "the disk holding _site is full; the previous site is intact; free some space and build again";
    const wrapped = Object.assign(new Error("Having trouble writing to './_site/index.html'"), {
      originalError: new NewsmirrorError(full),
    });
    expect(failureOf(sent(wrapped), cwd)).toEqual({ line: full });
    const usage = 'SOURCE_DATE_EPOCH: "x" is not a number of seconds since 1970';
    expect(failureOf(sent(new UsageError(usage)), cwd)).toEqual({ line: usage });
    const file = `${cwd}/content/a.md`;
    const denied = Object.assign(new Error("EACCES: permission denied"), {
      code: "EACCES",
      syscall: "open",
      path: file,
    });
    const line = "cannot open content/a.md: permission denied; check its permissions";
    expect(failureOf(sent(denied), cwd)).toEqual({ line });
    expect(failureOf(sent(new TypeError("Cannot read properties of undefined (reading 'url')\nmore")), cwd)).toEqual({
      line: "internal error (please report it): Cannot read properties of undefined (reading 'url')",
    });
  });
});

describe("a dev server is no door into the machine", () => {
  let dev: TestDevServer;
  let content: string;
  beforeAll(async () => {
    const parent = tempDir("newsmirror-dev-parent-");
    // A sibling whose name starts with the served folder's: a string-prefix check would let it out.
    mkdirSync(path.join(parent, "dev-site.bak"));
    writeFileSync(path.join(parent, "dev-site.bak/index.html"), "SECRET-SIBLING");
    writeFileSync(path.join(parent, "secret.txt"), "SECRET-OUTSIDE");
    content = makeContent({ "a.md": articleText({ title: "Alpha", draft: "true" }, "Embargoed text.\n") });
    dev = await new TestDevServer({ contentDir: content, outputDir: path.join(parent, "dev-site") }).start();
  }, 120_000);
  afterAll(() => dev?.stop());

  it("survives encoded slashes and serves nothing outside its folder", async () => {
    for (const attempt of [
      "/..%2f..%2fetc%2fpasswd",
      "/..%2fdev-site.bak/index.html",
      "/..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/..\\secret.txt",
    ]) {
      const reply = await get(dev.port, attempt);
      expect(reply.status, attempt).toBe(404);
      expect(reply.body, attempt).not.toMatch(/SECRET|root:/);
    }
    expect((await get(dev.port, "/")).status).toBe(200); // still up
  });

  it("answers only requests that name this machine", async () => {
    expect((await get(dev.port, "/", { host: `localhost:${dev.port}` })).status).toBe(200);
    const rebound = await get(dev.port, "/202107/28/alpha.html", { host: `attacker.example:${dev.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("Embargoed");
  });

  it("takes live-reload sockets only from its own origin, and sends them nothing but `reload`", async () => {
    const open = (origin: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${dev.port}/.newsmirror/live`, { origin });
        socket.once("open", () => resolve(socket));
        socket.once("unexpected-response", (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
        socket.once("error", reject);
      });
    await expect(open("https://evil.example")).rejects.toThrow(/refused: 403/);
    await expect(open(`http://localhost:${dev.port + 1}`)).rejects.toThrow(/refused: 403/);
    const socket = await open(`http://127.0.0.1:${dev.port}`);
    const messages: string[] = [];
    socket.on("message", (data) => messages.push(String(data)));
    const rebuilds = (dev.log.match(/rewrote/g) ?? []).length;
    writeFileSync(
      path.join(content, "a.md"),
      articleText({ title: "Alpha", draft: "true" }, "Embargoed text, edited.\n"),
    );
    await dev.logged(/rewrote/, rebuilds + 1);
    await waitFor("the reload message", () => (messages.length > 0 ? true : undefined));
    expect(messages.every((m) => m === "reload")).toBe(true);
    socket.close();
  });

  it("never takes itself down or leaks a file, whatever the path (fuzz)", async () => {
    const piece = fc.constantFrom(
      "..",
      ".",
      "",
      "%2e%2e",
      "%2f",
      "%5c",
      "%00",
      "%",
      "dev-site",
      "dev-site.bak",
      "secret.txt",
      "index.html",
      ".newsmirror",
      "live.js",
      "dev-errors.css",
      "%252e%252e",
      "..%2f",
      "%c0%ae",
      "202107",
      "28",
      "alpha.html",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 7 }), async (pieces) => {
        const reply = await get(dev.port, `/${pieces.join("/")}`.replace(/\s/g, "%20")).catch(() => undefined);
        if (reply) expect(reply.body).not.toMatch(/SECRET/);
      }),
      { numRuns: 200 },
    );
    expect((await get(dev.port, "/")).status).toBe(200);
  });
});

describe("a save of newsmirror's own files", () => {
  it("is a whole build by the running builder for a page template or asset, a new builder for code others import", () => {
    for (const file of [
      "templates/home.11ty.ts",
      "templates/article.ts",
      "templates/assets/site.css",
      "templates/assets/logo.svg",
    ])
      expect(isPageTemplate(file), file).toBe(true);
    for (const file of ["templates/_components/page.ts", "src/site/feeds.ts", ".eleventy.ts", "templates"])
      expect(isPageTemplate(file), file).toBe(false);
  });
});

describe("a dev server's topic pages and related stories (issue 16)", () => {
  let content: string;
  let dev: TestDevServer;
  const tagged = (n: number, title: string, tags: string) =>
    articleText(
      { title, section: "news", tags, author: "Li Wei", id: `"61009037c6d0df57f98ddb0${n}"` },
      body(n, "The rail line to Lhasa opened."),
    );
  const page = (n: number) => `/news/202107/28/content_WS61009037c6d0df57f98ddb0${n}.html`;
  beforeAll(async () => {
    content = makeContent({
      "news/a.md": tagged(1, "Rail line opens", "[Rail]"),
      "news/b.md": tagged(2, "Trains run on time", "[Rail, Tibet]"),
    });
    dev = await new TestDevServer({ contentDir: content }).start();
  }, 120_000);
  afterAll(() => dev?.stop());

  it("rewrites the topic and author pages and the related stories of the other articles when one is retitled or retagged, as a whole build would", async () => {
    expect((await get(dev.port, page(2))).body).toContain(`<a href="${page(1)}">Rail line opens</a>`);
    writeFileSync(path.join(content, "news/a.md"), tagged(1, "Rail line opens early", "[Rail, Tibet]"));
    await dev.logged(/rewrote/);
    for (const at of [page(2), "/topics/rail/", "/topics/tibet/", "/authors/li-wei/", "/topics/rail/feed.xml"])
      expect((await get(dev.port, at)).body, at).toContain("Rail line opens early");
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild(content));
  });
});

describe("a dev server's older captures of a story (newsmirror import --keep-history)", () => {
  let content: string;
  let dev: TestDevServer;
  const capture = (first: string, extra: Record<string, string> = {}) =>
    articleText({ title: "Talks open", section: "news", id: '"61009037c6d0df57f98ddc01"', ...extra }, body(1, first));
  const LATEST = "/news/202107/28/content_WS61009037c6d0df57f98ddc01.html";
  const OLDER = "/news/202107/28/content_WS61009037c6d0df57f98ddc01.rev-20210728T020000Z.html";
  beforeAll(async () => {
    content = makeContent({
      "news/a.md": capture("The talks opened on Wednesday.", { captured: "2021-07-28T12:00:00+08:00" }),
      "news/a.rev-20210728T020000Z.md": capture("The talks opened.", {
        captured: "2021-07-28T10:00:00+08:00",
        revision: "true",
      }),
    });
    dev = await new TestDevServer({ contentDir: content }).start();
  }, 120_000);
  afterAll(() => dev?.stop());

  it("keeps an older capture out of the listings and its link under the latest's body after a save, as a whole build would", async () => {
    const listed = (html: string) => html.split(LATEST.replace(/\.html$/, "")).length - 1;
    expect(listed((await get(dev.port, "/news/")).body)).toBe(1);
    writeFileSync(
      path.join(content, "news/a.md"),
      capture("The talks opened on Wednesday morning.", { captured: "2021-07-28T12:00:00+08:00" }),
    );
    await dev.logged(/rewrote/);
    const latest = (await get(dev.port, LATEST)).body;
    expect(latest).toContain("Wednesday morning");
    expect(latest).toContain(`<a href="${OLDER}">`);
    expect((await get(dev.port, OLDER)).body).toContain(`<a href="${LATEST}">Read the latest version</a>`);
    for (const page of ["/", "/news/", "/feed.xml"])
      expect((await get(dev.port, page)).body, page).not.toContain(".rev-");
    expect(treeHashes(dev.server.folder)).toEqual(await wholeBuild(content));
  });
});

describe("a dev server's own logo (site.json's logo)", () => {
  const svg = (fill: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="${fill}"/></svg>`;
  let content: string;
  let dev: TestDevServer;
  beforeAll(async () => {
    content = makeContent({
      "site.json": JSON.stringify({ logo: { file: "logo.svg", alt: "Daily News" } }),
      "logo.svg": svg("red"),
      "news/a.md": articleText({ title: "Talks open", section: "news" }),
    });
    dev = await new TestDevServer({ contentDir: content }).start();
  }, 120_000);
  afterAll(() => dev?.stop());

  it("serves the logo as saved, and shows the problem when a save makes it unsafe, as a whole build would", async () => {
    expect((await get(dev.port, "/assets/site-logo.svg")).body).toContain("red");
    const builds = (dev.log.match(/built \d+ pages/g) ?? []).length;
    writeFileSync(path.join(content, "logo.svg"), svg("blue"));
    await dev.logged(/built \d+ pages/, builds + 1);
    expect(dev.log).toMatch(/the logo changed/);
    expect((await get(dev.port, "/assets/site-logo.svg")).body).toContain("blue");
    writeFileSync(path.join(content, "logo.svg"), svg("green").replace("<rect", "<script>alert(1)</script><rect"));
    await dev.logged(/logo\.svg/, 1);
    await dev.logged(/script/, 1);
    expect((await get(dev.port, "/assets/site-logo.svg")).body).toContain("blue"); // the last good site
  });
});

describe("a dev server after any saves", () => {
  it("serves what a whole build of the content as it is then writes, after any edits, corrections, older captures kept, additions, deletions and renames (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(storyArb, { minLength: 1, maxLength: 3 }),
        // The server's clock is the real one: no step moves it.
        fc.array(
          stepArb.filter((step) => step.kind !== "clock"),
          { minLength: 1, maxLength: 4 },
        ),
        async (initial, steps) => {
          const room = new Newsroom(initial);
          const dev = await new TestDevServer({ contentDir: room.dir }).start();
          try {
            for (const step of steps) {
              room.apply(step);
              const truth = await wholeBuild(room.dir);
              const same = () => JSON.stringify(treeHashes(dev.server.folder)) === JSON.stringify(truth);
              await waitFor(
                `the server's pages after ${JSON.stringify(step)}`,
                () => (same() ? true : undefined),
                20,
              ).catch(() => expect(treeHashes(dev.server.folder), JSON.stringify(step)).toEqual(truth));
            }
          } finally {
            await dev.stop();
          }
        },
      ),
      // A failing case is shown as found: each step of shrinking would wait out the timeout again.
      { numRuns: 4, endOnFailure: true },
    );
  }, 240_000);
});
