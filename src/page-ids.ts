/**
 * The element ids our page templates use. The view switch's radio buttons
 * are found by id (its script and the stylesheet's `#view-desktop:checked`),
 * and the search page's widget by `#search`: an element of an article body
 * carrying one of these ids first would break them. The templates take the
 * ids from here, and raw HTML in bodies (src/article/site-markdown.ts) may
 * not use them. (site.css, the view-switch script and search.js spell the
 * ids out too; tests/raw-html.test.ts checks that every id our pages carry
 * is listed here.)
 */
export const PAGE_IDS = {
  viewMobile: "view-mobile",
  viewDesktop: "view-desktop",
  search: "search",
} as const;

/** Every id a page of ours may carry besides an article body's. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(Object.values(PAGE_IDS));
