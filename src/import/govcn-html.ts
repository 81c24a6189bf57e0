/**
 * A saved page of the current english.www.gov.cn template:
 *   <meta name="publishdate" content="2021-07-28 07:01:00"> <meta name="source" content="Xinhua">
 *   <div class="Artical_Title"><h1>…</h1></div>
 *   <div class="Artical_Info">Updated: July 28, 2021 07:01 Xinhua</div>
 *   <div class="Artical_Content"><p>DUSHANBE — …</p> …</div>
 */
import type { Document } from "domhandler";
import { bodyFromPieces } from "./body.ts";
import { findByClass, metaContent, ownAddress, readLines, readPieces } from "./dom.ts";
import { parseInfoLine, parsePublishDate, withoutWidgets } from "./info-line.ts";
import { ImportError, type ImportedPage } from "./model.ts";

export function isCurrentTemplate(document: Document): boolean {
  return findByClass(document, "div", "Artical_Content") !== null;
}

export function readCurrentTemplate(document: Document): ImportedPage {
  const warnings: string[] = [];
  const titleBox = findByClass(document, "div", "Artical_Title");
  if (!titleBox) throw new ImportError("no title (div.Artical_Title) in the page");
  const titleLines = readLines(titleBox);
  if (titleLines.length === 0) throw new ImportError("the title (div.Artical_Title) is empty");
  if (titleLines.length > 1) warnings.push(`the title is on ${titleLines.length} lines in the page; joined into one`);

  const infoBox = findByClass(document, "div", "Artical_Info");
  if (!infoBox) throw new ImportError("no info line (div.Artical_Info) in the page");
  const info = parseInfoLine(readLines(infoBox).join(" "));
  if ("error" in info) throw new ImportError(info.error);

  // The source: the info line's source element (span.source), else <meta name="source">, else the info line's
  // words after the time, each without the widgets that follow it on the line (font size, share, print).
  const sourceBox = findByClass(infoBox, "span", "source");
  const elementSource = sourceBox ? withoutWidgets(readLines(sourceBox).join(" ")) : "";
  const metaSource = metaContent(document, "source")?.trim();
  const lineSource = elementSource || info.source;
  const source = elementSource || metaSource || info.source;
  if (!source) throw new ImportError('the page names no source (info line or <meta name="source">)');
  if (metaSource && lineSource && metaSource !== lineSource) {
    warnings.push(
      `the source meta says ${JSON.stringify(metaSource)}, the info line ${JSON.stringify(lineSource)}; kept the ${elementSource ? "info line's" : "meta's"}`,
    );
  }

  // publishdate has seconds; when it names the same minute as the info line it is the more exact `updated`.
  const metaDateText = metaContent(document, "publishdate");
  const metaDate = metaDateText === undefined ? undefined : parsePublishDate(metaDateText);
  if (metaDateText !== undefined && metaDate === undefined)
    warnings.push(`publishdate meta ${JSON.stringify(metaDateText)} is not a date; ignored`);
  let updated = info.updated;
  let published: string | undefined;
  if (metaDate && metaDate.slice(0, 16) === info.updated.slice(0, 16)) updated = metaDate;
  else if (metaDate) published = metaDate;

  const content = findByClass(document, "div", "Artical_Content")!;
  return {
    title: titleLines.join(" "),
    updated,
    published,
    source,
    body: bodyFromPieces(readPieces(content)),
    address: ownAddress(document),
    warnings,
  };
}
