/**
 * html-validate 10 finds elements by tag with `reduce` + `concat`, copying
 * the matches so far for every child: quadratic in the number of siblings.
 * Every rule that queries the whole document (`[id]`, `[aria-label]`, …)
 * goes through it, so one page with 100,000 `<meta property="article:tag">`
 * in its head kept `newsmirror check` busy for more than 20 minutes.
 * html-validate 11 collects into one array (linear), but needs Node 22;
 * newsmirror supports Node 20.19. Until then the method is replaced here by
 * the same walk, in the same (document) order, appending to one array.
 * Applied once, before the first validation; a no-op on html-validate 11+.
 */
import { HtmlElement } from "html-validate";

interface TreeElement {
  readonly childElements: TreeElement[];
  is(tagName: string): boolean;
}

let applied = false;

/** Makes `getElementsByTagName` (and so every document-wide selector) linear in the size of the page. */
export function useLinearElementSearch(): void {
  if (applied) return;
  applied = true;
  const proto = HtmlElement.prototype as unknown as {
    getElementsByTagName(tagName: string): TreeElement[];
    collectByTagName?: unknown;
  };
  if (typeof proto.collectByTagName === "function") return; // html-validate 11 and later: already linear
  proto.getElementsByTagName = function (this: TreeElement, tagName: string): TreeElement[] {
    const matches: TreeElement[] = [];
    // Depth-first, children in order, each before its descendants: the order html-validate's own walk gives.
    const stack: { children: TreeElement[]; next: number }[] = [{ children: this.childElements, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next >= top.children.length) {
        stack.pop();
        continue;
      }
      const node = top.children[top.next++]!;
      if (node.is(tagName)) matches.push(node);
      stack.push({ children: node.childElements, next: 0 });
    }
    return matches;
  };
}
