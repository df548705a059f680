/**
 * The treasury fed by the real agency exchange (real HTTP to the stand-in banks): funds a
 * bank froze and then transferred are booked as bank transfers of that bank's order, in
 * the same transaction as the credit to the file; when the debtor pays at the counter
 * while a transfer is on its way, the bank's transfer exceeds what is owed and the excess
 * is booked as owed back to the debtor — nothing is left out of the books. The day then
 * reconciles, and the creditor is paid out.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openFile } from "../../src/app/open-file.ts";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { markPayoutPaid } from "../../src/app/treasury/mark-payout-paid.ts";
import { readDailyTreasuryReport } from "../../src/app/treasury/read-daily-report.ts";
import { readFileTreasury } from "../../src/app/treasury/read-file-treasury.ts";
import { kuwaitDate } from "../../src/domain/file/calendar.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people, titleInput } from "../support/fixtures.ts";
import { accountBalances, assertFileIdentity, ibanFor } from "./support.ts";

const KD = 1000n;
let exchange: Exchange;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

test("a bank's transfer is booked against its order; a transfer overtaken by a payment leaves its excess owed to the debtor; the day reconciles", async () => {
  const { world, database } = exchange;
  const clerk = await world.as(people.clerk);
  exchange.simulators.setBalances(people.debtor, { NBOK: 3_000n * KD });
  const file = await openFile(world.deps, clerk, {
    title: titleInput(),
    creditors: [{ civilId: people.creditor, payoutIban: ibanFor(4242) }],
    debtors: [{ civilId: people.debtor }],
    claim: { principal: 5_000n * KD, costs: 0n, fees: 0n, interest: 0n },
  });
  const debtorPartyId = (await database.db.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow()).id;
  const attachment = await requestProcedure(world.deps, await world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: 3_000n * KD, banks: ["NBOK"] });
  await exchange.settle();
  const before = await accountBalances(database.db);

  // The clerk orders the transfer; before the bank answers, the debtor pays KD 4,000 at the counter.
  await orderTransfer(world.deps, clerk, { fileId: file.id });
  await recordLedgerEntry(world.deps, clerk, { fileId: file.id, kind: "payment", amount: 4_000n * KD, source: "cash_at_department", reference: "COUNTER-1" });
  await exchange.settle();

  const transfers = await database.db.selectFrom("treasury_entries").select(["movement_kind", "amount", "details", "procedure_id"]).where("file_id", "=", file.id).where("movement_kind", "in", ["bank_transfer", "transfer_excess"]).orderBy("position").execute();
  const order = await database.db.selectFrom("agency_orders").select("id").where("procedure_id", "=", attachment.id).executeTakeFirstOrThrow();
  assert.deepEqual(
    transfers.map((entry) => [entry.movement_kind, entry.amount, entry.details, entry.procedure_id]),
    [
      ["bank_transfer", 1_000n * KD, { bankCode: "NBOK", ledgerEntryId: (transfers[0]!.details as { ledgerEntryId: string }).ledgerEntryId, orderId: order.id }, attachment.id],
      ["transfer_excess", 2_000n * KD, { bankCode: "NBOK", orderId: order.id }, attachment.id],
    ],
  );
  const treasury = await readFileTreasury(world.deps, clerk, file.id);
  assert.deepEqual([treasury.outstanding, treasury.position.held, treasury.position.refundsPayable], [0n, 5_000n * KD, 2_000n * KD]);
  await assertFileIdentity(world, file.id, 5_000n * KD);
  const after = await accountBalances(database.db);
  assert.equal(after.bank_transfers_clearing! - before.bank_transfers_clearing!, 3_000n * KD, "the whole transfer is in the books");
  assert.equal(after.cash_on_hand! - before.cash_on_hand!, 4_000n * KD);

  const { payouts } = await instructPayouts(world.deps, clerk, { fileId: file.id });
  assert.deepEqual(payouts.map((payout) => [payout.amount, payout.iban]), [[5_000n * KD, ibanFor(4242)]]);
  await markPayoutPaid(world.deps, clerk, { payoutId: payouts[0]!.payoutId, bankReference: "CBK-E2E-1" });
  await assertFileIdentity(world, file.id, 5_000n * KD);

  const report = await readDailyTreasuryReport(world.deps, await world.as(people.auditor), { date: kuwaitDate(world.clock.now()) });
  assert.equal(report.reconciled, true, JSON.stringify(report.checks));
  assert.deepEqual(report.files.find((line) => line.fileId === file.id)?.problems, []);
  const audit = await verifyAudit(database.db);
  assert.deepEqual([audit.chainProblems, audit.projectionProblems], [[], []]);
});
