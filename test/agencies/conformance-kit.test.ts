/**
 * The conformance kit (issue 17, item 6) against the stand-in agencies, started as
 * `tanfeeth serve --role simulators` starts them (serveSimulators) with the kit's own hub
 * side as their hub: every stand-in agency type passes every case; a stand-in told to break
 * the spec (the `breaches` fault) fails exactly the cases its breaches break.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("agency mode: every stand-in agency type passes", { concurrency: true }, () => {
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
    const report = await runAgencyConformance({ agency: "bank:GULB", endpoint: entry.endpoint, jwksUrl: entry.jwksUrl, thumbprints: entry.thumbprints, hub: kit, replyTimeoutMs: 6_000, settleMs: 500 });
    console.log(formatReport(report));
    const expected = [
      // wrongCodes: every refusal answered 400 MALFORMED
      "A04", "A11", "A12", "A13", "A15", "A18", "A19", "A20", "A21",
      // noDedupe
      "A25", "A26", "A27",
      // wrongIban: every declaration of the funded debtor's order (and its particulars then name other accounts)
      "A30", "A31", "A32", "A33", "A34", "A46",
      // ignoreStatus (A32 too)
      "A39", "A41",
    ];
    assert.deepEqual(failing(report), expected.sort());
    assert.equal(report.conformant, false);
  });
});

describe("the command", () => {
  const tanfeeth = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ["bin/tanfeeth.js", "agency-conformance", ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
      });
    });
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  test("agency mode from the command line: the kit's hub side, the key set outage, the report file, exit 0; a usage error exits 2", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tanfeeth-conformance-"));
    const port = await freePort();
    simulators.setHubUrl(`http://127.0.0.1:${port}`);
    try {
      const entry = simulators.directory().find((candidate) => candidate.agencyKey === "clearing")!;
      const reportFile = join(directory, "clearing.json");
      const run = await tanfeeth(["--agency", "clearing", "--endpoint", entry.endpoint, "--jwks", entry.jwksUrl, "--thumbprints", entry.thumbprints.join(","), "--listen", `127.0.0.1:${port}`, "--hub-key", join(directory, "kit-hub-key.json"), "--settle", "500", "--json", reportFile]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`the agency sends its replies to http://127\\.0\\.0\\.1:${port}/agency/v1/messages`));
      assert.match(run.stdout, /A90 {2}PASS/);
      // By default the command also takes the kit's key set down: 503 KEYS_UNAVAILABLE, not 401.
      assert.match(run.stdout, /A80 {2}PASS/);
      const report = JSON.parse(await readFile(reportFile, "utf8")) as ConformanceReport;
      assert.equal(report.conformant, true);
      assert.equal(report.summary.fail, 0);
      const usage = await tanfeeth(["--endpoint", entry.endpoint]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--agency is required/);
    } finally {
      simulators.setHubUrl(kit.url);
      await rm(directory, { recursive: true, force: true });
    }
  });
});
