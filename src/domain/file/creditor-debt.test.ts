import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { creditorDebts } from "./creditor-debt.ts";

describe("what a file owes each creditor (Art. 298: a ban lasts until the debt to its creditor ends)", () => {
  test("equal shares of the claim; a deposit earmarked for one creditor is theirs alone; the rest shared", () => {
    const debts = creditorDebts({ claimTotal: 10_001n, recoveredTotal: 6_001n, creditorIds: ["a", "b"], earmarked: new Map([["a", 5_001n]]) });
    assert.deepEqual(
      debts.map((debt) => [debt.creditorId, debt.claim, debt.received, debt.outstanding]),
      [
        ["a", 5_001n, 5_501n, 0n],
        ["b", 5_000n, 500n, 4_500n],
      ],
    );
  });

  test("one creditor: their debt is the file's; a paid file owes nobody", () => {
    assert.equal(creditorDebts({ claimTotal: 900n, recoveredTotal: 899n, creditorIds: ["a"], earmarked: new Map() })[0]!.outstanding, 1n);
    const paid = creditorDebts({ claimTotal: 1_001n, recoveredTotal: 1_001n, creditorIds: ["a", "b", "c"], earmarked: new Map([["c", 1_001n]]) });
    assert.deepEqual(paid.map((debt) => debt.outstanding), [0n, 0n, 0n]);
  });
});
