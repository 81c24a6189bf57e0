/**
 * docs/deploying.md's recipes name what newsmirror really has: the build's options and default folders, the files
 * a build writes for hosts. The recipes cannot be run against the hosts here (no network); nginx's is run by
 * tests/e2e/nginx.e2e.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCommand } from "../src/cli/commands/build.ts";
import { DEFAULT_BUILD_CACHE, DEFAULT_IMAGE_CACHE, SITE_MARKER } from "../src/output/guard.ts";
import { HOST_ONLY_FILES } from "../src/site/host-config.ts";
import { ROOT } from "./helpers/site.ts";

const doc = readFileSync(path.join(ROOT, "docs/deploying.md"), "utf8");
/** The doc's fenced blocks of one language. */
const blocks = (language: string) =>
  [...doc.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, "gm"))].map((m) => m[1]!);

describe("docs/deploying.md", () => {
  it("uses only options `newsmirror build` has", () => {
    const commands = [...doc.matchAll(/newsmirror build((?: --[a-z-]+)*)/g)];
    expect(commands.length).toBeGreaterThan(3);
    for (const [, flags] of commands)
      for (const flag of flags!.trim().split(/\s+/).filter(Boolean))
        expect(Object.keys(buildCommand.options), flag).toContain(flag.slice(2));
  });

  it("keeps the build cache's folder and the output folder between GitHub Actions runs, and builds for the project's path", () => {
    const [workflow] = blocks("yaml");
    const steps = parse(workflow!).jobs.build.steps as { uses?: string; run?: string; with?: Record<string, string> }[];
    const cache = steps.find((step) => step.uses?.startsWith("actions/cache@"))!;
    const kept = cache.with!.path!.trim().split("\n");
    const top = (folder: string) => folder.split("/")[0];
    expect(kept).toEqual([top(DEFAULT_BUILD_CACHE), "_site"]);
    expect(top(DEFAULT_IMAGE_CACHE)).toBe(top(DEFAULT_BUILD_CACHE));
    const build = steps.find((step) => step.run?.includes("newsmirror build"))!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as the workflow writes it
    expect(build.run).toContain('--base-url "https://${{ github.repository_owner }}.github.io/');
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"))!;
    expect(upload.with!.path).toBe("_site");
    // The cache is restored before the build that uses it.
    expect(steps.indexOf(cache)).toBeLessThan(steps.indexOf(build));
  });

  it("publishes _site on Netlify", () => {
    const [toml] = blocks("toml");
    expect(toml).toContain('publish = "_site"');
    expect(toml).toContain('command = "npx newsmirror build"');
  });

  it("includes the build's nginx.conf in a server block whose root is the output folder", () => {
    const [server] = blocks("nginx");
    expect(server).toContain("root /srv/mirror/_site;");
    expect(server).toContain("include /srv/mirror/_site/nginx.conf;");
  });

  it("leaves the host's own files out of the bucket, and keeps photos for a year", () => {
    const [s3] = blocks("sh");
    const excluded = [...s3!.matchAll(/--exclude ([^\s)]+)/g)].map((m) => m[1]).filter((name) => !name!.includes("*"));
    expect(new Set(excluded)).toEqual(new Set([...HOST_ONLY_FILES.map((file) => file.slice(1)), SITE_MARKER]));
    expect(s3).toContain(
      "_site/photos \"$BUCKET/photos\" --exclude '*.avif' \\\n  --cache-control 'public, max-age=31536000, immutable'",
    );
    expect(s3).toContain("--exclude 'photos/*'");
  });
});
