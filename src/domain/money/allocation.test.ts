import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { allocateByWeights, allocateUpToCaps, capHoldings } from "./allocation.ts";

const fails = (code: string) => ({ name: "DomainError", code });
const sum = (list: readonly bigint[]) => list.reduce((a, b) => a + b, 0n);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

const totals = fc.bigInt({ min: 0n, max: 10n ** 15n });
const amounts = fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 0, maxLength: 20 });

describe("allocateByWeights", () => {
  it("splits evenly when it can", () => {
    assert.deepEqual(allocateByWeights(900n, [1n, 1n, 1n]), [300n, 300n, 300n]);
    assert.deepEqual(allocateByWeights(0n, [1n, 2n]), [0n, 0n]);
    assert.deepEqual(allocateByWeights(7n, [5n]), [7n]);
  });

  it("gives leftover fils to the largest remainders", () => {
    // Exact shares 3.33 each: the leftover fils go to the lower indexes on a tie.
    assert.deepEqual(allocateByWeights(10n, [1n, 1n, 1n]), [4n, 3n, 3n]);
    assert.deepEqual(allocateByWeights(11n, [1n, 1n, 1n]), [4n, 4n, 3n]);
    // Exact shares 1.43, 2.86, 5.71: the 2 leftover fils go to .86 then .71, not .43.
    assert.deepEqual(allocateByWeights(10n, [1n, 2n, 4n]), [1n, 3n, 6n]);
    // Exact shares 33.33, 66.66: leftover to the second.
    assert.deepEqual(allocateByWeights(100n, [1n, 2n]), [33n, 67n]);
  });

  it("gives nothing to a zero weight", () => {
    assert.deepEqual(allocateByWeights(10n, [0n, 1n, 0n, 2n]), [0n, 3n, 0n, 7n]);
  });

  it("rejects bad weights as ALLOCATION_INVALID", () => {
    assert.throws(() => allocateByWeights(10n, []), fails("ALLOCATION_INVALID"));
    assert.throws(() => allocateByWeights(10n, [0n, 0n]), fails("ALLOCATION_INVALID"));
    assert.throws(() => allocateByWeights(10n, [3n, -1n]), fails("ALLOCATION_INVALID"));
  });

  it("rejects a negative total as MONEY_NEGATIVE", () => {
    assert.throws(() => allocateByWeights(-1n, [1n]), fails("MONEY_NEGATIVE"));
  });

  it("never loses or creates a fils and stays within 1 fils of the exact share", () => {
    const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(totals, weights, (total, ws) => {
        const weightSum = sum(ws);
        fc.pre(weightSum > 0n);
        const shares = allocateByWeights(total, ws);
        assert.equal(shares.length, ws.length);
        assert.equal(sum(shares), total);
        shares.forEach((share, i) => {
          const w = ws[i] ?? 0n;
          assert.ok(share >= 0n);
          // |share − total·w/Σw| < 1, scaled by Σw to stay in integers.
          const error = share * weightSum - total * w;
          assert.ok(error < weightSum && -error < weightSum, `share ${i} off by ≥ 1 fils`);
          if (w === 0n) assert.equal(share, 0n);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(totals, fc.array(fc.bigInt({ min: 1n, max: 100n }), { minLength: 1, maxLength: 20 }), (total, ws) => {
        assert.deepEqual(allocateByWeights(total, ws), allocateByWeights(total, ws));
      }),
    );
  });
});

describe("allocateUpToCaps", () => {
  it("fills caps first come, first served", () => {
    assert.deepEqual(allocateUpToCaps(250n, [100n, 100n, 100n]), {
      allocated: [100n, 100n, 50n],
      unallocated: 0n,
    });
    assert.deepEqual(allocateUpToCaps(250n, [0n, 300n, 100n]), {
      allocated: [0n, 250n, 0n],
      unallocated: 0n,
    });
  });

  it("reports what the caps cannot hold", () => {
    assert.deepEqual(allocateUpToCaps(500n, [100n, 200n]), { allocated: [100n, 200n], unallocated: 200n });
    assert.deepEqual(allocateUpToCaps(5n, []), { allocated: [], unallocated: 5n });
    assert.deepEqual(allocateUpToCaps(0n, [10n]), { allocated: [0n], unallocated: 0n });
  });

  it("rejects negative amounts as MONEY_NEGATIVE", () => {
    assert.throws(() => allocateUpToCaps(-1n, [1n]), fails("MONEY_NEGATIVE"));
    assert.throws(() => allocateUpToCaps(1n, [1n, -1n]), fails("MONEY_NEGATIVE"));
  });

  it("never exceeds a cap and accounts for every fils", () => {
    fc.assert(
      fc.property(totals, amounts, (total, caps) => {
        const { allocated, unallocated } = allocateUpToCaps(total, caps);
        assert.equal(allocated.length, caps.length);
        allocated.forEach((share, i) => {
          assert.ok(share >= 0n && share <= (caps[i] ?? 0n));
        });
        assert.equal(sum(allocated) + unallocated, total);
        assert.equal(sum(allocated), min(total, sum(caps)));
        assert.ok(unallocated >= 0n);
      }),
      { numRuns: 500 },
    );
  });
});

describe("capHoldings", () => {
  it("keeps the earliest holdings and releases the latest excess", () => {
    assert.deepEqual(capHoldings(150n, [100n, 100n, 100n]), {
      kept: [100n, 50n, 0n],
      released: [0n, 50n, 100n],
    });
  });

  it("keeps everything when the outstanding covers it", () => {
    assert.deepEqual(capHoldings(1000n, [100n, 200n]), { kept: [100n, 200n], released: [0n, 0n] });
    assert.deepEqual(capHoldings(0n, [100n]), { kept: [0n], released: [100n] });
    assert.deepEqual(capHoldings(10n, []), { kept: [], released: [] });
  });

  it("rejects negative amounts as MONEY_NEGATIVE", () => {
    assert.throws(() => capHoldings(-1n, [1n]), fails("MONEY_NEGATIVE"));
    assert.throws(() => capHoldings(1n, [-1n]), fails("MONEY_NEGATIVE"));
  });

  it("keeps min(outstanding, held) and never releases more than held", () => {
    fc.assert(
      fc.property(totals, amounts, (outstanding, holdings) => {
        const { kept, released } = capHoldings(outstanding, holdings);
        assert.equal(sum(kept), min(outstanding, sum(holdings)));
        holdings.forEach((held, i) => {
          const k = kept[i] ?? -1n;
          const r = released[i] ?? -1n;
          assert.equal(k + r, held);
          assert.ok(k >= 0n && r >= 0n && r <= held);
        });
        // Release only from the latest: once something is released, nothing later is kept.
        const firstRelease = released.findIndex((r) => r > 0n);
        if (firstRelease >= 0) {
          kept.slice(firstRelease + 1).forEach((k) => assert.equal(k, 0n));
        }
      }),
      { numRuns: 500 },
    );
  });
});
