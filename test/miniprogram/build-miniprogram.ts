import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "../..");
const SOURCE = join(ROOT, "miniprogram");
/** Inside the checkout, beside the sources, so that a failing test's stack points somewhere readable. */
const BUILDS = join(ROOT, ".mp-build");

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (
      entry.name === "node_modules" ||
      entry.name === "miniprogram_npm" ||
      entry.name === "typings"
    )
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/**
 * Builds the mini-program as WeChat DevTools would for the page tests: each .ts transpiled to
 * CommonJS .js (type-checking is tsc's job, in `npm run typecheck`), every .json, .wxml and .wxss
 * copied beside it. Each call builds into a folder of its own, as test files run side by side.
 * Returns the built folder and a way to remove it.
 */
export function buildMiniprogram(): { dir: string; remove(): void } {
  const root = join(BUILDS, randomBytes(6).toString("hex"));
  const BUILD = join(root, "miniprogram");
  for (const file of files(SOURCE)) {
    const target = join(BUILD, relative(SOURCE, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith(".ts")) {
      const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2020,
          esModuleInterop: true,
        },
        fileName: file,
      });
      writeFileSync(target.replace(/\.ts$/, ".js"), outputText);
    } else {
      copyFileSync(file, target);
    }
  }

  // The zod the phone runs: the bundle 构建 npm packs from vendor/, not the server's copy.
  const zod = join(BUILD, "node_modules", "zod");
  mkdirSync(zod, { recursive: true });
  for (const file of ["index.js", "package.json"]) {
    copyFileSync(join(SOURCE, "vendor", "zod", file), join(zod, file));
  }

  return { dir: BUILD, remove: () => rmSync(root, { recursive: true, force: true }) };
}
