/**
 * Several creditors of one debtor, each on their own file, over real HTTP with the
 * stand-in banks: when a bank transfers funds it froze on one file's order while another
 * file's attachment reaches the same debtor's funds, the transfer is shared pro rata to
 * what each file is owed (kw-2025.1 `sharing.acrossFiles`), to the fils, each share
 * credited to its file and held for its creditors; what exceeds everything owed is the
 * debtor's. A debtor's payment on one file stays that file's. The books reconcile and the
 * audit chain holds.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { readFile } from "../../src/app/read-files.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { readDailyTreasuryReport } from "../../src/app/treasury/read-daily-report.ts";
import { readFileTreasury } from "../../src/app/treasury/read-file-treasury.ts";
import { kuwaitDate } from "../../src/domain/file/calendar.ts";
import { planDistribution } from "../../src/domain/treasury/distribution.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";

const KD = 1000n;
let exchange: Exchange;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

async function fileOf(creditor: string, debtor: string, principalKd: bigint) {
  const file = await exchange.world.openFileFor({ civilId: creditor }, { civilId: debtor }, principalKd);
  const detail = await readFile(exchange.world.deps, await exchange.world.as(creditor), file.id);
  return { fileId: file.id, number: file.number, creditor, debtorPartyId: detail.parties.find((party) => party.party_role === "debtor")!.id };
}

async function attach(file: Awaited<ReturnType<typeof fileOf>>, amount: bigint, banks: string[]) {
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(file.creditor), { kind: "bank_attachment", fileId: file.fileId, debtorPartyId: file.debtorPartyId, amount, banks: banks as never });
  await exchange.settle();
  const { status } = await exchange.database.db.selectFrom("procedures").select("status").where("id", "=", procedure.id).executeTakeFirstOrThrow();
  return { procedureId: procedure.id, status };
}

async function outstandingOf(fileId: string) {
  const file = await exchange.database.db.selectFrom("enforcement_files").select(["claim_total", "recovered_total", "status"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  return file.claim_total - file.recovered_total;
}

const ledgerOf = (fileId: string) => exchange.database.db.selectFrom("ledger_entries").select(["amount", "source", "reference"]).where("file_id", "=", fileId).orderBy("recorded_at").execute();
const system = () => exchange.world.as(people.clerk);

async function assertBooksReconcile() {
  const report = await readDailyTreasuryReport(exchange.world.deps, await system(), { date: kuwaitDate(exchange.world.clock.now()) });
  assert.equal(report.reconciled, true, JSON.stringify(report.checks));
  const audit = await verifyAudit(exchange.database.db);
  assert.deepEqual([...audit.chainProblems, ...audit.projectionProblems], [], "the audit chain and projections hold");
}

describe("proceeds of attached funds shared among the debtor's attaching creditors", () => {
  test("a transfer on one file's order is shared pro rata with another file attaching the same debtor's funds", async () => {
    exchange.simulators.setBalances(people.debtor, { NBOK: 5_000n * KD });
    const first = await fileOf(people.creditor, people.debtor, 6_000n);
    const second = await fileOf(people.otherCreditor, people.debtor, 4_000n);
    assert.equal((await attach(first, 3_000n * KD, ["NBOK"])).status, "in_force");
    assert.equal((await attach(second, 4_000n * KD, ["NBOK"])).status, "in_force");
    const owedBefore = [await outstandingOf(first.fileId), await outstandingOf(second.fileId)];

    await orderTransfer(exchange.world.deps, await system(), { fileId: first.fileId });
    await exchange.settle();

    const distribution = await exchange.database.db.selectFrom("treasury_distributions").selectAll().where("source_file_id", "=", first.fileId).executeTakeFirstOrThrow();
    assert.equal(distribution.status, "distributed");
    assert.equal(distribution.amount, 3_000n * KD, "NBOK transferred what it froze for the first file");
    const expected = planDistribution(distribution.amount, [
      { fileId: first.fileId, outstanding: owedBefore[0]! },
      { fileId: second.fileId, outstanding: owedBefore[1]! },
    ]);
    const [firstShare, secondShare] = expected.shares.map((share) => share.amount);
    assert.ok(firstShare! > secondShare! && secondShare! > 0n, "pro rata to what each is owed");
    assert.equal(firstShare! + secondShare!, 3_000n * KD, "to the fils");
    assert.equal(await outstandingOf(first.fileId), owedBefore[0]! - firstShare!);
    assert.equal(await outstandingOf(second.fileId), owedBefore[1]! - secondShare!);
    assert.deepEqual(
      (await ledgerOf(second.fileId)).map((entry) => [entry.source, entry.amount, entry.reference]),
      [["shared_recovery", secondShare, `distribution:${distribution.id}`]],
    );

    // Each file's treasury holds its own share for its own creditor; the first file keeps nothing pending.
    const firstTreasury = await readFileTreasury(exchange.world.deps, await system(), first.fileId);
    const secondTreasury = await readFileTreasury(exchange.world.deps, await system(), second.fileId);
    assert.equal(firstTreasury.position.held, firstShare);
    assert.equal(secondTreasury.position.held, secondShare);
    assert.equal(firstTreasury.position.awaitingDistribution, 0n);
    for (const [treasury, owed] of [[firstTreasury, owedBefore[0]!], [secondTreasury, owedBefore[1]!]] as const) {
      assert.equal(treasury.position.held + treasury.outstanding, owed, "held + outstanding = what was owed");
    }
    assert.equal(firstTreasury.distributions.length, 1);
    assert.deepEqual(
      firstTreasury.distributions[0]!.shares.map((share) => [share.fileNumber, share.amount]).sort(),
      [[first.number, firstShare], [second.number, secondShare]].sort(),
    );
    assert.equal(secondTreasury.distributions[0]!.id, distribution.id, "the sharing file sees the distribution too");

    const actions = await exchange.database.db.selectFrom("actions").select("action_kind").where("file_id", "=", first.fileId).execute();
    assert.ok(actions.some((action) => action.action_kind === "treasury.proceeds_received"));
    assert.ok(actions.some((action) => action.action_kind === "treasury.proceeds_distributed"));
    await assertBooksReconcile();
  });

  test("a debtor's own payment on one file is that file's alone", async () => {
    const files = await exchange.database.db.selectFrom("file_parties").select("file_id").where("civil_id", "=", people.debtor).where("party_role", "=", "debtor").execute();
    const owed = new Map<string, bigint>();
    for (const { file_id } of files) owed.set(file_id, await outstandingOf(file_id));
    const [payee, ...others] = [...owed.keys()];
    await recordLedgerEntry(exchange.world.deps, await system(), { fileId: payee!, kind: "payment", amount: 100n * KD, source: "cash_at_department", reference: "CASH-OWN-FILE" });
    await exchange.settle();
    assert.equal(await outstandingOf(payee!), owed.get(payee!)! - 100n * KD);
    for (const other of others) assert.equal(await outstandingOf(other), owed.get(other), "the other creditors' files are untouched");
    await assertBooksReconcile();
  });

  test("proceeds above everything the attaching files are owed are owed back to the debtor", async () => {
    exchange.simulators.setBalances(people.otherDebtor, { KFHO: 9_000n * KD });
    const first = await fileOf(people.creditor, people.otherDebtor, 5_000n);
    const second = await fileOf(people.otherCreditor, people.otherDebtor, 3_000n);
    await attach(first, 5_000n * KD, ["KFHO"]);
    await attach(second, 3_000n * KD, ["KFHO"]);
    // The transfer is ordered; before the bank answers, both debtors' files are mostly paid at the counter.
    await orderTransfer(exchange.world.deps, await system(), { fileId: first.fileId });
    const leaveOwing = async (fileId: string, left: bigint, reference: string) =>
      recordLedgerEntry(exchange.world.deps, await system(), { fileId, kind: "payment", amount: (await outstandingOf(fileId)) - left, source: "cash_at_department", reference });
    await leaveOwing(first.fileId, 700n * KD, "CASH-1");
    await leaveOwing(second.fileId, 300n * KD, "CASH-2");
    await exchange.settle();

    const distribution = await exchange.database.db.selectFrom("treasury_distributions").selectAll().where("source_file_id", "=", first.fileId).executeTakeFirstOrThrow();
    assert.equal(distribution.status, "distributed");
    assert.ok(distribution.amount > 1_000n * KD, `the bank transferred ${distribution.amount} fils`);
    assert.equal(await outstandingOf(first.fileId), 0n);
    assert.equal(await outstandingOf(second.fileId), 0n);
    assert.equal(distribution.excess, distribution.amount - 1_000n * KD);
    const treasury = await readFileTreasury(exchange.world.deps, await system(), first.fileId);
    assert.equal(treasury.position.refundsPayable, distribution.excess, "the excess is owed back to the debtor");
    for (const fileId of [first.fileId, second.fileId]) {
      const { status } = await exchange.database.db.selectFrom("enforcement_files").select("status").where("id", "=", fileId).executeTakeFirstOrThrow();
      assert.equal(status, "satisfied");
    }
    await assertBooksReconcile();
  });
});
