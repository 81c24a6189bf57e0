import { spawn } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentType, startStaticServer, type StaticServer } from "../src/serve/static.ts";
import { BIN, runCli, tempDir } from "./helpers/site.ts";

/** Ports of this test file (the e2e suite has its own). */
const PORT = 18701;
const CLI_PORT = 18702; // and 18703
const BARE_PORT = 18704;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path is sent exactly as written (fetch would normalise `..`). */
function get(port: number, rawPath: string, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

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
    });
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
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
    expect([page.status, page.headers["content-type"], page.body]).toEqual([200, "text/html; charset=utf-8", "<p>a</p>"]);
    expect((await get(PORT, "/")).body).toBe("<p>home</p>");
    expect((await get(PORT, "/news/")).body).toBe("<p>news</p>");
    expect((await get(PORT, "/assets/site.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
    expect((await get(PORT, "/assets/logo.svg")).headers["content-type"]).toBe("image/svg+xml");
    expect((await get(PORT, "/feed.xml")).headers["content-type"]).toBe("application/xml; charset=utf-8");
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

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get(PORT, "/news/a.html", "HEAD");
    expect([head.status, head.headers["content-length"], head.body]).toEqual([200, "8", ""]);
    const post = await get(PORT, "/news/a.html", "POST");
    expect([post.status, post.headers.allow]).toEqual([405, "GET, HEAD"]);
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

describe("content types", () => {
  it("knows the types a site holds, whatever the case of the extension", () => {
    expect(contentType("a/B.HTML")).toBe("text/html; charset=utf-8");
    expect(contentType("x.js")).toBe("text/javascript; charset=utf-8");
    expect(contentType("x.webp")).toBe("image/webp");
    expect(contentType("x.wasm")).toBe("application/wasm");
    expect(contentType("no-extension")).toBe("application/octet-stream");
  });
});

describe("newsmirror preview", () => {
  it("serves a built folder on 127.0.0.1 until stopped", async () => {
    const root = site({ "index.html": "<p>built</p>" });
    const child = spawn(process.execPath, [BIN, "preview", "--output", root, "--port", String(CLI_PORT)], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding("utf8").on("data", (text: string) => resolve(text));
        child.on("exit", (code) => reject(new Error(`preview exited with ${code}`)));
      });
      expect(line).toContain(`http://127.0.0.1:${CLI_PORT}/`);
      expect((await get(CLI_PORT, "/")).body).toBe("<p>built</p>");
    } finally {
      child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  });

  it("fails in one line when the folder was never built or the port is bad", () => {
    const missing = runCli(["preview", "--output", path.join(tempDir(), "nothing-here"), "--port", String(CLI_PORT)]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^newsmirror: --output \S*nothing-here: no such folder; give the folder a build wrote \(newsmirror build --output DIR\)\n$/);
    const badPort = runCli(["preview", "--port", "http"]);
    expect([badPort.status, badPort.stderr]).toEqual([2, "newsmirror: --port: http is not a port number\n"]);
  });

  it("names the port when it is taken", async () => {
    const busy = await startStaticServer({ root: site({ "index.html": "x" }), port: CLI_PORT + 1 });
    try {
      const result = runCli(["preview", "--output", site({ "index.html": "y" }), "--port", String(CLI_PORT + 1)]);
      expect([result.status, result.stderr]).toEqual([1, `newsmirror: --port: ${CLI_PORT + 1} is in use on 127.0.0.1; choose another with --port N\n`]);
    } finally {
      await busy.close();
    }
  });
});
