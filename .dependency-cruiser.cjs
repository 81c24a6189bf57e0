/**
 * newsmirror's layers, checked in CI (`npm run lint:deps`): each folder may
 * import only the folders below it in LAYERS, so no two folders ever import
 * each other. The docs' generators (which read the commands) are on top, then
 * the command line and the dev server; the build
 * pipeline hands one context to the Eleventy plugins; the plugins use the
 * leaf modules (articles, the site's pages and feeds, photos, time, HTML).
 * Files directly in src/ (errors.ts, html.ts, characters.ts, …) are the
 * bottom layer: they import none of the folders.
 */
const LAYERS = [
  "src/docs",
  "src/cli",
  "src/serve",
  "src/pipeline",
  ".eleventy.ts",
  "src/plugins",
  "src/templates",
  "src/archive",
  "src/check",
  "src/import",
  "src/search",
  "src/pages",
  "src/site",
  "src/article",
  "src/images",
  "src/output",
  "src/settings",
  "src/fidelity",
  "src/security",
  "src/time",
];

const pattern = (layer) => (layer.endsWith(".ts") ? `^${layer.replace(/\./g, "\\.")}$` : `^${layer}/`);

const layerRules = LAYERS.slice(1).map((layer, index) => ({
  name: `layer:${layer}`,
  comment: `${layer} may import only what lies below it: ${LAYERS.slice(index + 2).join(", ")} and the files directly in src/`,
  severity: "error",
  from: { path: pattern(layer) },
  to: { path: LAYERS.slice(0, index + 1).map(pattern) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No module imports itself through others.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "leaves-import-no-folder",
      comment: "The files directly in src/ (errors.ts, html.ts, …) are the bottom layer.",
      severity: "error",
      from: { path: "^src/[^/]+\\.ts$" },
      to: { path: "^src/[^/]+/" },
    },
    {
      name: "templates-above-plugins-only",
      comment:
        "Page templates render data; they import the leaf modules, never the plugins, the pipeline or the command line.",
      severity: "error",
      from: { path: "^templates/" },
      to: { path: ["^src/(cli|serve|pipeline|plugins)/", "^\\.eleventy\\.ts$"] },
    },
    {
      name: "src-not-templates",
      comment: "Page-data types live in src/ (src/site/page-data.ts); src/ loads templates only by path, at run time.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^templates/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|tests|bench|bin)/" },
  },
};
