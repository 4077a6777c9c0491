import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The team's shared folder (design notes, labelled data), which sits beside the checkout as
 * `../shared` on a developer's machine; BEAT_SHARED_DIR points elsewhere. Tests may read it, the
 * product never does, and a clone without it still runs every test that does not need it.
 */
export function sharedFile(relative: string): string | null {
  const candidates = [process.env.BEAT_SHARED_DIR, join(__dirname, "../../../shared")].filter(
    (dir): dir is string => Boolean(dir),
  );
  for (const dir of candidates) {
    const file = join(dir, relative);
    if (existsSync(file)) {
      return file;
    }
  }

  return null;
}
