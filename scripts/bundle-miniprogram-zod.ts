import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";

/**
 * `npm run build:miniprogram-zod`: the zod the mini-program runs, as one CommonJS file with a `.js`
 * entry. WeChat's 构建 npm (and miniprogram-ci) look for `<main>.js`, so zod 4's `index.cjs` entry is
 * skipped and every page would fail to load; a bundle with a plain entry packs. It is built from the
 * zod the server uses, so both sides validate with the same code; a test checks the versions agree.
 * Run it after changing zod's version, and commit the result.
 */
const ROOT = join(__dirname, "..");
const OUT = join(ROOT, "miniprogram", "vendor", "zod");
const version = (
  JSON.parse(readFileSync(require.resolve("zod/package.json"), "utf8")) as {
    version: string;
  }
).version;

mkdirSync(OUT, { recursive: true });
buildSync({
  entryPoints: [require.resolve("zod")],
  bundle: true,
  format: "cjs",
  platform: "neutral",
  // The base library of WeChat's older clients; no syntax they cannot parse.
  target: "es2017",
  minify: true,
  legalComments: "inline",
  outfile: join(OUT, "index.js"),
});
writeFileSync(
  join(OUT, "package.json"),
  `${JSON.stringify({ name: "zod", version, main: "index.js", license: "MIT", private: true }, null, 2)}\n`,
);
process.stdout.write(`bundled zod ${version} into ${OUT}\n`);
