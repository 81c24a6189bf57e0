/** One saved page (bytes + name) → ImportedPage, whichever format it is in. */
import path from "node:path";
import { isCurrentTemplate, readCurrentTemplate } from "./govcn-html.ts";
import { isOlderTemplate, readOlderTemplate } from "./govcn-older-html.ts";
import { parseHtml } from "./dom.ts";
import { ImportError, type ImportedPage } from "./model.ts";
import { readTextPage } from "./text.ts";

export const PAGE_EXTENSIONS = [".html", ".htm", ".txt"];

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes a page: UTF-8, or the charset its <meta> declares (older gov.cn pages may be GB 2312). */
export function decodePage(bytes: Uint8Array, isHtml: boolean): string {
  if (isHtml) {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
    const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
    if (declared && !/^utf-?8$/i.test(declared)) {
      let decoder: TextDecoder;
      try {
        decoder = new TextDecoder(declared, { fatal: true });
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
  throw new ImportError(
    "not a gov.cn article page: no div.Artical_Content (current template) or div.conter-conter (older template)",
  );
}
