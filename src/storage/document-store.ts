/**
 * Where document bytes live: a content-addressed store keyed by sha256. The database row
 * (table `documents`) is the index; the store only keeps bytes. The default keeps them on
 * disk under `<data dir>/documents/ab/cd/<sha256>`; an S3-compatible store can implement
 * the same port (not built yet: `put` = PutObject with If-None-Match: *, `get` = GetObject).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

export interface DocumentStorage {
  /** Stores the bytes under their sha256; storing the same bytes again is a no-op. Returns whether they were new. */
  put(sha256: string, bytes: Uint8Array): Promise<{ created: boolean }>;
  /** The bytes stored under sha256, or null when absent. Implementations check the bytes still hash to the key. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const HEX64 = /^[0-9a-f]{64}$/;

export class DiskDocumentStorage implements DocumentStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The only way a path is made: from a checked sha256, never from anything a user sent. */
  pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error(`not a sha256: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  async put(sha256: string, bytes: Uint8Array): Promise<{ created: boolean }> {
    if (sha256Hex(bytes) !== sha256) throw new Error("document bytes do not match their sha256");
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { created: false };
    await mkdir(path.dirname(target), { recursive: true });
    // Write aside, then rename: a reader never sees half a file; a crash leaves only a temp file.
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, bytes, { flag: "wx", flush: true });
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    return { created: true };
  }

  async get(sha256: string): Promise<Buffer | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    if (sha256Hex(bytes) !== sha256) throw new Error(`stored document ${sha256} is corrupted`);
    return bytes;
  }
}
