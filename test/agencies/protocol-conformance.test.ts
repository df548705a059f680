/**
 * The hub follows docs/agency-protocol.md to the letter where it had drifted (issue 17): each
 * expected status and code is read from the spec's own tables (test/support/protocol-spec.ts),
 * not from the code under test.
 * - a body that is not `application/jose` → the spec's status for UNSUPPORTED_MEDIA_TYPE (415), whatever the body;
 * - a body over the limit → the spec's status for TOO_LARGE (413), `message` a string;
 * - a protected header with members beyond alg, kid, typ (jku …) → MALFORMED;
 * - after a partial payment the cap's `hold.adjust` says the debtor paid part (`payment`).
 * Every code the hub's answer checks use is in the spec's receipt-code table.
 */
import assert from "node:assert/strict";
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { answerCheckCodes } from "../../src/domain/exchange/answer-checks.ts";
import { generateSigningKeyPair, signingKeyFrom, signEnvelope, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { batchErrors, holdAdjustReasons, receiptCodes, specText } from "../support/protocol-spec.ts";

const KD = 1000n;
let exchange: Exchange;
let nbokKey: KeyPairRecord;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
});
after(() => exchange.close());

const spec = batchErrors();
const expected = (code: string) => {
  const status = spec.get(code);
  assert.ok(status, `the spec's table names ${code}`);
  return [status, code] as const;
};

async function post(body: string | Buffer, contentType: string | undefined) {
  const headers: Record<string, string> = contentType === undefined ? {} : { "content-type": contentType };
  const response = await fetch(`${exchange.hubUrl}/agency/v1/messages`, { method: "POST", headers, body });
  const text = await response.text();
  let json: { code?: unknown; message?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Checked below: every refusal is a JSON body.
  }
  return { status: response.status, json, contentType: response.headers.get("content-type") ?? "" };
}

const claims = () => ({ iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: Math.floor(exchange.world.clock.now().getTime() / 1000), ver: "1", messages: [{ type: "ack", messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: randomUUID(), orderId: randomUUID() }] });

/** Signed by hand (jose itself refuses to make some of these): ES256 over header.payload, R ‖ S. */
function signRaw(header: Record<string, unknown>, payload: string): string {
  const key = createPrivateKey({ key: nbokKey.privateJwk as never, format: "jwk" });
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(payload).toString("base64url")}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}
const header = () => ({ alg: "ES256", kid: nbokKey.kid, typ: "tanfeeth-agency+jws" });

describe("batch errors as the spec's table says", () => {
  test("a body that is not application/jose is refused as the table says, whatever it holds", async () => {
    const jws = await signEnvelope(claims(), await signingKeyFrom(nbokKey));
    for (const type of ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", undefined]) {
      const answer = await post(jws, type);
      assert.deepEqual([answer.status, answer.json.code], expected("UNSUPPORTED_MEDIA_TYPE"), `content-type ${type}`);
      assert.equal(typeof answer.json.message, "string");
    }
    // The media type's case and parameters do not matter.
    const genuine = await post(await signEnvelope(claims(), await signingKeyFrom(nbokKey)), "Application/JOSE; charset=us-ascii");
    assert.equal(genuine.status, 200);
  });

  test("a body over the limit is refused as the table says, with a message that is a string", async () => {
    const answer = await post(Buffer.alloc(4 * 1024 * 1024 + 1, "a"), "application/jose");
    assert.deepEqual([answer.status, answer.json.code], expected("TOO_LARGE"));
    assert.equal(typeof answer.json.message, "string");
    assert.match(answer.contentType, /^application\/json/);
  });

  test("a protected header with any member beyond alg, kid and typ is MALFORMED", async () => {
    for (const extra of [{ jku: "https://attacker.example/jwks.json" }, { x5u: "https://attacker.example/cert" }, { crit: ["exp"], exp: 1 }, { b64: true }, { cty: "json" }]) {
      const jws = signRaw({ alg: "ES256", kid: nbokKey.kid, typ: "tanfeeth-agency+jws", ...extra }, JSON.stringify(claims()));
      const answer = await post(jws, "application/jose");
      assert.deepEqual([answer.status, answer.json.code], expected("MALFORMED"), `header with ${Object.keys(extra).join(", ")}`);
    }
    const refused = await exchange.database.db.selectFrom("agency_refusals").select("code").orderBy("id", "desc").limit(5).execute();
    assert.deepEqual(refused.map((row) => row.code), ["MALFORMED", "MALFORMED", "MALFORMED", "MALFORMED", "MALFORMED"]);
  });
});

test("the spec's resolutions (section 3): a payload not JSON, ver missing or not a string → MALFORMED; another ver → UNSUPPORTED_VERSION", async () => {
  const { ver: _ver, ...withoutVer } = claims();
  const cases: [string, string, string][] = [
    ["a payload that is not JSON", "not json", "MALFORMED"],
    ["JSON without iss", JSON.stringify({ ...withoutVer, iss: undefined, ver: "1" }), "MALFORMED"],
    ["ver missing", JSON.stringify(withoutVer), "MALFORMED"],
    ["ver a number", JSON.stringify({ ...withoutVer, ver: 1 }), "MALFORMED"],
    ["ver 2", JSON.stringify({ ...withoutVer, ver: "2" }), "UNSUPPORTED_VERSION"],
    ["ver 2 with a payload that is not a v1 envelope", JSON.stringify({ iss: "bank:NBOK", ver: "2", anything: true }), "UNSUPPORTED_VERSION"],
  ];
  for (const [name, payload, code] of cases) {
    const answer = await post(signRaw(header(), payload), "application/jose");
    assert.deepEqual([answer.status, answer.json.code], expected(code), name);
  }
});

test("the spec's example thumbprint is the RFC 7638 thumbprint of its example key", async () => {
  const { calculateJwkThumbprint } = await import("jose");
  const text = specText();
  const keySet = JSON.parse(/```json\n(\{\n  "keys": [\s\S]*?)\n```/.exec(text)![1]!) as { keys: Record<string, string>[] };
  const pinned = /"thumbprints":\s*\["([A-Za-z0-9_-]{43})"\]/.exec(text)![1];
  assert.equal(await calculateJwkThumbprint(keySet.keys[0]! as never, "sha256"), pinned);
});

test("after a partial payment, the hold.adjust gives the reason the spec gives for a payment", async () => {
  const reasons = holdAdjustReasons();
  const paymentReason = [...reasons].find(([, meaning]) => /paid/.test(meaning))?.[0];
  assert.ok(paymentReason, `the spec names a reason for a payment: ${JSON.stringify([...reasons])}`);
  exchange.simulators.setBalances(people.debtor, { NBOK: 5_000n * KD });
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 1_000n);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const owed = detail.file.claim_total;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: owed, banks: ["NBOK"] });
  await exchange.settle();
  const order = await exchange.database.db.selectFrom("agency_orders").select(["id", "amount_held"]).where("procedure_id", "=", procedure.id).executeTakeFirstOrThrow();
  assert.equal(order.amount_held, owed);
  await recordLedgerEntry(exchange.world.deps, await exchange.world.as(people.clerk), { fileId: file.id, kind: "payment", amount: 300n * KD, source: "cash_at_department", reference: "partial-1" });
  const adjusts = await exchange.database.db.selectFrom("agency_messages").select("body").where("direction", "=", "out").where("order_id", "=", order.id).where("message_type", "=", "hold.adjust").execute();
  const bodies = adjusts.map((row) => (typeof row.body === "string" ? JSON.parse(row.body) : row.body) as { maxAmount: string; reason: string });
  assert.deepEqual(
    bodies.map((body) => [body.maxAmount, body.reason]),
    [[(owed - 300n * KD).toString(), paymentReason]],
  );
});

test("every code of the hub's answer checks is in the spec's receipt-code table, sent by the hub", () => {
  const table = receiptCodes();
  for (const code of answerCheckCodes) assert.equal(table.get(code), "the hub", `${code} in the table`);
});
