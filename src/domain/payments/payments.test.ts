import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import { assertPayable, feeOwed, gatewayResults, isFresh, settlementOf, splitDebtPayment } from "./payments.ts";

describe("payment settlement", () => {
  test("a pending payment takes any result; the same result again is nothing to do", () => {
    for (const result of gatewayResults) {
      assert.equal(settlementOf("pending", result), "settle");
      assert.equal(settlementOf(result, result), "already");
    }
  });

  test("a result that contradicts the recorded one is a conflict, except money captured after the hub gave up", () => {
    assert.equal(settlementOf("captured", "declined"), "conflict");
    assert.equal(settlementOf("declined", "captured"), "conflict");
    assert.equal(settlementOf("cancelled", "captured"), "conflict");
    assert.equal(settlementOf("expired", "captured"), "settle");
    assert.equal(settlementOf("captured", "expired"), "conflict");
  });
});

describe("callback freshness", () => {
  const now = new Date("2026-03-01T08:00:00Z");
  test("within five minutes either way is fresh; beyond, or an invalid time, is not", () => {
    assert.equal(isFresh(new Date(now.getTime() - 300_000), now), true);
    assert.equal(isFresh(new Date(now.getTime() + 300_000), now), true);
    assert.equal(isFresh(new Date(now.getTime() - 300_001), now), false);
    assert.equal(isFresh(new Date(now.getTime() + 300_001), now), false);
    assert.equal(isFresh(new Date("not a date"), now), false);
  });
});

describe("fees and debtor payments", () => {
  test("a fee is owed unless the request was refused outright or the fee is zero", () => {
    assert.equal(feeOwed({ outcome: "approve", fee: 10_000n }), 10_000n);
    assert.equal(feeOwed({ outcome: "refer", fee: 10_000n }), 10_000n);
    assert.equal(feeOwed({ outcome: "reject", fee: 10_000n }), null);
    assert.equal(feeOwed({ outcome: "approve", fee: 0n }), null);
  });

  test("a debtor pays all or part, never more, and never on a file that owes nothing", () => {
    assertPayable(1n, 5n);
    assertPayable(5n, 5n);
    assert.throws(() => assertPayable(6n, 5n), (error: DomainError) => error.code === "AMOUNT_EXCEEDS_OUTSTANDING");
    assert.throws(() => assertPayable(0n, 5n), (error: DomainError) => error.code === "VALIDATION_FAILED");
    assert.throws(() => assertPayable(1n, 0n), (error: DomainError) => error.code === "FILE_CLOSED");
  });

  test("a captured payment splits into credit and refund with no fils lost or made", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), (amount, owed, open) => {
        const { credit, excess } = splitDebtPayment(amount, owed, open);
        assert.equal(credit + excess, amount);
        assert.ok(credit >= 0n && excess >= 0n);
        assert.ok(credit <= owed);
        if (!open) assert.equal(credit, 0n);
        if (open && amount <= owed) assert.equal(excess, 0n);
      }),
    );
  });
});
