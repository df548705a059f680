import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { agencyOrderEvents } from "../procedures/agency-order-machine.ts";
import { procedureEvents } from "../procedures/procedure-machine.ts";
import { actionKinds, actionKindSpec, isActionKind, visibleTo, type ActionKind } from "./action-kinds.ts";

const arabicLetter = /[\u0621-\u064A]/;
const kinds = Object.keys(actionKinds) as ActionKind[];

describe("the registry of action kinds", () => {
  test("every kind has an audience, and a label and a one-sentence description in Arabic and in English", () => {
    assert.ok(kinds.length >= 100, `${kinds.length} kinds`);
    for (const kind of kinds) {
      const spec = actionKinds[kind];
      assert.ok(spec.audience === "parties" || spec.audience === "staff", `${kind}: audience`);
      for (const text of [spec.label.ar, spec.description.ar]) assert.match(text, arabicLetter, `${kind}: Arabic text "${text}"`);
      for (const text of [spec.label.en, spec.description.en]) {
        assert.ok(text.trim().length > 0, `${kind}: English text`);
        assert.doesNotMatch(text, arabicLetter, `${kind}: English text "${text}" has Arabic letters`);
      }
      for (const sentence of [spec.description.ar, spec.description.en]) assert.match(sentence, /[.!]$/, `${kind}: the description is a sentence ("${sentence}")`);
      assert.notEqual(spec.label.en, "Action recorded", `${kind}: a generic label`);
    }
  });

  test("no two kinds share a label in either language (the timeline tells them apart)", () => {
    for (const lang of ["ar", "en"] as const) {
      const seen = new Map<string, string>();
      for (const kind of kinds) {
        const label = actionKinds[kind].label[lang];
        assert.ok(!seen.has(label), `${kind} and ${seen.get(label)} are both "${label}" (${lang})`);
        seen.set(label, kind);
      }
    }
  });

  test("every event of the procedure and agency-order state machines is a registered kind", () => {
    for (const event of procedureEvents) assert.ok(isActionKind(`procedure.${event}`), `procedure.${event}`);
    for (const event of agencyOrderEvents) assert.ok(isActionKind(`order.${event}`), `order.${event}`);
  });

  test("parties see the measures and the money; internal workflow is for staff only", () => {
    assert.equal(visibleTo("procedure.approve", "party"), true);
    assert.equal(visibleTo("ledger.payment", "party"), true);
    assert.equal(visibleTo("review.assign", "party"), false);
    assert.equal(visibleTo("review.assign", "staff"), true);
    // A kind the registry does not know (an old one read back) is shown to staff only.
    assert.equal(actionKindSpec("no.such_kind"), undefined);
    assert.equal(visibleTo("no.such_kind", "party"), false);
  });
});
