/**
 * The exchange when agencies misbehave, over real HTTP: a bank down for a while, a bank
 * answering twice, replies out of order, a declaration after the lift — and forged,
 * tampered, misaddressed, stale and replayed batches, which are refused and recorded.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { generateSigningKeyPair, signingKeyFrom, signEnvelope, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

const KD = 1000n;
let exchange: Exchange;
let nbokKey: KeyPairRecord;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
});
after(() => exchange.close());

async function attachment(debtor: string, balances: Record<string, bigint>, principalKd = 10_000n) {
  exchange.simulators.setBalances(debtor, balances);
  const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, principalKd);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), file.id);
  const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
  const owed = (await exchange.database.db.selectFrom("enforcement_files").select("claim_total").where("id", "=", file.id).executeTakeFirstOrThrow()).claim_total;
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: owed, banks: "all" });
  return { fileId: file.id, procedureId: procedure.id, owed };
}

const held = async (fileId: string) =>
  (await exchange.database.db.selectFrom("agency_orders").select("amount_held").where("file_id", "=", fileId).execute()).reduce((sum, row) => sum + row.amount_held, 0n);

const orderStatuses = async (procedureId: string) =>
  Object.fromEntries((await exchange.database.db.selectFrom("agency_orders").select(["agency_key", "status"]).where("procedure_id", "=", procedureId).execute()).map((row) => [row.agency_key, row.status]));

async function payInFull(fileId: string) {
  const file = await exchange.database.db.selectFrom("enforcement_files").select(["claim_total", "recovered_total"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  await recordLedgerEntry(exchange.world.deps, await exchange.world.as(people.clerk), { fileId, kind: "payment", amount: file.claim_total - file.recovered_total, source: "cash_at_department", reference: `full-${fileId}` });
}

describe("agency faults", () => {
  test("money in 3 of 10 banks, one of them down for a while: retries, then exactly the outstanding frozen; paying lifts everything", async () => {
    const debtor = people.debtor;
    exchange.simulators.setFaults("bank:KFHO", { down: true });
    const { fileId, procedureId, owed } = await attachment(debtor, { NBOK: 4_000n * KD, KFHO: 9_000n * KD, BRGN: 2_500n * KD });
    await exchange.settle();
    const whileDown = await exchange.database.db.selectFrom("agency_messages").select(["status", "attempts", "last_error"]).where("agency_key", "=", "bank:KFHO").where("order_id", "is not", null).execute();
    assert.ok(whileDown.length > 0 && whileDown.every((message) => message.status === "pending" && message.attempts >= 1 && message.last_error), JSON.stringify(whileDown));
    assert.equal(await held(fileId), 6_500n * KD, "NBOK and BRGN hold what they have");

    exchange.simulators.setFaults("bank:KFHO", { down: false });
    exchange.world.clock.advance(6 * 60_000); // past the backoff
    await exchange.settle();
    assert.equal(await held(fileId), owed, "exactly the outstanding amount in total");
    assert.equal(exchange.simulators.totalFrozen(debtor), owed, "the banks released the excess");

    await payInFull(fileId);
    await exchange.settle();
    const statuses = await orderStatuses(procedureId);
    assert.ok(Object.values(statuses).every((status) => status === "lifted"), JSON.stringify(statuses));
    assert.equal(exchange.simulators.totalFrozen(debtor), 0n);
  });

  test("all there is, when the banks hold less than is owed", async () => {
    const { fileId } = await attachment(people.otherDebtor, { GULB: 1_000n * KD, WRBA: 500n * KD });
    await exchange.settle();
    assert.equal(await held(fileId), 1_500n * KD);
    assert.equal(exchange.simulators.totalFrozen(people.otherDebtor), 1_500n * KD);
    await payInFull(fileId);
    await exchange.settle();
    assert.equal(exchange.simulators.totalFrozen(people.otherDebtor), 0n);
  });

  test("banks answering twice, in reverse order, and declaring after the lift change nothing they should not", async () => {
    exchange.simulators.setFaults("bank:*", { duplicateReplies: true, reorderReplies: "reverse", declareAfterLift: true });
    try {
      const { fileId, procedureId, owed } = await attachment(people.stranger, { NBOK: 8_000n * KD, ABKK: 8_000n * KD, DOHB: 8_000n * KD });
      await exchange.settle();
      assert.equal(await held(fileId), owed);
      assert.equal(exchange.simulators.totalFrozen(people.stranger), owed);
      const duplicates = await exchange.database.db.selectFrom("agency_batches").select("batch_id").where("direction", "=", "in").execute();
      assert.ok(duplicates.length > 0);
      await payInFull(fileId);
      await exchange.settle();
      const statuses = await orderStatuses(procedureId);
      assert.ok(Object.values(statuses).every((status) => status === "lifted"), JSON.stringify(statuses));
      assert.equal(await held(fileId), 0n);
      assert.equal(exchange.simulators.totalFrozen(people.stranger), 0n, "a freeze after the lift was lifted again");
    } finally {
      exchange.simulators.setFaults("bank:*", { duplicateReplies: false, reorderReplies: false, declareAfterLift: false });
    }
  });
});

describe("the door: forged, tampered, misaddressed, stale and replayed batches", () => {
  async function post(jws: string) {
    const response = await fetch(`${exchange.hubUrl}/agency/v1/messages`, { method: "POST", headers: { "content-type": "application/jose" }, body: jws });
    return { status: response.status, body: (await response.json()) as { code?: string; receipts?: { status: string; code?: string }[] } };
  }
  const refusals = async () => (await exchange.database.db.selectFrom("agency_refusals").select(["code", "claimed_sender"]).orderBy("id").execute());
  const actionsCount = async () => Number((await exchange.database.db.selectFrom("actions").select(exchange.database.db.fn.countAll<bigint>().as("n")).executeTakeFirstOrThrow()).n);

  async function nbokOrder() {
    const { procedureId } = await attachment(people.otherCreditor, { NBOK: 100n * KD });
    await exchange.settle();
    return (await exchange.database.db.selectFrom("agency_orders").select(["id", "status"]).where("procedure_id", "=", procedureId).where("agency_key", "=", "bank:NBOK").executeTakeFirstOrThrow());
  }

  function ackFor(orderId: string) {
    return { messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: randomUUID(), type: "ack", orderId };
  }

  async function envelope(messages: unknown[], overrides: Partial<{ iss: string; aud: string; iat: number }> = {}, key = nbokKey) {
    return signEnvelope(
      { iss: "bank:NBOK", aud: "hub", jti: randomUUID(), iat: Math.floor(exchange.world.clock.now().getTime() / 1000), ver: "1", messages, ...overrides },
      await signingKeyFrom(key),
    );
  }

  test("each is refused with its code, recorded, and changes nothing", async () => {
    const order = await nbokOrder();
    const before = await actionsCount();
    const impostor = await generateSigningKeyPair();

    const forgedUnknownKey = await post(await envelope([ackFor(order.id)], {}, impostor));
    assert.deepEqual([forgedUnknownKey.status, forgedUnknownKey.body.code], [401, "UNKNOWN_SENDER"]);

    const forgedSameKid = await post(await envelope([ackFor(order.id)], {}, { ...impostor, kid: nbokKey.kid, privateJwk: { ...impostor.privateJwk, kid: nbokKey.kid } }));
    assert.deepEqual([forgedSameKid.status, forgedSameKid.body.code], [401, "BAD_SIGNATURE"]);

    const genuine = await envelope([ackFor(order.id)]);
    const [header, payload, signature] = genuine.split(".");
    const altered = Buffer.from(Buffer.from(payload!, "base64url").toString("utf8").replace('"ack"', '"rejection"')).toString("base64url");
    const tampered = await post(`${header}.${altered}.${signature}`);
    assert.deepEqual([tampered.status, tampered.body.code], [401, "BAD_SIGNATURE"]);

    const misaddressed = await post(await envelope([ackFor(order.id)], { aud: "bank:KFHO" }));
    assert.deepEqual([misaddressed.status, misaddressed.body.code], [403, "WRONG_AUDIENCE"]);

    const stale = await post(await envelope([ackFor(order.id)], { iat: Math.floor(exchange.world.clock.now().getTime() / 1000) - 3_600 }));
    assert.deepEqual([stale.status, stale.body.code], [422, "OUTSIDE_WINDOW"]);

    assert.equal(await actionsCount(), before, "nothing applied");
    assert.deepEqual((await refusals()).slice(-5).map((refusal) => refusal.code), ["UNKNOWN_SENDER", "BAD_SIGNATURE", "BAD_SIGNATURE", "WRONG_AUDIENCE", "OUTSIDE_WINDOW"]);

    // The genuine batch is applied once; sent again, it is a replay: same answer, nothing applied, recorded.
    const first = await post(genuine);
    assert.equal(first.status, 200);
    const afterFirst = await actionsCount();
    const replay = await post(genuine);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.body.receipts?.map((receipt) => receipt.status), ["duplicate"]);
    assert.equal(await actionsCount(), afterFirst);
    assert.equal((await refusals()).at(-1)?.code, "REPLAY");
  });

  test("a bank cannot answer another bank's order", async () => {
    const { procedureId } = await attachment(people.companyRep, { KFHO: 100n * KD });
    await exchange.settle();
    const kfhoOrder = await exchange.database.db.selectFrom("agency_orders").select(["id", "status"]).where("procedure_id", "=", procedureId).where("agency_key", "=", "bank:KFHO").executeTakeFirstOrThrow();
    const before = await actionsCount();
    const answer = await post(await envelope([{ messageId: randomUUID(), sentAt: exchange.world.clock.now().toISOString(), inReplyTo: randomUUID(), type: "lift.confirmation", orderId: kfhoOrder.id }]));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.receipts?.map((receipt) => [receipt.status, receipt.code]), [["rejected", "UNKNOWN_ORDER"]]);
    assert.equal(await actionsCount(), before);
    const after = await exchange.database.db.selectFrom("agency_orders").select("status").where("id", "=", kfhoOrder.id).executeTakeFirstOrThrow();
    assert.equal(after.status, kfhoOrder.status);
  });
});

test("the audit chain and every projection verify after every fault", async () => {
  const report = await verifyAudit(exchange.database.db);
  assert.deepEqual(report.chainProblems, []);
  assert.deepEqual(report.projectionProblems, []);
});
