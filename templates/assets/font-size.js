/*
 * www.gov.cn's toolbar on Chinese article pages: 【字体：大 中 小】 sets the body's font size, remembered across
 * pages (localStorage), and 打印 prints. Loaded in <head>, so a remembered size applies before first paint; the
 * buttons are found by their data-font and data-print attributes once clicked (one listener, no DOM ready wait).
 * The size is an attribute on <html> that the stylesheet reads (no inline style: the pages' CSP has style-src 'self').
 */
(() => {
  const key = "newsmirror-font";
  const root = document.documentElement;
  const set = (size) => {
    if (size !== "large" && size !== "medium" && size !== "small") return;
    root.setAttribute("data-font", size);
  };
  try {
    set(localStorage.getItem(key));
  } catch (_) {
    // Storage refused (private mode, file://): the size is still set for this page when chosen.
  }
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-font], [data-print]") : null;
    if (!target) return;
    if (target.hasAttribute("data-print")) {
      window.print();
      return;
    }
    const size = target.getAttribute("data-font");
    set(size);
    try {
      localStorage.setItem(key, size);
    } catch (_) {
      // As above: remembered only for this page.
    }
  });
})();
