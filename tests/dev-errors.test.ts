import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { connect } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { navigate, waitFor } from "./helpers/http.ts";
import { BIN, articleText, makeContent } from "./helpers/site.ts";

const PORT = 18401;


describe("the dev server, when a save breaks an article", () => {
  let server: ChildProcess;
  let stdout = "";
  let stderr = "";
  let content: string;
  const page = `http://127.0.0.1:${PORT}/202107/28/alpha.html`;
  const write = (fields: Record<string, string>, body: string) =>
    writeFileSync(path.join(content, "a.md"), articleText({ title: "Alpha", ...fields }, body));

  beforeAll(async () => {
    content = makeContent({ "a.md": articleText({ title: "Alpha" }, "Version one.\n") });
    server = spawn(process.execPath, [BIN, "serve", "--input", content, "--port", String(PORT)], { stdio: "pipe" });
    server.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    await waitFor("the first page", async () => ((await navigate(page))?.body.includes("Version one.") ? true : undefined), 90);
  }, 120_000);

  afterAll(() => {
    server?.kill("SIGTERM");
  });

  it("prints the problem in the terminal, one line naming file and field", async () => {
    write({ updated: "2021-13-01" }, "Version two.\n");
    const line = `${path.relative(process.cwd(), path.join(content, "a.md"))}:3: updated: "2021-13-01" has no UTC offset (e.g. 2021-07-28T07:01:00+08:00)`;
    await waitFor("the terminal report", () => (stderr.includes(line) ? true : undefined));
    expect(stderr).toContain("newsmirror: 1 problem in content; still serving the last good pages; fix and save to rebuild");
    expect(stderr).not.toMatch(/^\s*(\[11ty\])?\s+at /m); // no stack trace
  });

  it("keeps serving the last good page, with an overlay naming file and field", async () => {
    const shown = await waitFor("the overlay", async () => {
      const r = await navigate(page);
      return r?.body.includes('id="newsmirror-errors"') ? r : undefined;
    });
    expect(shown.status).toBe(200);
    expect(shown.body).toContain("Version one.");
    expect(shown.body).toMatch(/<li>[^<]*a\.md:3: updated: &quot;2021-13-01&quot; has no UTC offset[^<]*<\/li>/);
    expect(shown.body).toMatch(/<script[^>]+reload-client/); // and reloads itself when fixed
  });

  it("shows an error page where there is no good page", async () => {
    const missing = await navigate(`http://127.0.0.1:${PORT}/202107/28/not-built-yet.html`);
    expect(missing?.status).toBe(500);
    expect(missing?.body).toContain("a.md:3: updated:");
  });

  it("recovers by itself on the next good save", async () => {
    write({}, "Version three.\n");
    const fixed = await waitFor("the fixed page", async () => {
      const r = await navigate(page);
      return r?.body.includes("Version three.") ? r : undefined;
    });
    expect(fixed.body).not.toContain("newsmirror-errors");
    await waitFor("the terminal note", () => (stdout.includes("newsmirror: content fixed; pages rebuilt") ? true : undefined));
  });

  it("listens on loopback only", async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (!outside) return; // no other interface to try on this machine
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: outside, port: PORT, timeout: 2000 }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
      socket.on("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    expect(reached).toBe(false);
  });
});
