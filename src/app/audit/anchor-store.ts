/**
 * The port to where audit checkpoints are kept, outside the database and beyond the
 * application's power to rewrite: an append-only directory (src/storage/anchor-file-store.ts)
 * or an S3 bucket with object lock (src/storage/anchor-s3-store.ts). Objects are created
 * once under a name and never replaced or removed through this port.
 *
 * Names: `checkpoints/<10-digit number>.jws` (the signed checkpoint), `heads/<sha256>.ndjson.gz`
 * (the stream heads it commits to) and `keys/<kid>.json` (the public key that signs them).
 */
export interface AnchorStore {
  /** Where it is, for messages: a directory, or s3://bucket/prefix. */
  readonly location: string;
  /** Stores `bytes` as `name` unless that name is taken; true when it was created. Never replaces. */
  create(name: string, bytes: Uint8Array): Promise<boolean>;
  /** The object's bytes, or null when there is none. */
  read(name: string): Promise<Buffer | null>;
  /** The names that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** A name this port accepts: one folder, then a file name of letters, digits, dots, dashes and underscores. */
export const ANCHOR_NAME = /^(checkpoints|heads|keys)\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

export function checkAnchorName(name: string): string {
  if (!ANCHOR_NAME.test(name) || name.includes("..")) throw new Error(`not an anchor object name: ${name.slice(0, 80)}`);
  return name;
}
