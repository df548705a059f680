/**
 * Money end to end over real HTTP: the hub's API and worker, the stand-in agencies and the
 * stand-in card gateway, each on its own port. The creditor's three requests wait for their
 * fees; the fees are paid on the gateway's hosted page (driven with plain HTTP form posts)
 * and the orders leave; the banks freeze, traffic flags the car, the ports register the
 * ban. The debtor sees what is held where, pays in full on the hosted page, and every
 * agency confirms its lift. Reports the time from payment confirmation to the last lift.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { issueDocument } from "../../src/app/documents/issue-document.ts";
import { diskDocumentServices } from "../../src/documents/services.ts";
import { readFile } from "../../src/app/read-files.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { createPaymentJobs, type PaymentJobs } from "../../src/jobs/payment-jobs.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people } from "../support/fixtures.ts";
import { eventually } from "../support/wait.ts";
import { attachStandInGateway, httpClient, payOnHostedPage, type AttachedGateway, type HttpClient } from "./support.ts";

const KD = 1000n;
const run = promisify(execFile);
let exchange: Exchange;
let gateway: AttachedGateway;
let jobs: PaymentJobs | undefined;
const documents = diskDocumentServices({});
let fileId: string;
let procedureIds: { bank: string; vehicles: string; ban: string };
let creditor: HttpClient;
let debtor: HttpClient;

before(async () => {
  // The worker's money pass is made once the hub's address is known (verification links).
  exchange = await startExchange({}, { payments: { tick: () => jobs?.tick() ?? Promise.resolve(0) } });
  gateway = await attachStandInGateway(exchange.world, { feesBeforeDispatch: true });
  jobs = createPaymentJobs({ deps: exchange.world.deps, documents, publicUrl: exchange.hubUrl, intervalMs: 0 });
  const now = exchange.world.clock.now();
  creditor = await httpClient(exchange.hubUrl, exchange.database.db, people.creditor, now);
  debtor = await httpClient(exchange.hubUrl, exchange.database.db, people.debtor, now);
});

after(async () => {
  await gateway?.close();
  await exchange?.close();
});

const db = () => exchange.database.db;
const ordersOf = (procedureId: string) => db().selectFrom("agency_orders").select(["agency_key", "status", "amount_held"]).where("procedure_id", "=", procedureId).orderBy("agency_key").execute();
const statusOf = async (procedureId: string) => (await db().selectFrom("procedures").select("status").where("id", "=", procedureId).executeTakeFirstOrThrow()).status;

describe("a debtor with frozen funds, a seized car and a travel ban pays in full through the gateway", () => {
  test("the creditor's requests wait for their fees: nothing is sent to any agency", async () => {
    exchange.simulators.setBalances(people.debtor, { NBOK: 3_000n * KD, KFHO: 2_500n * KD });
    exchange.simulators.traffic.setVehicles(people.debtor, [{ plate: "45/12345", vin: "JTMHV01J604123457", make: "Nissan", model: "Patrol", year: 2022 }]);
    const file = await exchange.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 4_000n); // claim 4,160 KD
    fileId = file.id;
    const detail = await readFile(exchange.world.deps, await exchange.world.as(people.creditor), fileId);
    const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
    const as = await exchange.world.as(people.creditor);
    const bank = await requestProcedure(exchange.world.deps, as, { kind: "bank_attachment", fileId, debtorPartyId, amount: 4_160n * KD, banks: ["NBOK", "KFHO", "GULB"] });
    const vehicles = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "vehicle_seizure", fileId, debtorPartyId });
    const ban = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), {
      kind: "travel_ban",
      fileId,
      debtorPartyId,
      evidence: { debtCertainAndDue: "حكم نهائي واجب النفاذ", flightRisk: "حجز تذكرة سفر دون عودة", abilityToPay: "راتب شهري ثابت" },
    });
    await decideProcedure(exchange.world.deps, await exchange.world.as(people.judge), { fileId, procedureId: ban.id, decision: "grant", reasons: "The three conditions of Art. 297 are shown." });
    procedureIds = { bank: bank.id, vehicles: vehicles.id, ban: ban.id };
    await exchange.settle();

    const fees = await creditor.get(`/api/v1/files/${fileId}/fees`);
    assert.equal(fees.status, 200, JSON.stringify(fees.body));
    assert.deepEqual(
      fees.body.fees.map((fee: { amount: string; status: string; holdsDispatch: boolean }) => [fee.amount, fee.status, fee.holdsDispatch]),
      [["10.000", "due", true], ["10.000", "due", true], ["10.000", "due", true]],
      "KD 10 per request, from the fee table in force (kw-2025.1)",
    );
    for (const id of Object.values(procedureIds)) {
      assert.equal(await statusOf(id), "ordered");
      assert.ok((await ordersOf(id)).every((order) => order.status === "pending"), "no order left while its fee is due");
    }
    const sent = await db().selectFrom("agency_messages").select("id").where("direction", "=", "out").where("file_id", "=", fileId).execute();
    assert.equal(sent.length, 0);
  });

  test("the creditor pays each fee on the hosted page; the orders leave and every agency acts", async () => {
    for (const id of Object.values(procedureIds)) {
      const started = await creditor.post(`/api/v1/files/${fileId}/procedures/${id}/fee-payment`, { language: "en" });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      assert.equal(started.body.amount, "10.000");
      assert.ok(started.body.paymentPageUrl.startsWith(`${gateway.url}/pay/`), "the browser goes to the gateway's own page");
      // A second click while the first payment is open gets the same payment.
      const again = await creditor.post(`/api/v1/files/${fileId}/procedures/${id}/fee-payment`);
      assert.equal(again.body.paymentId, started.body.paymentId, JSON.stringify(again.body));
      const paid = await payOnHostedPage(started.body.paymentPageUrl);
      assert.equal(paid.status, 303);
      assert.equal(paid.location, `${exchange.hubUrl}/payments/return/${started.body.paymentId}?reference=${started.body.paymentId}`);
      const landing = await fetch(paid.location!);
      assert.match(await landing.text(), /data-status="captured"/);
    }
    await exchange.settle();
    const fees = await creditor.get(`/api/v1/files/${fileId}/fees`);
    assert.ok(fees.body.fees.every((fee: { status: string }) => fee.status === "paid"));
    assert.equal(await statusOf(procedureIds.bank), "in_force");
    assert.equal(await statusOf(procedureIds.vehicles), "in_force");
    assert.equal(await statusOf(procedureIds.ban), "in_force");
    assert.ok(exchange.simulators.traffic.isFlagged("JTMHV01J604123457"), "traffic flagged the car");
    assert.ok(exchange.simulators.ports.isBanned(people.debtor), "the ports registered the ban");
    // The cap: the banks together hold no more than what is owed.
    const held = (await ordersOf(procedureIds.bank)).reduce((sum, order) => sum + order.amount_held, 0n);
    assert.equal(held, 4_160n * KD);
    assert.equal(exchange.simulators.totalFrozen(people.debtor), 4_160n * KD);
    const receipts = await db().selectFrom("documents").select(["procedure_id", "verification_code"]).where("file_id", "=", fileId).where("document_kind", "=", "fee_receipt").execute();
    assert.deepEqual(receipts.map((receipt) => receipt.procedure_id).sort(), Object.values(procedureIds).sort(), "a receipt per fee");
    const verified = await fetch(`${exchange.hubUrl}/api/verify/${receipts[0]!.verification_code}`);
    assert.equal(verified.status, 200);
    assert.equal(((await verified.json()) as { kind: string }).kind, "fee_receipt");
    const income = await db().selectFrom("treasury_entries").select(["amount", "procedure_id"]).where("movement_kind", "=", "fee_received").where("file_id", "=", fileId).execute();
    assert.equal(income.length, 3);
    assert.ok(income.every((entry) => entry.amount === 10n * KD));
  });

  test("the debtor sees what is owed and what is held where", async () => {
    const debts = await debtor.get("/api/v1/me/debts");
    assert.equal(debts.status, 200, JSON.stringify(debts.body));
    const mine = debts.body.files.find((file: { fileId: string }) => file.fileId === fileId);
    assert.equal(mine.outstanding, "4160.000");
    assert.equal(mine.heldInBanks, "4160.000");
    const kinds = mine.holdings.map((holding: { kind: string; agencyKey: string; state: string }) => `${holding.kind}@${holding.agencyKey}:${holding.state}`).sort();
    assert.deepEqual(kinds, ["bank_funds@bank:KFHO:in_force", "bank_funds@bank:NBOK:in_force", "travel_ban@ports:in_force", "vehicle@traffic:in_force"]);
    const car = mine.holdings.find((holding: { kind: string }) => holding.kind === "vehicle");
    assert.equal(car.plate, "45/12345");
    const creditorView = await creditor.get("/api/v1/me/debts");
    assert.ok(!creditorView.body.files.some((file: { fileId: string }) => file.fileId === fileId), "a creditor is not a debtor of the file");
  });

  test("paying in full on the hosted page satisfies the file; every agency confirms its lift", async (t) => {
    const started = await debtor.post(`/api/v1/files/${fileId}/payments`, { amount: "4160.000" });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const paid = await payOnHostedPage(started.body.paymentPageUrl);
    assert.equal(paid.status, 303);
    // The gateway's signed callback reached the hub before the browser was sent back.
    const confirmedAt = performance.now();
    const payment = await debtor.get(`/api/v1/payments/${started.body.paymentId}`);
    assert.equal(payment.body.status, "captured");
    assert.equal(payment.body.settledVia, "callback");
    assert.equal(payment.body.creditedAmount, "4160.000");

    const orderStatuses = async () => db().selectFrom("agency_orders").select(["agency_key", "status"]).where("file_id", "=", fileId).execute();
    const liftable = (await orderStatuses()).filter((order) => order.status === "lift_requested").length;
    assert.ok(liftable >= 4, "every order that reached an agency is to be lifted");
    await jobs!.tick();
    const early = await db().selectFrom("documents").select("id").where("file_id", "=", fileId).where("document_kind", "=", "release_certificate").execute();
    assert.deepEqual(early, [], "no release certificate before the lifts are sent");
    // Every agency confirms its lift (how soon is reported below, not judged).
    let orders: Awaited<ReturnType<typeof orderStatuses>> = [];
    await eventually(
      "every agency confirms its lift",
      async () => {
        orders = await orderStatuses();
        if (orders.every((order) => order.status === "lifted" || order.status === "cancelled" || order.status === "rejected")) return true;
        await exchange.hub.worker.tick();
        return false;
      },
      { everyMs: 5, seen: () => `lifts still outstanding: ${orders.map((order) => `${order.agency_key}:${order.status}`).join(" ")}` },
    );
    const lastLiftAt = performance.now();
    const seconds = ((lastLiftAt - confirmedAt) / 1000).toFixed(2);
    t.diagnostic(`payment confirmed → last lift confirmed: ${seconds} s`);
    console.log(`payment confirmed → last lift confirmed by the agencies: ${seconds} s`);

    const file = await db().selectFrom("enforcement_files").select(["status", "claim_total", "recovered_total"]).where("id", "=", fileId).executeTakeFirstOrThrow();
    assert.deepEqual([file.status, file.claim_total - file.recovered_total], ["satisfied", 0n]);
    for (const id of Object.values(procedureIds)) assert.equal(await statusOf(id), "lifted");
    assert.equal(exchange.simulators.totalFrozen(people.debtor), 0n, "every bank released the funds");
    assert.ok(!exchange.simulators.traffic.isFlagged("JTMHV01J604123457"), "the car is no longer flagged");
    assert.equal(exchange.simulators.ports.isBanned(people.debtor), false, "the ban is lifted");
    const ledger = await db().selectFrom("ledger_entries").select(["source", "amount", "reference"]).where("file_id", "=", fileId).execute();
    assert.deepEqual(ledger.map((entry) => [entry.source, entry.amount]), [["online_payment", 4_160n * KD]]);
  });

  test("once every lift is confirmed, a release certificate is issued with its verification code", async () => {
    await exchange.settle();
    const certificate = await db().selectFrom("documents").select(["verification_code", "sha256"]).where("file_id", "=", fileId).where("document_kind", "=", "release_certificate").executeTakeFirstOrThrow();
    const verified = await fetch(`${exchange.hubUrl}/api/verify/${certificate.verification_code}`);
    assert.equal(verified.status, 200);
    const json = (await verified.json()) as { sha256: string; signature: { status: string; departmentKey: boolean; subFilter: string } };
    assert.equal(json.sha256, certificate.sha256);
    assert.deepEqual([json.signature.status, json.signature.departmentKey, json.signature.subFilter], ["valid", true, "ETSI.CAdES.detached"]);

    // What it proves, read as a bank or port officer would (pdftotext), and its signature checked as a PDF reader would (pdfsig).
    const pdf = (await documents.storage.get(certificate.sha256))!;
    const dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-release-"));
    try {
      await writeFile(path.join(dir, "release.pdf"), pdf);
      const signature = await run("pdfsig", [path.join(dir, "release.pdf")]);
      assert.match(signature.stdout, /Signature Validation: Signature is Valid\./);
      assert.match(signature.stdout, /Total document signed/);
      assert.match(signature.stdout, /Signature Type: ETSI\.CAdES\.detached/);
      const text = (await run("pdftotext", ["-layout", path.join(dir, "release.pdf"), "-"])).stdout;
      const file = await db().selectFrom("enforcement_files").select("number").where("id", "=", fileId).executeTakeFirstOrThrow();
      const title = await db().selectFrom("executory_titles").select(["court", "case_number"]).where("file_id", "=", fileId).executeTakeFirstOrThrow();
      const names = await db().selectFrom("persons").select(["civil_id", "name_en"]).where("civil_id", "in", [people.debtor, people.creditor]).execute();
      for (const expected of [
        file.number,
        `Debtor`,
        `Civil ID ${people.debtor}`,
        `Civil ID ${people.creditor}`,
        ...names.map((person) => person.name_en),
        title.case_number.match(/[\d/]+/)![0],
        "Amount claimed",
        "4,160.000 KWD — Online payment",
        "Total recovered",
        "Satisfied at",
      ]) {
        assert.ok(text.includes(expected), `the certificate states "${expected}":\n${text}`);
      }
      // Every measure lifted, with its agency and the time its lift was confirmed.
      const lifted = await db().selectFrom("agency_orders").select(["id", "agency_key"]).where("file_id", "=", fileId).where("status", "=", "lifted").execute();
      assert.ok(lifted.length >= 4);
      const flat = text.replace(/\s+/g, " ");
      // (pdfkit may break a long order number at a hyphen.)
      const compact = text.replace(/\s+/g, "");
      for (const order of lifted) assert.ok(compact.includes(`order${order.id}`), `the lifted order ${order.agency_key} is listed:\n${text}`);
      assert.equal(flat.match(/lift confirmed \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g)?.length, lifted.length, "each lift with its confirmation time");
      assert.match(flat, /Travel ban at .* agency ref\. /, "the ports' reference");

      // Every kind of PDF the system issues carries the same signature: the file's receipts and
      // certificate, and an agency order, a lift certificate and a request receipt issued now.
      const as = await exchange.world.as(people.creditor);
      const order = lifted[0]!;
      const orderProcedure = await db().selectFrom("agency_orders").select("procedure_id").where("id", "=", order.id).executeTakeFirstOrThrow();
      for (const input of [
        { kind: "agency_order", fileId, orderId: order.id },
        { kind: "lift_certificate", fileId, orderId: order.id },
        { kind: "request_receipt", fileId, procedureId: orderProcedure.procedure_id },
      ] as const) {
        await issueDocument(exchange.world.deps, documents, as, input, exchange.hubUrl);
      }
      const issued = await db().selectFrom("documents").select(["document_kind", "sha256"]).where("file_id", "=", fileId).where("origin", "=", "generated").execute();
      assert.deepEqual([...new Set(issued.map((row) => row.document_kind))].sort(), ["agency_order", "fee_receipt", "lift_certificate", "payment_receipt", "release_certificate", "request_receipt"]);
      for (const row of issued) {
        await writeFile(path.join(dir, `${row.document_kind}.pdf`), (await documents.storage.get(row.sha256))!);
        const report = (await run("pdfsig", [path.join(dir, `${row.document_kind}.pdf`)])).stdout;
        assert.ok(report.includes("Total document signed") && report.includes("Signature is Valid."), `${row.document_kind}: ${report}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const debts = await debtor.get("/api/v1/me/debts");
    const mine = debts.body.files.find((file: { fileId: string }) => file.fileId === fileId);
    assert.deepEqual([mine.status, mine.outstanding, mine.heldInBanks, mine.holdings.length], ["satisfied", "0.000", "0.000", 0]);
    const report = await verifyAudit(db());
    assert.deepEqual([report.chainProblems, report.projectionProblems], [[], []]);
  });
});
