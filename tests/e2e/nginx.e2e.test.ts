/**
 * The nginx configuration a build writes (src/site/host-config.ts), in Debian's nginx: started on 127.0.0.1 as a
 * foreground process of this test, with a temporary prefix and a minimal main configuration whose one server block
 * has the built site as its root and includes the site's nginx.conf, as docs/deploying.md says. Checked with fetch:
 * the headers of a page, a photo and a stylesheet, the 404 page, an alias's redirect and the configuration files;
 * and in Chromium, that the pages (search with Pagefind's WebAssembly among them) work under the header's policy.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TEST_PORTS } from "../helpers/ports.ts";
import { spawnCli, tempDir } from "../helpers/site.ts";
import type { Browser } from "playwright-core";
import { launchChromium, SEED_PATH, VIEWPORTS, watchForErrors } from "./site.ts";

const NGINX = process.env.NEWSMIRROR_NGINX ?? "/usr/sbin/nginx";
const PORT = TEST_PORTS + 5;
const SUB_PATH_PORT = TEST_PORTS + 6;

/** A minimal main configuration: one server on 127.0.0.1:port whose root is `root`, including `snippet`. */
function mainConfig(prefix: string, port: number, root: string, snippet: string): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(prefix, name)};`;
  return `daemon off;
master_process off;
pid ${path.join(prefix, "nginx.pid")};
error_log ${path.join(prefix, "error.log")} warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}
  server {
    listen 127.0.0.1:${port};
    root ${root};
    include ${snippet};
  }
}
`;
}

interface Nginx {
  process: ChildProcess;
  url: string;
  prefix: string;
}

/** nginx serving `root` with `snippet`, on `port`; resolves once it answers. */
async function startNginx(port: number, root: string, snippet: string): Promise<Nginx> {
  if (!existsSync(NGINX))
    throw new Error(`${NGINX} not found: install Debian's nginx (apt-get install nginx), or set NEWSMIRROR_NGINX`);
  const prefix = tempDir("newsmirror-nginx-");
  const config = path.join(prefix, "nginx.conf");
  writeFileSync(config, mainConfig(prefix, port, root, snippet));
  const checked = spawnSync(NGINX, ["-t", "-q", "-p", prefix, "-c", config, "-e", "stderr"], { encoding: "utf8" });
  if (checked.status !== 0) throw new Error(`nginx -t refused the configuration:\n${checked.stderr}`);
  const child = spawn(NGINX, ["-p", prefix, "-c", config, "-e", "stderr"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    try {
      await fetch(url, { method: "HEAD" });
      return { process: child, url, prefix };
    } catch (error) {
      if (tries > 100) throw new Error(`nginx did not answer on ${url}: ${stderr}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stopNginx(nginx: Nginx | undefined): Promise<void> {
  if (!nginx) return;
  if (nginx.process.exitCode === null) {
    const exited = new Promise((resolve) => nginx.process.once("exit", resolve));
    nginx.process.kill("SIGQUIT");
    await exited;
  }
  rmSync(nginx.prefix, { recursive: true, force: true });
}

const get = (url: string) => fetch(url, { redirect: "manual" });

/** The value of a header line in the site's _headers, under its `/*` rule. */
function headerInFile(siteDir: string, name: string): string {
  const line = readFileSync(path.join(siteDir, "_headers"), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`  ${name}: `));
  return line!.slice(`  ${name}: `.length);
}

describe("the site's nginx.conf in nginx", () => {
  const siteDir = inject("siteDir");
  let nginx: Nginx | undefined;
  beforeAll(async () => {
    nginx = await startNginx(PORT, siteDir, path.join(siteDir, "nginx.conf"));
  });
  afterAll(() => stopNginx(nginx));

  it("sends the site's policy, nosniff and five minutes' caching with an article page", async () => {
    const response = await get(`${nginx!.url}/${SEED_PATH}`);
    expect(response.status).toBe(200);
    const policy = response.headers.get("content-security-policy");
    expect(policy).toBe(headerInFile(siteDir, "Content-Security-Policy"));
    expect(policy).toContain("frame-ancestors 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("caches a photo variant for a year, immutable, with the same policy", async () => {
    const photo = readdirSync(path.join(siteDir, "photos")).find((name) => name.endsWith(".webp"))!;
    const response = await get(`${nginx!.url}/photos/${photo}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-security-policy")).toBe(headerInFile(siteDir, "Content-Security-Policy"));
  });

  it("caches the stylesheet, whose name is not fingerprinted, as briefly as the pages", async () => {
    const response = await get(`${nginx!.url}/assets/site.css`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/css/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("answers an unknown address with the site's 404 page, status 404, with its headers", async () => {
    const response = await get(`${nginx!.url}/no/such/page.html`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe(readFileSync(path.join(siteDir, "404.html"), "utf8"));
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
  });

  it("redirects an article's old address with a 301 to its page", async () => {
    const [from, to] = readFileSync(path.join(siteDir, "_redirects"), "utf8").split("\n")[0]!.split(" ");
    const response = await get(`${nginx!.url}${from}`);
    expect(response.status).toBe(301);
    expect(new URL(response.headers.get("location")!, nginx!.url).pathname).toBe(to);
    const page = await get(new URL(to!, nginx!.url).href);
    expect(page.status).toBe(200);
  });

  it("lets the pages do everything under the header's policy and their own: search finds the seed article", async () => {
    // A browser enforces both policies; a source the header lacked would show as a console error (a refusal).
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext(VIEWPORTS.desktop);
      const page = await context.newPage();
      const problems = watchForErrors(page);
      const policies: string[] = [];
      page.on("response", (response) => {
        const policy = response.headers()["content-security-policy"];
        if (response.request().resourceType() === "document" && policy) policies.push(policy);
      });
      // Every request of the page done (its icon is asked for after the load event) before going on: a request the next
      // navigation cancels would show as a failure that is not one.
      await page.goto(`${nginx!.url}/${SEED_PATH}`, { waitUntil: "networkidle" });
      await page.goto(`${nginx!.url}/search.html?q=Tajik`);
      await page.locator(`main a[href$="${SEED_PATH}"]`).first().waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
      expect(policies).toHaveLength(2);
      await context.close();
    } finally {
      await browser?.close();
    }
  });

  it("does not serve the host configuration files", async () => {
    for (const file of ["_headers", "nginx.conf", "_redirects", "nginx-redirects.map"]) {
      expect(existsSync(path.join(siteDir, file)), file).toBe(true);
      const response = await get(`${nginx!.url}/${file}`);
      expect(response.status, file).toBe(404);
    }
  });
});

describe("a site under a sub-path in nginx", () => {
  let root: string | undefined;
  let nginx: Nginx | undefined;
  beforeAll(async () => {
    // The server's root holds the site at the base URL's path: root/mirror/ for …/mirror/.
    root = tempDir("newsmirror-nginx-root-");
    const siteDir = path.join(root, "mirror");
    const built = spawnCli([
      "build",
      "--output",
      siteDir,
      "--base-url",
      `http://127.0.0.1:${SUB_PATH_PORT}/mirror/`,
      "--build-cache",
      path.join(root, "cache"),
      "--image-cache",
      path.join(root, "cache", "images"),
      "--no-search",
    ]);
    if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
    nginx = await startNginx(SUB_PATH_PORT, root, path.join(siteDir, "nginx.conf"));
  }, 180_000);
  afterAll(async () => {
    await stopNginx(nginx);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("serves its pages, photos, 404 page and redirects below the path", async () => {
    const page = await get(`${nginx!.url}/mirror/${SEED_PATH}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("public, max-age=300");
    const photo = readdirSync(path.join(root!, "mirror", "photos"))[0]!;
    const image = await get(`${nginx!.url}/mirror/photos/${photo}`);
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const missing = await get(`${nginx!.url}/mirror/no-such-page.html`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("/mirror/assets/site.css");
    const [from, to] = readFileSync(path.join(root!, "mirror", "_redirects"), "utf8")
      .split("\n")[0]!
      .split(" ");
    expect(from).toMatch(/^\/mirror\//);
    const moved = await get(`${nginx!.url}${from}`);
    expect(moved.status).toBe(301);
    expect(new URL(moved.headers.get("location")!, nginx!.url).pathname).toBe(to);
    expect((await get(`${nginx!.url}/mirror/nginx.conf`)).status).toBe(404);
  });
});
