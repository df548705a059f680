/**
 * The pure rules of the treasury under random input: every movement's journal entry
 * balances and any tampering with it is refused; sharing among several creditors is exact
 * (the shares add up to the funds, to the fils), pro rata within one fils, never more than
 * a creditor's claim when the funds do not cover every claim, and an Art. 298(d) deposit
 * goes to its creditor alone; a payout plan draws exactly what the file holds.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isDomainError } from "../../src/domain/errors.ts";
import { assertBalanced, totals } from "../../src/domain/treasury/journal.ts";
import { journalLinesFor, type TreasuryMovement } from "../../src/domain/treasury/movements.ts";
import { planPayouts } from "../../src/domain/treasury/payout-plan.ts";
import { shareAmongCreditors } from "../../src/domain/treasury/sharing.ts";

const fils = fc.bigInt({ min: 1n, max: 10n ** 12n });
const id = fc.uuid();
const channel = fc.constantFrom("online_payment" as const, "cash_at_department" as const, "bank_transfer" as const);
const base = fc.record({ fileId: id, amount: fils, reference: fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== ""), occurredAt: fc.constant(new Date("2026-03-01T08:00:00Z")) });

const movement: fc.Arbitrary<TreasuryMovement> = fc.oneof(
  fc.tuple(base, channel, fc.option(id)).map(([b, c, earmark]) => ({ ...b, kind: "debtor_payment" as const, channel: c, earmarkedFor: earmark })),
  base.map((b) => ({ ...b, kind: "bank_transfer" as const, bankCode: "NBOK" })),
  base.map((b) => ({ ...b, kind: "transfer_excess" as const })),
  base.map((b) => ({ ...b, kind: "proceeds_received" as const, bankCode: "NBOK" })),
  fc.tuple(base, id).map(([b, source]) => ({ ...b, kind: "proceeds_shared" as const, sourceFileId: source })),
  base.map((b) => ({ ...b, kind: "proceeds_excess" as const })),
  fc.tuple(base, channel).map(([b, c]) => ({ ...b, kind: "payment_excess" as const, channel: c })),
  fc.tuple(base, channel).map(([b, c]) => ({ ...b, kind: "fee_received" as const, channel: c })),
  fc.tuple(base, channel).map(([b, c]) => ({ ...b, kind: "fee_refunded" as const, channel: c })),
  fc.tuple(base, channel).map(([b, c]) => ({ ...b, kind: "payment_refunded" as const, channel: c })),
  fc.tuple(base, id, fc.nat(100)).map(([b, creditor, permille]) => {
    const reserved = (b.amount * BigInt(permille)) / 100n;
    const draws = [...(reserved > 0n ? [{ partyId: creditor, amount: reserved }] : []), ...(b.amount - reserved > 0n ? [{ partyId: null, amount: b.amount - reserved }] : [])];
    return { ...b, kind: "payout" as const, creditorPartyId: creditor, iban: "KW", draws };
  }),
  fc.tuple(base, id).map(([b, creditor]) => ({ ...b, kind: "payout_paid" as const, creditorPartyId: creditor, iban: "KW" })),
  fc.tuple(base, fc.option(channel)).map(([b, c]) => ({ ...b, kind: "refund_paid" as const, channel: c })),
  fc.tuple(base, fc.constantFrom("gateway_clearing" as const, "bank_transfers_clearing" as const, "cash_on_hand" as const)).map(([b, from]) => ({ ...b, fileId: null, kind: "settlement" as const, from })),
);

test("every movement's entry balances, and a line changed by one fils is refused", () => {
  fc.assert(
    fc.property(movement, fc.nat(), fc.constantFrom(-1n, 1n), (moved, which, delta) => {
      const lines = journalLinesFor(moved);
      const sums = totals(lines);
      assert.equal(sums.debits, sums.credits);
      assert.equal(sums.debits, moved.amount);
      const tampered = lines.map((line, index) => (index === which % lines.length ? (line.debit > 0n ? { ...line, debit: line.debit + delta } : { ...line, credit: line.credit + delta }) : line));
      assert.throws(() => assertBalanced(tampered), (error) => isDomainError(error) && (error.code === "TREASURY_ENTRY_UNBALANCED" || error.code === "TREASURY_ENTRY_INVALID"));
    }),
  );
});

test("a payout whose draws do not add up, a zero amount, or a per-file line without its file is refused", () => {
  assert.throws(
    () => journalLinesFor({ kind: "payout", fileId: "f", amount: 10n, reference: "r", occurredAt: new Date(), creditorPartyId: "p", iban: "KW", draws: [{ partyId: null, amount: 9n }] }),
    (error) => isDomainError(error) && error.code === "TREASURY_ENTRY_UNBALANCED",
  );
  assert.throws(() => journalLinesFor({ kind: "fee_received", channel: "online_payment", fileId: "f", amount: 0n, reference: "r", occurredAt: new Date() }), (error) => isDomainError(error) && error.code === "TREASURY_ENTRY_INVALID");
  assert.throws(
    () => assertBalanced([{ account: "funds_held", fileId: null, partyId: null, debit: 0n, credit: 5n }, { account: "cash_on_hand", fileId: null, partyId: null, debit: 5n, credit: 0n }]),
    (error) => isDomainError(error) && error.code === "TREASURY_ENTRY_INVALID",
  );
});

const claims = fc.uniqueArray(fc.record({ creditorId: id, claim: fc.bigInt({ min: 0n, max: 10n ** 9n }), reserved: fc.bigInt({ min: 0n, max: 10n ** 6n }) }), { minLength: 1, maxLength: 8, selector: (claim) => claim.creditorId });

test("pro rata sharing is exact to the fils, within one fils of each exact share, and reserved deposits stay with their creditor", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 10n }), claims, fc.boolean(), (common, creditors, reserving) => {
      const shares = shareAmongCreditors(common, creditors, { method: "pro_rata", earmarkedDepositsReserved: reserving, acrossFiles: "attaching_creditors" });
      const reservedTotal = creditors.reduce((sum, creditor) => sum + creditor.reserved, 0n);
      assert.equal(shares.reduce((sum, share) => sum + share.total, 0n), common + reservedTotal, "no fils created or lost");
      const pool = reserving ? common : common + reservedTotal;
      const weights = creditors.every((creditor) => creditor.claim === 0n) ? creditors.map(() => 1n) : creditors.map((creditor) => creditor.claim);
      const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
      shares.forEach((share, index) => {
        assert.equal(share.creditorId, creditors[index]!.creditorId);
        assert.equal(share.fromReserved, reserving ? creditors[index]!.reserved : 0n);
        // |share × Σw − pool × w| < Σw: the share is the exact one rounded down or up.
        const gap = share.fromCommon * weightSum - pool * weights[index]!;
        assert.ok(gap > -weightSum && gap < weightSum, "within one fils of the exact share");
        if (pool <= weightSum && !creditors.every((creditor) => creditor.claim === 0n)) assert.ok(share.fromCommon <= weights[index]!, "never more than the claim");
      });
    }),
  );
});

test("a payout plan draws exactly what is held: every draw from a fund that has it, nothing left but deposits for no creditor", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 9n }),
      fc.uniqueArray(id, { minLength: 1, maxLength: 5 }),
      fc.array(fc.tuple(fc.nat(6), fc.bigInt({ min: 1n, max: 10n ** 6n })), { maxLength: 6 }),
      fc.boolean(),
      (common, creditorIds, deposits, reserving) => {
        // Deposits for index ≥ the number of creditors are for someone who is not a creditor of the file.
        const outsider = "00000000-0000-4000-8000-000000000000";
        const held = new Map<string | null, bigint>([[null, common]]);
        for (const [index, amount] of deposits) {
          const party = creditorIds[index] ?? outsider;
          held.set(party, (held.get(party) ?? 0n) + amount);
        }
        const funds = [...held].map(([partyId, amount]) => ({ partyId, amount }));
        const plan = planPayouts(funds, creditorIds.map((partyId) => ({ partyId, claim: 1n })), { method: "pro_rata", earmarkedDepositsReserved: reserving, acrossFiles: "attaching_creditors" });
        const drawn = new Map<string | null, bigint>();
        for (const payout of plan.payouts) {
          assert.equal(payout.draws.reduce((sum, draw) => sum + draw.amount, 0n), payout.amount);
          for (const draw of payout.draws) {
            assert.ok(draw.amount > 0n);
            if (reserving && draw.partyId !== null) assert.equal(draw.partyId, payout.creditorPartyId, "a reserved deposit pays only its creditor");
            drawn.set(draw.partyId, (drawn.get(draw.partyId) ?? 0n) + draw.amount);
          }
        }
        for (const [partyId, amount] of held) assert.ok((drawn.get(partyId) ?? 0n) <= amount, "never more than a fund holds");
        const keptTotal = plan.kept.reduce((sum, kept) => sum + kept.amount, 0n);
        const heldTotal = funds.reduce((sum, fund) => sum + fund.amount, 0n);
        assert.equal(plan.payouts.reduce((sum, payout) => sum + payout.amount, 0n) + keptTotal, heldTotal, "all paid out but what is nobody's here");
        assert.equal(keptTotal, reserving ? (held.get(outsider) ?? 0n) : 0n);
      },
    ),
  );
});
