/**
 * A saved page of the older english.gov.cn template (until about 2019):
 *   <div class="conter-conter">
 *     <h3>Title</h3>
 *     <div …>Updated: Nov 20,2018 7:46 PM     Xinhua</div>
 *     <div id="sp"><p>…</p> …</div>
 *   </div>
 * Abbreviated month, 12-hour clock, Beijing time.
 */
import type { Document } from "domhandler";
import { findOne } from "domutils";
import { bodyFromPieces } from "./body.ts";
import { findByClass, findById, ownAddress, readLines, readPieces } from "./dom.ts";
import { parseInfoLine } from "./info-line.ts";
import { ImportError, type ImportedPage } from "./model.ts";

export function isOlderTemplate(document: Document): boolean {
  return findByClass(document, "div", "conter-conter") !== null || findById(document, "sp") !== null;
}

export function readOlderTemplate(document: Document): ImportedPage {
  const warnings: string[] = [];
  const box = findByClass(document, "div", "conter-conter");
  if (!box) throw new ImportError("no article box (div.conter-conter) in the page");
  const heading = findOne((e) => e.name === "h3", box.children, true);
  const titleLines = heading ? readLines(heading) : [];
  if (titleLines.length === 0) throw new ImportError("no title (h3 in div.conter-conter) in the page");
  if (titleLines.length > 1) warnings.push(`the title is on ${titleLines.length} lines in the page; joined into one`);

  const body = findById(box, "sp");
  if (!body) throw new ImportError("no body (#sp) in div.conter-conter");
  // The info line sits between the title and the body; the first line of the box that starts "Updated:".
  const infoText = readLines(box).find((line) => /^Updated:/.test(line));
  if (!infoText) throw new ImportError('no info line ("Updated: Nov 20,2018 7:46 PM Xinhua") in div.conter-conter');
  const info = parseInfoLine(infoText);
  if ("error" in info) throw new ImportError(info.error);
  if (!info.source) throw new ImportError('the info line names no source (e.g. "… 7:46 PM Xinhua")');

  return {
    title: titleLines.join(" "),
    updated: info.updated,
    source: info.source,
    body: bodyFromPieces(readPieces(body)),
    address: ownAddress(document),
    warnings,
  };
}
