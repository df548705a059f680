/**
 * A stand-in S3-compatible object server for tests: its own HTTP server on a loopback
 * port, path-style addresses (`/<bucket>/<key>`), PUT (with If-None-Match: * and the
 * sha256 checksums), GET and HEAD of objects, errors as S3's XML. No npm S3 server runs
 * on this Node (s3rver is unmaintained with vulnerable dependencies; its fork needs Node
 * 24), so this one implements only what the document store uses — and checks every
 * request's AWS Signature Version 4 in full with the one key pair it knows, so a client
 * that signs wrongly, or with the wrong secret, is refused as S3 would refuse it.
 *
 * For the audit anchor (issue 16) it also lists objects (ListObjectsV2, one page), deletes
 * them, and does object lock on a bucket started with `objectLock: true`: a PUT may carry
 * a retention (`x-amz-object-lock-mode`, `-retain-until-date`, with an integrity header
 * as S3 requires), and a locked object can be neither deleted nor replaced until its date.
 * It keeps no versions: where S3 (versioning is on in a locked bucket) would add a newer
 * version beside a locked one, it refuses the PUT — the effect of a bucket policy that
 * requires If-None-Match on every PutObject.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3StandIn {
  url: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Objects by key. */
  objects: Map<string, Buffer>;
  /** Object-lock retentions by key (a bucket started with objectLock). */
  locks: Map<string, { mode: string; retainUntil: Date }>;
  /** Every request answered, in order: method, key and status. */
  requests: { method: string; key: string; status: number }[];
  /** Replace an object's bytes behind the client's back (to test integrity checks). */
  tamper(key: string, bytes: Buffer): void;
  close(): Promise<void>;
}

const xml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

const rfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** The SigV4 check, written from the AWS specification (not from the SDK that signs). */
function verifySignature(request: IncomingMessage, body: Buffer, keys: { accessKeyId: string; secretAccessKey: string; region: string }): string | null {
  const authorization = request.headers.authorization;
  if (!authorization) return "AccessDenied";
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return "AuthorizationHeaderMalformed";
  const [, accessKeyId, day, region, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string];
  if (accessKeyId !== keys.accessKeyId) return "InvalidAccessKeyId";
  if (region !== keys.region) return "AuthorizationHeaderMalformed";
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) return "AccessDenied";
  const at = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (Math.abs(Date.now() - at) > 15 * 60_000) return "RequestTimeTooSkewed";
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host") || !signedHeaders.includes("x-amz-date")) return "AccessDenied";
  const payloadHash = String(request.headers["x-amz-content-sha256"] ?? "");
  if (payloadHash !== "UNSIGNED-PAYLOAD") {
    if (!/^[0-9a-f]{64}$/.test(payloadHash)) return "InvalidRequest";
    if (createHash("sha256").update(body).digest("hex") !== payloadHash) return "XAmzContentSHA256Mismatch";
  }
  const url = new URL(request.url ?? "/", "http://standin");
  const query = [...url.searchParams.entries()]
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const headerLines = signedHeaders.map((name) => {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value.join(",") : (value ?? "");
    return `${name}:${String(text).trim().replace(/\s+/g, " ")}\n`;
  });
  const canonical = [request.method, url.pathname, query, headerLines.join(""), signedHeaderList, payloadHash].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), "s3"), "aws4_request");
  const expected = hmac(key, toSign);
  return timingSafeEqual(expected, Buffer.from(signature, "hex")) ? null : "SignatureDoesNotMatch";
}

const errorStatus: Record<string, number> = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  InvalidAccessKeyId: 403,
  RequestTimeTooSkewed: 403,
  InvalidRequest: 400,
  XAmzContentSHA256Mismatch: 400,
  SignatureDoesNotMatch: 403,
};

export async function startS3StandIn(options: { bucket?: string; objectLock?: boolean } = {}): Promise<S3StandIn> {
  const bucket = options.bucket ?? "tanfeeth-documents";
  const keys = { accessKeyId: "STANDINACCESSKEY", secretAccessKey: "stand-in-secret-key-for-tests-only", region: "me-central-1" };
  const objects = new Map<string, Buffer>();
  const locks: S3StandIn["locks"] = new Map();
  const requests: S3StandIn["requests"] = [];
  const lockedNow = (key: string) => (locks.get(key)?.retainUntil.getTime() ?? 0) > Date.now();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", "http://standin");
    const path = url.pathname;
    const [, bucketName = "", ...rest] = path.split("/");
    const key = rest.map((part) => decodeURIComponent(part)).join("/");
    const send = (status: number, headers: Record<string, string | number> = {}, payload?: Buffer | string) => {
      requests.push({ method: request.method ?? "", key, status });
      response.writeHead(status, headers);
      // HEAD answers carry no body, errors included (as S3 does).
      response.end(request.method === "HEAD" ? undefined : payload);
    };
    const fail = (status: number, code: string) => send(status, { "content-type": "application/xml" }, xml(code, code));

    const refused = verifySignature(request, body, keys);
    if (refused) return fail(errorStatus[refused] ?? 403, refused);
    if (bucketName !== bucket) return fail(404, "NoSuchBucket");
    if (key === "" && request.method === "GET" && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const keys = [...objects.keys()].filter((name) => name.startsWith(prefix)).sort();
      const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      const listing = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${escape(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${keys
        .map((name) => `<Contents><Key>${escape(name)}</Key><Size>${objects.get(name)!.length}</Size></Contents>`)
        .join("")}</ListBucketResult>`;
      return send(200, { "content-type": "application/xml" }, listing);
    }
    if (key === "") return fail(400, "InvalidRequest");
    const etag = (bytes: Buffer) => `"${createHash("md5").update(bytes).digest("hex")}"`;
    switch (request.method) {
      case "PUT": {
        if (request.headers["x-amz-content-sha256"] === undefined) return fail(400, "InvalidRequest");
        const checksum = request.headers["x-amz-checksum-sha256"];
        if (checksum !== undefined && createHash("sha256").update(body).digest("base64") !== checksum) return fail(400, "BadDigest");
        if (request.headers["if-none-match"] === "*" && objects.has(key)) return fail(412, "PreconditionFailed");
        if (lockedNow(key)) return fail(403, "AccessDenied");
        const mode = request.headers["x-amz-object-lock-mode"];
        const until = request.headers["x-amz-object-lock-retain-until-date"];
        if (mode !== undefined || until !== undefined) {
          if (!options.objectLock) return fail(400, "InvalidRequest");
          const retainUntil = new Date(String(until));
          if ((mode !== "COMPLIANCE" && mode !== "GOVERNANCE") || Number.isNaN(retainUntil.getTime()) || retainUntil.getTime() <= Date.now()) return fail(400, "InvalidArgument");
          if (checksum === undefined && request.headers["content-md5"] === undefined) return fail(400, "InvalidRequest");
          locks.set(key, { mode, retainUntil });
        }
        objects.set(key, body);
        return send(200, { etag: etag(body) });
      }
      case "DELETE": {
        if (lockedNow(key)) return fail(403, "AccessDenied");
        objects.delete(key);
        locks.delete(key);
        return send(204);
      }
      case "GET":
      case "HEAD": {
        const stored = objects.get(key);
        if (!stored) return fail(404, "NoSuchKey");
        return send(200, { "content-type": "application/octet-stream", "content-length": stored.length, etag: etag(stored) }, stored);
      }
      default:
        return fail(405, "MethodNotAllowed");
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    ...keys,
    objects,
    locks,
    requests,
    tamper: (key, bytes) => {
      if (!objects.has(key)) throw new Error(`no object ${key}`);
      objects.set(key, bytes);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
