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
