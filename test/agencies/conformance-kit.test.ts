/**
 * The conformance kit (issue 17, item 6) against the stand-in agencies, started as
 * `tanfeeth serve --role simulators` starts them (serveSimulators) with the kit's own hub
 * side as their hub: every stand-in agency type passes every case; a stand-in told to break
 * the spec (the `breaches` fault) fails exactly the cases its breaches break.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { serveSimulators, type SimulatorServer } from "../../src/agencies/simulators/index.ts";
import {
  DEFAULT_EMPTY_DEBTOR,
  DEFAULT_TEST_DEBTOR,
  formatReport,
  runAgencyConformance,
  startConformanceHub,
  type ConformanceHub,
  type ConformanceReport,
} from "../../src/agencies/conformance/index.ts";

let kit: ConformanceHub;
let simulators: SimulatorServer;

before(async () => {
  kit = await startConformanceHub({ port: 0 });
  simulators = await serveSimulators({
    port: 0,
    hubUrl: kit.url,
    seed: 5,
    persons: [{ civilId: DEFAULT_TEST_DEBTOR, nameAr: "خالد سعود العنزي", nameEn: "Khaled Saud Al-Enezi", nationality: "KWT" }],
  });
  // The test customers a bank sets up for certification: one with funds at every bank, one with nothing anywhere.
  simulators.setBalances(DEFAULT_TEST_DEBTOR, Object.fromEntries(["NBOK", "KFHO", "GULB", "COMB", "ABKK", "KWIB", "BRGN", "BBYN", "WRBA", "DOHB"].map((code) => [code, "1800000"])));
  simulators.setBalances(DEFAULT_EMPTY_DEBTOR, {});
});
after(async () => {
  await simulators?.close();
  await kit?.close();
});

async function run(agency: string): Promise<ConformanceReport> {
  const entry = simulators.directory().find((candidate) => candidate.agencyKey === agency)!;
  const report = await runAgencyConformance({ agency, endpoint: entry.endpoint, jwksUrl: entry.jwksUrl, thumbprints: entry.thumbprints, hub: kit, replyTimeoutMs: 10_000, settleMs: 500 });
  console.log(formatReport(report));
  return report;
}

const failing = (report: ConformanceReport) => report.cases.filter((entry) => entry.status === "fail").map((entry) => entry.id);

describe("agency mode: every stand-in agency type passes", () => {
  for (const agency of ["bank:NBOK", "traffic", "ports", "civil_info", "clearing"]) {
    test(agency, async () => {
      const report = await run(agency);
      assert.deepEqual(failing(report), [], formatReport(report));
      assert.equal(report.conformant, true);
    });
  }
});

describe("agency mode: a stand-in that breaks the spec fails exactly what it breaks", () => {
  test("bank:GULB with every breach: wrong IBAN check digits, no deduplication, wrong codes, status queries ignored", async () => {
    const entry = simulators.directory().find((candidate) => candidate.agencyKey === "bank:GULB")!;
    // Through the control API, as a test team would.
    const patched = await fetch(`${simulators.url}/control/agencies/bank:GULB/faults`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ breaches: ["wrongIban", "noDedupe", "wrongCodes", "ignoreStatus"] }) });
    assert.equal(patched.status, 200);
    const report = await runAgencyConformance({ agency: "bank:GULB", endpoint: entry.endpoint, jwksUrl: entry.jwksUrl, thumbprints: entry.thumbprints, hub: kit, replyTimeoutMs: 4_000, settleMs: 500 });
    console.log(formatReport(report));
    const expected = [
      // wrongCodes: every refusal answered 400 MALFORMED
      "A04", "A11", "A12", "A13", "A15", "A18", "A19", "A20", "A21",
      // noDedupe
      "A25", "A26", "A27",
      // wrongIban: every declaration of the funded debtor's order
      "A30", "A31", "A32", "A33", "A34",
      // ignoreStatus (A32 too)
      "A39", "A41",
    ];
    assert.deepEqual(failing(report), expected.sort());
    assert.equal(report.conformant, false);
  });
});
