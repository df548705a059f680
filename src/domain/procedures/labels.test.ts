import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agencyOrderEvents, agencyOrderStatuses } from "./agency-order-machine.ts";
import { agencyKinds } from "./agencies.ts";
import {
  type Label,
  agencyKindLabels,
  agencyOrderEventLabels,
  agencyOrderStatusLabels,
  procedureEventLabels,
  procedureKindLabels,
  procedureStatusLabels,
} from "./labels.ts";
import { procedureEvents, procedureKinds, procedureStatuses } from "./procedure-machine.ts";

const groups: [string, readonly string[], Record<string, Label>][] = [
  ["procedure kinds", procedureKinds, procedureKindLabels],
  ["procedure statuses", procedureStatuses, procedureStatusLabels],
  ["procedure events", procedureEvents, procedureEventLabels],
  ["agency order statuses", agencyOrderStatuses, agencyOrderStatusLabels],
  ["agency order events", agencyOrderEvents, agencyOrderEventLabels],
  ["agency kinds", agencyKinds, agencyKindLabels],
];

const arabic = /^[\u0600-\u06FF\s]+$/u;

describe("labels", () => {
  for (const [name, keys, labels] of groups) {
    it(`${name}: exactly one Arabic and one English label per value, none repeated`, () => {
      assert.deepEqual(Object.keys(labels).sort(), [...keys].sort());
      for (const key of keys) {
        const label = labels[key];
        assert.ok(label, key);
        assert.match(label.ar, arabic, `${key} ar`);
        assert.match(label.en, /^[A-Z][A-Za-z ()]+$/, `${key} en`);
      }
      const values = Object.values(labels);
      assert.equal(new Set(values.map((l) => l.ar)).size, values.length, `${name}: repeated Arabic label`);
      assert.equal(new Set(values.map((l) => l.en)).size, values.length, `${name}: repeated English label`);
    });
  }

  it("uses the agreed names for the procedure kinds", () => {
    assert.deepEqual(procedureKindLabels, {
      bank_attachment: { ar: "حجز على الأموال لدى البنوك", en: "Bank attachment" },
      vehicle_seizure: { ar: "حجز المركبات", en: "Vehicle seizure" },
      travel_ban: { ar: "منع السفر", en: "Travel ban" },
    });
  });
});
