/**
 * docs/deploying.md's recipes name what newsmirror really has: the build's options and default folders, the files
 * a build writes for hosts. The recipes cannot be run against the hosts here (no network); nginx's is run by
 * tests/e2e/nginx.e2e.test.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCommand } from "../src/cli/commands/build.ts";
import { DEFAULT_BUILD_CACHE, DEFAULT_IMAGE_CACHE, SITE_MARKER } from "../src/output/guard.ts";
import { spareOf } from "../src/output/staging.ts";
import { HOST_ONLY_FILES } from "../src/site/host-config.ts";
import { runCli } from "./helpers/cli.ts";
import { Newsroom } from "./helpers/newsroom.ts";
import { ROOT, SAMPLE_BUILD_TIME, tempDir } from "./helpers/site.ts";

const doc = readFileSync(path.join(ROOT, "docs/deploying.md"), "utf8");
/** The doc's fenced blocks of one language. */
const blocks = (language: string) =>
  [...doc.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, "gm"))].map((m) => m[1]!);

interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

/** The folders a GitHub Actions workflow's (or a job's `steps:`) `actions/cache` step keeps between runs. */
function cachedPaths(workflow: string): string[] {
  const parsed = parse(workflow) as { jobs?: { build: { steps: WorkflowStep[] } }; steps?: WorkflowStep[] };
  const steps = parsed.jobs?.build.steps ?? parsed.steps!;
  const cache = steps.find((step) => step.uses?.startsWith("actions/cache@"))!;
  return cache.with!.path!.trim().split("\n");
}

/**
 * Publishes on a CI runner that keeps `paths` between runs as actions/cache does: restored from a tar archive before
 * the build, saved (the folders that are there) after it, and everything else of the runner gone. Returns the
 * build's output and whether an unchanged page of the restored site was a hard link to the spare copy's.
 */
function ciRunner(paths: string[], content: string) {
  const work = tempDir();
  const archive = path.join(tempDir(), "cache.tar");
  return async (): Promise<{ stdout: string; linked: boolean }> => {
    if (existsSync(archive)) execFileSync("tar", ["-xf", archive], { cwd: work });
    const page = "robots.txt"; // written by every build, the same bytes each time
    const spare = path.basename(spareOf("_site"));
    const linked =
      existsSync(path.join(work, spare, page)) &&
      statSync(path.join(work, spare, page)).ino === statSync(path.join(work, "_site", page)).ino;
    const built = await runCli(["build", "--input", content, "--no-search", "--build-time", SAMPLE_BUILD_TIME], {
      cwd: work,
    });
    expect(built.status, built.stderr).toBe(0);
    execFileSync("tar", ["-cf", archive, ...paths.filter((p) => existsSync(path.join(work, p)))], { cwd: work });
    for (const entry of readdirSync(work)) rmSync(path.join(work, entry), { recursive: true, force: true });
    return { stdout: built.stdout, linked };
  };
}

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
    const steps = parse(workflow!).jobs.build.steps as WorkflowStep[];
    const cache = steps.find((step) => step.uses?.startsWith("actions/cache@"))!;
    const top = (folder: string) => folder.split("/")[0];
    expect(cachedPaths(workflow!)).toEqual([top(DEFAULT_BUILD_CACHE), "_site", path.basename(spareOf("_site"))]);
    expect(top(DEFAULT_IMAGE_CACHE)).toBe(top(DEFAULT_BUILD_CACHE));
    const build = steps.find((step) => step.run?.includes("newsmirror build"))!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as the workflow writes it
    expect(build.run).toContain('--base-url "https://${{ github.repository_owner }}.github.io/');
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"))!;
    expect(upload.with!.path).toBe("_site");
    // The cache is restored before the build that uses it.
    expect(steps.indexOf(cache)).toBeLessThan(steps.indexOf(build));
  });

  it("keeps, in both GitHub workflows (the doc's and the one `newsmirror init` writes), what makes a CI publish update the spare copy rather than make one", async () => {
    const where = tempDir();
    expect((await runCli(["init", "site"], { cwd: where })).status).toBe(0);
    const scaffold = readFileSync(path.join(where, "site/.github/workflows/site.yml"), "utf8");
    const [pages, incremental] = blocks("yaml");
    for (const workflow of [pages!, incremental!, scaffold]) {
      const paths = cachedPaths(workflow);
      const room = new Newsroom([
        { title: "Talks open", section: "news", day: 3, month: 5, body: "Officials met on Monday." },
        { title: "Harvest up", section: "culture", day: 9, month: 7, body: "The figures rose." },
      ]);
      const publish = ciRunner(paths, room.dir);
      expect((await publish()).stdout).toMatch(/full build \(no earlier site/);
      room.apply({ kind: "edit", pick: 0, story: { title: "Talks resume" } });
      // The first publish after a full build has no spare copy yet, and makes one.
      expect((await publish()).stdout).toMatch(
        /incremental build: .*; no spare copy to update, so \._site\.spare was made/,
      );
      room.apply({ kind: "edit", pick: 1, story: { title: "Harvest doubles" } });
      const third = await publish();
      expect(third.stdout).toMatch(/incremental build: 1 article changed/);
      expect(third.stdout).not.toMatch(/no spare copy/);
      expect(third.linked, "the spare copy kept as hard links to the site's files").toBe(true);
    }
    // Without the spare copy kept, every publish makes it again.
    const room = new Newsroom([{ title: "Talks open", section: "news", day: 3, month: 5, body: "Officials met." }]);
    const publish = ciRunner([".cache", "_site"], room.dir);
    await publish();
    for (const title of ["Talks resume", "Talks end"]) {
      room.apply({ kind: "edit", pick: 0, story: { title } });
      expect((await publish()).stdout).toMatch(/no spare copy to update/);
    }
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
