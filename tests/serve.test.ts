import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { get } from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, articleText, makeContent } from "./helpers/site.ts";

const PORT = 18091;
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
});

/** GET as a browser navigating (node's fetch cannot say so): the dev server injects its reload script only then. */
function fetchText(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve(response.statusCode === 200 ? body : undefined));
    });
    request.on("error", () => resolve(undefined));
  });
}

function fetchStatusAndText(url: string): Promise<[number | undefined, string]> {
  return new Promise((resolve) => {
    const request = get(url, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve([response.statusCode, body]));
    });
    request.on("error", () => resolve([undefined, ""]));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("newsmirror serve", () => {
  it("serves on 127.0.0.1 with live reload and rebuilds a page when its article is saved", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha", draft: "true" }, "Version one.\n") });
    const child = spawn(process.execPath, [BIN, "serve", "--input", content, "--port", String(PORT)], { stdio: "pipe" });
    children.push(child);
    const url = `http://127.0.0.1:${PORT}/202107/28/alpha.html`;

    const first = await waitFor("the first page", () => fetchText(url));
    expect(first).toContain("Version one.");
    expect(first).toMatch(/<script[^>]+reload-client/); // the browser reconnects and reloads on rebuilds

    // Drafts are in the dev server's listings, and unknown addresses get the site's 404 page.
    expect(await fetchText(`http://127.0.0.1:${PORT}/`)).toContain("Alpha");
    expect(await fetchStatusAndText(`http://127.0.0.1:${PORT}/no/such/page.html`)).toEqual([404, expect.stringContaining("Page not found")]);

    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha", draft: "true" }, "Version two.\n"));
    const second = await waitFor("the rebuilt page", async () => {
      const text = await fetchText(url);
      return text?.includes("Version two.") ? text : undefined;
    });
    expect(second).toContain("Version two.");
  });
});
