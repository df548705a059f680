import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { CompactSign, exportJWK, generateKeyPair, type JWK } from "jose";
import {
  ENVELOPE_TYP,
  MAX_MESSAGES_PER_BATCH,
  ProtocolError,
  REPLAY_WINDOW_SECONDS,
  signEnvelope,
  verifyEnvelope,
  type Envelope,
  type KeyResolver,
  type ProtocolErrorCode,
} from "./envelope.ts";
import { generateSigningKeyPair, jwks, signingKeyFrom } from "./keys.ts";
import { PROTOCOL_VERSION, hubMessage, type HubMessage } from "../../domain/exchange/messages.ts";

const now = new Date("2026-03-01T09:00:00.000Z");
const iat = Math.floor(now.getTime() / 1000);

async function party() {
  const pair = await generateSigningKeyPair();
  return { pair, signingKey: await signingKeyFrom(pair) };
}

const hub = await party();
const other = await party();

/** The receiver knows the hub's published keys only. */
const resolveKey: KeyResolver = async (issuer, kid) => (issuer === "hub" ? jwks([hub.pair.publicJwk]).keys.find((key) => key.kid === kid) : undefined);

function liftOrder(overrides: Partial<Record<string, unknown>> = {}): HubMessage {
  return {
    type: "lift.order",
    messageId: randomUUID(),
    sentAt: now.toISOString(),
    orderId: randomUUID(),
    fileNumber: "2026/000123",
    reason: "payment",
    ...overrides,
  } as HubMessage;
}

function envelope(overrides: Partial<Envelope<unknown>> = {}): Envelope<unknown> {
  return { iss: "hub", aud: "bank:NBOK", jti: randomUUID(), iat, ver: PROTOCOL_VERSION, messages: [liftOrder()], ...overrides };
}

const verify = (jws: string, at: Date = now, audience = "bank:NBOK") => verifyEnvelope(jws, { audience, now: at, resolveKey, messageSchema: hubMessage });

async function refusedWith(promise: Promise<unknown>, code: ProtocolErrorCode) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ProtocolError, `expected a ProtocolError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

/** A compact JWS over any payload and header, for what signEnvelope would never produce. */
async function rawJws(payload: unknown, header: Record<string, unknown>, key: CryptoKey | Uint8Array): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(key);
}

describe("envelope: sign and verify", () => {
  it("round-trips: the receiver gets the same envelope and messages", async () => {
    const sent = envelope({ messages: [liftOrder(), liftOrder({ reason: "waiver" })] });
    const batch = await verify(await signEnvelope(sent, hub.signingKey));
    assert.deepEqual(batch.envelope, sent);
    assert.deepEqual(batch.messages, sent.messages);
    assert.deepEqual(batch.invalid, []);
  });

  it("signs with ES256, the key id and the explicit type", async () => {
    const jws = await signEnvelope(envelope(), hub.signingKey);
    const header = JSON.parse(Buffer.from(jws.split(".")[0]!, "base64url").toString("utf8"));
    assert.deepEqual(header, { alg: "ES256", kid: hub.pair.kid, typ: ENVELOPE_TYP });
  });

  it("accepts a key given as a CryptoKey as well as a JWK", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jws = await signEnvelope(envelope(), { kid: "k1", privateKey });
    const batch = await verifyEnvelope(jws, { audience: "bank:NBOK", now, resolveKey: async () => publicKey, messageSchema: hubMessage });
    assert.equal(batch.messages.length, 1);
  });

  it("refuses a tampered payload: BAD_SIGNATURE", async () => {
    const [header, payload, signature] = (await signEnvelope(envelope(), hub.signingKey)).split(".");
    const changed = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    changed.messages[0].reason = "forged";
    const tampered = `${header}.${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${signature}`;
    await refusedWith(verify(tampered), "BAD_SIGNATURE");
  });

  it("refuses a signature by another key under the hub's kid: BAD_SIGNATURE", async () => {
    const jws = await signEnvelope(envelope(), { kid: hub.pair.kid, privateKey: other.signingKey.privateKey });
    await refusedWith(verify(jws), "BAD_SIGNATURE");
  });

  it("refuses an unknown key id or issuer: UNKNOWN_SENDER", async () => {
    await refusedWith(verify(await signEnvelope(envelope(), other.signingKey)), "UNKNOWN_SENDER");
    await refusedWith(verify(await signEnvelope(envelope({ iss: "bank:KFHO" }), hub.signingKey)), "UNKNOWN_SENDER");
  });

  it("refuses a batch for someone else: WRONG_AUDIENCE", async () => {
    const jws = await signEnvelope(envelope({ aud: "bank:KFHO" }), hub.signingKey);
    await refusedWith(verify(jws), "WRONG_AUDIENCE");
    // The very same batch verifies for its own audience.
    assert.equal((await verify(jws, now, "bank:KFHO")).messages.length, 1);
  });

  it("accepts up to the window on both sides and refuses beyond it: OUTSIDE_WINDOW", async () => {
    const jws = await signEnvelope(envelope(), hub.signingKey);
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    await verify(jws, at(REPLAY_WINDOW_SECONDS));
    await verify(jws, at(-REPLAY_WINDOW_SECONDS));
    await refusedWith(verify(jws, at(REPLAY_WINDOW_SECONDS + 1)), "OUTSIDE_WINDOW"); // too old: a replay
    await refusedWith(verify(jws, at(-REPLAY_WINDOW_SECONDS - 1)), "OUTSIDE_WINDOW"); // from the future
  });

  it("reports invalid messages by index while the valid ones pass", async () => {
    const good1 = liftOrder();
    const good2 = liftOrder();
    const badAmountId = randomUUID();
    const sent = envelope({
      messages: [
        good1,
        { type: "transfer.order", messageId: badAmountId, sentAt: now.toISOString(), orderId: randomUUID(), fileNumber: "2026/1", amount: "12.5", toIban: "KW81CBKU0000000000001234560101" },
        good2,
        { type: "no.such.type", messageId: "not-a-uuid" },
        { ...good1, extra: "field" },
      ],
    });
    const batch = await verify(await signEnvelope(sent, hub.signingKey));
    assert.deepEqual(batch.messages, [good1, good2]);
    assert.deepEqual(
      batch.invalid.map(({ index, messageId }) => ({ index, messageId })),
      [
        { index: 1, messageId: badAmountId },
        { index: 3, messageId: "not-a-uuid" },
        { index: 4, messageId: good1.messageId },
      ],
    );
    assert.match(batch.invalid[0]!.issues, /amount/);
  });

  it("refuses alg none and HS256, whatever the payload: MALFORMED", async () => {
    const payload = envelope();
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: hub.pair.kid, typ: ENVELOPE_TYP })).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.`;
    await refusedWith(verify(none), "MALFORMED");
    const secret = new TextEncoder().encode("a shared secret that nobody should use here");
    const hs256 = await rawJws(payload, { alg: "HS256", kid: hub.pair.kid, typ: ENVELOPE_TYP }, secret);
    await refusedWith(verify(hs256), "MALFORMED");
    // HS256 keyed with the hub's public key (the classic confusion attack) fails the same way.
    const publicBytes = new TextEncoder().encode(JSON.stringify(hub.pair.publicJwk));
    await refusedWith(verify(await rawJws(payload, { alg: "HS256", kid: hub.pair.kid, typ: ENVELOPE_TYP }, publicBytes)), "MALFORMED");
  });

  it("refuses a missing kid or another typ: MALFORMED", async () => {
    const privateKey = hub.signingKey.privateKey;
    await refusedWith(verify(await rawJws(envelope(), { alg: "ES256", typ: ENVELOPE_TYP }, privateKey)), "MALFORMED");
    await refusedWith(verify(await rawJws(envelope(), { alg: "ES256", kid: hub.pair.kid, typ: "JWT" }, privateKey)), "MALFORMED");
    await refusedWith(verify(await rawJws(envelope(), { alg: "ES256", kid: hub.pair.kid }, privateKey)), "MALFORMED");
  });

  it("refuses what is not a compact JWS, or a payload that is not an envelope: MALFORMED", async () => {
    await refusedWith(verify("hello"), "MALFORMED");
    await refusedWith(verify("a.b"), "MALFORMED");
    const privateKey = hub.signingKey.privateKey;
    const header = { alg: "ES256", kid: hub.pair.kid, typ: ENVELOPE_TYP };
    await refusedWith(verify(await rawJws({ ...envelope(), messages: [] }, header, privateKey)), "MALFORMED");
    await refusedWith(verify(await rawJws({ ...envelope(), jti: "batch-1" }, header, privateKey)), "MALFORMED");
    await refusedWith(verify(await rawJws({ ...envelope(), extra: true }, header, privateKey)), "MALFORMED");
    const notJson = await new CompactSign(new TextEncoder().encode("{not json")).setProtectedHeader(header).sign(privateKey);
    await refusedWith(verify(notJson), "MALFORMED");
  });

  it("refuses another version, even with another envelope shape: UNSUPPORTED_VERSION", async () => {
    const header = { alg: "ES256", kid: hub.pair.kid, typ: ENVELOPE_TYP };
    await refusedWith(verify(await rawJws({ ...envelope(), ver: "2" }, header, hub.signingKey.privateKey)), "UNSUPPORTED_VERSION");
    await refusedWith(verify(await rawJws({ ...envelope(), ver: "2", priority: "high" }, header, hub.signingKey.privateKey)), "UNSUPPORTED_VERSION");
  });

  it("refuses more than the batch limit, signing or verifying: TOO_MANY_MESSAGES", async () => {
    const messages = Array.from({ length: MAX_MESSAGES_PER_BATCH + 1 }, () => liftOrder());
    await assert.rejects(signEnvelope(envelope({ messages }), hub.signingKey), (error: unknown) => error instanceof ProtocolError && error.code === "TOO_MANY_MESSAGES");
    const header = { alg: "ES256", kid: hub.pair.kid, typ: ENVELOPE_TYP };
    await refusedWith(verify(await rawJws(envelope({ messages }), header, hub.signingKey.privateKey)), "TOO_MANY_MESSAGES");
    const full = await verify(await signEnvelope(envelope({ messages: messages.slice(0, MAX_MESSAGES_PER_BATCH) }), hub.signingKey));
    assert.equal(full.messages.length, MAX_MESSAGES_PER_BATCH);
  });

  it("publishes public keys only", async () => {
    const published = jwks([hub.pair.privateJwk, hub.pair.publicJwk]);
    for (const key of published.keys) {
      assert.equal((key as JWK).d, undefined);
      assert.equal(key.kid, hub.pair.kid);
      assert.equal(key.alg, "ES256");
    }
    const exported = await exportJWK((await generateKeyPair("ES256", { extractable: true })).publicKey);
    assert.equal(exported.crv, "P-256");
  });
});
