// Starts Pagefind's search UI on /search.html. Kept in a file, not inline, so
// a Content-Security-Policy without 'unsafe-inline' still allows it.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box) return;
  const unavailable = () => {
    const note = document.querySelector(".search__unavailable");
    if (note) note.hidden = false;
  };
  if (typeof window.PagefindUI !== "function" || location.protocol === "file:") return unavailable();
  const ui = new window.PagefindUI({
    element: "#search",
    // Results are site paths (/culture/…). Relative build: the site's top is
    // this page's folder, wherever it is served from.
    baseUrl: box.dataset.relative === "true" ? new URL(".", location.href).href : box.dataset.baseUrl || "/",
    showImages: false,
    // A large site's index is split into bundles (/pagefind/part-2/, …): searched as one.
    mergeIndex: (box.dataset.moreBundles || "").split(" ").filter(Boolean).map((bundlePath) => ({ bundlePath })),
    resetStyles: false,
    autofocus: true,
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
});
