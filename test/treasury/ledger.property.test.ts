/**
 * The treasury ledger under random sequences of money events on a real database:
 * debtors' payments through every channel (some deposited for one creditor under Art.
 * 298(d)), payments reported as made outside, banks' transfers (some above what is owed),
 * fees and fee refunds, payouts to several creditors and their execution, refunds to the
 * debtor, settlements of clearing accounts, and days passing. At every step:
 *   - every journal entry balances;
 *   - for each file, paid out + held + outstanding (+ paid outside) = claim;
 *   - no fils is created or lost: the department's money = all that came in − all that left,
 *     and equals what it owes plus its fee income;
 *   - every payout shares exactly: reserved deposits to their creditor, common funds in
 *     equal shares to the fils, the shares adding up to what was held.
 * At the end every day's reconciliation passes and each day closes where the next opens.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { markPayoutPaid } from "../../src/app/treasury/mark-payout-paid.ts";
import { payRefund } from "../../src/app/treasury/pay-refund.ts";
import { readDailyTreasuryReport } from "../../src/app/treasury/read-daily-report.ts";
import { readFileTreasury } from "../../src/app/treasury/read-file-treasury.ts";
import { recordSettlement } from "../../src/app/treasury/record-settlement.ts";
import { kuwaitDate } from "../../src/domain/file/calendar.ts";
import { addCalendarDays } from "../../src/domain/rules/calendar.ts";
import { isDomainError } from "../../src/domain/errors.ts";
import type { FilePosition } from "../../src/domain/treasury/position.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";
import { accountBalances, applyBankTransfer, assertFileIdentity, ibanFor, openSharedFile, postFee } from "./support.ts";

let database: TestDatabase;
let world: World;
let serial = 0;
/** How often each kind of step really moved money, over all runs (a property that skips everything proves nothing). */
const executed = new Map<string, number>();
const ran = (kind: string) => executed.set(kind, (executed.get(kind) ?? 0) + 1);
type OpenedFile = Awaited<ReturnType<typeof openSharedFile>>;

before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

type Channel = "cash_at_department" | "bank_transfer" | "online_payment";
type Step =
  | { kind: "pay"; file: number; channel: Channel; permille: number; earmark: number | null }
  | { kind: "outside"; file: number; permille: number }
  | { kind: "transfer"; file: number; permille: number }
  | { kind: "fee"; file: number; amount: number }
  | { kind: "feeRefund"; index: number }
  | { kind: "payout"; file: number }
  | { kind: "paid"; index: number }
  | { kind: "settle"; account: "gateway_clearing" | "bank_transfers_clearing" | "cash_on_hand"; permille: number }
  | { kind: "refund"; file: number }
  | { kind: "tick"; hours: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("pay" as const), file: fc.nat(2), channel: fc.constantFrom<Channel>("cash_at_department", "bank_transfer", "online_payment"), permille: fc.integer({ min: 1, max: 1000 }), earmark: fc.option(fc.nat(2), { freq: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("outside" as const), file: fc.nat(2), permille: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("transfer" as const), file: fc.nat(2), permille: fc.integer({ min: 1, max: 1500 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fee" as const), file: fc.nat(2), amount: fc.integer({ min: 1, max: 20_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("feeRefund" as const), index: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("payout" as const), file: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("paid" as const), index: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("settle" as const), account: fc.constantFrom("gateway_clearing" as const, "bank_transfers_clearing" as const, "cash_on_hand" as const), permille: fc.integer({ min: 1, max: 1000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("refund" as const), file: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("tick" as const), hours: fc.integer({ min: 1, max: 30 }) }) },
);

const part = (amount: bigint, permille: number) => {
  const share = (amount * BigInt(permille)) / 1000n;
  return share > 0n ? share : 1n;
};

test("every entry balances, paid out + held + outstanding = claim, no fils created or lost, sharing exact", async () => {
  const firstDay = kuwaitDate(world.clock.now());
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        files: fc.array(fc.record({ creditors: fc.integer({ min: 1, max: 3 }), principal: fc.bigInt({ min: 1n, max: 3_000_000n }) }), { minLength: 1, maxLength: 3 }),
        steps: fc.array(step, { minLength: 1, maxLength: 20, size: "max" }),
      }),
      async (scenario) => {
        const run = ++serial;
        const clerk = await world.as(people.clerk);
        const files: OpenedFile[] = [];
        for (const spec of scenario.files) files.push(await openSharedFile(world, people.debtor, spec.creditors, spec.principal));
        const before = await accountBalances(database.db);
        let moneyIn = 0n;
        let moneyOut = 0n;
        const fees: { fileId: string; amount: bigint; reference: string; refunded: boolean }[] = [];
        const payouts: { id: string; paid: boolean }[] = [];
        let counter = 0;
        const ref = (prefix: string) => `${prefix}-${run}-${++counter}`;

        for (const action of scenario.steps) {
          const file: OpenedFile | undefined = "file" in action ? files[action.file % files.length]! : undefined;
          const owed = file ? (await readFileTreasury(world.deps, clerk, file.id)).outstanding : 0n;
          switch (action.kind) {
            case "pay": {
              if (owed === 0n) break;
              const earmarkedFor = action.earmark === null ? null : (file!.creditorPartyIds[action.earmark % file!.creditorPartyIds.length] ?? null);
              const amount = part(owed, action.permille);
              await recordLedgerEntry(world.deps, clerk, { fileId: file!.id, kind: "payment", amount, source: action.channel, reference: ref("pay"), earmarkedFor });
              moneyIn += amount;
              ran(earmarkedFor ? "earmarked" : "pay");
              break;
            }
            case "outside":
              if (owed === 0n) break;
              await recordLedgerEntry(world.deps, clerk, { fileId: file!.id, kind: "payment", amount: part(owed, action.permille), source: "reported_by_creditor", reference: ref("out") });
              break;
            case "transfer": {
              const amount = part(owed > 0n ? owed : 5_000n, action.permille);
              const applied = await applyBankTransfer(world, file!.id, amount, ref("trf"));
              assert.equal(applied.credited + applied.excess, amount);
              moneyIn += amount;
              ran(applied.excess > 0n ? "transferExcess" : "transfer");
              break;
            }
            case "fee": {
              const reference = ref("fee");
              await postFee(world, file!.id, "fee_received", BigInt(action.amount), reference);
              fees.push({ fileId: file!.id, amount: BigInt(action.amount), reference, refunded: false });
              moneyIn += BigInt(action.amount);
              ran("fee");
              break;
            }
            case "feeRefund": {
              const fee = fees.filter((candidate) => !candidate.refunded)[action.index % Math.max(1, fees.length)];
              if (!fee) break;
              // Refunds go out through the gateway: only what it still holds can go back.
              const gateway = (await accountBalances(database.db)).gateway_clearing!;
              if (gateway < fee.amount) break;
              await postFee(world, fee.fileId, "fee_refunded", fee.amount, `${fee.reference}-refund`);
              fee.refunded = true;
              moneyOut += fee.amount;
              ran("feeRefund");
              break;
            }
            case "payout": {
              const held: FilePosition = (await readFileTreasury(world.deps, clerk, file!.id)).position;
              if (held.held === 0n) {
                await assert.rejects(instructPayouts(world.deps, clerk, { fileId: file!.id }), (error) => isDomainError(error) && error.code === "NOTHING_TO_PAY_OUT");
                break;
              }
              const result = await instructPayouts(world.deps, clerk, { fileId: file!.id });
              // Exact sharing: every fils held goes out; reserved deposits to their own creditor; common funds equal to the fils.
              assert.equal(result.payouts.reduce((sum, payout) => sum + payout.amount, 0n), held.held);
              const reservedOf = (partyId: string) => held.heldReserved.find((reserved) => reserved.partyId === partyId)?.amount ?? 0n;
              const commonShares = file!.creditorPartyIds.map((partyId) => (result.payouts.find((payout) => payout.creditorPartyId === partyId)?.amount ?? 0n) - reservedOf(partyId));
              assert.equal(commonShares.reduce((sum, share) => sum + share, 0n), held.heldCommon);
              const floor = held.heldCommon / BigInt(file!.creditorPartyIds.length);
              assert.ok(commonShares.every((share) => share === floor || share === floor + 1n), "equal shares to the fils");
              for (const payout of result.payouts) {
                assert.ok(file!.ibans.includes(payout.iban), "paid to an IBAN the creditor gave");
                payouts.push({ id: payout.payoutId, paid: false });
              }
              ran(result.payouts.length > 1 ? "payoutShared" : "payout");
              break;
            }
            case "paid": {
              const pending = payouts.filter((payout) => !payout.paid);
              const payout = pending[action.index % Math.max(1, pending.length)];
              if (!payout) break;
              const done = await markPayoutPaid(world.deps, clerk, { payoutId: payout.id, bankReference: ref("bank") });
              payout.paid = true;
              moneyOut += done.payout.amount;
              ran("paid");
              break;
            }
            case "settle": {
              const balance = (await accountBalances(database.db))[action.account]!;
              if (balance === 0n) {
                await assert.rejects(recordSettlement(world.deps, clerk, { from: action.account, amount: 1n, reference: ref("stl") }), (error) => isDomainError(error) && error.code === "TREASURY_FUNDS_INSUFFICIENT");
                break;
              }
              await recordSettlement(world.deps, clerk, { from: action.account, amount: part(balance, action.permille), reference: ref("stl") });
              ran("settle");
              break;
            }
            case "refund": {
              const { position } = await readFileTreasury(world.deps, clerk, file!.id);
              if (position.refundsPayable === 0n) break;
              const paid = await payRefund(world.deps, clerk, { fileId: file!.id, iban: ibanFor(9), reference: ref("rfd") });
              assert.equal(paid.amount, position.refundsPayable);
              moneyOut += paid.amount;
              ran("refund");
              break;
            }
            case "tick":
              world.clock.advance(action.hours * 3_600_000);
              break;
          }

          for (const opened of files) await assertFileIdentity(world, opened.id, opened.claim);
          const balances = await accountBalances(database.db);
          const assets = balances.gateway_clearing! + balances.bank_transfers_clearing! + balances.cash_on_hand! + balances.treasury_account!;
          const assetsBefore = before.gateway_clearing! + before.bank_transfers_clearing! + before.cash_on_hand! + before.treasury_account!;
          assert.equal(assets - assetsBefore, moneyIn - moneyOut, "the department holds exactly what came in less what left");
          const owedAndEarned = balances.funds_held! + balances.payouts_payable! + balances.refunds_payable! + balances.fee_income!;
          assert.equal(owedAndEarned, assets, "what it holds is what it owes plus its fee income");
        }
      },
    ),
    {
      numRuns: Number(process.env.TREASURY_PROPERTY_RUNS ?? 20),
      // One sequence through every kind of step, besides the random ones.
      examples: [
        [
          {
            files: [{ creditors: 3, principal: 1_000_001n }, { creditors: 1, principal: 50_000n }],
            steps: [
              { kind: "pay", file: 0, channel: "online_payment", permille: 300, earmark: 1 },
              { kind: "pay", file: 0, channel: "cash_at_department", permille: 200, earmark: null },
              { kind: "transfer", file: 1, permille: 1500 },
              { kind: "transfer", file: 0, permille: 100 },
              { kind: "fee", file: 0, amount: 10_000 },
              { kind: "payout", file: 0 },
              { kind: "payout", file: 1 },
              { kind: "tick", hours: 20 },
              { kind: "paid", index: 0 },
              { kind: "paid", index: 3 },
              { kind: "refund", file: 1 },
              { kind: "settle", account: "gateway_clearing", permille: 500 },
              { kind: "feeRefund", index: 0 },
              { kind: "outside", file: 0, permille: 100 },
              { kind: "payout", file: 0 },
            ],
          },
        ],
      ],
    },
  );

  console.log(`treasury steps that moved money: ${JSON.stringify(Object.fromEntries([...executed].sort()))}`);
  for (const kind of ["pay", "earmarked", "transfer", "transferExcess", "fee", "feeRefund", "payout", "payoutShared", "paid", "settle", "refund"]) assert.ok((executed.get(kind) ?? 0) > 0, `no ${kind} step ran`);

  // Every day reconciles, and each day closes where the next one opens.
  const lastDay = kuwaitDate(world.clock.now());
  const balances = await accountBalances(database.db);
  let previous: Awaited<ReturnType<typeof readDailyTreasuryReport>> | null = null;
  for (let day = firstDay; day <= lastDay; day = addCalendarDays(day, 1)) {
    const report = await readDailyTreasuryReport(world.deps, await world.as(people.auditor), { date: day });
    assert.ok(report.reconciled, `day ${day}: ${JSON.stringify(report.checks.filter((check) => !check.passed))}`);
    if (previous) for (const line of report.accounts) assert.equal(line.opening, previous.accounts.find((other) => other.account === line.account)!.closing);
    previous = report;
  }
  for (const line of previous!.accounts) assert.equal(line.closing, balances[line.account], `closing ${line.account}`);
});
