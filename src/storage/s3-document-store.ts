/**
 * The document store on an S3-compatible object store (AWS S3, MinIO, Ceph, R2 ...), the
 * option beside the disk store. Same contract: objects are keyed by their sha256, a put
 * is idempotent (HEAD first; PUT only when absent, with If-None-Match: * so two writers
 * racing cannot both create it), and a get streams the body through a hash and a size
 * bound, refusing bytes that no longer hash to their key.
 *
 * Credentials come only from the configuration handed in (never the SDK's default chain
 * of ~/.aws files, instance metadata or other environment variables), so what a process
 * can reach is exactly what its operator configured.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { sha256Hex, type DocumentStorage } from "./document-store.ts";

export interface S3StoreOptions {
  /** The service's base URL (e.g. http://127.0.0.1:9000 for MinIO); unset: AWS S3 in `region`. */
  endpoint?: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addresses (`<endpoint>/<bucket>/<key>`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Prepended to every key (e.g. "tanfeeth/documents/"); may be empty. */
  prefix: string;
  /** Largest object `get` will read (a stored document is never larger than the upload limit allowed). */
  maxObjectBytes: number;
  /** Per-request timeout; a hung store must not hold a request or a database transaction forever. */
  requestTimeoutMs?: number;
}

const HEX64 = /^[0-9a-f]{64}$/;

export class S3DocumentStorage implements DocumentStorage {
  private readonly client: S3Client;

  readonly options: S3StoreOptions;

  constructor(options: S3StoreOptions) {
    this.options = options;
    if (options.prefix.startsWith("/") || options.prefix.split("/").includes("..")) throw new Error("DOCUMENTS_S3_PREFIX must be a relative key prefix");
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Checksums only where the API requires them: S3-compatible servers differ in the
      // newer trailing-checksum encodings; integrity is ours to check anyway (sha256 keys).
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
      maxAttempts: 3,
    });
  }

  /** The only way a key is made: from a checked sha256, never from anything a user sent. */
  keyOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error(`not a sha256: ${sha256.slice(0, 80)}`);
    return `${this.options.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  async put(sha256: string, bytes: Uint8Array): Promise<{ created: boolean }> {
    if (sha256Hex(bytes) !== sha256) throw new Error("document bytes do not match their sha256");
    if (await this.has(sha256)) return { created: false };
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(sha256),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: "application/octet-stream",
          // The store checks what it received against our key (where it supports it).
          ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
          IfNoneMatch: "*",
        }),
      );
      return { created: true };
    } catch (error) {
      // Another writer stored the same bytes between our HEAD and PUT: same content, done.
      if (statusOf(error) === 412) return { created: false };
      throw error;
    }
  }

  async get(sha256: string): Promise<Buffer | null> {
    let body: Readable;
    let declared: number | undefined;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      body = answer.Body as Readable;
      declared = answer.ContentLength;
    } catch (error) {
      // Only a missing key is an absent document; a missing bucket is a misconfiguration.
      if (statusOf(error) === 404 && (error as Error).name === "NoSuchKey") return null;
      throw error;
    }
    if (declared !== undefined && declared > this.options.maxObjectBytes) {
      body.destroy();
      throw new Error(`stored document ${sha256} is larger than any accepted upload`);
    }
    // Read as it arrives, hashing on the way, and stop at the bound: a wrong or hostile
    // store cannot make us buffer more than the largest document we ever accepted.
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += piece.length;
      if (size > this.options.maxObjectBytes) {
        body.destroy();
        throw new Error(`stored document ${sha256} is larger than any accepted upload`);
      }
      hash.update(piece);
      chunks.push(piece);
    }
    if (hash.digest("hex") !== sha256) throw new Error(`stored document ${sha256} is corrupted`);
    return Buffer.concat(chunks, size);
  }

  close(): void {
    this.client.destroy();
  }
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}
