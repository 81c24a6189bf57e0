/**
 * A saved page of www.gov.cn, the Chinese portal, in either of its article templates:
 *
 *   ZH-2016 (2016–2023):
 *     <meta name="firstpublishedtime" content="2021-08-01-06:59:27"> <meta name="author" content="宋岩"> …
 *     <div class="BreadcrumbNav"><a href="…/">首页</a>&nbsp;>&nbsp;<a href="…/guowuyuan/">国务院</a> …</div>
 *     <div class="article oneColumn pub_border"><h1>…</h1>
 *       <div class="pages-date">2021-08-01 06:59 <span class="font">来源： 新华社</span>
 *         <div class="pages_print">【字体：大 中 小】 打印 … share buttons …</div></div>
 *       <div class="pages_content" id="UCAP-CONTENT"><p style="text-indent: 2em; …">新华社石家庄7月31日电 …</p> …</div>
 *       <div class="editor">责任编辑：宋岩</div>
 *   ZH-2023: the title in h1#ti, the editor in <span class="zrbj">责任编辑：王洋</span>; the rest as above.
 *
 * The date readers see (`pages-date`, minutes, Beijing time) is `updated`, so the mirror shows the same minute;
 * `firstpublishedtime` is `published`. Only the 来源 span gives the source: the toolbar and share buttons that
 * share its box (and its class name) never do.
 */
import type { Document, Element } from "domhandler";
import { findAll, findOne, getAttributeValue } from "domutils";
import { CAPTION_CREDIT } from "./body.ts";
import { findByClass, findById, hasClass, metaContent, ownAddress, readLines } from "./dom.ts";
import { keptMarkdown, readRichPieces, type RichPiece } from "./inline.ts";
import { escapeParagraph } from "./markdown.ts";
import { ImportError, type BodyBlock, type ImportedPage } from "./model.ts";

/** Where the portal's relative links lead when the page does not say its own address. */
export const PORTAL = "https://www.gov.cn/";

/** A photo credit closing a Chinese caption: `（新华社记者 杨世尧 摄）`, `新华社发`, or the English kind. */
const ZH_CAPTION_CREDIT = /(?:摄|新华社发|供图)[）)]?$/;

/** Widgets inside the body that are not the article: share buttons, QR codes, page navigation, players' chrome. */
const WIDGET = /share|qrcode|ewm|erweima|bdshare|jiathis|pagebreak|pageinfo|pagination/i;

export function isChineseTemplate(document: Document): boolean {
  return findById(document, "UCAP-CONTENT") !== null || findByClass(document, "div", "pages_content") !== null;
}

function isWidget(element: Element): boolean {
  if (element.name === "canvas" || element.name === "iframe" || element.name === "form") return true;
  const names = `${getAttributeValue(element, "class") ?? ""} ${getAttributeValue(element, "id") ?? ""}`;
  return WIDGET.test(names);
}

/** `2021-08-01-06:59:27` (the head metas' format) or `2021-08-01 06:59` → ISO 8601, Beijing time. */
export function parseChineseTime(text: string): string | undefined {
  const m = /(\d{4})-(\d{2})-(\d{2})[- T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}+08:00`;
  const date = new Date(iso);
  // 2021-02-30 parses as March 2: only a date that reads back as written is one.
  if (
    Number.isNaN(date.getTime()) ||
    new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19) !== iso.slice(0, 19)
  )
    return undefined;
  return iso;
}

const shown16 = (iso: string) => iso.slice(0, 16);

/** A head meta's time (`2021-08-01-06:59:27`), or undefined (with a warning when it is there but no time). */
function timeMeta(document: Document, name: string, warnings: string[]): string | undefined {
  const text = metaContent(document, name);
  if (text === undefined) return undefined;
  const time = parseChineseTime(text);
  if (!time) warnings.push(`${name} meta ${JSON.stringify(text)} is not a date; ignored`);
  return time;
}

function title(document: Document): string[] {
  const heading =
    findOne((e) => e.name === "h1" && getAttributeValue(e, "id") === "ti", document.children, true) ??
    (() => {
      const box = findOne(
        (e) => e.name === "div" && hasClass(e, "article") && hasClass(e, "oneColumn"),
        document.children,
        true,
      );
      return box ? findOne((e) => e.name === "h1", box.children, true) : null;
    })();
  return heading ? readLines(heading) : [];
}

/** The text after `来源：` in the date box's 来源 span. */
function sourceOf(dateBox: Element): string | undefined {
  const spans = findAll((e) => e.name === "span" && hasClass(e, "font"), dateBox.children);
  for (const span of spans) {
    const m = /^来源\s*[:：]\s*(.*)$/.exec(readLines(span).join(" "));
    if (m) return m[1]!.trim() || undefined;
  }
  return undefined;
}

/** The editor's name from `责任编辑：宋岩` (div.editor in ZH-2016, span.zrbj in ZH-2023), else the author meta. */
function editorOf(document: Document): string | undefined {
  const box = findByClass(document, "div", "editor") ?? findByClass(document, "span", "zrbj");
  const line = box ? readLines(box).join(" ") : "";
  const named = /责任编辑\s*[:：]\s*([^】\]]*)/.exec(line)?.[1]?.trim();
  return named || metaContent(document, "author")?.trim() || undefined;
}

/** The section the breadcrumb's last folder link names: `…/guowuyuan/` → `guowuyuan`. */
function breadcrumbSection(document: Document, base: string): string | undefined {
  const nav = findByClass(document, "div", "BreadcrumbNav");
  if (!nav) return undefined;
  let section: string | undefined;
  for (const link of findAll((e) => e.name === "a", nav.children)) {
    try {
      const url = new URL(getAttributeValue(link, "href") ?? "", base);
      const folders = url.pathname.split("/").slice(1, -1);
      if (
        /(^|\.)gov\.cn$/.test(url.hostname) &&
        folders.length > 0 &&
        folders.every((f) => /^[a-z0-9][a-z0-9_-]*$/.test(f))
      )
        section = folders.join("/");
    } catch {
      // not an address: no section from it
    }
  }
  return section;
}

function bodyOf(pieces: readonly RichPiece[], warnings: string[]): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let plain = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.kind === "line") {
      const marked = piece.markdown !== escapeParagraph(piece.text);
      const markdown = marked ? keptMarkdown(piece.text, piece.markdown) : undefined;
      if (marked && markdown === undefined) plain++;
      blocks.push({ kind: "paragraph", text: piece.text, ...(markdown ? { markdown } : {}) });
      continue;
    }
    const next = pieces[i + 1];
    const captioned = next?.kind === "line" && (CAPTION_CREDIT.test(next.text) || ZH_CAPTION_CREDIT.test(next.text));
    blocks.push({
      kind: "photo",
      photo: { src: piece.src, alt: piece.alt, ...(captioned ? { caption: next.text } : {}) },
    });
    if (captioned) i++;
  }
  if (plain > 0)
    warnings.push(
      `${plain} paragraph${plain === 1 ? "" : "s"} of the body lost ${plain === 1 ? "its" : "their"} links or bold/italic type: Markdown could not mark them without changing the text (emphasis next to Chinese punctuation); the text is kept as it is`,
    );
  return blocks;
}

export function readChineseTemplate(document: Document): ImportedPage {
  const warnings: string[] = [];
  const titleLines = title(document);
  if (titleLines.length === 0)
    throw new ImportError("no title (h1 in div.article.oneColumn, or h1#ti) in the page, or it is empty");
  if (titleLines.length > 1) warnings.push(`the title is on ${titleLines.length} lines in the page; joined into one`);

  const dateBox = findByClass(document, "div", "pages-date");
  if (!dateBox) throw new ImportError("no date line (div.pages-date) in the page");
  const shown = readLines(dateBox).join(" ");
  let updated = parseChineseTime(shown);
  if (!updated)
    throw new ImportError(
      `the date line (div.pages-date) ${JSON.stringify(shown.slice(0, 60))} has no date like 2021-08-01 06:59`,
    );
  const source = sourceOf(dateBox);
  if (!source) throw new ImportError('the page names no source (<span class="font">来源： …</span> in div.pages-date)');

  // lastmodifiedtime has seconds; when it names the minute the page shows, it is the more exact `updated`.
  const modified = timeMeta(document, "lastmodifiedtime", warnings);
  if (modified && modified.slice(0, 16) === shown16(updated)) updated = modified;
  let published = timeMeta(document, "firstpublishedtime", warnings);
  // First published within the minute shown, seconds after it: that is the exact time of the minute readers see.
  if (published && published.slice(0, 16) === updated.slice(0, 16) && published > updated) updated = published;
  if (published === updated) published = undefined;
  else if (published && published.slice(0, 16) > updated.slice(0, 16))
    warnings.push(
      `firstpublishedtime ${published} is later than the date the page shows (${updated}); kept as the first publication`,
    );

  const address = ownAddress(document);
  const base = address ?? PORTAL;
  const content = findById(document, "UCAP-CONTENT") ?? findByClass(document, "div", "pages_content")!;
  const body = bodyOf(readRichPieces(content, { base, drop: isWidget }), warnings);
  const editor = editorOf(document);
  const section = breadcrumbSection(document, base);
  return {
    title: titleLines.join(" "),
    updated,
    ...(published ? { published } : {}),
    source,
    body,
    ...(editor ? { editor } : {}),
    language: "zh-CN",
    ...(section ? { section } : {}),
    ...(address ? { address } : {}),
    warnings,
  };
}
