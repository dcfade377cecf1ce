// Bundle the web interface's scripts and styles, with the npm packages they use, into the
// web package's static/dist folder (not committed: `make` builds it). No CDN is used at run time.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const outdir = new URL("../src/aistd_kg/web/static/dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: ["dashboard", "find", "query", "tree", "compare", "bodies", "typeahead"].map((name) => `src/${name}.js`)
    .concat(["src/ui.css"]),
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "linked",
  loader: { ".png": "dataurl", ".svg": "dataurl", ".gif": "dataurl", ".woff": "file", ".woff2": "file", ".ttf": "file" },
  logLevel: "info",
});
