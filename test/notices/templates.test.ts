/** Every notice kind has a template in Arabic and English, with the facts the law asks for. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { procedureKinds, procedureStatuses } from "../../src/domain/procedures/index.ts";
import { planNotice } from "../../src/notices/plan.ts";
import { formatKuwaitTime, noticeKinds, noticeLanguages, renderNotice, templates } from "../../src/notices/templates.ts";

const at = new Date("2026-03-01T21:30:00.000Z"); // 2 March 00:30 in Kuwait (UTC+3)
const sample = {
  title_served: { fileNumber: "2026/0000042-7", at, court: "المحكمة الكلية", caseNumber: "2025/12 تجاري", claimTotal: 10_160_500n },
  measure_changed: { fileNumber: "2026/0000042-7", at, procedureKind: "bank_attachment", status: "in_force", amount: 1_234_500n },
  procedure_changed: { fileNumber: "2026/0000042-7", at, procedureKind: "bank_attachment", status: "dispatched", amount: 1_234_500n },
  dispute_changed: { fileNumber: "2026/0000042-7", at, event: "filed", bondAmount: 1_016_050n },
  instalment_plan_changed: { fileNumber: "2026/0000042-7", at, event: "in_force", total: 3_000_000n, instalmentCount: 3, nextDue: { dueOn: "2026-04-01", amount: 1_000_000n } },
  money_moved: { fileNumber: "2026/0000042-7", at, event: "payment", amount: 500_000n, outstanding: 1_660_000n, iban: null, reference: null },
} as const;

test("every notice kind has a template in every language", () => {
  assert.deepEqual(Object.keys(templates).sort(), [...noticeKinds].sort());
  for (const kind of noticeKinds) {
    for (const language of noticeLanguages) {
      const template = (templates[kind] as Record<string, unknown>)[language];
      assert.equal(typeof template, "function", `${kind} lacks ${language}`);
      const rendered = renderNotice(kind, language, sample[kind] as never);
      for (const part of [rendered.subject, rendered.body, rendered.shortText]) assert.ok(part.trim().length > 0, `${kind}/${language} empty`);
      assert.ok(rendered.subject.includes("2026/0000042-7") && rendered.body.includes("2026/0000042-7"), `${kind}/${language} lacks the file number`);
      // The court and case are as the title gives them (Arabic); the template's own words follow the language.
      const arabic = /[\u0600-\u06FF]/.test(rendered.subject + rendered.shortText);
      assert.equal(arabic, language === "ar", `${kind}/${language} in the wrong script`);
    }
  }
});

test("amounts in KWD with three decimals, times in Asia/Kuwait, the executing agency named", () => {
  const ar = renderNotice("measure_changed", "ar", sample.measure_changed);
  const en = renderNotice("measure_changed", "en", sample.measure_changed);
  assert.match(ar.body, /1,234\.500 د\.ك/);
  assert.match(en.body, /KWD 1,234\.500/);
  assert.match(en.body, /02\/03\/2026, 00:30 \(Kuwait time\)/);
  assert.match(ar.body, /00:30/);
  assert.match(ar.body, /البنوك/);
  assert.match(en.body, /banks/);
  assert.equal(formatKuwaitTime(new Date("2026-06-01T09:05:00Z"), "en"), "01/06/2026, 12:05 (Kuwait time)");
  const served = renderNotice("title_served", "ar", sample.title_served);
  assert.match(served.body, /10,160\.500 د\.ك/);
});

test("every procedure kind and status renders in both languages", () => {
  for (const procedureKind of procedureKinds) {
    for (const status of procedureStatuses) {
      for (const language of noticeLanguages) {
        const rendered = renderNotice("procedure_changed", language, { ...sample.procedure_changed, procedureKind, status, amount: null });
        assert.doesNotMatch(rendered.body, /undefined|null/);
      }
    }
  }
});

test("channel plan: first channel at once, the next after the delay or a failure, failed when all fail", () => {
  const policy = { channelOrder: ["app", "email", "sms"] as const, fallbackAfterMs: 600_000 };
  const now = new Date("2026-03-01T08:00:00Z");
  const later = (ms: number) => new Date(now.getTime() + ms);
  assert.deepEqual(planNotice([{ channel: "email", status: "waiting", activatedAt: null }, { channel: "app", status: "waiting", activatedAt: null }], policy, now), { activate: ["app"], failed: false, escalateAt: later(600_000) });
  const running = [{ channel: "app", status: "due", activatedAt: now }, { channel: "email", status: "waiting", activatedAt: null }] as const;
  assert.deepEqual(planNotice(running, policy, later(1000)), { activate: [], failed: false, escalateAt: later(600_000) });
  assert.deepEqual(planNotice(running, policy, later(600_000)).activate, ["email"]);
  assert.deepEqual(planNotice([{ channel: "app", status: "failed", activatedAt: now }, { channel: "sms", status: "waiting", activatedAt: null }], policy, later(1)).activate, ["sms"]);
  assert.equal(planNotice([{ channel: "app", status: "failed", activatedAt: now }, { channel: "email", status: "failed", activatedAt: now }], policy, later(1)).failed, true);
  // A channel left out of the configured order is never used.
  assert.deepEqual(planNotice([{ channel: "sms", status: "waiting", activatedAt: null }], { ...policy, channelOrder: ["app", "email"] }, now), { activate: [], failed: true, escalateAt: null });
});

test("every step of a dispute and of an instalment plan renders in both languages, with the bond and the next instalment", () => {
  const disputeEvents = ["filed", "bond_declared", "bond_posted", "bond_rejected", "suspended", "suspension_refused", "upheld", "dismissed"] as const;
  const planEvents = ["proposed", "awaiting_order", "in_force", "refused", "declined", "instalment_paid", "completed", "defaulted", "lapsed"] as const;
  const bodies = new Set<string>();
  for (const language of noticeLanguages) {
    for (const event of disputeEvents) {
      const rendered = renderNotice("dispute_changed", language, { ...sample.dispute_changed, event });
      assert.doesNotMatch(rendered.body + rendered.shortText, /undefined|null|\[object/);
      bodies.add(rendered.body);
    }
    for (const event of planEvents) {
      const rendered = renderNotice("instalment_plan_changed", language, { ...sample.instalment_plan_changed, event });
      assert.doesNotMatch(rendered.body + rendered.shortText, /undefined|null|\[object/);
      bodies.add(rendered.body);
    }
  }
  assert.equal(bodies.size, 2 * (disputeEvents.length + planEvents.length), "each step says something of its own");
  assert.match(renderNotice("dispute_changed", "ar", sample.dispute_changed).body, /1,016\.050 د\.ك/);
  assert.match(renderNotice("dispute_changed", "en", { ...sample.dispute_changed, event: "suspended" }).body, /earlier attachments and travel bans stay in force/);
  const plan = renderNotice("instalment_plan_changed", "en", sample.instalment_plan_changed).body;
  assert.match(plan, /Next instalment: KWD 1,000\.000 due on 2026-04-01/);
  assert.doesNotMatch(renderNotice("instalment_plan_changed", "en", { ...sample.instalment_plan_changed, nextDue: null }).body, /Next instalment/);
});
