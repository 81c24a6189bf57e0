// Starts Pagefind's search UI on /search.html. Kept in a file, not inline, so
// a Content-Security-Policy without 'unsafe-inline' still allows it.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box) return;
  const show = (selector) => {
    const note = document.querySelector(selector);
    if (note) note.hidden = false;
  };
  // Opened from disk: browsers let no page load the index (readers' words, and the archive). No index: the dev server.
  if (location.protocol === "file:") return show(".search__from-disk");
  if (typeof window.PagefindUI !== "function") return show(".search__unavailable");
  // Bundle folders as site paths: Pagefind imports the first from its UI script's folder, where a relative one would miss.
  const sitePath = (folder) => new URL(folder, location.href).pathname;
  const ui = new window.PagefindUI({
    element: "#search",
    // Results are site paths (/culture/…). Relative build: the site's top is
    // this page's folder, wherever it is served from.
    baseUrl: box.dataset.relative === "true" ? new URL(".", location.href).href : box.dataset.baseUrl || "/",
    showImages: false,
    // The index is split into bundles, one per publication month (/pagefind/2021-07/, …): searched as one.
    // The UI script is in /pagefind/; the newest bundle is the first, the others are merged into it.
    bundlePath: sitePath(box.dataset.bundle),
    mergeIndex: (box.dataset.moreBundles || "")
      .split(" ")
      .filter(Boolean)
      .map((folder) => ({ bundlePath: sitePath(folder) }))
      .concat(otherLanguages(box, sitePath)),
    resetStyles: false,
    autofocus: true,
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
});

// A site of two languages: each language's index of each bundle, merged with its language named (Pagefind segments
// Chinese words only in a Chinese index). The first bundle's own path is written with "./" added: Pagefind skips a
// merge of the path it loaded first, and this is another of its indexes.
function otherLanguages(box, sitePath) {
  const languages = box.dataset.languages ? JSON.parse(box.dataset.languages) : [];
  return languages.flatMap(([language, folders]) =>
    folders.map((folder) => ({
      bundlePath: folder === box.dataset.bundle ? `${sitePath(folder)}./` : sitePath(folder),
      language,
    })),
  );
}
