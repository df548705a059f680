/**
 * What a measure's card says it came to (src/app/procedure-results.ts), from its orders and the
 * file's actions: a bank's release for the cap or a payment as the cap's run stated it; a hold
 * that fell because the bank transferred it is a transfer, not a release; the rest at the end
 * is the lift's; "nothing found" only when every agency that answered holds nothing.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { procedureResult } from "../../src/app/procedure-results.ts";

const procedure = { id: "p1", procedure_kind: "bank_attachment", status: "lifted" };
const order = (id: string, agency: string, status: string, held: bigint) => ({ id, procedure_id: "p1", agency_key: agency, status, amount_held: held, frozen_declared: held, details: null });
let minute = 0;
const action = (kind: string, orderId: string | null, payload: Record<string, unknown>) => ({
  occurred_at: new Date(Date.UTC(2026, 2, 1, 8, minute++)),
  action_kind: kind,
  procedure_id: "p1",
  order_id: orderId,
  reason: null,
  payload,
});

test("releases by reason, transfers apart, the lift for the rest", () => {
  const actions = [
    action("order.hold", "o1", { held: "3000000", frozenDeclared: "5000000", released: "2000000", reason: "cap" }),
    action("order.hold", "o2", { held: "1000000", frozenDeclared: "1000000", released: "0" }),
    action("order.hold", "o1", { held: "2500000", frozenDeclared: "3000000", released: "500000", reason: "payment" }),
    // NBOK transfers 2,000 KD: the hold falls by as much — a transfer, not a release.
    action("treasury.proceeds_received", "o1", { amount: "2000000" }),
    action("order.hold", "o1", { held: "500000", frozenDeclared: "2500000", released: "0" }),
    // The measure is lifted: the rest goes back to the debtor.
    action("order.hold", "o1", { held: "0", frozenDeclared: "500000", released: "0" }),
    action("order.hold", "o2", { held: "0", frozenDeclared: "1000000", released: "0" }),
  ];
  const result = procedureResult(procedure, [order("o1", "bank:NBOK", "lifted", 0n), order("o2", "bank:KFHO", "lifted", 0n)], actions);
  const nbok = result.banks.find((bank) => bank.agencyKey === "bank:NBOK")!;
  assert.deepEqual(nbok.released.map((release) => [release.reason, release.amount]), [["cap", 2_000_000n], ["payment", 500_000n], ["lift", 500_000n]]);
  assert.equal(nbok.transferred, 2_000_000n);
  const kfho = result.banks.find((bank) => bank.agencyKey === "bank:KFHO")!;
  assert.deepEqual(kfho.released.map((release) => [release.reason, release.amount]), [["lift", 1_000_000n]]);
  assert.equal(result.totalHeld, 0n);
  assert.equal(result.outcome, null);
});

test("nothing found only when every agency that answered holds nothing", () => {
  const seizure = { id: "p1", procedure_kind: "vehicle_seizure", status: "rejected" };
  const traffic = (status: string) => [{ ...order("o1", "traffic", status, 0n) }];
  assert.equal(procedureResult(seizure, traffic("nothing_found"), []).outcome, "nothing_found");
  assert.equal(procedureResult(seizure, traffic("executed"), []).outcome, null);
  assert.equal(procedureResult({ ...seizure, status: "rejected" }, [], []).outcome, null, "a request refused before any order is a refusal");
  const vehicles = procedureResult(seizure, [{ ...order("o1", "traffic", "executed", 0n), details: { vehicles: [{ plate: "45/12345", make: "Nissan", model: "Patrol", year: 2022 }] } }], []).vehicles;
  assert.deepEqual(vehicles, [{ plate: "45/12345", make: "Nissan", model: "Patrol", year: 2022 }]);
});
