/**
 * Host configuration (src/site/host-config.ts): `_headers` and `nginx.conf`, read as the hosts read them. The
 * policy they send is the union of the pages' own; every alias is redirected; no file gets two Cache-Control
 * values, in Cloudflare's way of applying rules, Netlify's or nginx's. (tests/e2e/nginx.e2e.test.ts runs nginx.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { ArticleMeta } from "../src/article/article.ts";
import { parseSettings } from "../src/settings/settings.ts";
import { assembleNewsSite } from "../src/site/news-site.ts";
import { claimProblems, outputClaims } from "../src/site/output-paths.ts";
import {
  HEADERS_FILE,
  HOST_ONLY_FILES,
  hostConfigFiles,
  IMMUTABLE,
  NGINX_CONF_FILE,
  SHORT,
} from "../src/site/host-config.ts";
import { SiteUrls } from "../src/site/urls.ts";
import { makeArticle } from "./helpers/article.ts";
import { filesBelow } from "./helpers/site.ts";

const sampleSite = inject("sampleSite");
const read = (file: string) => readFileSync(path.join(sampleSite, file), "utf8");

/** A policy's directives: name → its sources. */
function directives(policy: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, new Set(sources));
  }
  return out;
}

/** What a set of policies allows together, each directive's sources merged ('none' only where nothing else is). */
function union(policies: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const policy of policies)
    for (const [name, sources] of directives(policy)) {
      const all = out.get(name) ?? new Set<string>();
      for (const source of sources) all.add(source);
      out.set(name, all);
    }
  for (const sources of out.values()) if (sources.size > 1) sources.delete("'none'");
  return out;
}

const metaPolicy = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
    .exec(html)![1]!
    .replaceAll("&#39;", "'")
    .replaceAll("&apos;", "'");

interface HeaderRule {
  pattern: string;
  set: [string, string][];
  unset: string[];
}

/** `_headers` as rules, in the file's order. */
function headerRules(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (line.startsWith("/")) rules.push({ pattern: line.trim(), set: [], unset: [] });
    else if (line.trim().startsWith("!")) rules.at(-1)!.unset.push(line.trim().slice(1).trim());
    else {
      const colon = line.indexOf(":");
      rules.at(-1)!.set.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return rules;
}

/** Whether a rule's pattern (one `*` splat at most, as both hosts take it) matches a path. */
function matches(pattern: string, urlPath: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === urlPath;
  return urlPath.startsWith(pattern.slice(0, star)) && urlPath.endsWith(pattern.slice(star + 1));
}

/**
 * Cloudflare Pages: every matching rule in order; a detach removes what earlier rules set; a header set again
 * is appended (joined with a comma on the wire). The values of Cache-Control a path gets.
 */
function cloudflareCacheControl(rules: readonly HeaderRule[], urlPath: string): string[] {
  let values: string[] = [];
  for (const rule of rules.filter((r) => matches(r.pattern, urlPath))) {
    if (rule.unset.some((name) => name.toLowerCase() === "cache-control")) values = [];
    for (const [name, value] of rule.set) if (name.toLowerCase() === "cache-control") values.push(value);
  }
  return values;
}

/** Netlify: detach lines are no header lines (no colon) and are skipped; a later matching rule's value replaces. */
function netlifyCacheControl(rules: readonly HeaderRule[], urlPath: string): string[] {
  const headers: Record<string, string[]> = {};
  for (const rule of rules.filter((r) => matches(r.pattern, urlPath))) {
    const own: Record<string, string[]> = {};
    for (const [name, value] of rule.set) (own[name.toLowerCase()] ??= []).push(value);
    Object.assign(headers, own);
  }
  return headers["cache-control"] ?? [];
}

interface NginxLocation {
  exact: boolean;
  path: string;
  headers: [string, string][];
  body: string;
}

/** nginx.conf's locations, with their add_header lines. */
function nginxLocations(text: string): NginxLocation[] {
  const out: NginxLocation[] = [];
  for (const match of text.matchAll(/^location (= )?"([^"]+)" \{([^}]*)\}/gm)) {
    const body = match[3]!;
    const headers = [...body.matchAll(/add_header (\S+) "([^"]*)" always;/g)].map(
      (m) => [m[1]!, m[2]!] as [string, string],
    );
    out.push({ exact: match[1] !== undefined, path: match[2]!, headers, body });
  }
  return out;
}

/** The location nginx picks for a path: an exact match, else the longest prefix. */
function nginxLocation(locations: readonly NginxLocation[], urlPath: string): NginxLocation | undefined {
  const exact = locations.find((l) => l.exact && l.path === urlPath);
  if (exact) return exact;
  return locations
    .filter((l) => !l.exact && urlPath.startsWith(l.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * Every address of the sample site a host answers with a file: each file's path, a folder's `/` and, for
 * Cloudflare, its `.html`-less form. Not the host's own files, which no host serves.
 */
function sitePaths(): string[] {
  const paths: string[] = [];
  for (const file of filesBelow(sampleSite)) {
    const urlPath = `/${file}`;
    if (HOST_ONLY_FILES.includes(urlPath)) continue;
    paths.push(urlPath);
    if (urlPath.endsWith("/index.html")) paths.push(urlPath.slice(0, -"index.html".length));
    else if (urlPath.endsWith(".html")) paths.push(urlPath.slice(0, -".html".length));
  }
  return paths;
}

describe("the site-wide Content-Security-Policy", () => {
  const header = headerRules(read("_headers")).find((rule) => rule.pattern === "/*")!;
  const policy = header.set.find(([name]) => name === "Content-Security-Policy")![1];

  it("allows what the pages' own policies allow together, and frame-ancestors 'self'", () => {
    // The pages, and the aliases' redirect pages (.htm among them), whose policy is default-src 'none'.
    const pages = filesBelow(sampleSite)
      .filter((file) => /\.html?$/.test(file))
      .map((file) => metaPolicy(read(file)));
    expect(pages.length).toBeGreaterThan(30);
    expect(pages).toContain("default-src 'none'");
    const expected = union(pages);
    expected.set("frame-ancestors", new Set(["'self'"]));
    expect(directives(policy)).toEqual(expected);
  });

  it("is the search page's policy (the widest: Pagefind's scripts and WebAssembly) with frame-ancestors", () => {
    expect(policy).toBe(`${metaPolicy(read("search.html"))}; frame-ancestors 'self'`);
    expect(policy).toContain("'wasm-unsafe-eval'");
  });

  it("names every script hash the pages carry", () => {
    const hashes = new Set<string>();
    for (const file of filesBelow(sampleSite, { endingWith: ".html" }))
      for (const source of directives(metaPolicy(read(file))).get("script-src") ?? [])
        if (source.startsWith("'sha256-")) hashes.add(source);
    expect(hashes.size).toBeGreaterThan(0);
    for (const hash of hashes) expect(policy).toContain(hash);
  });

  it("is the same in nginx.conf, in every location that sends headers", () => {
    const locations = nginxLocations(read("nginx.conf")).filter((l) => l.headers.length > 0);
    expect(locations.map((l) => l.path)).toEqual(["/photos/", "/"]);
    for (const location of locations)
      expect(location.headers.find(([name]) => name === "Content-Security-Policy")![1]).toBe(policy);
  });

  it("allows the origins of the remote photos articles show", () => {
    const plain = makeArticle("title: A\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua");
    const withPhotos: ArticleMeta = {
      ...plain,
      remoteImages: ["https://img.example.org/a.jpg", "https://cdn.example.com:8443/b.png"],
    };
    const other: ArticleMeta = { ...plain, url: "/b.html", remoteImages: ["https://img.example.org/c.jpg"] };
    const [headers] = hostConfigFiles([withPhotos, other], new SiteUrls("https://example.org/"));
    const sources = directives(headerRules(headers!.content)[0]!.set[0]![1]).get("img-src");
    expect([...sources!]).toEqual(["'self'", "data:", "https://cdn.example.com:8443", "https://img.example.org"]);
  });
});

describe("caching", () => {
  const rules = headerRules(read("_headers"));
  const locations = nginxLocations(read("nginx.conf"));

  it("keeps within Cloudflare's limits: 100 rules, 2,000 characters a line", () => {
    expect(rules.length).toBeLessThanOrEqual(100);
    for (const line of read("_headers").split("\n")) expect(line.length).toBeLessThanOrEqual(2000);
  });

  it("gives every file of the site one Cache-Control value on Cloudflare, Netlify and nginx: a year for photos", () => {
    const paths = sitePaths();
    expect(paths.some((p) => p.startsWith("/photos/"))).toBe(true);
    for (const urlPath of paths) {
      const expected = urlPath.startsWith("/photos/") ? IMMUTABLE : SHORT;
      expect(cloudflareCacheControl(rules, urlPath), urlPath).toEqual([expected]);
      expect(netlifyCacheControl(rules, urlPath), urlPath).toEqual([expected]);
      const location = nginxLocation(locations, urlPath);
      // An alias's old address: nginx answers its exact location with the redirect, as the other hosts do from _redirects.
      if (location?.exact) {
        expect(location.body, urlPath).toMatch(/^ return 301 "[^"]+"; $/);
        expect(read("_redirects")).toContain(`${urlPath} `);
        continue;
      }
      const values = location?.headers.filter(([name]) => name === "Cache-Control").map(([, value]) => value);
      expect(values, urlPath).toEqual([expected]);
    }
  });

  it("sets no header twice in one rule (Netlify would join the two)", () => {
    for (const rule of rules) {
      const names = rule.set.map(([name]) => name.toLowerCase());
      expect(new Set(names).size, rule.pattern).toBe(names.length);
    }
  });
});

describe("nginx.conf", () => {
  it("redirects every alias of the sample site, with the address _redirects gives it", () => {
    const redirects = read("_redirects")
      .trim()
      .split("\n")
      .map((line) => line.split(" ").slice(0, 2));
    expect(redirects.length).toBeGreaterThan(0);
    const returns = [...read("nginx.conf").matchAll(/^location = "([^"]+)" \{ return 301 "([^"]+)"; \}$/gm)].map(
      (m) => [m[1], m[2]],
    );
    expect(returns).toEqual(redirects);
  });

  it("answers 404 for the configuration files, and names the 404 page", () => {
    const text = read("nginx.conf");
    expect(text).toContain('error_page 404 "/404.html";');
    for (const file of ["/_headers", "/nginx.conf", "/_redirects", "/nginx-redirects.map"])
      expect(text).toContain(`location = "${file}" { return 404; }`);
    expect(read("404.html")).toContain("<title>");
  });

  it("follows the base URL's path, for redirects, locations and the 404 page", () => {
    const article = makeArticle(
      "title: A\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\nsection: news\naliases: [/old/a.htm, /old/b/]",
    );
    const files = hostConfigFiles([article], new SiteUrls("https://example.org/mirror/"));
    const nginx = files.find((file) => file.url === NGINX_CONF_FILE)!.content;
    expect(nginx).toContain(`location = "/mirror/old/a.htm" { return 301 "/mirror${article.url}"; }`);
    expect(nginx).toContain(`location = "/mirror/old/b/" { return 301 "/mirror${article.url}"; }`);
    expect(nginx).toContain('error_page 404 "/mirror/404.html";');
    expect(nginx).toContain('location = "/mirror/_headers" { return 404; }');
    expect(
      nginxLocations(nginx)
        .filter((l) => l.headers.length > 0)
        .map((l) => l.path),
    ).toEqual(["/mirror/photos/", "/mirror/"]);
    const headers = files.find((file) => file.url === HEADERS_FILE)!.content;
    expect(headerRules(headers).map((rule) => rule.pattern)).toEqual(["/mirror/*", "/mirror/photos/*"]);
  });
});

describe("which builds write it", () => {
  const site = parseSettings({});
  const article = makeArticle("title: A\nupdated: 2021-07-28T07:01:00+08:00\nsource: Xinhua\naliases: [/_headers]");

  it("a production build, not the dev server", () => {
    const urls = (dev: boolean) => assembleNewsSite([article], site, { dev }).files.map((file) => file.url);
    expect(urls(false)).toEqual(expect.arrayContaining([HEADERS_FILE, NGINX_CONF_FILE]));
    expect(urls(true)).not.toContain(HEADERS_FILE);
    expect(urls(true)).not.toContain(NGINX_CONF_FILE);
  });

  it("claims its paths, so an alias cannot write over them", () => {
    const problems = claimProblems(outputClaims([article], site), "content");
    expect(problems).toEqual([
      {
        file: "test.md",
        message:
          "aliases: /_headers lies in /_headers, a file written by the host's headers (_headers); an alias must be an address nothing else has",
      },
    ]);
  });
});
