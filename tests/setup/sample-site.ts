/**
 * Builds the sample site (content/) once per test run, with the search
 * index and a fixed build time, for every test that only reads it
 * (`inject("sampleSite")`). A test that changes a site builds its own.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { SAMPLE_BUILD_TIME, spawnCli, tempDir } from "../helpers/site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The sample site, built by `newsmirror build --build-time SAMPLE_BUILD_TIME`: read it, never write to it. */
    sampleSite: string;
  }
}

let root: string | undefined;

export function setup(project: TestProject): void {
  root = tempDir("newsmirror-sample-");
  const sampleSite = path.join(root, "site");
  const built = spawnCli([
    "build",
    "--output",
    sampleSite,
    "--build-time",
    SAMPLE_BUILD_TIME,
    "--image-cache",
    path.join(root, "cache"),
  ]);
  if (built.status !== 0) throw new Error(`the sample site did not build:\n${built.stderr}`);
  project.provide("sampleSite", sampleSite);
}

export function teardown(): void {
  if (root) rmSync(root, { recursive: true, force: true });
}
