import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

let cached: string | undefined;

/**
 * The folder holding Beat's package.json. Data folders (lexicon/, prompts/) live there, and the code
 * runs both from server/ under tsx and from dist/server/ after a build, so it is found by walking up.
 */
export function projectRoot(): string {
  if (cached) {
    return cached;
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "beat") {
      cached = dir;

      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find Beat's package.json above ${__dirname}`);
    }
  }
}
