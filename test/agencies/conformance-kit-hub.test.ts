/**
 * The conformance kit's hub mode (issue 17, item 6) against our own hub: speaking for
 * bank:NBOK with the key the hub's directory has for it, every case passes — the batch
 * errors with the spec's statuses and codes, the receipt codes, a replayed batch.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { generateSigningKeyPair, type KeyPairRecord } from "../../src/agencies/protocol/index.ts";
import { formatReport, runHubConformance } from "../../src/agencies/conformance/index.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";

let exchange: Exchange;
let nbokKey: KeyPairRecord;

before(async () => {
  nbokKey = await generateSigningKeyPair();
  exchange = await startExchange({ keys: { "bank:NBOK": nbokKey } });
});
after(() => exchange.close());

test("hub mode: our hub passes every case", async () => {
  const report = await runHubConformance({ hubUrl: exchange.hubUrl, agency: "bank:NBOK", privateJwk: nbokKey.privateJwk, now: () => exchange.world.clock.now() });
  console.log(formatReport(report));
  assert.deepEqual(report.cases.filter((entry) => entry.status !== "pass").map((entry) => entry.id), [], formatReport(report));
  assert.equal(report.conformant, true);
});
