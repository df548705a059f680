/**
 * Audit checkpoints in a directory, append-only: every object is written to a private
 * temporary file (created exclusively, synced), then hard-linked to its final name —
 * which fails if the name exists, so nothing is ever replaced — and the directory synced.
 * Files are made read-only (0444). Nothing here deletes, renames over or opens a stored
 * object for writing.
 *
 * That keeps the application from rewriting a checkpoint by mistake; to keep it from
 * doing so on purpose, the operator gives the directory to another user or host (an NFS
 * export written as a separate user, `chattr +a` on the directory, a WORM volume): see
 * docs/security.md.
 */
import { randomUUID } from "node:crypto";
import { link, mkdir, open, readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { checkAnchorName, type AnchorStore } from "../app/audit/anchor-store.ts";

export class FileAnchorStore implements AnchorStore {
  readonly location: string;

  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.location = path.resolve(dir);
  }

  async create(name: string, bytes: Uint8Array): Promise<boolean> {
    const final = path.join(this.location, checkAnchorName(name));
    const incoming = path.join(this.location, ".incoming");
    await mkdir(path.dirname(final), { recursive: true });
    await mkdir(incoming, { recursive: true });
    const temporary = path.join(incoming, randomUUID());
    const handle = await open(temporary, "wx", 0o444);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    let created = true;
    try {
      await link(temporary, final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      created = false;
    } finally {
      await unlink(temporary);
    }
    if (created) await syncDirectory(path.dirname(final));
    return created;
  }

  async read(name: string): Promise<Buffer | null> {
    try {
      return await readFile(path.join(this.location, checkAnchorName(name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const folder = prefix.split("/")[0]!;
    let entries: string[];
    try {
      entries = await readdir(path.join(this.location, folder));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return entries.map((entry) => `${folder}/${entry}`).filter((name) => name.startsWith(prefix)).sort();
  }
}

/** Makes a new directory entry durable (POSIX: fsync the directory). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
