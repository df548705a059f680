import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { amendRules, disputeBondAmount, kw2025, planOrderGrounds, ruleVersionFor } from "./index.ts";

const kd = (n: number) => BigInt(n) * 1000n;
// A later version: from 2026-06-01 a fixed bond of KD 250, suspension on the grounds alone, and a judge for plans above KD 2,000.
const kw2026 = amendRules(kw2025, "test-2026.2", "2026-06-01", (values) => ({
  ...values,
  disputes: { bond: { kind: "fixed", amount: kd(250) }, suspensionRequiresBond: false, suspensionHoldsDispatch: true },
  instalments: { ...values.instalments, judgeOrderAbove: kd(2000), judgeOrderWhenTravelBanInForce: false },
}));
const rules = [kw2025, kw2026];

describe("the dispute bond", () => {
  test("kw-2025.1: 10% of what is outstanding, rounded up to the fils, at least KD 50, never above what is owed", () => {
    const { disputes } = kw2025.values;
    assert.equal(disputeBondAmount(disputes, kd(10_160)), kd(1016));
    assert.equal(disputeBondAmount(disputes, 10_160_005n), 1_016_001n);
    assert.equal(disputeBondAmount(disputes, kd(300)), kd(50));
    assert.equal(disputeBondAmount(disputes, kd(20)), kd(20));
    assert.equal(disputeBondAmount({ ...disputes, bond: { kind: "share_of_outstanding", shareBps: 1000, minimum: 0n, maximum: kd(500) } }, kd(10_000)), kd(500));
  });

  test("the same dispute filed the day before and the day after a change is bonded differently", () => {
    const before = new Date("2026-05-31T20:59:00Z"); // 23:59 in Kuwait, 31 May
    const after = new Date("2026-05-31T21:00:00Z"); // 00:00 in Kuwait, 1 June
    const owed = kd(10_160);
    const then = ruleVersionFor(rules, before);
    const now = ruleVersionFor(rules, after);
    assert.deepEqual([then.id, disputeBondAmount(then.values.disputes, owed), then.values.disputes.suspensionRequiresBond], ["kw-2025.1", kd(1016), true]);
    assert.deepEqual([now.id, disputeBondAmount(now.values.disputes, owed), now.values.disputes.suspensionRequiresBond], ["test-2026.2", kd(250), false]);
  });
});

describe("when an instalment plan needs a judge's order", () => {
  test("kw-2025.1: above KD 10,000, or for a debtor under a travel ban", () => {
    const { instalments } = kw2025.values;
    assert.deepEqual(planOrderGrounds(instalments, { total: kd(10_000), activeMeasureKinds: ["bank_attachment"] }), []);
    assert.deepEqual(planOrderGrounds(instalments, { total: kd(10_000) + 1n, activeMeasureKinds: [] }), ["amount"]);
    assert.deepEqual(planOrderGrounds(instalments, { total: kd(500), activeMeasureKinds: ["travel_ban", "vehicle_seizure"] }), ["travel_ban"]);
  });

  test("the same plan proposed before and after a change: a judge's order, then the creditor's consent alone — and vice versa", () => {
    const facts = { total: kd(3000), activeMeasureKinds: ["travel_ban" as const] };
    assert.deepEqual(planOrderGrounds(ruleVersionFor(rules, new Date("2026-05-31T12:00:00Z")).values.instalments, facts), ["travel_ban"]);
    assert.deepEqual(planOrderGrounds(ruleVersionFor(rules, new Date("2026-06-01T12:00:00Z")).values.instalments, facts), ["amount"]);
    const small = { total: kd(1000), activeMeasureKinds: ["travel_ban" as const] };
    assert.deepEqual(planOrderGrounds(ruleVersionFor(rules, new Date("2026-06-01T12:00:00Z")).values.instalments, small), []);
  });
});
