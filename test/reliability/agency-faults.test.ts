/**
 * A fault campaign against the stand-in banks (issue 9, agency faults), over real HTTP:
 * round after round, random banks are down (503 or connection refused), fail part of
 * their batches, answer garbage, forged or unsigned batches, answer twice, out of order,
 * slowly, or declare after a lift — while attachments are requested and paid. The hub
 * must degrade gracefully and recover by itself once the faults clear: at the end of
 * every round the banks hold exactly what the hub counts, never more than is owed,
 * fully paid files are lifted everywhere, no message is given up on, and the audit chain
 * verifies. The run prints the faults injected and what the hub refused and retried.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFile } from "../../src/app/read-files.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { registerPersons } from "../../src/app/registry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import type { FaultsInput } from "../../src/agencies/simulators/faults.ts";
import { commercialBankCodes, makeCivilId, type BankCode } from "../../src/domain/identifiers/index.ts";
import { Random } from "../../src/lib/random.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

const ROUNDS = Number(process.env.AGENCY_FAULT_ROUNDS ?? 4);
const KD = 1000n;
let exchange: Exchange;
let serial = 9100;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

const faultMenu: { name: string; faults: FaultsInput; clears: FaultsInput }[] = [
  { name: "down (503)", faults: { down: "503" }, clears: { down: false } },
  { name: "down (connection refused)", faults: { down: "refuse" }, clears: { down: false } },
  { name: "fails 40% of batches", faults: { failureRate: 0.4 }, clears: { failureRate: 0 } },
  { name: "non-JSON receipts", faults: { garbage: "receipt" }, clears: { garbage: false } },
  { name: "unsigned copies", faults: { garbage: "unsigned" }, clears: { garbage: false } },
  { name: "forged copies", faults: { garbage: "forged" }, clears: { garbage: false } },
  { name: "malformed copies", faults: { garbage: "malformed" }, clears: { garbage: false } },
  { name: "answers twice", faults: { duplicateReplies: true }, clears: { duplicateReplies: false } },
  { name: "answers out of order", faults: { reorderReplies: "shuffle" }, clears: { reorderReplies: false } },
  { name: "slow declarations", faults: { declarationDelayMs: 400 }, clears: { declarationDelayMs: 0 } },
  { name: "declares after the lift", faults: { declareAfterLift: true }, clears: { declareAfterLift: false } },
];

async function newDebtor(): Promise<string> {
  let civilId = null;
  while (!civilId) civilId = makeCivilId({ year: 1983, month: 11, day: 2 }, serial++);
  const person = { civilId, nameAr: "مدين", nameEn: "Debtor", nationality: "KWT", email: null, phone: null };
  await registerPersons(exchange.world.deps, { subject: systemSubject, correlationId: "fault-campaign" }, [person]);
  exchange.simulators.loadPersons([{ ...person, alive: true }]);
  return civilId;
}

const counted = async (fileId: string) =>
  (await exchange.database.db.selectFrom("agency_orders").select("amount_held").where("file_id", "=", fileId).execute()).reduce((sum, row) => sum + row.amount_held, 0n);

const owedOn = async (fileId: string) => {
  const file = await exchange.database.db.selectFrom("enforcement_files").select(["claim_total", "recovered_total"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  return file.claim_total - file.recovered_total;
};

// The time limit only stops a hung run (a soak of 30 rounds included); nothing here judges speed.
test(`a fault campaign of ${ROUNDS} rounds: nothing lost, nothing frozen twice, recovery without help`, { timeout: 60 * 60_000 }, async () => {
  const random = new Random(9);
  const injected = new Map<string, number>();
  const creditor = await exchange.world.as(people.creditor);
  const clerk = await exchange.world.as(people.clerk);
  let files = 0;
  let lifted = 0;

  for (let round = 0; round < ROUNDS; round++) {
    // Two to four banks misbehave this round, each in its own way.
    const faulty = new Map<BankCode, (typeof faultMenu)[number]>();
    while (faulty.size < 2 + random.int(0, 2)) faulty.set(random.pick(commercialBankCodes), random.pick(faultMenu));
    for (const [bank, fault] of faulty) {
      exchange.simulators.setFaults(`bank:${bank}`, fault.faults);
      injected.set(fault.name, (injected.get(fault.name) ?? 0) + 1);
    }

    const cases: { fileId: string; debtor: string; fullPayment: boolean }[] = [];
    for (let index = 0; index < 3; index++) {
      const debtor = await newDebtor();
      const balances: Partial<Record<BankCode, bigint>> = {};
      // Money both in faulty banks and in healthy ones.
      for (const bank of [...faulty.keys()].slice(0, 2)) balances[bank] = BigInt(500 + random.int(0, 3000)) * KD;
      balances[random.pick(commercialBankCodes)] = BigInt(500 + random.int(0, 3000)) * KD;
      exchange.simulators.setBalances(debtor, balances);
      const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: debtor }, BigInt(1500 + random.int(0, 4000)));
      const detail = await readFile(exchange.world.deps, creditor, file.id);
      const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
      await requestProcedure(exchange.world.deps, creditor, { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: detail.file.claim_total, banks: "all" });
      cases.push({ fileId: file.id, debtor, fullPayment: random.chance(0.5) });
      files++;
    }

    // Under the faults: the cap holds at every step, whatever arrives.
    for (let step = 0; step < 3; step++) {
      await exchange.settle(10);
      for (const entry of cases) assert.ok((await counted(entry.fileId)) <= (await owedOn(entry.fileId)), "the cap holds under faults");
      exchange.world.clock.advance(30_000);
    }
    // Payments while some banks still misbehave.
    for (const entry of cases) {
      const owed = await owedOn(entry.fileId);
      const amount = entry.fullPayment ? owed : owed / 3n;
      await recordLedgerEntry(exchange.world.deps, clerk, { fileId: entry.fileId, kind: "payment", amount, source: "cash_at_department", reference: `campaign-${round}-${entry.fileId}` });
    }
    await exchange.settle(10);

    // The faults clear; the hub recovers by itself (past its backoff).
    for (const [bank, fault] of faulty) exchange.simulators.setFaults(`bank:${bank}`, fault.clears);
    for (let step = 0; step < 4; step++) {
      exchange.world.clock.advance(16 * 60_000);
      await exchange.settle();
    }

    for (const entry of cases) {
      const hubCounts = await counted(entry.fileId);
      assert.ok(hubCounts <= (await owedOn(entry.fileId)));
      assert.equal(exchange.simulators.totalFrozen(entry.debtor), hubCounts, `round ${round}: the banks hold exactly what the hub counts`);
      if (entry.fullPayment) {
        const statuses = await exchange.database.db.selectFrom("agency_orders").select("status").where("file_id", "=", entry.fileId).execute();
        assert.ok(statuses.every((row) => row.status === "lifted" || row.status === "cancelled"), JSON.stringify(statuses));
        assert.equal(hubCounts, 0n);
        lifted++;
      }
    }
  }

  const waiting = await exchange.database.db.selectFrom("agency_messages").select(["status"]).where("status", "in", ["pending", "dead"]).execute();
  assert.deepEqual(waiting, [], "nothing pending, nothing given up on");
  const refusals = await exchange.database.db.selectFrom("agency_refusals").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const retried = await exchange.database.db.selectFrom("agency_messages").select((eb) => eb.fn.countAll<string>().as("n")).where("direction", "=", "out").where("attempts", ">", 1).executeTakeFirstOrThrow();
  const ignored = await exchange.database.db.selectFrom("agency_messages").select((eb) => eb.fn.countAll<string>().as("n")).where("direction", "=", "in").where("status", "in", ["ignored", "invalid"]).executeTakeFirstOrThrow();
  const audit = await verifyAudit(exchange.database.db);
  assert.deepEqual([audit.chainProblems, audit.projectionProblems], [[], []]);
  const total = [...injected.values()].reduce((sum, count) => sum + count, 0);
  console.log(
    `agency faults injected: ${total} (${[...injected].map(([name, count]) => `${name} ×${count}`).join(", ")}); ` +
      `${files} attachments, ${lifted} lifted after full payment; hub refused ${refusals.n} bad batches, retried ${retried.n} deliveries, ` +
      `set aside ${ignored.n} duplicate or invalid replies; orders lost 0, effects duplicated 0, cap breaches 0; audit chain intact`,
  );
});
