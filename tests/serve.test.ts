import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { navigate, waitFor } from "./helpers/http.ts";
import { BIN, articleText, makeContent } from "./helpers/site.ts";

const PORT = 18091;
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
});

/** The page's text when it was served with status 200. */
const pageText = async (url: string) => {
  const response = await navigate(url);
  return response?.status === 200 ? response.body : undefined;
};

describe("newsmirror serve", () => {
  it("serves on 127.0.0.1 with live reload and rebuilds a page when its article is saved", async () => {
    const content = makeContent({ "a.md": articleText({ title: "Alpha", draft: "true" }, "Version one.\n") });
    const child = spawn(process.execPath, [BIN, "serve", "--input", content, "--port", String(PORT)], { stdio: "pipe" });
    children.push(child);
    const url = `http://127.0.0.1:${PORT}/202107/28/alpha.html`;

    const first = await waitFor("the first page", () => pageText(url));
    expect(first).toContain("Version one.");
    expect(first).toMatch(/<script[^>]+reload-client/); // the browser reconnects and reloads on rebuilds

    // Drafts are in the dev server's listings, and unknown addresses get the site's 404 page.
    expect(await pageText(`http://127.0.0.1:${PORT}/`)).toContain("Alpha");
    expect(await navigate(`http://127.0.0.1:${PORT}/no/such/page.html`)).toEqual({ status: 404, body: expect.stringContaining("Page not found") });

    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha", draft: "true" }, "Version two.\n"));
    const second = await waitFor("the rebuilt page", async () => {
      const text = await pageText(url);
      return text?.includes("Version two.") ? text : undefined;
    });
    expect(second).toContain("Version two.");
  });
});
