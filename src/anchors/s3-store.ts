/**
 * Audit checkpoints in an S3 bucket with object lock (AWS S3, MinIO and Ceph support it):
 * every object is created with `If-None-Match: *` (never over an existing one) and a
 * retention — COMPLIANCE by default, which nobody, the bucket's owner included, can
 * shorten or lift — so it cannot be deleted before its retain-until date. The bucket must
 * have been created with object lock enabled (which also turns versioning on); a bucket
 * policy that denies PutObject without `If-None-Match` (condition key `s3:if-none-match`)
 * keeps even the application's own credentials from adding a newer version over a
 * checkpoint: see docs/security.md.
 *
 * Credentials come only from the configuration (never the SDK's default chain), as for the
 * document store.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { checkAnchorName, type AnchorStore } from "../app/audit/anchor-store.ts";

export interface S3AnchorStoreOptions {
  endpoint?: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Prepended to every key (e.g. "tanfeeth/audit/"); may be empty. */
  prefix: string;
  /** How long each object stays locked, in days. */
  retentionDays: number;
  /** COMPLIANCE (no one can shorten or lift the lock) or GOVERNANCE (holders of s3:BypassGovernanceRetention can). */
  lockMode: "COMPLIANCE" | "GOVERNANCE";
  /** Clock for the retain-until dates. */
  now?: () => Date;
}

/** No anchor object is larger than this (a million streams' heads gzip to about 60 MB). */
const MAX_OBJECT_BYTES = 512 * 1024 * 1024;

export class S3AnchorStore implements AnchorStore {
  readonly location: string;
  private readonly client: S3Client;

  private readonly options: S3AnchorStoreOptions;

  constructor(options: S3AnchorStoreOptions) {
    this.options = options;
    if (options.prefix.startsWith("/") || options.prefix.split("/").includes("..")) throw new Error("AUDIT_ANCHOR_S3_PREFIX must be a relative key prefix");
    this.location = `s3://${options.bucket}/${options.prefix}`;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: { requestTimeout: 60_000, connectionTimeout: 5_000 },
      maxAttempts: 3,
    });
  }

  async create(name: string, bytes: Uint8Array): Promise<boolean> {
    const now = this.options.now?.() ?? new Date();
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: `${this.options.prefix}${checkAnchorName(name)}`,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: "application/octet-stream",
          // Object lock needs an integrity header on the PUT; the service checks the bytes against it.
          ChecksumSHA256: createHash("sha256").update(bytes).digest("base64"),
          IfNoneMatch: "*",
          ObjectLockMode: this.options.lockMode,
          ObjectLockRetainUntilDate: new Date(now.getTime() + this.options.retentionDays * 86_400_000),
        }),
      );
      return true;
    } catch (error) {
      if (statusOf(error) === 412) return false;
      throw error;
    }
  }

  async read(name: string): Promise<Buffer | null> {
    let body: Readable;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: `${this.options.prefix}${checkAnchorName(name)}` }))).Body as Readable;
    } catch (error) {
      if (statusOf(error) === 404 && (error as Error).name === "NoSuchKey") return null;
      throw error;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += piece.length;
      if (size > MAX_OBJECT_BYTES) {
        body.destroy();
        throw new Error(`anchor object ${name} is larger than any checkpoint`);
      }
      chunks.push(piece);
    }
    return Buffer.concat(chunks, size);
  }

  async list(prefix: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: `${this.options.prefix}${prefix}`, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const object of page.Contents ?? []) if (object.Key) names.push(object.Key.slice(this.options.prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  close(): void {
    this.client.destroy();
  }
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}
