/**
 * The audit anchor from configuration: the store (an append-only directory, or an S3
 * bucket with object lock), the signing key, and the keys verification trusts.
 */
import type { JWK } from "jose";
import type { AuditAnchorConfig } from "./config.ts";
import { FileAnchorStore } from "./file-store.ts";
import { loadOrCreateKeyFile } from "./key-file.ts";
import { S3AnchorStore } from "./s3-store.ts";
import type { AnchorStore } from "../app/audit/anchor-store.ts";
import { checkpointKeysFrom, newCheckpointJwk, type CheckpointKeys } from "../app/audit/checkpoint-keys.ts";

export interface AnchorRuntime {
  store: AnchorStore;
  /** The key that signs checkpoints (AUDIT_CHECKPOINT_JWK, or the development key file). */
  keys(): Promise<CheckpointKeys>;
  /** The public keys a checkpoint must be signed by (AUDIT_CHECKPOINT_PUBLIC_JWKS, else the signing key's). */
  trusted(): Promise<JWK[]>;
  close(): void;
}

export function anchorRuntimeFor(config: AuditAnchorConfig): AnchorRuntime {
  const store = config.store.kind === "file" ? new FileAnchorStore(config.store.dir) : new S3AnchorStore(config.store);
  let keys: Promise<CheckpointKeys> | null = null;
  const signingKeys = () =>
    (keys ??= (async () => {
      const jwk = config.signingJwk ? (JSON.parse(config.signingJwk) as JWK) : await loadOrCreateKeyFile(config.devKeyFile, newCheckpointJwk);
      return checkpointKeysFrom(jwk);
    })());
  return {
    store,
    keys: signingKeys,
    trusted: async () => {
      if (config.trustedJwks) {
        const parsed = JSON.parse(config.trustedJwks) as { keys?: JWK[] };
        if (!Array.isArray(parsed.keys) || parsed.keys.some((key) => !key.kid)) throw new Error("AUDIT_CHECKPOINT_PUBLIC_JWKS must be a JWKS ({\"keys\": [...]}) whose keys have a kid");
        return parsed.keys;
      }
      return [(await signingKeys()).publicJwk];
    },
    close: () => {
      if (store instanceof S3AnchorStore) store.close();
    },
  };
}
