/**
 * Batches as a conformance kit needs them: correctly signed, and deliberately wrong (no
 * signature, another algorithm, extra header members, a forged or tampered signature,
 * a payload that is not an envelope). Signed by hand with node:crypto, because jose
 * refuses to make some of them. And one POST that reports whatever came back.
 */
import { createHmac, createPrivateKey, randomUUID, sign } from "node:crypto";
import type { JWK } from "jose";
import { ENVELOPE_MEDIA_TYPE, ENVELOPE_TYP, SIGNING_ALG } from "../protocol/envelope.ts";
import { PROTOCOL_VERSION } from "../../domain/exchange/messages.ts";

export interface RawKey {
  kid: string;
  privateJwk: JWK;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** ES256 over header.payload (R ‖ S), any header and any payload text. */
export function signRaw(key: RawKey, header: Record<string, unknown>, payload: string): string {
  const input = `${b64(JSON.stringify(header))}.${b64(payload)}`;
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: "jwk" });
  return `${input}.${sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

export const goodHeader = (kid: string): Record<string, unknown> => ({ alg: SIGNING_ALG, kid, typ: ENVELOPE_TYP });

export function envelopeClaims(options: { iss: string; aud: string; messages: unknown[]; now: Date; iatOffsetSeconds?: number }) {
  return {
    iss: options.iss,
    aud: options.aud,
    jti: randomUUID(),
    iat: Math.floor(options.now.getTime() / 1000) + (options.iatOffsetSeconds ?? 0),
    ver: PROTOCOL_VERSION,
    messages: options.messages,
  };
}

export const signedBatch = (key: RawKey, claims: unknown) => signRaw(key, goodHeader(key.kid), JSON.stringify(claims));

/** alg "none", no signature. */
export const unsignedBatch = (kid: string, claims: unknown) => `${b64(JSON.stringify({ alg: "none", kid, typ: ENVELOPE_TYP }))}.${b64(JSON.stringify(claims))}.`;

/** HS256 with the public key's x as the secret (the classic algorithm-confusion attempt). */
export function hmacBatch(kid: string, secret: string, claims: unknown): string {
  const input = `${b64(JSON.stringify({ alg: "HS256", kid, typ: ENVELOPE_TYP }))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** A genuine batch whose payload was changed after signing (the signature no longer matches). */
export function tampered(jws: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = jws.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  return `${header}.${b64(JSON.stringify(change(claims)))}.${signature}`;
}

export interface PostAnswer {
  /** 0 when nothing came back (connection refused, reset, timeout). */
  status: number;
  contentType: string;
  text: string;
  json: unknown;
  /** How long the answer took. */
  ms: number;
  error?: string;
}

export async function postRaw(url: string, body: string | Buffer, contentType: string | undefined, timeoutMs = 10_000): Promise<PostAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...(contentType === undefined ? {} : { "content-type": contentType }), accept: "application/json" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, json, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, contentType: "", text: "", json: undefined, ms: performance.now() - started, error: (error as Error).message };
  }
}

export const MEDIA_TYPE = ENVELOPE_MEDIA_TYPE;
