/**
 * Where audit checkpoints go and what signs them, read from the environment by
 * src/config.ts (nothing else reads process.env):
 *   AUDIT_ANCHOR_STORE            file (default) or s3
 *   AUDIT_ANCHOR_DIR              the append-only directory (default <data dir>/audit-anchors for the
 *                                 embedded database; on PostgreSQL <data dir>/audit-anchors-<id>, the id
 *                                 a hash of the server and database name, so two databases never share one)
 *   AUDIT_ANCHOR_S3_ENDPOINT, _BUCKET, _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY,
 *   _PREFIX, _FORCE_PATH_STYLE     the bucket (created with object lock), as for documents
 *   AUDIT_ANCHOR_S3_RETENTION_DAYS how long each object stays locked (default 3653: ten years)
 *   AUDIT_ANCHOR_S3_LOCK_MODE      COMPLIANCE (default) or GOVERNANCE
 *   AUDIT_CHECKPOINT_JWK           the private ES256 JWK that signs checkpoints (required in
 *                                  production; elsewhere a key file <data dir>/audit-checkpoint-key.json
 *                                  is made on first use)
 *   AUDIT_CHECKPOINT_PUBLIC_JWKS   the keys verify-audit trusts ({"keys":[...]}, the auditor's
 *                                  pinned copy); unset: the signing key's public half
 *   AUDIT_CHECKPOINT_MINUTES       how often the worker takes one (default 60; 0: never)
 */
import { createHash } from "node:crypto";
import path from "node:path";

export type AnchorStoreConfig =
  | { kind: "file"; dir: string }
  | {
      kind: "s3";
      endpoint: string | undefined;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
      prefix: string;
      retentionDays: number;
      lockMode: "COMPLIANCE" | "GOVERNANCE";
    };

export interface AuditAnchorConfig {
  store: AnchorStoreConfig;
  signingJwk: string | undefined;
  devKeyFile: string;
  trustedJwks: string | undefined;
  everyMinutes: number;
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/** The default directory's name: one per database. */
function defaultDirName(databaseUrl: string | undefined): string {
  if (!databaseUrl) return "audit-anchors";
  const url = new URL(databaseUrl);
  const id = createHash("sha256").update(`${url.hostname}:${url.port || "5432"}${url.pathname}`).digest("hex").slice(0, 12);
  return `audit-anchors-${id}`;
}

export function auditAnchorConfig(env: NodeJS.ProcessEnv, dataDir: string, databaseUrl: string | undefined): AuditAnchorConfig {
  const kind = env.AUDIT_ANCHOR_STORE || "file";
  if (kind !== "file" && kind !== "s3") throw new Error(`AUDIT_ANCHOR_STORE must be "file" or "s3", got "${kind}"`);
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`AUDIT_ANCHOR_STORE=s3 needs ${name}`);
    return value;
  };
  let store: AnchorStoreConfig;
  if (kind === "file") {
    store = { kind, dir: path.resolve(env.AUDIT_ANCHOR_DIR || path.join(dataDir, defaultDirName(databaseUrl))) };
  } else {
    const endpoint = env.AUDIT_ANCHOR_S3_ENDPOINT ? env.AUDIT_ANCHOR_S3_ENDPOINT.replace(/\/+$/, "") : undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) throw new Error(`AUDIT_ANCHOR_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
    const lockMode = env.AUDIT_ANCHOR_S3_LOCK_MODE || "COMPLIANCE";
    if (lockMode !== "COMPLIANCE" && lockMode !== "GOVERNANCE") throw new Error(`AUDIT_ANCHOR_S3_LOCK_MODE must be COMPLIANCE or GOVERNANCE, got "${lockMode}"`);
    const retentionDays = whole("AUDIT_ANCHOR_S3_RETENTION_DAYS", env.AUDIT_ANCHOR_S3_RETENTION_DAYS, 3653);
    if (retentionDays < 1) throw new Error("AUDIT_ANCHOR_S3_RETENTION_DAYS must be at least 1");
    store = {
      kind,
      endpoint,
      bucket: required("AUDIT_ANCHOR_S3_BUCKET"),
      region: env.AUDIT_ANCHOR_S3_REGION || "us-east-1",
      accessKeyId: required("AUDIT_ANCHOR_S3_ACCESS_KEY_ID"),
      secretAccessKey: required("AUDIT_ANCHOR_S3_SECRET_ACCESS_KEY"),
      forcePathStyle: env.AUDIT_ANCHOR_S3_FORCE_PATH_STYLE ? env.AUDIT_ANCHOR_S3_FORCE_PATH_STYLE === "true" : endpoint !== undefined,
      prefix: env.AUDIT_ANCHOR_S3_PREFIX ?? "",
      retentionDays,
      lockMode,
    };
  }
  return {
    store,
    signingJwk: env.AUDIT_CHECKPOINT_JWK || undefined,
    devKeyFile: path.join(dataDir, "audit-checkpoint-key.json"),
    trustedJwks: env.AUDIT_CHECKPOINT_PUBLIC_JWKS || undefined,
    everyMinutes: whole("AUDIT_CHECKPOINT_MINUTES", env.AUDIT_CHECKPOINT_MINUTES, 60),
  };
}
