/**
 * Identifiers keep their order in Arabic (issue 18, item 5): the bug was a file number
 * shown "1-2026/0000007" for "2026/0000007-1". What the person signs (the summary the app's
 * signing panel and the phone show) and every notice (app, e-mail, SMS) carry the file
 * number as an isolated left-to-right run, in logical order; the web app (its runs from
 * ltrRuns) and the stand-in phone (isolatedHtml) render it inside <bdi dir="ltr">.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { LRI, PDI, isolatedHtml, ltrRuns } from "../../src/domain/identifiers/ltr.ts";
import { summarize } from "../../src/app/signing-requests.ts";
import { procedureRequestIntent, waiveIntent } from "../../src/app/signing.ts";
import { noticeKinds, renderNotice } from "../../src/notices/templates.ts";

const number = "2026/0000007-1";
const isolated = `${LRI}${number}${PDI}`;
const file = { number, debtorAr: "شركة المثال 7 للتجارة", debtorEn: "Example 7 Trading Co." };
const fileId = "00000000-0000-4000-8000-000000000007";
const debtorPartyId = "00000000-0000-4000-8000-000000000008";
const at = new Date("2026-03-01T21:30:00.000Z");

/** The identifier is there once, inside an LRI … PDI run, in logical order; never reversed. */
function assertIsolated(text: string, where: string) {
  assert.ok(text.includes(isolated), `${where}: no isolated ${number} in ${JSON.stringify(text)}`);
  assert.equal(text.split(number).length - 1, text.split(isolated).length - 1, `${where}: ${number} outside an isolate`);
  assert.ok(!text.includes("1-2026/0000007"), `${where}: reversed`);
}

test("the Arabic signing summary carries the file number as an isolated LTR run, for every act signed", () => {
  const requests = [
    procedureRequestIntent({ kind: "bank_attachment", fileId, debtorPartyId, amount: 1_234_500n, banks: ["NBOK", "KFHO"] }),
    procedureRequestIntent({ kind: "vehicle_seizure", fileId, debtorPartyId }),
    waiveIntent({ fileId, procedureId: "00000000-0000-4000-8000-000000000009", reason: "سُدّد خارج الإدارة، المرجع DEP-2026-7" }),
  ];
  for (const intent of requests) {
    const summary = summarize(intent, { ...file, procedureKind: "bank_attachment" });
    assertIsolated(summary.ar, `summary ${intent.purpose}`);
    // English text is left to right already: no marks added.
    assert.ok(summary.en.includes(number) && !summary.en.includes(LRI));
  }
  const waived = summarize(requests[2]!, { ...file, procedureKind: "bank_attachment" }).ar;
  assert.ok(waived.includes(`${LRI}DEP-2026-7${PDI}`), "the reference in the reason is isolated too");
  // The app's signing panel and the phone (web/src/components/isolated.tsx) render each
  // left-to-right run of ltrRuns in <bdi dir="ltr">, marks removed.
  const summary = summarize(requests[0]!, file).ar;
  const runs = ltrRuns(summary);
  assert.deepEqual(runs.filter((run) => run.ltr).map((run) => run.text), [number]);
  assert.ok(runs.every((run) => !run.text.includes(LRI) && !run.text.includes(PDI)));
  // The stand-in phone's server-rendered page (src/identity) likewise.
  assert.ok(isolatedHtml(summary).includes(`<bdi dir="ltr">${number}</bdi>`));
});

test("every Arabic notice carries the file number as an isolated LTR run in its subject, e-mail body and SMS text", () => {
  const data = {
    title_served: { fileNumber: number, at, court: "المحكمة الكلية", caseNumber: "2025/12 تجاري", claimTotal: 10_160_500n },
    measure_changed: { fileNumber: number, at, procedureKind: "vehicle_seizure", status: "dispatched", amount: null },
    procedure_changed: { fileNumber: number, at, procedureKind: "bank_attachment", status: "in_force", amount: 1_234_500n },
    dispute_changed: { fileNumber: number, at, event: "filed", bondAmount: 1_016_050n },
    instalment_plan_changed: { fileNumber: number, at, event: "in_force", total: 3_000_000n, instalmentCount: 3, nextDue: { dueOn: "2026-04-01", amount: 1_000_000n } },
    money_moved: { fileNumber: number, at, event: "payout_paid", amount: 1_500_250n, outstanding: null, iban: "KW81CBKU**************6789", reference: "CBK-PO-2026-0042" },
  } as const;
  for (const kind of noticeKinds) {
    const ar = renderNotice(kind, "ar", data[kind] as never);
    assertIsolated(ar.subject, `${kind} subject`);
    assertIsolated(ar.body, `${kind} body (app, e-mail)`);
    assertIsolated(ar.shortText, `${kind} SMS`);
    const en = renderNotice(kind, "en", data[kind] as never);
    assert.ok(en.body.includes(number) && !en.body.includes(LRI), `${kind}: English unchanged`);
  }
  // A payout's account and the bank's reference are identifiers too.
  const payout = renderNotice("money_moved", "ar", data.money_moved).body;
  assert.ok(payout.includes(`${LRI}CBK-PO-2026-0042${PDI}`), `the bank reference isolated: ${JSON.stringify(payout)}`);
  // The case number "2025/12 تجاري" is an identifier too.
  assert.ok(renderNotice("title_served", "ar", data.title_served).body.includes(`${LRI}2025/12${PDI}`));
  // In the app's notice list the same text renders in <bdi dir="ltr"> (ltrRuns, as above).
  assert.ok(ltrRuns(renderNotice("measure_changed", "ar", data.measure_changed).body).some((run) => run.ltr && run.text === number));
});
