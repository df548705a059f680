/**
 * The signed envelope: one batch of messages from one sender to one receiver, as a compact
 * JWS (ES256) with the sender's key id. Receivers check the signature against the
 * sender's published keys, the audience, the version and the time window; the batch id
 * (jti) and each messageId are then checked for replay against the receiver's store.
 */
import { CompactSign, compactVerify, decodeProtectedHeader, type CryptoKey, type JWK, importJWK } from "jose";
import { z } from "zod";
import { PROTOCOL_VERSION } from "../../domain/exchange/messages.ts";

export const ENVELOPE_MEDIA_TYPE = "application/jose";
export const SIGNING_ALG = "ES256";
/** The JWS "typ" header of a batch: explicit typing, so no other token signed by the same key passes as a batch. */
export const ENVELOPE_TYP = "tanfeeth-agency+jws";
/** How far a batch's issue time may be from the receiver's clock. */
export const REPLAY_WINDOW_SECONDS = 300;
export const MAX_MESSAGES_PER_BATCH = 500;
/** The protected header's members, and no others. */
export const PROTECTED_HEADER_MEMBERS = ["alg", "kid", "typ"] as const;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface Envelope<Message> {
  /** Sender id: "hub", or an agency key such as "bank:NBOK", "traffic", "ports", "civil_info", "clearing". */
  iss: string;
  aud: string;
  /** Batch id, unique per sender. */
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  ver: string;
  messages: Message[];
}

export type ProtocolErrorCode =
  | "MALFORMED"
  | "UNSUPPORTED_VERSION"
  | "UNKNOWN_SENDER"
  | "BAD_SIGNATURE"
  | "WRONG_AUDIENCE"
  | "OUTSIDE_WINDOW"
  | "TOO_MANY_MESSAGES";

export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;

  constructor(
    code: ProtocolErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.code = code;
    this.name = "ProtocolError";
  }
}

const envelopeShape = z
  .object({
    iss: z.string().min(1).max(40),
    aud: z.string().min(1).max(40),
    jti: z.uuid(),
    iat: z.number().int(),
    ver: z.string(),
    messages: z.array(z.unknown()).min(1),
  })
  .strict();

export async function signEnvelope<Message>(envelope: Envelope<Message>, key: SigningKey): Promise<string> {
  if (envelope.messages.length > MAX_MESSAGES_PER_BATCH) throw new ProtocolError("TOO_MANY_MESSAGES");
  return new CompactSign(new TextEncoder().encode(JSON.stringify(envelope)))
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: ENVELOPE_TYP })
    .sign(key.privateKey);
}

/** Finds the public key a sender signed with; undefined for an unknown sender or key id. */
export type KeyResolver = (issuer: string, kid: string) => Promise<CryptoKey | JWK | undefined>;

export interface VerifyOptions<Message> {
  audience: string;
  now: Date;
  resolveKey: KeyResolver;
  /** Validates each message (the receiver's side of the protocol). */
  messageSchema: z.ZodType<Message>;
}

export interface VerifiedBatch<Message> {
  envelope: Envelope<unknown>;
  /** Messages that parsed, in order. */
  messages: Message[];
  /** Messages that did not parse: refused one by one, the rest of the batch still counts. */
  invalid: { index: number; messageId: string | null; issues: string }[];
}

export async function verifyEnvelope<Message>(jws: string, options: VerifyOptions<Message>): Promise<VerifiedBatch<Message>> {
  let header: { alg?: string; kid?: string; typ?: string };
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new ProtocolError("MALFORMED", "not a compact JWS");
  }
  if (header.alg !== SIGNING_ALG || !header.kid) throw new ProtocolError("MALFORMED", "alg must be ES256 with a kid");
  // Exactly alg, kid and typ (section 3): no jku, jwk, x5u, x5c, crit or b64 — keys come only from the registered key set.
  const extra = Object.keys(header).filter((member) => !(PROTECTED_HEADER_MEMBERS as readonly string[]).includes(member));
  if (extra.length > 0) throw new ProtocolError("MALFORMED", `protected header members other than alg, kid, typ: ${extra.sort().join(", ")}`);
  if (header.typ?.toLowerCase() !== ENVELOPE_TYP) throw new ProtocolError("MALFORMED", `typ must be ${ENVELOPE_TYP}`);
  // The issuer is needed to find the key: read it unverified, then verify with that key.
  const issuer = readIssuer(jws);
  const key = await options.resolveKey(issuer, header.kid);
  if (!key) throw new ProtocolError("UNKNOWN_SENDER", `${issuer} / ${header.kid}`);
  let payload: Uint8Array;
  try {
    const publicKey = "kty" in (key as JWK) ? await importJWK(key as JWK, SIGNING_ALG) : key;
    ({ payload } = await compactVerify(jws, publicKey as CryptoKey, { algorithms: [SIGNING_ALG] }));
  } catch {
    throw new ProtocolError("BAD_SIGNATURE");
  }
  // The version first: another version's envelope may have another shape.
  const json = parseJson(payload);
  const version = (json as { ver?: unknown } | null)?.ver;
  if (typeof version === "string" && version !== PROTOCOL_VERSION) throw new ProtocolError("UNSUPPORTED_VERSION", version);
  const envelope = parseEnvelope(json);
  if (envelope.aud !== options.audience) throw new ProtocolError("WRONG_AUDIENCE", envelope.aud);
  if (Math.abs(options.now.getTime() / 1000 - envelope.iat) > REPLAY_WINDOW_SECONDS) throw new ProtocolError("OUTSIDE_WINDOW");
  if (envelope.messages.length > MAX_MESSAGES_PER_BATCH) throw new ProtocolError("TOO_MANY_MESSAGES");
  const messages: Message[] = [];
  const invalid: VerifiedBatch<Message>["invalid"] = [];
  envelope.messages.forEach((candidate, index) => {
    const parsed = options.messageSchema.safeParse(candidate);
    if (parsed.success) messages.push(parsed.data);
    else {
      const messageId = (candidate as { messageId?: unknown })?.messageId;
      invalid.push({ index, messageId: typeof messageId === "string" ? messageId : null, issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") });
    }
  });
  return { envelope, messages, invalid };
}

/** Only the issuer, unverified, to find the key: the full shape is checked after the signature. */
function readIssuer(jws: string): string {
  const parts = jws.split(".");
  if (parts.length !== 3) throw new ProtocolError("MALFORMED", "not a compact JWS");
  const iss = (parseJson(Buffer.from(parts[1]!, "base64url")) as { iss?: unknown } | null)?.iss;
  if (typeof iss !== "string" || iss.length === 0) throw new ProtocolError("MALFORMED", "iss is missing");
  return iss;
}

function parseJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new ProtocolError("MALFORMED", "payload is not JSON");
  }
}

function parseEnvelope(json: unknown): Envelope<unknown> {
  const parsed = envelopeShape.safeParse(json);
  if (!parsed.success) throw new ProtocolError("MALFORMED", parsed.error.issues[0]?.message);
  return parsed.data;
}
