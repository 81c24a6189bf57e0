/**
 * What the dev server's two processes say to each other over Node's IPC
 * channel. The server (src/serve/dev-server.ts) owns the port, the open
 * pages and the folder; the builder (src/serve/dev-builder.ts) builds into
 * that folder, and is replaced when newsmirror's own code changes.
 */
import type { ContentProblem, WireError } from "../errors.ts";

/** Server → builder, once, right after the builder starts. */
export interface BuilderJob {
  type: "job";
  contentDir: string;
  displayRoot: string;
  /** Where the user ran `serve` (the output-folder rules protect it). */
  cwd: string;
  /** The server's folder; the builder replaces it with each full build. */
  outputDir: string;
  imageCacheDir: string;
  /** "Now" for news sitemaps and feeds, fixed (SOURCE_DATE_EPOCH); default each build's real time. */
  buildTimeMs?: number;
  /** The site's address instead of site.json's (`serve --base-url`). */
  baseUrl?: string;
}

/** Server → builder: a page template or asset changed (files it re-reads at each whole build); build the whole site. */
export interface RebuildRequest {
  type: "rebuild";
  reason: string;
}

/** Builder → server. */
export type BuilderMessage =
  /** A build or a page update is on disk: the server reloads open pages. */
  | {
      type: "built";
      /** A whole build (true) or a few pages rewritten (false). */
      full: boolean;
      /** Pages written (all of them for a full build). */
      pages: number;
      /** Site paths of the pages rewritten, for a page update: the edited articles' first. */
      urls: string[];
      /** How many of `urls` are the edited articles' own pages. */
      edited: number;
      /** Files removed, for a page update (a deleted article's page). */
      removed?: number;
      ms: number;
      articles: number;
      /** Where the site is served: the path of its baseUrl (`/`, `/english/`). */
      basePath: string;
      /** Why a full build was needed ("site.json changed"), or undefined for the first; for a page update, the files
       * that came or went ("b.md removed"), if any. */
      reason?: string;
      warnings: ContentProblem[];
    }
  /** The content cannot be built: the server keeps the last good pages and shows these lines. */
  | { type: "problems"; problems: ContentProblem[] }
  /**
   * A build failed for another reason (a full disk, a bug): one line, the
   * last good pages stay. The error keeps its kind across the process
   * boundary, so the server tells a user's mistake from a bug as the CLI does.
   */
  | { type: "failed"; error: WireError };
