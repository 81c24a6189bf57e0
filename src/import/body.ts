/** Body pieces (lines and images, in page order) → paragraphs and photos with their captions. */
import type { Piece } from "./dom.ts";
import type { BodyBlock } from "./model.ts";

/** gov.cn's caption credit closes the caption: `[Photo/Xinhua]`, `[Photo by Li Tao/Xinhua]`, `[Photo/VCG]`. */
export const CAPTION_CREDIT = /\[Photos?\b[^\]]*\]$/i;

export function bodyFromPieces(pieces: readonly Piece[]): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.kind === "line") {
      blocks.push({ kind: "paragraph", text: piece.text });
      continue;
    }
    const next = pieces[i + 1];
    if (next?.kind === "line" && CAPTION_CREDIT.test(next.text)) {
      blocks.push({ kind: "photo", photo: { src: piece.src, alt: piece.alt, caption: next.text } });
      i++;
    } else {
      blocks.push({ kind: "photo", photo: { src: piece.src, alt: piece.alt } });
    }
  }
  return blocks;
}
