/**
 * JWS forgery and replay on the agency channel (/agency/v1/messages), over real HTTP
 * with the stand-in agencies: unsigned and alg "none" batches, HMAC signed with the
 * bank's public key (algorithm confusion), an impostor's key under its own or the bank's
 * key id, one bank signing as another or as the hub, altered payloads, headers and
 * signatures, the JSON serialisation, wrong audience, version, times and sizes, hostile
 * issuers; then a genuine batch replayed, and its message ids replayed in a new batch.
 * Every forgery is refused with its protocol code and recorded as evidence — the only
 * row written — and no order, action or message changes.
 */
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { CompactSign } from "jose";
import { ENVELOPE_TYP, generateSigningKeyPair, MAX_MESSAGES_PER_BATCH, signEnvelope, signingKeyFrom, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { fingerprintDiff, writeDetector } from "./support/database-fingerprint.ts";
import { leaksIn } from "./support/response-contract.ts";

let exchange: Exchange;
let nbokKey: KeyPairRecord;
let orderId: string;
/** The attachment order the hub sent: what a genuine answer replies to. */
let orderMessageId: string;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
  exchange.simulators.setBalances(people.debtor, { NBOK: 100_000n });
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 50_000n, banks: ["NBOK"] });
  await exchange.settle();
  orderId = (await exchange.database.db.selectFrom("agency_orders").select("id").where("procedure_id", "=", procedure.id).executeTakeFirstOrThrow()).id;
  orderMessageId = (await exchange.database.db.selectFrom("agency_messages").select("message_id").where("direction", "=", "out").where("order_id", "=", orderId).where("message_type", "=", "attachment.order").executeTakeFirstOrThrow()).message_id;
});

after(async () => {
  await exchange?.close();
});

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const iat = () => Math.floor(exchange.world.clock.now().getTime() / 1000);

/** An answer that would change the order if it were applied: the bank refuses it. */
function declaration() {
  return { messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: orderMessageId, type: "rejection", orderId, code: "NOT_ALLOWED", reason: "forged" };
}

function claims(overrides: Record<string, unknown> = {}) {
  return { iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: iat(), ver: "1", messages: [declaration()], ...overrides };
}

async function signed(payload: Record<string, unknown>, key: KeyPairRecord = nbokKey): Promise<string> {
  return signEnvelope(payload as never, await signingKeyFrom(key));
}

/** Signed as the protocol signs, without signEnvelope's own checks (to send what it would refuse to make). */
async function signedRaw(payload: Record<string, unknown>, key: KeyPairRecord = nbokKey): Promise<string> {
  const signer = await signingKeyFrom(key);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: ENVELOPE_TYP }).sign(signer.privateKey);
}

async function post(body: string, contentType = "application/jose") {
  const response = await fetch(`${exchange.hubUrl}/agency/v1/messages`, { method: "POST", headers: { "content-type": contentType }, body });
  const text = await response.text();
  return { status: response.status, text, headers: Object.fromEntries(response.headers) };
}

test("forged, altered, misaddressed and malformed batches are refused, recorded, and change nothing else", async () => {
  const impostor = await generateSigningKeyPair();
  const genuine = await signed(claims());
  const [header, payload, signature] = genuine.split(".") as [string, string, string];
  const headerJson = JSON.parse(Buffer.from(header, "base64url").toString()) as Record<string, unknown>;
  const hmac = (key: string, head: Record<string, unknown>) => {
    const input = `${b64(head)}.${payload}`;
    return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
  };
  const publicKeyText = JSON.stringify(nbokKey.publicJwk);
  const tooMany = Array.from({ length: MAX_MESSAGES_PER_BATCH + 1 }, () => declaration());

  const attacks: [string, () => Promise<string> | string, number, string, string?][] = [
    ["unsigned: alg none, no signature", () => `${b64({ alg: "none", typ: "tanfeeth-agency+jws", kid: nbokKey.kid })}.${payload}.`, 400, "MALFORMED"],
    ["alg none with the genuine signature kept", () => `${b64({ ...headerJson, alg: "none" })}.${payload}.${signature}`, 400, "MALFORMED"],
    ["HS256 keyed with the bank's public JWK (algorithm confusion)", () => hmac(publicKeyText, { ...headerJson, alg: "HS256" }), 400, "MALFORMED"],
    ["HS256 keyed with the public key's x coordinate", () => hmac(String(nbokKey.publicJwk.x), { ...headerJson, alg: "HS256" }), 400, "MALFORMED"],
    ["RS256 header over an ES256 signature", () => `${b64({ ...headerJson, alg: "RS256" })}.${payload}.${signature}`, 400, "MALFORMED"],
    ["an impostor's key, its own key id", () => signed(claims(), impostor), 401, "UNKNOWN_SENDER"],
    ["an impostor's key under the bank's key id", () => signed(claims(), { ...impostor, kid: nbokKey.kid, privateJwk: { ...impostor.privateJwk, kid: nbokKey.kid } }), 401, "BAD_SIGNATURE"],
    ["the bank's key, claiming to be another bank", () => signed(claims({ iss: "bank:KFHO" })), 401, "UNKNOWN_SENDER"],
    ["the bank's key, claiming to be the hub", () => signed(claims({ iss: "hub" })), 401, "UNKNOWN_SENDER"],
    ["issuer __proto__", () => signed(claims({ iss: "__proto__" })), 401, "UNKNOWN_SENDER"],
    ["issuer constructor", () => signed(claims({ iss: "constructor" })), 401, "UNKNOWN_SENDER"],
    ["payload altered (rejection made an acknowledgement), signature kept", () => `${header}.${b64(Buffer.from(payload, "base64url").toString().replace('"rejection"', '"ack"'))}.${signature}`, 401, "BAD_SIGNATURE"],
    ["payload altered (another order), signature kept", () => `${header}.${b64(Buffer.from(payload, "base64url").toString().replace(orderId, randomUUID()))}.${signature}`, 401, "BAD_SIGNATURE"],
    ["header altered (another key id)", () => `${b64({ ...headerJson, kid: impostor.kid })}.${payload}.${signature}`, 401, "UNKNOWN_SENDER"],
    ["header altered (typ dropped)", () => `${b64({ alg: "ES256", kid: nbokKey.kid })}.${payload}.${signature}`, 400, "MALFORMED"],
    // Exactly alg, kid and typ (section 3, step 1): any other member is refused before the key is looked at.
    ["header with crit extension", () => `${b64({ ...headerJson, crit: ["exp"], exp: 1 })}.${payload}.${signature}`, 400, "MALFORMED"],
    ["header naming a key set (jku)", () => `${b64({ ...headerJson, jku: "https://attacker.example/jwks.json" })}.${payload}.${signature}`, 400, "MALFORMED"],
    ["header embedding a key (jwk)", () => `${b64({ ...headerJson, jwk: nbokKey.publicJwk })}.${payload}.${signature}`, 400, "MALFORMED"],
    ["signature truncated", () => `${header}.${payload}.${signature.slice(0, 40)}`, 401, "BAD_SIGNATURE"],
    ["signature of another batch", async () => `${header}.${payload}.${(await signed(claims())).split(".")[2]}`, 401, "BAD_SIGNATURE"],
    ["signature empty", () => `${header}.${payload}.`, 401, "BAD_SIGNATURE"],
    ["four parts", () => `${genuine}.${signature}`, 400, "MALFORMED"],
    ["the JSON serialisation", () => JSON.stringify({ protected: header, payload, signature }), 400, "MALFORMED"],
    ["not base64", () => "!!!.???.***", 400, "MALFORMED"],
    ["empty body", () => "", 400, "MALFORMED"],
    ["addressed to another bank", () => signed(claims({ aud: "bank:KFHO" })), 403, "WRONG_AUDIENCE"],
    ["an old batch (an hour ago)", () => signed(claims({ iat: iat() - 3_600 })), 422, "OUTSIDE_WINDOW"],
    ["a batch from the future (an hour ahead)", () => signed(claims({ iat: iat() + 3_600 })), 422, "OUTSIDE_WINDOW"],
    ["another protocol version", () => signed(claims({ ver: "2" })), 400, "UNSUPPORTED_VERSION"],
    ["more messages than a batch may carry", () => signedRaw(claims({ messages: tooMany })), 400, "TOO_MANY_MESSAGES"],
    ["a batch id that is not a UUID", () => signed(claims({ jti: "1' OR '1'='1" })), 400, "MALFORMED"],
    ["an extra claim", () => signed(claims({ admin: true })), 400, "MALFORMED"],
    ["a message without an id", () => signed(claims({ messages: [{ ...declaration(), messageId: undefined }] })), 400, "MALFORMED"],
  ];

  const database = await writeDetector(exchange.database);
  const problems: string[] = [];
  let tried = 0;
  let leaks = 0;
  for (const [name, make, status, code] of attacks) {
    const body = await make();
    const before = await database.now();
    const response = await post(body);
    const after = await database.now();
    tried++;
    let answered: { code?: string } = {};
    try {
      answered = JSON.parse(response.text) as { code?: string };
    } catch {
      problems.push(`${name}: the answer is not JSON: ${response.text.slice(0, 200)}`);
    }
    if (response.status !== status || answered.code !== code) problems.push(`${name}: expected ${status} ${code}, got ${response.status} ${response.text.slice(0, 200)}`);
    const changed = fingerprintDiff(before, after).filter((line) => !line.startsWith("agency_refusals:"));
    if (changed.length > 0) problems.push(`${name} changed ${changed.join("; ")}`);
    if (fingerprintDiff(before, after).length === 0) problems.push(`${name} was not recorded as evidence`);
    const leaked = leaksIn({ body: response.text, headers: response.headers } as never, { method: "POST", url: "/agency/v1/messages", headers: {}, payload: body });
    if (leaked.length > 0) {
      leaks++;
      problems.push(`${name}: leak ${leaked.join("; ")}`);
    }
  }
  // Not sent as application/jose: 415 UNSUPPORTED_MEDIA_TYPE whatever the body (section 2).
  for (const contentType of ["application/json", "text/plain"]) {
    const response = await post(genuine, contentType);
    tried++;
    if (response.status !== 415 || (JSON.parse(response.text) as { code?: string }).code !== "UNSUPPORTED_MEDIA_TYPE") problems.push(`${contentType}: ${response.status} ${response.text.slice(0, 200)}`);
  }
  console.log(`attacks tried: ${tried}, leaks: ${leaks}`);
  assert.deepEqual(problems, []);
});

test("a genuine batch is applied once: replayed, or its messages resent in a new batch, nothing is applied again", async () => {
  const database = await writeDetector(exchange.database);
  const order = () => exchange.database.db.selectFrom("agency_orders").select(["status", "amount_held"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  const message = { messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: orderMessageId, type: "ack", orderId };
  const genuine = await signed(claims({ messages: [message] }));

  const first = await post(genuine);
  assert.equal(first.status, 200, first.text);
  const afterFirst = await database.now();
  const orderAfterFirst = await order();

  let tried = 0;
  const problems: string[] = [];
  const replays: [string, () => Promise<string> | string, string][] = [
    ["the same batch again", () => genuine, "duplicate"],
    ["the same batch, a third time", () => genuine, "duplicate"],
    ["its message in a new batch (new batch id)", () => signed(claims({ messages: [message] })), "duplicate"],
    ["its message id with another content", () => signed(claims({ messages: [{ ...message, type: "rejection", code: "OTHER", reason: "changed my mind" }] })), "duplicate"],
  ];
  for (const [name, make, receipt] of replays) {
    const before = await database.now();
    const response = await post(await make());
    const after = await database.now();
    tried++;
    const body = JSON.parse(response.text) as { receipts?: { status: string }[] };
    if (response.status !== 200 || body.receipts?.map((entry) => entry.status).join() !== receipt) problems.push(`${name}: ${response.status} ${response.text.slice(0, 200)}`);
    // A replayed batch is recorded as evidence (agency_refusals); a resent message id in a new batch keeps the new batch's record only.
    const changed = fingerprintDiff(before, after).filter((line) => !/^(agency_refusals|agency_batches):/.test(line));
    if (changed.length > 0) problems.push(`${name} changed ${changed.join("; ")}`);
  }
  assert.deepEqual(await order(), orderAfterFirst, "the order is as the first delivery left it");
  const actions = fingerprintDiff(afterFirst, await database.now()).filter((line) => line.startsWith("actions:"));
  assert.deepEqual(actions, [], "no action was appended by any replay");
  const report = await verifyAudit(exchange.database.db);
  assert.deepEqual(report.chainProblems, []);
  console.log(`attacks tried: ${tried}, leaks: 0`);
  assert.deepEqual(problems, []);
});
