/**
 * What the dev server shows while content is broken. The articles data
 * function records the problems of the last rebuild here (and prints them,
 * one line each); the dev server's middleware then serves the last good
 * page with an overlay listing them (or an error page where there is no good
 * page yet), and the browser is told to reload. The next good save clears
 * the record, rebuilds, and the reload shows the fixed page.
 *
 * The record lives on globalThis: Eleventy may re-import configuration
 * modules on rebuilds, and every copy must see the same state.
 */
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { findContentError, formatProblem, type ContentProblem } from "../errors.ts";
import { html } from "../html.ts";
import { problemReport } from "../cli/problems.ts";

interface DevErrorState {
  problems: readonly ContentProblem[];
}

const KEY = Symbol.for("newsmirror.dev-errors");
const state: DevErrorState = ((globalThis as Record<symbol, DevErrorState | undefined>)[KEY] ??= { problems: [] });

export function currentProblems(): readonly ContentProblem[] {
  return state.problems;
}

/** Records a failed rebuild and prints its problems. */
export function reportProblems(problems: readonly ContentProblem[], write: (text: string) => void = (t) => process.stderr.write(t)): void {
  state.problems = problems;
  write(problemReport(problems, { ending: "still serving the last good pages; fix and save to rebuild", hint: false }));
}

/** Records a good rebuild; says so when it ends a broken spell. */
export function clearProblems(write: (text: string) => void = (t) => process.stdout.write(t)): void {
  if (state.problems.length === 0) return;
  state.problems = [];
  write("newsmirror: content fixed; pages rebuilt\n");
}

/** Runs a dev rebuild's content load, recording its problems or their end. */
export async function watchProblems<T>(load: () => Promise<T>): Promise<T> {
  try {
    const result = await load();
    clearProblems();
    return result;
  } catch (error) {
    const content = findContentError(error);
    if (content) reportProblems(content.problems);
    throw error;
  }
}

export const OVERLAY_STYLESHEET = "/.newsmirror/dev-errors.css";

const STYLES = `#newsmirror-errors{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:16px 20px;
background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;border-top:4px solid #c61821}
#newsmirror-errors h2{font:bold 15px/1.4 Arial,Helvetica,sans-serif;margin:0 0 8px}
#newsmirror-errors ul{margin:0;padding:0 0 0 1.2em}#newsmirror-errors li{margin:2px 0;white-space:pre-wrap;word-break:break-word}
#newsmirror-errors p{margin:8px 0 0;font-family:Arial,Helvetica,sans-serif;color:#f3c5c5}
body.newsmirror-error-page{font-family:Arial,Helvetica,sans-serif;background:#ECEDED}`;

function overlay(problems: readonly ContentProblem[], hasPage: boolean): string {
  return html`<section id="newsmirror-errors" role="alert" aria-label="Content problems">
<h2>newsmirror: ${problems.length} problem${problems.length === 1 ? "" : "s"} in content</h2>
<ul>${problems.slice(0, 50).map((p) => html`<li>${formatProblem(p)}</li>`)}</ul>
<p>${hasPage ? "This is the last good version of the page. " : ""}Fix the file and save: the page reloads by itself.</p>
</section>`.value;
}

function errorPage(problems: readonly ContentProblem[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>newsmirror: content problems</title>
<link rel="stylesheet" href="${OVERLAY_STYLESHEET}">
</head>
<body class="newsmirror-error-page">
${overlay(problems, false)}
</body>
</html>
`;
}

/** The output file a request names, if it is an HTML page. */
async function pageFile(outputDir: string, url: string): Promise<string | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, "http://localhost").pathname);
  } catch {
    return undefined;
  }
  const candidate = path.join(outputDir, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
  if (path.relative(outputDir, candidate).startsWith("..")) return undefined;
  for (const file of [candidate, `${candidate}.html`, path.join(candidate, "index.html")]) {
    try {
      if ((await stat(file)).isFile()) return file.endsWith(".html") ? file : undefined;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

type Next = (error?: unknown) => void;

/** Dev-server middleware: while content is broken, pages come with the overlay. */
export function devErrorsMiddleware(outputDir: string) {
  return async (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> => {
    const url = req.url ?? "/";
    if (url.startsWith(OVERLAY_STYLESHEET)) {
      res.setHeader("Content-Type", "text/css; charset=utf-8");
      res.end(STYLES);
      return;
    }
    const problems = currentProblems();
    const navigating = req.method === "GET" && (req.headers["sec-fetch-mode"] === "navigate" || (req.headers.accept ?? "").includes("text/html"));
    if (problems.length === 0 || !navigating) return next();
    const file = await pageFile(outputDir, url);
    if (!file && !/(\/|\.html?)$|^[^.]*$/.test(url.replace(/[?#].*$/, ""))) return next();
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    if (!file) {
      res.statusCode = 500;
      res.end(errorPage(problems));
      return;
    }
    const page = await readFile(file, "utf8");
    const withStyles = page.replace("</head>", `<link rel="stylesheet" href="${OVERLAY_STYLESHEET}">\n</head>`);
    res.end(withStyles.includes("</body>") ? withStyles.replace("</body>", `${overlay(problems, true)}\n</body>`) : withStyles + overlay(problems, true));
  };
}
