/** One saved page (bytes + name) → ImportedPage, whichever format it is in. */
import path from "node:path";
import { isCurrentTemplate, readCurrentTemplate } from "./govcn-html.ts";
import { isOlderTemplate, readOlderTemplate } from "./govcn-older-html.ts";
import { isChineseTemplate, readChineseTemplate } from "./govcn-zh-html.ts";
import { parseHtml } from "./dom.ts";
import { ImportError, type ImportedPage } from "./model.ts";
import { readTextPage } from "./text.ts";

export const PAGE_EXTENSIONS = [".html", ".htm", ".txt"];

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
/** GB 2312 and GBK are subsets of GB 18030: one decoder reads all three (Node's full ICU; no dependency). */
const strictGb18030 = new TextDecoder("gb18030", { fatal: true });
const GB_LABELS = /^(?:gb2312|gbk|gb18030|x-gbk|csgb2312|cp936|windows-936|chinese|iso-ir-58|gb_2312(?:-80)?)$/i;

/** The charset a page's head declares: `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="…; charset=gb2312">`. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

/**
 * Decodes a page: in the charset its <meta> declares (www.gov.cn pages are often GB2312 or GBK, read as GB 18030),
 * else UTF-8 when it is valid UTF-8, else (an HTML page that declares nothing) GB 18030, the Chinese portal's.
 */
export function decodePage(bytes: Uint8Array, isHtml: boolean): string {
  if (isHtml) {
    const declared = declaredCharset(bytes);
    if (declared && !/^utf-?8$/i.test(declared)) {
      let decoder: TextDecoder;
      try {
        decoder = GB_LABELS.test(declared) ? strictGb18030 : new TextDecoder(declared, { fatal: true });
      } catch (error) {
        throw new ImportError(
          `its <meta charset> names ${JSON.stringify(declared)}, which is not a charset newsmirror knows (it reads UTF-8 and the charsets browsers know: GB2312, GBK, GB18030, Big5, Shift_JIS, EUC-KR, ISO-8859-1, windows-1252, …); correct the <meta charset>, or save the page as UTF-8`,
          { cause: error },
        );
      }
      try {
        return decoder.decode(bytes);
      } catch (error) {
        const message = `is not valid ${decoder.encoding} text, though its <meta charset> says it is; save the page again, as UTF-8`;
        throw new ImportError(message, { cause: error });
      }
    }
  }
  try {
    return strictUtf8.decode(bytes).replace(/^\uFEFF/, "");
  } catch (error) {
    if (isHtml && !declaredCharset(bytes)) {
      try {
        return strictGb18030.decode(bytes);
      } catch {
        // neither: said as UTF-8, what the page should have been saved as
      }
      throw new ImportError("is neither valid UTF-8 nor GB18030 (GBK) text, and declares no charset", { cause: error });
    }
    throw new ImportError("is not valid UTF-8 text", { cause: error });
  }
}

export function readPage(bytes: Uint8Array, file: string): ImportedPage {
  const ext = path.extname(file).toLowerCase();
  const isHtml = ext !== ".txt";
  const text = decodePage(bytes, isHtml);
  if (!isHtml) return readTextPage(text);
  const document = parseHtml(text);
  if (isCurrentTemplate(document)) return readCurrentTemplate(document);
  if (isOlderTemplate(document)) return readOlderTemplate(document);
  if (isChineseTemplate(document)) return readChineseTemplate(document);
  throw new ImportError(
    "not a gov.cn article page: no div.Artical_Content (current template), div.conter-conter (older template) or #UCAP-CONTENT (www.gov.cn, Chinese)",
  );
}
