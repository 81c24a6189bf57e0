/**
 * What every page of a build is made from besides its own articles: the
 * templates, the stylesheet and other assets, site.json, newsmirror's own
 * code and its dependencies, the Node version and the build's options.
 * A difference from the inputs of the last build is a change that can touch
 * every page: that build is a full one, and says which change it was.
 *
 * Each input is a name and a fingerprint (a version, or a hash of the
 * file's bytes); templates and assets are one input per file, so the
 * reason can name the file.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT, TEMPLATE_SOURCES } from "../package.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { textOrder } from "../order.ts";

/** Input name → fingerprint. */
export type BuildInputs = Readonly<Record<string, string>>;

/** The build options that change pages: each is an input named by its flag. */
export interface PageOptions {
  includeDrafts: boolean;
  relativeLinks: boolean;
  dev: boolean;
  search: boolean;
  searchBundleSize?: number | undefined;
}

const hashOf = (data: string | Buffer) => createHash("sha256").update(data).digest("base64url").slice(0, 22);

/** Every file below `dir`, as posix paths relative to PACKAGE_ROOT, sorted. */
function filesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(PACKAGE_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

function packageJson(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
}

/** The installed version of a dependency: its package.json in the nearest node_modules above newsmirror's folder. */
function installedVersion(name: string): string {
  for (let dir = PACKAGE_ROOT; ; dir = path.dirname(dir)) {
    try {
      return packageJson(path.join(dir, "node_modules", name)).version;
    } catch {
      if (dir === path.dirname(dir)) return "missing";
    }
  }
}

/** newsmirror's own inputs: its version and code, its dependencies' versions, Node's, its templates and assets. */
export function codeInputs(): BuildInputs {
  const own = packageJson(PACKAGE_ROOT);
  const code = createHash("sha256");
  for (const file of [...filesBelow(path.join(PACKAGE_ROOT, "src")), ".eleventy.ts", "bin/newsmirror.js"]) {
    code.update(`${file}\0`).update(readFileSync(path.join(PACKAGE_ROOT, file)));
  }
  const inputs: Record<string, string> = {
    newsmirror: `${own.version} ${code.digest("base64url").slice(0, 22)}`,
    node: process.version,
  };
  for (const name of Object.keys(own.dependencies ?? {}).sort()) inputs[`dependency ${name}`] = installedVersion(name);
  for (const file of filesBelow(TEMPLATE_SOURCES)) inputs[file] = hashOf(readFileSync(path.join(PACKAGE_ROOT, file)));
  return inputs;
}

/** What the articles are read with (newsmirror, its dependencies, Node; not templates): the loader's store is kept under it. */
export function readerKey(code: BuildInputs): string {
  return inputsDigest(Object.fromEntries(Object.entries(code).filter(([name]) => !name.startsWith("templates/"))));
}

/**
 * Every input of a build of `settings` with `options`, newsmirror's own (`codeInputs()`) included, and the site's
 * template overrides (`site:templates/…`, src/templates/overrides.ts), if it has any.
 */
export function buildInputs(
  code: BuildInputs,
  settings: SiteSettings,
  options: PageOptions,
  overrides: BuildInputs = {},
): BuildInputs {
  return {
    ...code,
    ...overrides,
    // The base URL on its own (site.json's or --base-url's): a change names it, whichever gave it.
    "site.json": hashOf(JSON.stringify({ ...settings, baseUrl: "", timeZone: "" })),
    "base URL": settings.baseUrl,
    // On its own too: a change moves articles published near midnight to another day's address (build.ts says which).
    "time zone": settings.timeZone,
    "--drafts": String(options.includeDrafts),
    "--relative": String(options.relativeLinks),
    "--no-search": String(!options.search),
    "--search-bundle": String(options.searchBundleSize ?? "default"),
    dev: String(options.dev),
  };
}

/** One digest of all inputs: part of every output file's key, so files made from other inputs never match. */
export function inputsDigest(inputs: BuildInputs): string {
  return hashOf(JSON.stringify(Object.entries(inputs).sort(([a], [b]) => textOrder(a, b))));
}

/** The first change from `before` to `now` that can touch every page, said for a person; undefined when none. */
export function inputChange(before: BuildInputs, now: BuildInputs): string | undefined {
  const names = [...new Set([...Object.keys(before), ...Object.keys(now)])];
  // The most specific first: a file of the site's design, then site.json, then the tools.
  const order = (name: string) =>
    name.startsWith("site:") || name.startsWith("templates/")
      ? 0
      : name === "site.json" || name === "base URL" || name === "time zone"
        ? 1
        : name.startsWith("--") || name === "dev"
          ? 2
          : 3;
  // An input the last build did not record (one a newer newsmirror added) is the reason only when nothing else is; a
  // file the site added to its templates is a change like any other.
  const rank = (name: string) => order(name) + (name in before || name.startsWith("site:") ? 0 : 10);
  names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  for (const name of names) {
    const was = before[name];
    const is = now[name];
    if (was === is) continue;
    return describe(name, was, is);
  }
  return undefined;
}

function describe(name: string, was: string | undefined, is: string | undefined): string {
  const change = was === undefined ? "added" : is === undefined ? "removed" : "changed";
  if (name.startsWith("site:")) {
    const file = name.slice("site:".length);
    if (/^[^/]+\/assets\/site\.css$/.test(file)) return `the site's stylesheet ${change} (${file})`;
    if (/^[^/]+\/assets\//.test(file)) return `an asset of the site ${change} (${file})`;
    return `a template of the site ${change} (${file})`;
  }
  if (name === "templates/assets/site.css") return `the stylesheet changed (${name})`;
  if (name.startsWith("templates/assets/")) return `an asset ${change} (${name})`;
  if (name.startsWith("templates/")) return `a template ${change} (${name})`;
  if (name === "site.json") return "site.json changed";
  if (name === "base URL") return `the base URL changed (${was} → ${is})`;
  if (name === "time zone") return `the time zone changed (${was} → ${is})`;
  if (name === "dev") return is === "true" ? "the dev server's build" : "a production build after the dev server's";
  if (is === "true" || is === "false") return `${name} ${is === "true" ? "given" : "not given"} this time`;
  if (name.startsWith("--")) return `${name} changed (${was} → ${is})`;
  if (name === "node") return `Node changed (${was} → ${is})`;
  if (name === "newsmirror") {
    const [wasVersion] = (was ?? "").split(" ");
    const [isVersion] = (is ?? "").split(" ");
    return wasVersion === isVersion
      ? `newsmirror's code changed (version ${isVersion})`
      : `newsmirror changed (${wasVersion} → ${isVersion})`;
  }
  const dependency = name.replace(/^dependency /, "");
  return `newsmirror's dependency ${dependency} changed (${was ?? "none"} → ${is ?? "none"})`;
}
