/**
 * Issue 16, item 5: the agency channel bounded. An anonymous flood of 500 forged 60 KB
 * batches (signed with an impostor's key under the bank's key id, each different) from one
 * address, with the channel's production limits: most are turned away with 429 before their
 * body is read, the rest are refused and kept as bounded records, and the table grows by
 * less than 1 MB. A genuine bank batch sent in the middle of the flood (from the bank's own
 * address) is still applied: the forged batches claimed to be the bank but did not spend its
 * budget. The same forged body refused again is counted, not stored again; a verified agency
 * over its own limit gets 429 and nothing of that batch is recorded.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { generateSigningKeyPair, signEnvelope, signingKeyFrom, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { KEPT_HEAD_BYTES } from "../../src/agencies/hub/inbound.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { defaultAgencyChannelLimits } from "../../src/http/routes/agency-channel.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

let exchange: Exchange;
let nbokKey: KeyPairRecord;
let impostor: KeyPairRecord;
let orderId: string;

const FORGER = "203.0.113.66";
const BANK = "198.51.100.10";

before(async () => {
  nbokKey = await generateSigningKeyPair();
  const generated = await generateSigningKeyPair();
  // The impostor's own key, presented under the bank's key id.
  impostor = { ...generated, kid: nbokKey.kid, privateJwk: { ...generated.privateJwk, kid: nbokKey.kid } };
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } }, { agencyLimits: defaultAgencyChannelLimits });
  exchange.simulators.setBalances(people.debtor, { NBOK: 100_000n });
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 50_000n, banks: ["NBOK"] });
  await exchange.settle();
  orderId = (await exchange.database.db.selectFrom("agency_orders").select("id").where("procedure_id", "=", procedure.id).executeTakeFirstOrThrow()).id;
});

after(async () => {
  await exchange?.close();
});

const iat = () => Math.floor(exchange.world.clock.now().getTime() / 1000);

function batch(messages: unknown[]) {
  return { iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: iat(), ver: "1", messages };
}

/** About 60 KB: a rejection whose reason is padding, signed with the impostor's key. */
async function forged(): Promise<string> {
  const message = { messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: randomUUID(), type: "rejection", orderId, code: "NOT_ALLOWED", reason: "x".repeat(44_000) };
  return signEnvelope(batch([message]) as never, await signingKeyFrom(impostor));
}

async function post(body: string, remoteAddress: string) {
  const response = await exchange.api.inject({ method: "POST", url: "/agency/v1/messages", headers: { "content-type": "application/jose" }, payload: body, remoteAddress });
  return { status: response.statusCode, body: response.json() as { code?: string; receipts?: { messageId: string; status: string }[] } };
}

async function refusalsSize() {
  const { rows } = await sql<{ bytes: string; rows: string }>`SELECT pg_total_relation_size('agency_refusals')::text AS bytes, (SELECT count(*) FROM agency_refusals)::text AS rows`.execute(exchange.database.db);
  return { bytes: Number(rows[0]!.bytes), rows: Number(rows[0]!.rows) };
}

test("500 forged 60 KB batches leave under 1 MB behind; a genuine bank batch in the middle is applied", async () => {
  const bodies: string[] = [];
  for (let index = 0; index < 500; index++) bodies.push(await forged());
  const sizes = bodies.map((body) => Buffer.byteLength(body));
  assert.ok(Math.min(...sizes) >= 58_000, `forged batches of ${Math.min(...sizes)} bytes`);

  const before = await refusalsSize();
  const statuses = new Map<string, number>();
  // The bank acknowledges the order the hub sent it (an answer must reply to a message the hub sent).
  const orderMessage = await exchange.database.db.selectFrom("agency_messages").select("message_id").where("direction", "=", "out").where("order_id", "=", orderId).where("message_type", "=", "attachment.order").executeTakeFirstOrThrow();
  const genuineMessage = { messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: orderMessage.message_id, type: "ack", orderId };
  let genuine: Awaited<ReturnType<typeof post>> | undefined;
  for (const [index, body] of bodies.entries()) {
    const answer = await post(body, FORGER);
    const key = `${answer.status} ${answer.body.code ?? ""}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (index === 250) genuine = await post(await signEnvelope(batch([genuineMessage]) as never, await signingKeyFrom(nbokKey)), BANK);
  }
  const afterFlood = await refusalsSize();
  const grown = afterFlood.bytes - before.bytes;
  const sent = sizes.reduce((sum, size) => sum + size, 0);
  console.log(
    `agency flood: ${bodies.length} forged batches (${(sent / 1_048_576).toFixed(1)} MB sent) → ${[...statuses].map(([key, count]) => `${key} ×${count}`).join(", ")}; ` +
      `agency_refusals grew by ${(grown / 1024).toFixed(0)} KB (${afterFlood.rows - before.rows} records; limits ${defaultAgencyChannelLimits.perAddress}/min per address, ${defaultAgencyChannelLimits.perAgency}/min per agency)`,
  );
  assert.ok(grown < 1_048_576, `agency_refusals grew by ${grown} bytes`);
  assert.equal(statuses.get("401 BAD_SIGNATURE"), defaultAgencyChannelLimits.perAddress, "the address's budget of refusals, each recorded");
  assert.equal(statuses.get("429 RATE_LIMITED"), bodies.length - defaultAgencyChannelLimits.perAddress, "the rest turned away before being read");
  assert.equal(afterFlood.rows - before.rows, defaultAgencyChannelLimits.perAddress);

  // Each record bounded: hash and size of the whole body, its header, its first 4 KiB, the source address.
  const records = await exchange.database.db
    .selectFrom("agency_refusals")
    .select(["jws", "jws_sha256", "size_bytes", "header", "source_address", "times_seen", "code", "claimed_sender"])
    .where("source_address", "=", FORGER)
    .execute();
  assert.equal(records.length, defaultAgencyChannelLimits.perAddress);
  for (const record of records) {
    assert.ok(Buffer.byteLength(record.jws) <= KEPT_HEAD_BYTES, `kept ${Buffer.byteLength(record.jws)} bytes`);
    assert.ok(record.size_bytes >= 58_000);
    assert.match(record.jws_sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(record.header ?? "{}").kid, nbokKey.kid);
    assert.deepEqual([record.code, record.claimed_sender, record.times_seen], ["BAD_SIGNATURE", "bank:NBOK", 1]);
  }

  // The genuine batch, sent in the middle of the flood from the bank's address: accepted and applied.
  assert.ok(genuine);
  assert.equal(genuine.status, 200, JSON.stringify(genuine.body));
  assert.deepEqual(genuine.body.receipts?.map((receipt) => receipt.status), ["accepted"]);
  const stored = await exchange.database.db.selectFrom("agency_messages").select(["status"]).where("message_id", "=", genuineMessage.messageId).executeTakeFirst();
  assert.ok(stored, "the genuine message was stored");
  assert.notEqual(stored.status, "invalid");
});

test("the same forged body refused again is counted on its record, not stored again", async () => {
  const body = await forged();
  const address = "192.0.2.5";
  for (let attempt = 0; attempt < 10; attempt++) assert.equal((await post(body, address)).status, 401);
  const records = await exchange.database.db.selectFrom("agency_refusals").select(["times_seen", "size_bytes", "last_received_at", "received_at"]).where("source_address", "=", address).execute();
  assert.equal(records.length, 1);
  assert.equal(records[0]!.times_seen, 10);
});

test("a verified agency over its own limit gets 429, and nothing of that batch is recorded", async () => {
  const db = exchange.database.db;
  const batches = async () => Number((await db.selectFrom("agency_batches").select(db.fn.countAll<string>().as("n")).where("agency_key", "=", "bank:NBOK").where("direction", "=", "in").executeTakeFirstOrThrow()).n);
  // From many addresses, so that only the agency's own budget can stop it (one batch was spent in the first test).
  const answers: number[] = [];
  for (let index = 0; index < defaultAgencyChannelLimits.perAgency + 5; index++) {
    const message = { messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: randomUUID(), type: "ack", orderId };
    const before = await batches();
    const answer = await post(await signEnvelope(batch([message]) as never, await signingKeyFrom(nbokKey)), `198.51.100.${100 + index}`);
    answers.push(answer.status);
    if (answer.status === 429) {
      assert.equal(answer.body.code, "RATE_LIMITED");
      assert.equal(await batches(), before, "a batch over the limit was recorded");
    }
  }
  // The genuine batch of the first test and the stand-in bank's own answers spent some of the budget: at most perAgency - 1 remain.
  const accepted = answers.filter((status) => status === 200).length;
  assert.ok(accepted >= 1 && accepted <= defaultAgencyChannelLimits.perAgency - 1, answers.join(","));
  const firstRefused = answers.indexOf(429);
  assert.ok(firstRefused > 0, answers.join(","));
  assert.ok(answers.slice(firstRefused).every((status) => status === 429), `once over its limit, every batch is turned away: ${answers.join(",")}`);
});
