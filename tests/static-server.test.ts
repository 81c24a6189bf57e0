import { spawn } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { rawRequest, type Reply } from "./helpers/http.ts";
import { networkInterfaces } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostAllowed } from "../src/serve/guard.ts";
import { startStaticServer, type StaticServer } from "../src/serve/static.ts";
import { SYSTEM_FAILURES, fill } from "./helpers/bad-inputs.ts";
import { runCli } from "./helpers/cli.ts";
import { TEST_PORTS } from "./helpers/ports.ts";
import { refusedServer } from "./helpers/dev-server.ts";
import { BIN, articleText, makeContent, tempDir } from "./helpers/site.ts";

/** Ports of this test file (the e2e suite has its own). */
const PORT = TEST_PORTS + 1;
const CLI_PORT = TEST_PORTS + 2;
const BARE_PORT = TEST_PORTS + 4;

/** A raw request, method and headers as given. */
const get = (port: number, rawPath: string, method = "GET", headers: Record<string, string> = {}) =>
  rawRequest(port, rawPath, { method, headers });

function site(files: Record<string, string>): string {
  const dir = tempDir("newsmirror-static-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("the static server serves a built site the way a static host does", () => {
  let root: string;
  let outside: string;
  let server: StaticServer;
  beforeAll(async () => {
    outside = site({ "secret.txt": "not for the web" });
    root = site({
      "index.html": "<p>home</p>",
      "404.html": "<p>our 404 page</p>",
      "news/a.html": "<p>a</p>",
      "news/index.html": "<p>news</p>",
      "assets/site.css": "body{}",
      "assets/logo.svg": "<svg/>",
      "feed.xml": "<rss/>",
      "pagefind/wasm.en.pagefind": "x",
      "file with space.txt": "spaced",
      ".env": "SECRET=1",
      ".git/config": "[core]",
      "news/.hidden.html": "hidden",
    });
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
    // A link inside the folder to a dotfile inside it: the dotfile's rule holds through the link.
    symlinkSync(path.join(root, ".env"), path.join(root, "env.txt"));
    server = await startStaticServer({ root, port: PORT });
  });
  afterAll(() => server.close());

  it("listens on 127.0.0.1 only", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${PORT}/`);
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    if (other) {
      await expect(
        new Promise((resolve, reject) => {
          const req = request({ host: other.address, port: PORT, path: "/" }, resolve);
          req.on("error", reject);
          req.end();
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it("serves files with their content types, and index.html for a folder", async () => {
    const page = await get(PORT, "/news/a.html");
    expect([page.status, page.headers["content-type"], page.body]).toEqual([
      200,
      "text/html; charset=utf-8",
      "<p>a</p>",
    ]);
    expect((await get(PORT, "/")).body).toBe("<p>home</p>");
    expect((await get(PORT, "/news/")).body).toBe("<p>news</p>");
    expect((await get(PORT, "/assets/site.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
    expect((await get(PORT, "/assets/logo.svg")).headers["content-type"]).toBe("image/svg+xml");
    // mime-types' answer (send's): no charset for XML, whose declaration names its encoding.
    expect((await get(PORT, "/feed.xml")).headers["content-type"]).toBe("application/xml");
    expect((await get(PORT, "/pagefind/wasm.en.pagefind")).headers["content-type"]).toBe("application/octet-stream");
    expect((await get(PORT, "/file%20with%20space.txt")).body).toBe("spaced");
    expect((await get(PORT, "/news/a.html?q=1")).status).toBe(200);
  });

  it("redirects a folder without its slash, keeping the query", async () => {
    const reply = await get(PORT, "/news?page=2");
    expect([reply.status, reply.headers.location]).toEqual([301, "/news/?page=2"]);
  });

  it("answers a missing page with the site's 404 page and status 404", async () => {
    const reply = await get(PORT, "/no/such/page.html");
    expect([reply.status, reply.body]).toEqual([404, "<p>our 404 page</p>"]);
    expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8");
  });

  it("never serves a file outside the folder", async () => {
    for (const attempt of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/news/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      `/${path.relative(root, path.join(outside, "secret.txt"))}`,
      "/link.txt",
      "/news/a.html%00.txt",
      "/%E0%A4%A",
    ]) {
      const reply = await get(PORT, attempt);
      expect(reply.status, attempt).toBe(404);
      expect(reply.body, attempt).not.toContain("not for the web");
    }
  });

  it("serves no dotfile or dot-folder, whatever the escape", async () => {
    for (const attempt of [
      "/.env",
      "/.git/config",
      "/%2egit/config",
      "/news/.hidden.html",
      "/.newsmirror-site",
      "/.git/",
      "/env.txt",
    ]) {
      const reply = await get(PORT, attempt);
      expect(reply.status, attempt).toBe(404);
      expect(reply.body, attempt).toBe("<p>our 404 page</p>");
    }
    expect((await get(PORT, "/.git")).headers.location).toBeUndefined();
  });

  it("never redirects to another host: `//` and `/./` collapse to one path", async () => {
    for (const [attempt, location] of [
      ["/.//news", undefined],
      ["//news", "/news/"],
      ["///evil.example/%2e%2e", undefined],
      ["//news?x=//evil.example", "/news/?x=//evil.example"],
    ] as const) {
      const reply = await get(PORT, attempt);
      if (location) expect([reply.status, reply.headers.location], attempt).toEqual([301, location]);
      else expect(reply.status, attempt).toBe(404);
      expect(String(reply.headers.location ?? "/x")).toMatch(/^\/[^/\\]/);
    }
  });

  it("answers only requests that name this machine (no DNS rebinding)", async () => {
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`, `LOCALHOST:${PORT}`]) {
      expect((await get(PORT, "/", "GET", { host })).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${PORT}`,
      "evil.example",
      `127.0.0.1:${PORT + 1}`,
      "127.0.0.1",
      `127.0.0.1.evil.example:${PORT}`,
      `10.0.0.5:${PORT}`,
    ]) {
      const reply = await get(PORT, "/", "GET", { host });
      expect(reply.status, host).toBe(403);
      expect(reply.body).not.toContain("home");
    }
    expect(hostAllowed(undefined, { host: "127.0.0.1", port: PORT })).toBe(false); // HTTP/1.0 without a Host
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get(PORT, "/news/a.html", "HEAD");
    expect([head.status, head.headers["content-length"], head.body]).toEqual([200, "8", ""]);
    const post = await get(PORT, "/news/a.html", "POST");
    expect([post.status, post.headers.allow]).toEqual([405, "GET, HEAD"]);
  });

  it("answers HEAD for a missing page with the 404 page's headers and no body", async () => {
    const head = await get(PORT, "/no/such/page.html", "HEAD");
    expect([head.status, head.headers["content-type"], head.headers["content-length"], head.body]).toEqual([
      404,
      "text/html; charset=utf-8",
      "19",
      "",
    ]);
  });

  it("sends a byte range, and says when a range lies beyond the file", async () => {
    const part = await get(PORT, "/news/a.html", "GET", { range: "bytes=3-3" });
    expect([part.status, part.headers["content-range"], part.body]).toEqual([206, "bytes 3-3/8", "a"]);
    const beyond = await get(PORT, "/news/a.html", "GET", { range: "bytes=100-200" });
    expect([beyond.status, beyond.headers["content-range"]]).toEqual([416, "bytes */8"]);
    expect(beyond.body).not.toContain("<p>a</p>");
  });

  it("lets the browser ask again (no-cache) and answers 304 while the file is unchanged", async () => {
    const first = await get(PORT, "/assets/site.css");
    expect([first.headers["cache-control"], first.headers["x-content-type-options"]]).toEqual(["no-cache", "nosniff"]);
    const etag = String(first.headers.etag);
    const again = await get(PORT, "/assets/site.css", "GET", { "if-none-match": etag });
    expect([again.status, again.body]).toEqual([304, ""]);
    const since = await get(PORT, "/assets/site.css", "GET", {
      "if-modified-since": String(first.headers["last-modified"]),
    });
    expect(since.status).toBe(304);
    writeFileSync(path.join(root, "assets/site.css"), "body{color:red}");
    const changed = await get(PORT, "/assets/site.css", "GET", { "if-none-match": etag });
    expect([changed.status, changed.body]).toEqual([200, "body{color:red}"]);
    writeFileSync(path.join(root, "assets/site.css"), "body{}");
  });

  it("says plainly when a folder has no 404 page", async () => {
    const bare = await startStaticServer({ root: site({ "index.html": "x" }), port: BARE_PORT });
    try {
      const reply = await get(bare.port, "/missing");
      expect([reply.status, reply.body]).toEqual([404, "Not found\n"]);
    } finally {
      await bare.close();
    }
  });
});

describe("a site under a path (baseUrl https://example.org/english/)", () => {
  let server: StaticServer;
  beforeAll(async () => {
    const root = site({
      "index.html": "<p>home</p>",
      "404.html": "<p>404</p>",
      "news/index.html": "<p>news</p>",
      "assets/site.css": "body{}",
    });
    server = await startStaticServer({ root, port: 0, basePath: "/english/" });
  });
  afterAll(() => server.close());

  it("is served under that path, as its links and stylesheet expect", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/english/`);
    expect((await get(server.port, "/english/")).body).toBe("<p>home</p>");
    expect((await get(server.port, "/english/news/")).body).toBe("<p>news</p>");
    expect((await get(server.port, "/english/assets/site.css")).headers["content-type"]).toBe(
      "text/css; charset=utf-8",
    );
  });

  it("sends / to the site's path, and a folder to its slash under the path", async () => {
    expect([(await get(server.port, "/")).status, (await get(server.port, "/")).headers.location]).toEqual([
      302,
      "/english/",
    ]);
    const folder = await get(server.port, "/english/news");
    expect([folder.status, folder.headers.location]).toEqual([301, "/english/news/"]);
    const base = await get(server.port, "/english");
    expect([base.status, base.body]).toEqual([200, "<p>home</p>"]);
  });

  it("answers addresses outside the path with the site's 404 page", async () => {
    for (const attempt of ["/news/", "/assets/site.css", "/englishnews/"]) {
      const reply = await get(server.port, attempt);
      expect([reply.status, reply.body], attempt).toEqual([404, "<p>404</p>"]);
    }
  });
});

describe("a fuzz of request paths", () => {
  it("never takes the server down and never serves a file outside its folder", async () => {
    const parent = tempDir("newsmirror-fuzz-");
    const root = path.join(parent, "site");
    mkdirSync(path.join(root, "news"), { recursive: true });
    writeFileSync(path.join(root, "index.html"), "<p>home</p>");
    writeFileSync(path.join(root, "news/a.html"), "<p>a</p>");
    // Siblings whose names start with the folder's name: a string-prefix check would let them out.
    writeFileSync(path.join(parent, "secret.txt"), "SECRET-OUTSIDE");
    mkdirSync(path.join(parent, "site.bak"));
    writeFileSync(path.join(parent, "site.bak/index.html"), "SECRET-SIBLING");
    writeFileSync(path.join(parent, "site.bak.html"), "SECRET-SIBLING-FILE");
    writeFileSync(path.join(root, ".env"), "SECRET-DOTFILE");
    const server = await startStaticServer({ root, port: 0 });
    const piece = fc.constantFrom(
      "..",
      ".",
      "",
      "%2e%2e",
      "%2E",
      "%2f",
      "%2F",
      "%5c",
      "\\",
      "%00",
      "%",
      "%zz",
      "site",
      "site.bak",
      "site.bak.html",
      "secret.txt",
      ".env",
      "news",
      "a.html",
      "index.html",
      "%252e%252e",
      "..%2f",
      "%2e%2e%2f",
      "%c0%ae",
      "?",
      "#",
      ";",
      "~",
      "%E2%80%AE",
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 8 }), async (pieces) => {
          const rawPath = `/${pieces.join("/")}`.replace(/[\s]/g, "%20");
          const reply: Reply = await get(server.port, rawPath).catch(() => ({ status: 400, headers: {}, body: "" }));
          expect(reply.body).not.toMatch(/SECRET/);
          expect(String(reply.headers.location ?? "/")).toMatch(/^\/(?![/\\])/);
        }),
        { numRuns: 400 },
      );
      expect((await get(server.port, "/")).body).toBe("<p>home</p>"); // still up
    } finally {
      await server.close();
    }
  });
});

describe("content types", () => {
  let server: StaticServer;
  beforeAll(async () => {
    const names = [
      "a/B.HTML",
      "x.js",
      "x.mjs",
      "x.json",
      "x.webp",
      "x.avif",
      "x.wasm",
      "x.woff2",
      "x.txt",
      "no-extension",
    ];
    server = await startStaticServer({ root: site(Object.fromEntries(names.map((n) => [n, "x"]))), port: 0 });
  });
  afterAll(() => server.close());

  it("are the types a site holds, whatever the case of the extension", async () => {
    const typeOf = async (file: string) => (await get(server.port, `/${file}`)).headers["content-type"];
    expect(await typeOf("a/B.HTML")).toBe("text/html; charset=utf-8");
    expect(await typeOf("x.js")).toBe("text/javascript; charset=utf-8");
    expect(await typeOf("x.mjs")).toBe("text/javascript; charset=utf-8");
    expect(await typeOf("x.json")).toBe("application/json; charset=utf-8");
    expect(await typeOf("x.webp")).toBe("image/webp");
    expect(await typeOf("x.avif")).toBe("image/avif");
    expect(await typeOf("x.wasm")).toBe("application/wasm");
    expect(await typeOf("x.woff2")).toBe("font/woff2");
    expect(await typeOf("x.txt")).toBe("text/plain; charset=utf-8");
    expect(await typeOf("no-extension")).toBe("application/octet-stream");
  });
});

describe("newsmirror preview", () => {
  // The one real `newsmirror preview` process of this file: the command line as a user runs it, stopped by a signal.
  it("serves a built folder on 127.0.0.1 until stopped, under the path of the site's base URL", async () => {
    const content = makeContent({
      "site.json": JSON.stringify({ baseUrl: "https://example.org/english/" }),
      "a.md": articleText({ title: "Alpha" }),
    });
    const built = path.join(tempDir(), "site");
    expect((await runCli(["build", "--input", content, "--output", built, "--no-search"])).status).toBe(0);
    const child = spawn(process.execPath, [BIN, "preview", "--output", built, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (text: string) => {
          out += text;
          const m = / at (http:\/\/\S+) /.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`preview exited with ${code}`)));
      });
      const port = Number(new URL(url).port);
      expect(url).toBe(`http://127.0.0.1:${port}/english/`);
      expect([(await get(port, "/")).status, (await get(port, "/")).headers.location]).toEqual([302, "/english/"]);
      const page = await get(port, "/english/202107/28/alpha.html");
      expect(page.status).toBe(200);
      expect(page.body).toContain('href="/english/assets/site.css"');
      expect((await get(port, "/english/assets/site.css")).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("fails in one line when the folder was never built or the port is bad", async () => {
    const nothing = path.join(tempDir(), "nothing-here");
    const missing = await refusedServer(["preview", "--output", nothing, "--port", String(CLI_PORT)]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /^newsmirror: --output \S*nothing-here: no such folder; give the folder a build wrote \(newsmirror build --output DIR\)\n$/,
    );
    const badPort = await refusedServer(["preview", "--port", "http"]);
    expect([badPort.status, badPort.stderr]).toEqual([2, "newsmirror: --port: http is not a port number\n"]);
  });

  it("names the port when it is taken", async () => {
    const busy = await startStaticServer({ root: site({ "index.html": "x" }), port: CLI_PORT });
    try {
      const other = site({ "index.html": "y" });
      const result = await refusedServer(["preview", "--output", other, "--port", String(CLI_PORT)]);
      const message = fill(SYSTEM_FAILURES.portTaken.expected, { port: String(CLI_PORT) });
      expect([result.status, result.stderr]).toEqual([2, `${message}\n`]);
    } finally {
      await busy.close();
    }
  });
});
