/**
 * The treasury ledger on a real database, case by case: which money moves through the
 * treasury and which does not, idempotency by (kind, reference), the database refusing
 * an unbalanced or altered entry, paying out to several creditors with an Art. 298(d)
 * deposit reserved (and pooled under a rule version that says so), refunds of a bank's
 * excess, settlements, and the daily reconciliation for a Kuwait day, by use case and by
 * the CLI.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { markPayoutPaid } from "../../src/app/treasury/mark-payout-paid.ts";
import { payRefund } from "../../src/app/treasury/pay-refund.ts";
import { postTreasuryMovement } from "../../src/app/treasury/post-movement.ts";
import { readDailyTreasuryReport } from "../../src/app/treasury/read-daily-report.ts";
import { readFileTreasury } from "../../src/app/treasury/read-file-treasury.ts";
import { recordSettlement } from "../../src/app/treasury/record-settlement.ts";
import { isDomainError, type ErrorCode } from "../../src/domain/errors.ts";
import { kuwaitDate } from "../../src/domain/file/calendar.ts";
import { amendRules, kuwaitRules, kw2025 } from "../../src/domain/rules/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { runTanfeeth } from "../support/child.ts";
import { accountBalances, applyBankTransfer, assertFileIdentity, ibanFor, openSharedFile } from "./support.ts";

/** An IBAN as people write it, in groups of four. */
const spaced = (iban: string) => iban.replace(/(.{4})/g, "$1 ").trim();

let database: TestDatabase;
let world: World;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

const refusedWith = (code: ErrorCode) => (error: unknown) => isDomainError(error) && error.code === code;
const clerk = () => world.as(people.clerk);
const linesOf = (entryId: string) =>
  database.db.selectFrom("treasury_lines").select(["account", "party_id", "debit", "credit"]).where("entry_id", "=", entryId).orderBy("line_no").execute();
const entryOf = async (kind: string, reference: string) =>
  database.db.selectFrom("treasury_entries").selectAll().where("movement_kind", "=", kind as never).where("reference", "=", reference).executeTakeFirst();

describe("money into the treasury", () => {
  test("cash, card and bank-transfer payments are held for the creditors; a payment reported as made outside moves nothing", async () => {
    const file = await openSharedFile(world, people.debtor, 1, 1_000_000n);
    const cases = [
      ["cash_at_department", "cash_on_hand"],
      ["online_payment", "gateway_clearing"],
      ["bank_transfer", "bank_transfers_clearing"],
    ] as const;
    for (const [source, account] of cases) {
      const credited = await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 10_000n, source, reference: `IN-${source}` });
      const entry = (await entryOf("debtor_payment", `${file.id}/IN-${source}`))!;
      assert.deepEqual(await linesOf(entry.id), [
        { account, party_id: null, debit: 10_000n, credit: 0n },
        { account: "funds_held", party_id: null, debit: 0n, credit: 10_000n },
      ]);
      // The file's action names the journal entry it caused.
      const action = await database.db.selectFrom("actions").select("payload").where("file_id", "=", file.id).where("action_kind", "=", "ledger.payment").orderBy("seq", "desc").executeTakeFirstOrThrow();
      assert.equal((action.payload as { treasuryEntryId: string; entryId: string }).treasuryEntryId, entry.id);
      assert.equal((action.payload as { entryId: string }).entryId, credited.entryId);
    }
    const before = await database.db.selectFrom("treasury_entries").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 50_000n, source: "reported_by_creditor", reference: "OUTSIDE-1" });
    const afterOutside = await database.db.selectFrom("treasury_entries").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    assert.equal(afterOutside.n, before.n, "a payment made outside the department is not treasury money");

    // A replayed ledger entry is not booked twice.
    const replay = await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 10_000n, source: "cash_at_department", reference: "IN-cash_at_department" });
    assert.equal(replay.replayed, true);
    const position = (await readFileTreasury(world.deps, await clerk(), file.id)).position;
    assert.equal(position.held, 30_000n);
    await assertFileIdentity(world, file.id, file.claim);
  });

  test("an Art. 298(d) deposit must be for a creditor of the file, and only money the department holds can be earmarked", async () => {
    const file = await openSharedFile(world, people.debtor, 2, 100_000n);
    const debtorParty = await database.db.selectFrom("file_parties").select("id").where("file_id", "=", file.id).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
    await assert.rejects(
      recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 1_000n, source: "cash_at_department", reference: "EAR-1", earmarkedFor: debtorParty.id }),
      refusedWith("PARTY_NOT_ON_FILE"),
    );
    await assert.rejects(
      recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 1_000n, source: "reported_by_debtor", reference: "EAR-2", earmarkedFor: file.creditorPartyIds[0]! }),
      refusedWith("VALIDATION_FAILED"),
    );
    assert.equal((await readFileTreasury(world.deps, await clerk(), file.id)).outstanding, 100_000n, "a refused entry changed nothing");
  });

  test("a bank's transfer above what is owed: the owed part is held, the rest owed back to the debtor and paid to their IBAN", async () => {
    const file = await openSharedFile(world, people.otherDebtor, 1, 40_000n);
    const applied = await applyBankTransfer(world, file.id, 55_555n, "transfer:bank:NBOK:T-1");
    assert.deepEqual(applied, { credited: 40_000n, excess: 15_555n });
    let treasury = await readFileTreasury(world.deps, await clerk(), file.id);
    assert.deepEqual([treasury.outstanding, treasury.position.held, treasury.position.refundsPayable], [0n, 40_000n, 15_555n]);
    const excess = (await entryOf("transfer_excess", `${file.id}/transfer:bank:NBOK:T-1`))!;
    assert.deepEqual(excess.details, { bankCode: "NBOK", orderId: null });

    const refund = await payRefund(world.deps, await clerk(), { fileId: file.id, iban: spaced(ibanFor(77)), reference: "RF-1" });
    assert.deepEqual([refund.amount, refund.replayed], [15_555n, false]);
    assert.equal((await payRefund(world.deps, await clerk(), { fileId: file.id, iban: ibanFor(77), reference: "RF-1" })).replayed, true);
    await assert.rejects(payRefund(world.deps, await clerk(), { fileId: file.id, iban: ibanFor(77), reference: "RF-2" }), refusedWith("NOTHING_TO_PAY_OUT"));
    await assert.rejects(payRefund(world.deps, await clerk(), { fileId: file.id, iban: `KW00${ibanFor(77).slice(4)}`, reference: "RF-3" }), refusedWith("IBAN_INVALID"));
    treasury = await readFileTreasury(world.deps, await clerk(), file.id);
    assert.equal(treasury.position.refundsPayable, 0n);
    await assertFileIdentity(world, file.id, file.claim);
  });
});

describe("the journal", () => {
  test("one entry per (kind, reference): a replay returns it, another amount or file is a conflict", async () => {
    const file = await openSharedFile(world, people.debtor, 1, 100_000n);
    const other = await openSharedFile(world, people.debtor, 1, 100_000n);
    const movement = { kind: "fee_received" as const, channel: "online_payment" as const, fileId: file.id, amount: 10_000n, reference: "fee-once", occurredAt: world.clock.now() };
    const first = await database.db.transaction().execute((tx) => postTreasuryMovement(tx, movement));
    const again = await database.db.transaction().execute((tx) => postTreasuryMovement(tx, movement));
    assert.deepEqual(again, { entryId: first.entryId, replayed: true });
    await assert.rejects(database.db.transaction().execute((tx) => postTreasuryMovement(tx, { ...movement, amount: 10_001n })), refusedWith("IDEMPOTENCY_CONFLICT"));
    await assert.rejects(database.db.transaction().execute((tx) => postTreasuryMovement(tx, { ...movement, fileId: other.id })), refusedWith("IDEMPOTENCY_CONFLICT"));
  });

  test("a file's held funds are never overdrawn: a refund above them is refused and writes nothing", async () => {
    const file = await openSharedFile(world, people.debtor, 1, 100_000n);
    await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 2_000n, source: "online_payment", reference: "OD-1" });
    await assert.rejects(
      database.db.transaction().execute((tx) => postTreasuryMovement(tx, { kind: "payment_refunded", channel: "online_payment", fileId: file.id, amount: 2_001n, reference: "OD-refund", occurredAt: world.clock.now() })),
      refusedWith("TREASURY_FUNDS_INSUFFICIENT"),
    );
    assert.equal(await entryOf("payment_refunded", "OD-refund"), undefined);
  });

  test("the database refuses an entry that does not balance, and any change to a posted one", async () => {
    const file = await openSharedFile(world, people.debtor, 1, 100_000n);
    const { entryId } = await database.db.transaction().execute((tx) =>
      postTreasuryMovement(tx, { kind: "fee_received", channel: "cash_at_department", fileId: file.id, amount: 5_000n, reference: "db-guard", occurredAt: world.clock.now() }),
    );
    const unbalanced = database.db.transaction().execute(async (tx) => {
      await tx.insertInto("treasury_entries").values({ id: world.deps.newId(), movement_kind: "fee_received", reference: "forged", amount: 5_000n, file_id: file.id, procedure_id: null, details: "{}", occurred_at: world.clock.now(), recorded_at: world.clock.now() }).returning("id").executeTakeFirstOrThrow().then((row) =>
        tx.insertInto("treasury_lines").values([
          { entry_id: row.id, line_no: 1, account: "cash_on_hand", file_id: null, party_id: null, debit: 5_000n, credit: 0n },
          { entry_id: row.id, line_no: 2, account: "fee_income", file_id: null, party_id: null, debit: 0n, credit: 4_999n },
        ]).execute(),
      );
    });
    await assert.rejects(unbalanced, /does not balance/);
    // An extra line slipped into a posted entry is refused at commit too.
    await assert.rejects(
      database.db.transaction().execute((tx) => tx.insertInto("treasury_lines").values({ entry_id: entryId, line_no: 3, account: "fee_income", file_id: null, party_id: null, debit: 0n, credit: 1n }).execute()),
      /does not balance/,
    );
    // The application role may not alter the journal at all; not even the owner may, past the trigger.
    await assert.rejects(sql`UPDATE treasury_lines SET credit = credit + 1 WHERE entry_id = ${entryId}`.execute(database.db), /permission denied|append-only/);
    await assert.rejects(sql`DELETE FROM treasury_entries WHERE id = ${entryId}`.execute(database.db), /permission denied|append-only/);
    await database.asOwner(async (owner) => {
      await assert.rejects(sql`UPDATE treasury_lines SET credit = credit + 1 WHERE entry_id = ${entryId}`.execute(owner), /append-only/);
      await assert.rejects(sql`DELETE FROM treasury_lines WHERE entry_id = ${entryId}`.execute(owner), /append-only/);
    });
    assert.deepEqual((await linesOf(entryId)).map((line) => [line.debit, line.credit]), [[5_000n, 0n], [0n, 5_000n]]);
  });
});

describe("paying creditors", () => {
  test("three creditors share pro rata to the fils, an Art. 298(d) deposit goes to its creditor alone, and payouts are executed once", async () => {
    const file = await openSharedFile(world, people.debtor, 3, 1_000_000n);
    const [first, second, third] = file.creditorPartyIds as [string, string, string];
    await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 1_000n, source: "cash_at_department", reference: "SH-1" });
    await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 500n, source: "online_payment", reference: "SH-2", earmarkedFor: second });
    await applyBankTransfer(world, file.id, 1n, "transfer:bank:NBOK:SH-3");

    const result = await instructPayouts(world.deps, await clerk(), { fileId: file.id });
    assert.equal(result.ruleVersion, "kw-2025.1");
    // Common funds 1,001 fils among three: 334 / 334 / 333 (largest remainder, ties to the first); the deposit of 500 to the second.
    const byParty = new Map(result.payouts.map((payout) => [payout.creditorPartyId, payout.amount]));
    assert.deepEqual([byParty.get(first), byParty.get(second), byParty.get(third)].sort(), [334n, 334n + 500n, 333n].sort());
    assert.equal(byParty.get(second)! - 500n + byParty.get(first)! + byParty.get(third)!, 1_001n);
    const secondEntry = (await entryOf("payout", `payout:${result.payouts.find((payout) => payout.creditorPartyId === second)!.payoutId}`))!;
    assert.deepEqual(
      (await linesOf(secondEntry.id)).map((line) => [line.account, line.party_id, line.debit, line.credit]),
      [
        ["funds_held", second, 500n, 0n],
        ["funds_held", null, byParty.get(second)! - 500n, 0n],
        ["payouts_payable", second, 0n, byParty.get(second)!],
      ],
    );
    await assert.rejects(instructPayouts(world.deps, await clerk(), { fileId: file.id }), refusedWith("NOTHING_TO_PAY_OUT"));

    const payoutId = result.payouts[0]!.payoutId;
    const paid = await markPayoutPaid(world.deps, await clerk(), { payoutId, bankReference: "CBK-777" });
    assert.deepEqual([paid.payout.status, paid.replayed], ["paid", false]);
    assert.equal((await markPayoutPaid(world.deps, await clerk(), { payoutId, bankReference: "CBK-777" })).replayed, true);
    await assert.rejects(markPayoutPaid(world.deps, await clerk(), { payoutId, bankReference: "CBK-778" }), refusedWith("PAYOUT_NOT_INSTRUCTED"));
    await assert.rejects(markPayoutPaid(world.deps, await clerk(), { payoutId: world.deps.newId(), bankReference: "CBK-779" }), refusedWith("PAYOUT_NOT_FOUND"));
    const treasury = await readFileTreasury(world.deps, await clerk(), file.id);
    assert.deepEqual([treasury.position.held, treasury.position.paidOut, treasury.position.payoutsPending], [0n, 1_501n, 1_501n - paid.payout.amount]);
    await assertFileIdentity(world, file.id, file.claim);
    const actions = await database.db.selectFrom("actions").select("action_kind").where("file_id", "=", file.id).where("action_kind", "like", "treasury.%").execute();
    assert.deepEqual(actions.map((action) => action.action_kind).sort(), ["treasury.payout_instructed", "treasury.payout_instructed", "treasury.payout_instructed", "treasury.payout_paid"]);
  });

  test("the sharing rule is versioned: from a version's effective date deposits are pooled with the rest", async () => {
    const pooled = amendRules(kw2025, "test-pooled-deposits", "2026-03-05", (values) => ({ ...values, sharing: { ...values.sharing, earmarkedDepositsReserved: false } }));
    world.deps.rules = [kw2025, pooled];
    try {
      const file = await openSharedFile(world, people.debtor, 2, 1_000_000n);
      const [first, second] = file.creditorPartyIds as [string, string];
      await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 600n, source: "cash_at_department", reference: "V-1", earmarkedFor: first });
      await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 401n, source: "cash_at_department", reference: "V-2" });
      world.clock.advance(5 * 86_400_000); // now past 5 March 2026 in Kuwait
      const result = await instructPayouts(world.deps, await clerk(), { fileId: file.id });
      assert.equal(result.ruleVersion, "test-pooled-deposits");
      const byParty = new Map(result.payouts.map((payout) => [payout.creditorPartyId, payout.amount]));
      assert.deepEqual([byParty.get(first), byParty.get(second)], [501n, 500n]);
      await assertFileIdentity(world, file.id, file.claim);
    } finally {
      world.deps.rules = kuwaitRules;
    }
  });

  test("every creditor needs an IBAN before anything is paid out", async () => {
    const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 10n);
    await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 1_000n, source: "cash_at_department", reference: "NOIBAN-1" });
    await assert.rejects(instructPayouts(world.deps, await clerk(), { fileId: file.id }), refusedWith("PAYOUT_IBAN_MISSING"));
    await assert.rejects(instructPayouts(world.deps, await world.as(people.auditor), { fileId: file.id }), refusedWith("FORBIDDEN"));
    assert.equal((await readFileTreasury(world.deps, await clerk(), file.id)).position.held, 1_000n);
  });
});

describe("settlements and the daily reconciliation", () => {
  test("a Kuwait day's report: openings, movements, closings, files and checks; the next day opens where it closed; the CLI agrees", async () => {
    // A fresh day in Kuwait for this test alone.
    world.clock.advance(3 * 86_400_000);
    const day = kuwaitDate(world.clock.now());
    const opening = await accountBalances(database.db);
    const file = await openSharedFile(world, people.debtor, 2, 500_000n);
    await recordLedgerEntry(world.deps, await clerk(), { fileId: file.id, kind: "payment", amount: 7_000n, source: "online_payment", reference: "DAY-1" });
    await database.db.transaction().execute((tx) => postTreasuryMovement(tx, { kind: "fee_received", channel: "online_payment", fileId: file.id, amount: 10_000n, reference: "DAY-fee", occurredAt: world.clock.now() }));
    await assert.rejects(recordSettlement(world.deps, await clerk(), { from: "gateway_clearing", amount: opening.gateway_clearing! + 17_001n, reference: "STMT-too-much" }), refusedWith("TREASURY_FUNDS_INSUFFICIENT"));
    await recordSettlement(world.deps, await clerk(), { from: "gateway_clearing", amount: 17_000n, reference: `STMT-${day}` });
    assert.equal((await recordSettlement(world.deps, await clerk(), { from: "gateway_clearing", amount: 17_000n, reference: `STMT-${day}` })).replayed, true);
    const { payouts } = await instructPayouts(world.deps, await clerk(), { fileId: file.id });
    await markPayoutPaid(world.deps, await clerk(), { payoutId: payouts[0]!.payoutId, bankReference: "CBK-DAY" });

    const report = await readDailyTreasuryReport(world.deps, await world.as(people.auditor), { date: day });
    assert.equal(report.reconciled, true, JSON.stringify(report.checks));
    const account = (code: string) => report.accounts.find((line) => line.account === code)!;
    assert.deepEqual([account("gateway_clearing").opening, account("gateway_clearing").debits, account("gateway_clearing").credits], [opening.gateway_clearing, 17_000n, 17_000n]);
    assert.deepEqual([account("treasury_account").debits, account("treasury_account").credits], [17_000n, 3_500n]);
    assert.deepEqual([account("fee_income").credits, account("funds_held").credits, account("funds_held").debits], [10_000n, 7_000n, 7_000n]);
    assert.deepEqual(report.totals, { debits: 17_000n + 7_000n + 10_000n + 7_000n + 3_500n, credits: 17_000n + 7_000n + 10_000n + 7_000n + 3_500n });
    assert.deepEqual(report.movements.map((movement) => [movement.kind, movement.count, movement.amount]), [
      ["debtor_payment", 1, 7_000n],
      ["fee_received", 1, 10_000n],
      ["payout", 2, 7_000n],
      ["payout_paid", 1, 3_500n],
      ["settlement", 1, 17_000n],
    ]);
    assert.deepEqual(report.files.map((line) => [line.fileId, line.received, line.paidOut, line.held, line.payoutsPending, line.consistent]), [[file.id, 7_000n, 7_000n, 0n, 3_500n, true]]);
    for (const line of report.accounts) assert.equal(line.closing, (await accountBalances(database.db))[line.account]);

    const next = await readDailyTreasuryReport(world.deps, await world.as(people.auditor), { date: kuwaitDate(new Date(world.clock.now().getTime() + 86_400_000)) });
    assert.deepEqual(next.accounts.map((line) => line.opening), report.accounts.map((line) => line.closing));
    assert.deepEqual([next.movements, next.files], [[], []]);
    await assert.rejects(readDailyTreasuryReport(world.deps, await world.as(people.auditor), { date: "2026-02-30" }), refusedWith("VALIDATION_FAILED"));
    await assert.rejects(readDailyTreasuryReport(world.deps, await world.as(people.creditor), { date: day }), refusedWith("FORBIDDEN"));

    const audit = await verifyAudit(database.db);
    assert.deepEqual([audit.chainProblems, audit.projectionProblems], [[], []]);

    // The operator's command prints the same day and exits 0 (on the PostgreSQL pass, where a second process can open the database).
    if (testDatabaseUrl && database.url) {
      const { code, output, errors } = await tanfeeth(["treasury-report", "--date", day, "--json"], { DATABASE_URL: database.url });
      assert.equal(code, 0, output + errors);
      const printed = JSON.parse(output) as { reconciled: boolean; movements: { kind: string; amount: string }[] };
      assert.equal(printed.reconciled, true);
      assert.deepEqual(printed.movements.find((movement) => movement.kind === "settlement"), { kind: "settlement", count: 1, amount: "17.000" });
      const text = await tanfeeth(["treasury-report", "--date", day], { DATABASE_URL: database.url });
      assert.equal(text.code, 0, text.output + text.errors);
      assert.match(text.output, /check entries_balance\s+ok/);
      assert.match(text.output, /\nreconciled\n/);
    }
  });
});

/** Runs the command; `output` is what it printed (stdout), `errors` its stderr (library warnings). */
async function tanfeeth(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string; errors: string }> {
  const exit = await runTanfeeth(args, env);
  return { code: exit.code, output: exit.stdout, errors: exit.stderr };
}
