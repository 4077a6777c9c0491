import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Attachment bytes on disk, one file per content hash (data/attachments/ab/abcdef…): the same photo
 * uploaded twice is stored once, and a file's name can never reach the file system.
 */
export class FileStore {
  constructor(private readonly dir: string) {}

  /** Stores the bytes (once per content) and returns their SHA-256. */
  async put(bytes: Buffer): Promise<string> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const target = this.pathOf(sha256);
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(path.dirname(target), { recursive: true });
      // Written beside and renamed, so a reader never sees half a file.
      const partial = `${target}.${randomBytes(4).toString("hex")}.part`;
      await writeFile(partial, bytes);
      await rename(partial, target);
    }

    return sha256;
  }

  get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new Error("not a SHA-256");
    }

    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }
}
