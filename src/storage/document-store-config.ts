/**
 * Which document store to use, read from the environment by src/config.ts (nothing else
 * reads process.env). Disk by default; `DOCUMENTS_STORE=s3` selects an S3-compatible
 * store, whose bucket and credentials must then be configured: a half-configured store
 * stops the process at start rather than failing on the first upload.
 */
export type DocumentStoreConfig =
  | { kind: "disk"; storageDir: string }
  | {
      kind: "s3";
      /** DOCUMENTS_S3_ENDPOINT: the S3-compatible service's URL; unset: AWS S3 itself. */
      endpoint: string | undefined;
      /** DOCUMENTS_S3_BUCKET */
      bucket: string;
      /** DOCUMENTS_S3_REGION (default us-east-1) */
      region: string;
      /** DOCUMENTS_S3_ACCESS_KEY_ID, DOCUMENTS_S3_SECRET_ACCESS_KEY */
      accessKeyId: string;
      secretAccessKey: string;
      /** DOCUMENTS_S3_FORCE_PATH_STYLE (default: true when an endpoint is given) */
      forcePathStyle: boolean;
      /** DOCUMENTS_S3_PREFIX: prepended to every key (default none) */
      prefix: string;
    };

export function documentStoreConfig(env: NodeJS.ProcessEnv, storageDir: string): DocumentStoreConfig {
  const kind = env.DOCUMENTS_STORE || "disk";
  if (kind === "disk") return { kind, storageDir };
  if (kind !== "s3") throw new Error(`DOCUMENTS_STORE must be "disk" or "s3", got "${kind}"`);
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`DOCUMENTS_STORE=s3 needs ${name}`);
    return value;
  };
  const endpoint = env.DOCUMENTS_S3_ENDPOINT ? env.DOCUMENTS_S3_ENDPOINT.replace(/\/+$/, "") : undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) throw new Error(`DOCUMENTS_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  const pathStyle = env.DOCUMENTS_S3_FORCE_PATH_STYLE;
  if (pathStyle !== undefined && pathStyle !== "" && pathStyle !== "true" && pathStyle !== "false") {
    throw new Error(`DOCUMENTS_S3_FORCE_PATH_STYLE must be true or false, got "${pathStyle}"`);
  }
  const prefix = env.DOCUMENTS_S3_PREFIX ?? "";
  if (prefix.startsWith("/") || prefix.split("/").includes("..")) throw new Error("DOCUMENTS_S3_PREFIX must be a relative key prefix");
  return {
    kind,
    endpoint,
    bucket: required("DOCUMENTS_S3_BUCKET"),
    region: env.DOCUMENTS_S3_REGION || "us-east-1",
    accessKeyId: required("DOCUMENTS_S3_ACCESS_KEY_ID"),
    secretAccessKey: required("DOCUMENTS_S3_SECRET_ACCESS_KEY"),
    forcePathStyle: pathStyle ? pathStyle === "true" : endpoint !== undefined,
    prefix,
  };
}
