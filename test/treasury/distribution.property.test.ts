/**
 * The distribution of proceeds among a debtor's attaching creditors under random input:
 * the shares and the excess add up to the proceeds, to the fils; no file takes more than
 * it is owed; when the files are owed more than the proceeds every fils goes to them, pro
 * rata within one fils of the exact share; otherwise each is paid in full and the rest is
 * the debtor's. Bad input is refused with its code.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isDomainError } from "../../src/domain/errors.ts";
import { attachesDebtorFunds, planDistribution } from "../../src/domain/treasury/distribution.ts";
import { procedureStatuses } from "../../src/domain/procedures/procedure-machine.ts";

const participants = fc.uniqueArray(fc.record({ fileId: fc.uuid(), outstanding: fc.bigInt({ min: 0n, max: 10n ** 10n }) }), { minLength: 0, maxLength: 12, selector: (participant) => participant.fileId });

test("shares plus excess are the proceeds to the fils; no file above what it is owed; pro rata within one fils", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: 10n ** 11n }), participants, (proceeds, files) => {
      const plan = planDistribution(proceeds, files);
      const owed = files.reduce((sum, file) => sum + file.outstanding, 0n);
      assert.equal(plan.shares.length, files.length);
      assert.equal(plan.shares.reduce((sum, share) => sum + share.amount, 0n) + plan.excess, proceeds);
      plan.shares.forEach((share, index) => {
        const file = files[index]!;
        assert.equal(share.fileId, file.fileId);
        assert.ok(share.amount >= 0n && share.amount <= file.outstanding, "never above what the file is owed");
        if (owed > proceeds) {
          // |share × owed − proceeds × outstanding| < owed: within one fils of the exact share.
          const scaled = share.amount * owed - proceeds * file.outstanding;
          assert.ok(scaled > -owed && scaled < owed, "within one fils of the exact pro-rata share");
        } else {
          assert.equal(share.amount, file.outstanding, "paid in full");
        }
      });
      assert.equal(plan.excess, owed > proceeds ? 0n : proceeds - owed);
    }),
    { numRuns: 2000 },
  );
});

test("nothing to share, duplicates and negative figures are refused with their codes", () => {
  const code = (run: () => unknown) => {
    try {
      run();
      return null;
    } catch (error) {
      return isDomainError(error) ? error.code : "other";
    }
  };
  assert.equal(code(() => planDistribution(0n, [])), "TREASURY_ENTRY_INVALID");
  assert.equal(code(() => planDistribution(5n, [{ fileId: "a", outstanding: 1n }, { fileId: "a", outstanding: 2n }])), "ALLOCATION_INVALID");
  assert.equal(code(() => planDistribution(5n, [{ fileId: "a", outstanding: -1n }])), "MONEY_NEGATIVE");
  assert.deepEqual(planDistribution(5n, []), { shares: [], excess: 5n }, "nobody attaching: all of it is the debtor's");
});

test("only a bank attachment that reached the banks and has not ended makes its creditor an attaching creditor", () => {
  const attaching = procedureStatuses.filter((status) => attachesDebtorFunds("bank_attachment", status));
  assert.deepEqual(attaching, ["dispatched", "in_force"]);
  for (const status of procedureStatuses) {
    assert.equal(attachesDebtorFunds("vehicle_seizure", status), false);
    assert.equal(attachesDebtorFunds("travel_ban", status), false);
  }
});
