/**
 * newsmirror as a newsroom gets it: the package npm would publish (`npm pack`), installed into an empty folder with no
 * network (from the tarball and npm's local cache, as `npm ci` left it), then `npx newsmirror init`, `build` and
 * `check` in the new site's folder, as docs/getting-started.md has them. What the checkout's own tests cannot see is
 * seen here: a file left out of the package's `files`, a dependency only the checkout has, templates below a
 * node_modules folder (Eleventy ignores those by default: the home page went missing once).
 *
 * The install needs a lockfile to stay offline (npm asks the registry for a range's versions otherwise): it is made
 * from newsmirror's own package-lock.json, each package at the version and integrity newsmirror's tests ran with.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const own = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };

interface LockPackage {
  dev?: boolean;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** A lockfile for a folder that depends on the tarball alone: newsmirror's own lock, re-rooted, its dev tools left out. */
function consumerLock(tarball: string, name = "newsroom"): object {
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockPackage>;
  };
  const { devDependencies: _dev, ...newsmirror } = lock.packages[""]!;
  const packages: Record<string, object> = {
    "": { name, dependencies: { newsmirror: `file:${tarball}` } },
    "node_modules/newsmirror": { ...newsmirror, resolved: `file:${tarball}` },
  };
  for (const [at, entry] of Object.entries(lock.packages)) if (at !== "" && !entry.dev) packages[at] = entry;
  return { name, lockfileVersion: 3, requires: true, packages };
}

let work: string;
let tarball: string;
let site: string;
const run = (cwd: string, command: string, args: string[]) =>
  execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
  });

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "newsmirror-package-"));
  const packed = JSON.parse(run(ROOT, "npm", ["pack", "--json", "--pack-destination", work])) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = packed[0]!.filename;
  writeFileSync(path.join(work, "package-lock.json"), JSON.stringify(consumerLock(tarball)));
  // package.json's dependency as npm writes it when installing a tarball
  writeFileSync(
    path.join(work, "package.json"),
    JSON.stringify({ name: "newsroom", private: true, dependencies: { newsmirror: `file:${tarball}` } }),
  );
  run(work, "npm", ["ci", "--offline"]);
  site = path.join(work, "daily-news");
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the published package", () => {
  it("holds what a site needs and none of the project's own folders", () => {
    const files = readdirSync(path.join(work, "node_modules/newsmirror"));
    expect(files).toEqual(expect.arrayContaining(["bin", "src", "templates", ".eleventy.ts", "README.md", "LICENSE"]));
    for (const own of ["tests", "content", "bench", "docs", "node_modules/.cache"])
      expect(files, `${own} is not published`).not.toContain(own);
    const manifest = JSON.parse(readFileSync(path.join(work, "node_modules/newsmirror/package.json"), "utf8"));
    expect(manifest.private).toBeUndefined();
    expect(manifest.bin).toEqual({ newsmirror: "bin/newsmirror.js" });
  });

  it("makes a new site with init that builds and checks at once, branded and without gov.cn's lines", () => {
    expect(run(work, "npx", ["--offline", "newsmirror", "--version"]).trim()).toContain(own.version);
    const made = run(work, "npx", [
      "--offline",
      "newsmirror",
      "init",
      "daily-news",
      "--name",
      "Daily News",
      "--base-url",
      "https://news.example.com/",
    ]);
    expect(made).toContain("cd daily-news && npm install");
    expect(JSON.parse(readFileSync(path.join(site, "package.json"), "utf8")).dependencies).toEqual({
      newsmirror: `^${own.version}`,
    });
    const built = run(site, "npx", ["--offline", "newsmirror", "build"]);
    expect(built).toContain("(1 article)");
    expect(run(site, "npx", ["--offline", "newsmirror", "check"])).toMatch(/_site: \d+ pages valid/);

    const home = readFileSync(path.join(site, "_site/index.html"), "utf8");
    expect(home).toContain('<img src="/assets/site-logo.svg" alt="Daily News"');
    expect(readFileSync(path.join(site, "_site/assets/site-logo.svg"), "utf8")).toContain("<title>Daily News</title>");
    const article = readdirSync(path.join(site, "_site/news"), { recursive: true }).find(
      (f) => String(f).endsWith(".html") && String(f).includes("content_"),
    );
    const page = readFileSync(path.join(site, "_site/news", String(article)), "utf8");
    expect(page).toContain("Welcome to Daily News");
    expect(page).toContain("Copyright© Daily News");
    for (const govcn of ["05070218", "bm01000001", "www.gov.cn", "header__app", "/assets/logo.svg"])
      expect(page, govcn).not.toContain(govcn);
  });

  it("installs into the site init made without npm's notice of install scripts, and the site builds from its own install", () => {
    // The site's package.json as init wrote it, its newsmirror taken from the tarball (not yet on the registry).
    const written = JSON.parse(readFileSync(path.join(site, "package.json"), "utf8")) as { name: string };
    writeFileSync(
      path.join(site, "package.json"),
      JSON.stringify({ ...written, dependencies: { newsmirror: `file:../${tarball}` } }),
    );
    writeFileSync(path.join(site, "package-lock.json"), JSON.stringify(consumerLock(`../${tarball}`, written.name)));
    const install = spawnSync("npm", ["ci", "--offline"], {
      cwd: site,
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
    });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/install-scripts|install scripts/);
    const built = run(site, "npx", ["--offline", "newsmirror", "build", "--clean", "--no-search"]);
    expect(built).toContain("(1 article)");
    // sharp's prebuilt binary came as an optional package: its native library loads without its install script.
    expect(run(site, "node", ["-e", "console.log(require('sharp').versions.vips)"]).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
