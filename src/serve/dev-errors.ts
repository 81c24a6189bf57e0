/**
 * What the dev server shows while content is broken: the last good page
 * with an overlay listing the problems (or an error page where there is no
 * good page yet). The problems are our one-line reports (`file:line: field:
 * message`), escaped here; never a stack trace or a file's contents.
 */
import { html } from "../html.ts";

/** Served by the dev server itself, never from the site's folder. */
export const OVERLAY_STYLESHEET = "/.newsmirror/dev-errors.css";

export const OVERLAY_STYLES = `#newsmirror-errors{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:16px 20px;
background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;border-top:4px solid #c61821}
#newsmirror-errors h2{font:bold 15px/1.4 Arial,Helvetica,sans-serif;margin:0 0 8px}
#newsmirror-errors ul{margin:0;padding:0 0 0 1.2em}#newsmirror-errors li{margin:2px 0;white-space:pre-wrap;word-break:break-word}
#newsmirror-errors p{margin:8px 0 0;font-family:Arial,Helvetica,sans-serif;color:#f3c5c5}
body.newsmirror-error-page{font-family:Arial,Helvetica,sans-serif;background:#ECEDED}`;

/** At most this many lines in the overlay; the terminal has the rest. */
const SHOWN = 50;

function overlay(problems: readonly string[], hasPage: boolean): string {
  const more = problems.length > SHOWN ? html`<li>… and ${problems.length - SHOWN} more (see the terminal)</li>` : "";
  return html`<section id="newsmirror-errors" role="alert" aria-label="Content problems">
<h2>newsmirror: ${problems.length} problem${problems.length === 1 ? "" : "s"} in content</h2>
<ul>${problems.slice(0, SHOWN).map((p) => html`<li>${p}</li>`)}${more}</ul>
<p>${hasPage ? "This is the last good version of the page. " : ""}Fix the file and save: the page reloads by itself.</p>
</section>`.value;
}

/** A page of the last good build with the overlay over it. */
export function withOverlay(page: string, problems: readonly string[]): string {
  const styled = page.includes("</head>")
    ? page.replace("</head>", `<link rel="stylesheet" href="${OVERLAY_STYLESHEET}">\n</head>`)
    : page;
  const box = overlay(problems, true);
  return styled.includes("</body>") ? styled.replace("</body>", `${box}\n</body>`) : styled + box;
}

/** A page of the dev server's own (no site page to show), with the live-reload script. */
function devPage(title: string, body: string, script: string, bodyClass?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="stylesheet" href="${OVERLAY_STYLESHEET}">
</head>
<body${bodyClass ? ` class="${bodyClass}"` : ""}>
${body}
${script}
</body>
</html>
`;
}

/** The page for any address while there is no good build to show. */
export function errorPage(problems: readonly string[], script: string): string {
  return devPage("newsmirror: content problems", overlay(problems, false), script, "newsmirror-error-page");
}

/** The page for any address before the first build is done. */
export function buildingPage(script: string): string {
  return devPage(
    "newsmirror: building the site…",
    "<p>newsmirror is building the site; this page reloads when it is ready.</p>",
    script,
  );
}
