/**
 * The API's happy paths and contract: health, OpenAPI and docs, the file page, the list
 * with pagination and search, the payment flow to satisfaction, waivers, one active
 * measure per kind, correlation ids and security headers.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { registerPersons } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import type { Db } from "../../src/storage/database.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { signedRequest, signedWaive } from "../support/signing.ts";
import { assertError, assertWritesNothing, commercialBanks, rowCounts, travelBanEvidence, unregisteredCivilId } from "./helpers.ts";

let harness: HttpHarness;
let db: Db;

before(async () => {
  harness = await startHttpHarness();
  db = harness.database.db;
});

after(async () => {
  await harness?.close();
});

const kwdOnTheWire = /^\d+\.\d{3}$/;

interface FilePage {
  id: string;
  number: string;
  status: string;
  openedAt: string;
  satisfiedAt: string | null;
  claimTotal: string;
  recoveredTotal: string;
  outstanding: string;
  myCapacities: string[];
  titles: { type: string; court: string; caseNumber: string; issuedOn: string; isFinal: boolean; hasExecutoryFormula: boolean; grantsInterest: boolean }[];
  parties: { id: string; role: string; kind: string; nameAr: string; nameEn: string; civilId?: string; crNumber?: string }[];
  claim: { kind: string; amount: string }[];
  ledger: { id: string; kind: string; amount: string; source: string; reference: string; recordedAt: string }[];
  procedures: {
    id: string;
    kind: string;
    status: string;
    debtorPartyId: string;
    amount: string | null;
    orders: { id: string; agencyKey: string; status: string; amountHeld: string | null }[];
  }[];
  timeline: { seq: number; at: string; actorRole: string; kind: string; procedureId: string | null; orderId: string | null; reason: string | null }[];
}

interface FileList {
  files: { id: string; number: string; status: string; openedAt: string; outstanding: string; claimTotal: string; activeProcedures: number; creditors: { nameEn: string }[]; debtors: { nameEn: string }[] }[];
  nextCursor: string | null;
}

async function page(client: Client, fileId: string): Promise<FilePage> {
  const response = await client.get(`/api/v1/files/${fileId}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as FilePage;
}

function created<T>(response: LightMyRequestResponse, status = 201): T {
  assert.equal(response.statusCode, status, response.body);
  return response.json() as T;
}

async function freshFile() {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const parties = await db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return { ...file, debtorPartyId: parties.find((party) => party.party_role === "debtor")!.id };
}

let serial = 1000;
/** Registers a new person (as the civil-information authority would) with a name no other test uses. */
async function newPerson(nameEn: string, nameAr: string): Promise<string> {
  const civilId = unregisteredCivilId(++serial);
  await registerPersons(harness.world.deps, { subject: systemSubject, correlationId: "api-test-setup" }, [
    { civilId, nameAr, nameEn, nationality: "KWT", email: null, phone: null },
  ]);
  return civilId;
}

describe("health, OpenAPI, docs", () => {
  test("GET /healthz → 200", async () => {
    const response = await harness.anonymous.get("/healthz");
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: "alive" });
  });

  test("GET /readyz → 200 with a migrated database", async () => {
    const response = await harness.anonymous.get("/readyz");
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { status: "ready" });
  });

  test("GET /api/openapi.json is OpenAPI 3.x JSON listing every /api/v1 operation", async () => {
    const response = await harness.anonymous.get("/api/openapi.json");
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^application\/json/);
    const spec = JSON.parse(response.body) as { openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> };
    assert.match(spec.openapi, /^3\.\d+\.\d+$/);
    assert.ok(spec.info.title);
    const operations: [string, string][] = [
      ["get", "/api/v1/files"],
      ["post", "/api/v1/files"],
      ["get", "/api/v1/files/{fileId}"],
      ["get", "/api/v1/files/{fileId}/documents"],
      ["post", "/api/v1/files/{fileId}/documents"],
      ["post", "/api/v1/files/{fileId}/documents/issue"],
      ["get", "/api/v1/documents/upload-limits"],
      ["get", "/api/v1/documents/{documentId}/content"],
      ["post", "/api/v1/files/{fileId}/procedures"],
      ["post", "/api/v1/bans-before-suit"],
      ["post", "/api/v1/files/{fileId}/procedures/{procedureId}/waive"],
      ["post", "/api/v1/files/{fileId}/procedures/{procedureId}/decision"],
      ["post", "/api/v1/files/{fileId}/ledger-entries"],
      ["post", "/api/v1/files/{fileId}/outside-payments"],
      ["get", "/api/v1/me"],
      ["post", "/api/v1/session/logout"],
      ["post", "/api/v1/signing-requests"],
      ["get", "/api/v1/signing-requests/{id}"],
      ["post", "/api/v1/request-batches/check"],
      ["post", "/api/v1/request-batches/signing-requests"],
      ["post", "/api/v1/request-batches"],
      ["post", "/api/v1/fee-payments"],
      ["post", "/api/v1/staff-roles"],
      ["post", "/api/v1/staff-roles/{staffRoleId}/revoke"],
      ["post", "/api/v1/mandates"],
      ["post", "/api/v1/mandates/{mandateId}/verify"],
      ["post", "/api/v1/mandates/{mandateId}/revoke"],
      ["post", "/api/v1/companies/{crNumber}/representatives"],
      ["post", "/api/v1/companies/{crNumber}/representatives/{civilId}/revoke"],
      ["post", "/api/v1/machine-clients"],
      ["get", "/api/v1/machine-clients"],
      ["post", "/api/v1/machine-clients/{clientId}/revoke"],
      ["post", "/api/v1/files/{fileId}/transfers"],
      ["post", "/api/v1/files/{fileId}/disclosure-petitions"],
      ["post", "/api/v1/files/{fileId}/disclosures"],
      ["post", "/api/v1/files/{fileId}/procedures/{procedureId}/lapse"],
      ["post", "/api/v1/files/{fileId}/procedures/{procedureId}/suit-filing"],
      ["get", "/api/v1/agency-messages"],
      ["post", "/api/v1/agency-messages/redrive"],
      ["post", "/api/v1/agency-monitor/status-queries"],
      ["get", "/api/v1/agency-monitor"],
      ["get", "/api/v1/agency/orders"],
      ["get", "/api/v1/agency/orders/{orderId}"],
      ["post", "/api/v1/agency/orders/{orderId}/acknowledgement"],
      ["post", "/api/v1/agency/orders/{orderId}/declaration"],
      ["post", "/api/v1/agency/orders/{orderId}/nothing-held"],
      ["post", "/api/v1/agency/orders/{orderId}/seizure-result"],
      ["post", "/api/v1/agency/orders/{orderId}/ban-registration"],
      ["post", "/api/v1/agency/orders/{orderId}/rejection"],
      ["post", "/api/v1/agency/orders/{orderId}/lift-confirmation"],
      ["post", "/api/v1/agency/orders/{orderId}/transfer-confirmation"],
      ["get", "/api/v1/agency/disclosures"],
      ["post", "/api/v1/agency/disclosures/{requestId}/statement"],
      ["post", "/api/v1/agency/disclosures/{requestId}/rejection"],
      ["get", "/api/v1/queues/{queue}"],
      ["post", "/api/v1/queues/{queue}/procedures/{procedureId}/assign"],
      ["get", "/api/v1/rules"],
      ["post", "/api/v1/title-submissions"],
      ["get", "/api/v1/title-submissions"],
      ["get", "/api/v1/title-submissions/{submissionId}"],
      ["post", "/api/v1/title-submissions/{submissionId}/copy"],
      ["get", "/api/v1/title-submissions/{submissionId}/copy"],
      ["post", "/api/v1/title-submissions/{submissionId}/open"],
      ["post", "/api/v1/title-submissions/{submissionId}/rejection"],
      ["post", "/api/v1/documents/{documentId}/verification"],
      ["post", "/api/v1/queues/{queue}/items/{itemId}/assign"],
      ["get", "/api/v1/files/{fileId}/title-services"],
      ["post", "/api/v1/files/{fileId}/title-services"],
      ["get", "/api/v1/me/notice-preferences"],
      ["post", "/api/v1/me/notice-preferences"],
      ["get", "/api/v1/me/notices"],
      ["get", "/api/v1/files/{fileId}/notices"],
      ["post", "/api/v1/files/{fileId}/disputes"],
      ["get", "/api/v1/files/{fileId}/disputes"],
      ["post", "/api/v1/files/{fileId}/disputes/{disputeId}/bond-deposit"],
      ["post", "/api/v1/files/{fileId}/disputes/{disputeId}/bond-verification"],
      ["post", "/api/v1/files/{fileId}/disputes/{disputeId}/decision"],
      ["post", "/api/v1/files/{fileId}/instalment-plans"],
      ["get", "/api/v1/files/{fileId}/instalment-plans"],
      ["post", "/api/v1/files/{fileId}/instalment-plans/{planId}/answer"],
      ["post", "/api/v1/files/{fileId}/instalment-plans/{planId}/decision"],
      ["post", "/api/v1/bulk-jobs"],
      ["post", "/api/v1/bulk-jobs/csv"],
      ["get", "/api/v1/bulk-jobs/{jobId}"],
      ["get", "/api/v1/bulk-jobs/{jobId}/rows"],
      ["post", "/api/v1/bulk-jobs/{jobId}/signature"],
      ["get", "/api/v1/files/{fileId}/treasury"],
      ["post", "/api/v1/files/{fileId}/payouts"],
      ["post", "/api/v1/payouts/{payoutId}/paid"],
      ["post", "/api/v1/files/{fileId}/refunds"],
      ["post", "/api/v1/treasury/settlements"],
      ["get", "/api/v1/treasury/reports/daily"],
      ["post", "/api/v1/files/{fileId}/procedures/{procedureId}/fee-payment"],
      ["get", "/api/v1/files/{fileId}/fees"],
      ["post", "/api/v1/files/{fileId}/payments"],
      ["get", "/api/v1/payments/{paymentId}"],
      ["get", "/api/v1/me/debts"],
      ["get", "/api/v1/audit/actions"],
      ["get", "/api/v1/audit/reads"],
      ["get", "/api/v1/files/{fileId}/reads"],
      ["post", "/api/v1/staff-role-proposals"],
      ["get", "/api/v1/staff-role-proposals"],
      ["post", "/api/v1/staff-role-proposals/{proposalId}/approve"],
      ["post", "/api/v1/staff-role-proposals/{proposalId}/refuse"],
      ["post", "/api/v1/staff-conflicts"],
      ["get", "/api/v1/staff-conflicts"],
      ["post", "/api/v1/staff-conflicts/{conflictId}/end"],
    ];
    for (const [method, path] of operations) {
      assert.ok(spec.paths[path]?.[method], `${method.toUpperCase()} ${path} missing from the OpenAPI document`);
    }
    const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ["get", "post", "put", "patch", "delete"].includes(key))
        .map((method) => `${method} ${path}`),
    );
    assert.deepEqual(documented.filter((entry) => entry.includes("/api/v1/")).sort(), operations.map(([m, p]) => `${m} ${p}`).sort());
  });

  test("GET /api/docs answers 200 (directly or after a redirect)", async () => {
    let response = await harness.anonymous.get("/api/docs");
    for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops++) {
      const location = String(response.headers.location);
      response = await harness.anonymous.get(new URL(location, "http://localhost/api/docs").pathname);
    }
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /swagger/i);
  });
});

describe("the file page", () => {
  test("shows title, parties (the debtor's civil ID masked for the creditor), claim, outstanding, procedures with orders, timeline", async () => {
    const file = await freshFile();
    const creditor = await harness.clientFor(people.creditor);
    const attachment = created<{ id: string; status: string; orders: { agencyKey: string; status: string }[] }>(
      await signedRequest(harness, creditor, file.id, { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "2500.500", banks: "all" }),
    );
    assert.equal(attachment.status, "ordered");
    assert.deepEqual(attachment.orders.map((order) => order.agencyKey).sort(), commercialBanks.map((code) => `bank:${code}`).sort());

    const response = await creditor.get(`/api/v1/files/${file.id}`);
    assert.equal(response.statusCode, 200);
    const detail = response.json() as FilePage;
    assert.equal(detail.id, file.id);
    assert.equal(detail.number, file.number);
    assert.equal(detail.status, "open");
    assert.deepEqual(detail.myCapacities, ["creditor"]);

    assert.equal(detail.titles.length, 1);
    const [title] = detail.titles;
    assert.equal(title!.type, "final_judgment");
    assert.equal(title!.court, "المحكمة الكلية - الدائرة التجارية 3");
    assert.match(title!.caseNumber, /تجاري كلي$/);
    assert.equal(title!.issuedOn, "2025-11-02");
    assert.equal(title!.hasExecutoryFormula, true);

    const creditorParty = detail.parties.find((party) => party.role === "creditor")!;
    const debtorParty = detail.parties.find((party) => party.role === "debtor")!;
    assert.equal(detail.parties.length, 2);
    assert.equal(creditorParty.civilId, people.creditor, "the creditor sees their own civil ID");
    assert.equal(creditorParty.nameEn, "Test creditor");
    assert.equal(debtorParty.id, file.debtorPartyId);
    assert.equal(debtorParty.nameAr, "اختبار debtor");
    assert.ok(debtorParty.civilId, "the debtor's identifier is shown, masked");
    assert.notEqual(debtorParty.civilId, people.debtor);
    assert.doesNotMatch(debtorParty.civilId!, /\d{12}/);
    assert.ok(!response.body.includes(people.debtor), "the debtor's full civil ID appears somewhere in the creditor's page");

    assert.deepEqual(
      detail.claim.map((item) => [item.kind, item.amount]).sort(),
      [
        ["costs", "150.000"],
        ["fees", "10.000"],
        ["principal", "10000.000"],
      ],
    );
    assert.equal(detail.claimTotal, "10160.000");
    assert.equal(detail.recoveredTotal, "0.000");
    assert.equal(detail.outstanding, "10160.000");
    assert.deepEqual(detail.ledger, []);

    assert.equal(detail.procedures.length, 1);
    const procedure = detail.procedures[0]!;
    assert.equal(procedure.id, attachment.id);
    assert.equal(procedure.kind, "bank_attachment");
    assert.equal(procedure.status, "ordered");
    assert.equal(procedure.amount, "2500.500");
    assert.equal(procedure.debtorPartyId, file.debtorPartyId);
    assert.equal(procedure.orders.length, 10);
    assert.deepEqual(procedure.orders.map((order) => order.agencyKey).sort(), commercialBanks.map((code) => `bank:${code}`).sort());
    assert.ok(!procedure.orders.some((order) => order.agencyKey === "bank:CBKU"), "the Central Bank gets no attachment order");
    assert.ok(procedure.orders.every((order) => order.status === "pending"));

    const kinds = detail.timeline.map((entry) => entry.kind);
    assert.equal(kinds[0], "file.open");
    assert.ok(kinds.includes("procedure.request"));
    assert.ok(kinds.includes("procedure.approve"));
    assert.equal(kinds.filter((kind) => kind === "order.create").length, 10);
    const seqs = detail.timeline.map((entry) => entry.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "timeline in order");
    assert.equal(new Set(seqs).size, seqs.length);
    const request = detail.timeline.find((entry) => entry.kind === "procedure.request")!;
    assert.equal(request.actorRole, "creditor");
    assert.equal(request.procedureId, attachment.id);
    for (const amount of [detail.claimTotal, detail.outstanding, detail.recoveredTotal, ...detail.claim.map((item) => item.amount)]) {
      assert.match(amount, kwdOnTheWire);
    }
  });

  test("the debtor sees their own civil ID and the creditor's masked; the clerk sees both masked", async () => {
    const file = await freshFile();
    const asDebtor = await page(await harness.clientFor(people.debtor), file.id);
    assert.equal(asDebtor.parties.find((party) => party.role === "debtor")!.civilId, people.debtor);
    const creditorId = asDebtor.parties.find((party) => party.role === "creditor")!.civilId!;
    assert.notEqual(creditorId, people.creditor);
    assert.doesNotMatch(creditorId, /\d{12}/);
    const clerkResponse = await (await harness.clientFor(people.clerk)).get(`/api/v1/files/${file.id}`);
    assert.ok(!clerkResponse.body.includes(people.debtor) && !clerkResponse.body.includes(people.creditor));
  });
});

describe("the file list", () => {
  test("pagination: limit=2 following nextCursor sees every file exactly once, newest first", async () => {
    const creditorId = await newPerson("Pagination Creditor", "دائن التصفح");
    const opened: string[] = [];
    for (let index = 0; index < 5; index++) {
      harness.world.clock.advance(1000);
      opened.push((await harness.world.openFileFor({ civilId: creditorId }, { civilId: people.otherDebtor })).id);
    }
    const client = await harness.clientFor(creditorId);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    const openedAts: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const response = await client.get(`/api/v1/files?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      const list = created<FileList>(response, 200);
      pageSizes.push(list.files.length);
      seen.push(...list.files.map((file) => file.id));
      openedAts.push(...list.files.map((file) => file.openedAt));
      cursor = list.nextCursor;
      if (cursor === null) break;
    }
    assert.equal(cursor, null, "the cursor never ran out");
    assert.deepEqual(pageSizes, [2, 2, 1]);
    assert.equal(new Set(seen).size, seen.length, "a file was listed twice");
    assert.deepEqual(seen, [...opened].reverse(), "not every file exactly once, newest first");
    assert.deepEqual(openedAts, [...openedAts].sort().reverse());
  });

  test("a bad cursor or limit → 400 VALIDATION_FAILED", async () => {
    const client = await harness.clientFor(people.clerk);
    for (const query of ["cursor=not-a-cursor", `cursor=${Buffer.from("yesterday|x").toString("base64url")}`, "limit=0", "limit=101", "limit=two", "status=lost", "sort=number"]) {
      assertError(await client.get(`/api/v1/files?${query}`), 400, "VALIDATION_FAILED");
    }
  });

  test("search by file number and by party name (Arabic or English), wildcards taken literally", async () => {
    const creditorId = await newPerson("Searchable Creditor Zubair", "الدائن زبير للبحث");
    const first = await harness.world.openFileFor({ civilId: creditorId }, { civilId: people.otherDebtor });
    const second = await harness.world.openFileFor({ civilId: creditorId }, { civilId: people.debtor });
    const clerk = await harness.clientFor(people.clerk);
    const search = async (text: string) => {
      const list = created<FileList>(await clerk.get(`/api/v1/files?search=${encodeURIComponent(text)}`), 200);
      return list.files.map((file) => file.id).sort();
    };
    assert.deepEqual(await search(first.number), [first.id]);
    assert.deepEqual(await search(second.number), [second.id]);
    assert.deepEqual(await search("Creditor Zubair"), [first.id, second.id].sort());
    assert.deepEqual(await search("zubair"), [first.id, second.id].sort(), "name search ignores case");
    assert.deepEqual(await search("زبير"), [first.id, second.id].sort());
    assert.deepEqual(await search("Zubair-nobody"), []);
    assert.deepEqual(await search("%"), []);
    assert.deepEqual(await search("_"), []);
    // The list row carries the names.
    const list = created<FileList>(await clerk.get(`/api/v1/files?search=${encodeURIComponent(first.number)}`), 200);
    assert.deepEqual(list.files[0]!.creditors.map((party) => party.nameEn), ["Searchable Creditor Zubair"]);
    assert.equal(list.files[0]!.outstanding, "10160.000");
    // Search is within what one may see: the other debtor finds only their own file.
    const otherDebtor = await harness.clientFor(people.otherDebtor);
    const theirs = created<FileList>(await otherDebtor.get(`/api/v1/files?search=${encodeURIComponent("Zubair")}`), 200);
    assert.deepEqual(theirs.files.map((file) => file.id), [first.id]);
  });
});

describe("payments", () => {
  test("partial payment, replay, conflict, payment of the rest: the file is satisfied and every procedure ends", async () => {
    const file = await freshFile();
    const creditor = await harness.clientFor(people.creditor);
    const clerk = await harness.clientFor(people.clerk);
    const procedures = `/api/v1/files/${file.id}/procedures`;
    const ledger = `/api/v1/files/${file.id}/ledger-entries`;
    const attachment = created<{ id: string; status: string }>(
      await signedRequest(harness, creditor, file.id, { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "1000.000", banks: "all" }),
    );
    const seizure = created<{ id: string; status: string; orders: { agencyKey: string }[] }>(
      await signedRequest(harness, creditor, file.id, { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId }),
    );
    const ban = created<{ id: string; status: string; orders: unknown[] }>(
      await signedRequest(harness, creditor, file.id, { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence }),
    );
    assert.deepEqual([attachment.status, seizure.status, ban.status], ["ordered", "ordered", "under_review"]);
    assert.deepEqual(seizure.orders.map((order) => order.agencyKey), ["traffic"]);
    assert.deepEqual(ban.orders, []);

    // A partial payment reduces the outstanding at once.
    const partial = created<{ entryId: string; outstanding: string; fileStatus: string; replayed: boolean }>(
      await clerk.post(ledger, { kind: "payment", amount: "160.000", source: "cash_at_department", reference: "RCPT-001" }),
    );
    assert.deepEqual({ ...partial, entryId: "" }, { entryId: "", outstanding: "10000.000", fileStatus: "open", replayed: false });
    const afterPartial = await page(creditor, file.id);
    assert.equal(afterPartial.outstanding, "10000.000");
    assert.equal(afterPartial.recoveredTotal, "160.000");
    assert.deepEqual(
      afterPartial.ledger.map((entry) => [entry.kind, entry.amount, entry.source, entry.reference]),
      [["payment", "160.000", "cash_at_department", "RCPT-001"]],
    );
    assert.deepEqual(
      Object.fromEntries(afterPartial.procedures.map((procedure) => [procedure.id, procedure.status])),
      { [attachment.id]: "ordered", [seizure.id]: "ordered", [ban.id]: "under_review" },
      "a partial payment leaves the measures standing",
    );

    // The same reference again: 200, replayed, nothing changes.
    const replay = await assertWritesNothing(db, async () =>
      created<{ entryId: string; outstanding: string; fileStatus: string; replayed: boolean }>(
        await clerk.post(ledger, { kind: "payment", amount: "160.000", source: "cash_at_department", reference: "RCPT-001" }),
        200,
      ),
    );
    assert.deepEqual(replay, { entryId: partial.entryId, outstanding: "10000.000", fileStatus: "open", replayed: true });
    assert.equal((await page(creditor, file.id)).outstanding, "10000.000");

    // The same reference for another amount or kind: a conflict, nothing written.
    await assertWritesNothing(db, async () =>
      assertError(await clerk.post(ledger, { kind: "payment", amount: "161.000", source: "cash_at_department", reference: "RCPT-001" }), 409, "IDEMPOTENCY_CONFLICT"),
    );
    await assertWritesNothing(db, async () =>
      assertError(await clerk.post(ledger, { kind: "recovery", amount: "160.000", source: "frozen_funds_transfer", reference: "RCPT-001" }), 409, "IDEMPOTENCY_CONFLICT"),
    );

    // Paying the rest satisfies the file.
    const rest = created<{ entryId: string; outstanding: string; fileStatus: string; replayed: boolean }>(
      await clerk.post(ledger, { kind: "payment", amount: "10000.000", source: "bank_transfer", reference: "TRF-002" }),
    );
    assert.equal(rest.fileStatus, "satisfied");
    assert.equal(rest.outstanding, "0.000");
    assert.equal(rest.replayed, false);

    const satisfied = await page(creditor, file.id);
    assert.equal(satisfied.status, "satisfied");
    assert.ok(satisfied.satisfiedAt);
    assert.equal(satisfied.outstanding, "0.000");
    assert.equal(satisfied.recoveredTotal, "10160.000");
    const status = Object.fromEntries(satisfied.procedures.map((procedure) => [procedure.id, procedure.status]));
    // Ordered measures whose orders were still pending: the orders are cancelled and the measure lifted.
    assert.equal(status[attachment.id], "lifted");
    assert.equal(status[seizure.id], "lifted");
    // A ban still under review never went out: it expires.
    assert.equal(status[ban.id], "expired");
    const orders = satisfied.procedures.flatMap((procedure) => procedure.orders);
    assert.equal(orders.length, 11);
    assert.ok(orders.every((order) => order.status === "cancelled"), JSON.stringify(orders.map((order) => order.status)));
    assert.ok(satisfied.timeline.some((entry) => entry.kind === "file.satisfy"));
    // Nothing reached an agency, so nothing needs a lift order.
    const lifts = await db.selectFrom("outbox").select("payload").where("topic", "=", "order.lift").execute();
    const orderIds = new Set(orders.map((order) => order.id));
    const lifted = lifts.flatMap((lift) => {
      const named = lift.payload as { orderId?: string; orderIds?: string[] };
      return named.orderIds ?? (named.orderId ? [named.orderId] : []);
    });
    assert.ok(!lifted.some((orderId) => orderIds.has(orderId)));

    // The list agrees.
    const listed = created<FileList>(await creditor.get(`/api/v1/files?status=satisfied&search=${encodeURIComponent(file.number)}`), 200);
    assert.equal(listed.files.length, 1);
    assert.equal(listed.files[0]!.activeProcedures, 0);
    assert.equal(listed.files[0]!.outstanding, "0.000");

    // A satisfied file takes no new measure and no new payment; a replay still answers.
    await assertWritesNothing(db, async () =>
      assertError(await creditor.post(procedures, { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId }), 409, "FILE_CLOSED"),
    );
    await assertWritesNothing(db, async () =>
      assertError(await clerk.post(ledger, { kind: "payment", amount: "1.000", source: "bank_transfer", reference: "TRF-003" }), 409, "FILE_CLOSED"),
    );
    const lateReplay = await assertWritesNothing(db, async () =>
      created<{ replayed: boolean; fileStatus: string; outstanding: string }>(
        await clerk.post(ledger, { kind: "payment", amount: "10000.000", source: "bank_transfer", reference: "TRF-002" }),
        200,
      ),
    );
    assert.deepEqual([lateReplay.replayed, lateReplay.fileStatus, lateReplay.outstanding], [true, "satisfied", "0.000"]);
  });

  test("a recovery is credited like a payment", async () => {
    const file = await freshFile();
    const clerk = await harness.clientFor(people.clerk);
    const result = created<{ outstanding: string }>(
      await clerk.post(`/api/v1/files/${file.id}/ledger-entries`, { kind: "recovery", amount: "0.001", source: "frozen_funds_transfer", reference: "FRZ-1" }),
    );
    assert.equal(result.outstanding, "10159.999");
  });
});

describe("procedures", () => {
  test("waiving an ordered procedure → waived; waiving it again → 409 TRANSITION_NOT_ALLOWED", async () => {
    const file = await freshFile();
    const creditor = await harness.clientFor(people.creditor);
    const seizure = created<{ id: string; status: string }>(
      await signedRequest(harness, creditor, file.id, { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId }),
    );
    assert.equal(seizure.status, "ordered");
    const url = `/api/v1/files/${file.id}/procedures/${seizure.id}/waive`;
    const waived = await signedWaive(harness, creditor, file.id, seizure.id, "The debtor agreed to pay in instalments.");
    assert.equal(waived.statusCode, 200, waived.body);
    assert.deepEqual(waived.json(), { id: seizure.id, status: "waived" });
    const detail = await page(creditor, file.id);
    const procedure = detail.procedures.find((candidate) => candidate.id === seizure.id)!;
    assert.equal(procedure.status, "waived");
    assert.deepEqual(procedure.orders.map((order) => order.status), ["cancelled"]);
    const waiveAction = detail.timeline.find((entry) => entry.kind === "procedure.waive")!;
    assert.equal(waiveAction.reason, "The debtor agreed to pay in instalments.");
    assert.equal(waiveAction.actorRole, "creditor");

    const again = await assertWritesNothing(db, async () => assertError(await creditor.post(url, { reason: "Again." }), 409, "TRANSITION_NOT_ALLOWED"));
    assert.equal(again.details.status, "waived");
    // Once it ended, a new one may be requested.
    const next = await signedRequest(harness, creditor, file.id, { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId });
    assert.equal(next.statusCode, 201, next.body);
  });

  test("waiving a procedure that is not on the file → 404 PROCEDURE_NOT_FOUND", async () => {
    const file = await freshFile();
    const other = await freshFile();
    const creditor = await harness.clientFor(people.creditor);
    const elsewhere = created<{ id: string }>(
      await signedRequest(harness, creditor, other.id, { kind: "vehicle_seizure", debtorPartyId: other.debtorPartyId }),
    );
    await assertWritesNothing(db, async () =>
      assertError(await creditor.post(`/api/v1/files/${file.id}/procedures/${elsewhere.id}/waive`, { reason: "x" }), 404, "PROCEDURE_NOT_FOUND"),
    );
    assert.equal((await page(creditor, other.id)).procedures[0]!.status, "ordered");
  });

  test("a second vehicle seizure (or travel ban) against the same debtor while the first is active → 409 PROCEDURE_ALREADY_ACTIVE", async () => {
    const file = await freshFile();
    const creditor = await harness.clientFor(people.creditor);
    const url = `/api/v1/files/${file.id}/procedures`;
    const first = created<{ id: string }>(await signedRequest(harness, creditor, file.id, { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId }));
    const error = await assertWritesNothing(db, async () =>
      assertError(await creditor.post(url, { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId }), 409, "PROCEDURE_ALREADY_ACTIVE"),
    );
    assert.equal(error.details.procedureId, first.id);
    created(await signedRequest(harness, creditor, file.id, { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence }));
    await assertWritesNothing(db, async () =>
      assertError(
        await creditor.post(url, { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: travelBanEvidence }),
        409,
        "PROCEDURE_ALREADY_ACTIVE",
      ),
    );
    // Bank attachments may stand side by side (e.g. on different banks).
    created(await signedRequest(harness, creditor, file.id, { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "10.000", banks: ["KFHO"] }));
    created(await signedRequest(harness, creditor, file.id, { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "10.000", banks: ["GULB"] }));
  });
});

describe("correlation ids and headers", () => {
  test("every response carries x-correlation-id; a valid caller-supplied one is echoed and recorded on the actions", async () => {
    const file = await freshFile();
    const creditor = await harness.clientFor(people.creditor);
    const own = await creditor.get("/api/v1/me");
    assert.match(String(own.headers["x-correlation-id"]), /^[0-9a-f-]{36}$/);

    const correlationId = `api-test.${Date.now()}_corr`;
    const response = await signedRequest(
      harness,
      creditor,
      file.id,
      { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "500.000", banks: ["NBOK", "KFHO"] },
      { "x-correlation-id": correlationId },
    );
    const procedure = created<{ id: string }>(response);
    assert.equal(response.headers["x-correlation-id"], correlationId);
    const actions = await db.selectFrom("actions").select(["action_kind", "correlation_id", "procedure_id"]).where("correlation_id", "=", correlationId).execute();
    assert.deepEqual(actions.map((action) => action.action_kind).sort(), ["order.create", "order.create", "procedure.approve", "procedure.request"]);
    assert.ok(actions.every((action) => action.procedure_id === procedure.id));
    const ofProcedure = await db.selectFrom("actions").select("correlation_id").where("procedure_id", "=", procedure.id).execute();
    assert.ok(ofProcedure.every((action) => action.correlation_id === correlationId));

    // An error response echoes it too.
    const failed = await creditor.request({ method: "GET", url: "/api/v1/files/not-a-uuid", headers: { "x-correlation-id": correlationId } });
    assertError(failed, 400, "VALIDATION_FAILED");
    assert.equal(failed.headers["x-correlation-id"], correlationId);
  });

  test("a caller-supplied correlation id of an unsafe shape is replaced, not echoed or recorded", async () => {
    const file = await freshFile();
    const clerk = await harness.clientFor(people.clerk);
    for (const unsafe of ["short", "has spaces in it", "a".repeat(65), "<script>alert(1)</script>", "line\u00e9break-xxxxxxxx"]) {
      const response = await clerk.request({
        method: "POST",
        url: `/api/v1/files/${file.id}/ledger-entries`,
        headers: { "x-correlation-id": unsafe },
        payload: { kind: "payment", amount: "1.000", source: "bank_transfer", reference: `C-${unsafe.length}-${unsafe.charCodeAt(0)}` },
      });
      assert.equal(response.statusCode, 201, response.body);
      const given = String(response.headers["x-correlation-id"]);
      assert.notEqual(given, unsafe);
      assert.match(given, /^[0-9a-f-]{36}$/);
      const recorded = await db.selectFrom("actions").select("id").where("correlation_id", "=", unsafe).execute();
      assert.deepEqual(recorded, []);
    }
  });

  test("security headers on API, health and error responses", async () => {
    const creditor = await harness.clientFor(people.creditor);
    const responses = [
      await creditor.get("/api/v1/me"),
      await harness.anonymous.get("/healthz"),
      await harness.anonymous.get("/api/v1/me"),
      await creditor.get("/api/v1/no-such-thing"),
      await harness.anonymous.get("/api/openapi.json"),
    ];
    for (const response of responses) {
      const csp = String(response.headers["content-security-policy"] ?? "");
      assert.match(csp, /frame-ancestors 'none'/, `${response.statusCode}: ${csp}`);
      assert.match(csp, /default-src 'self'/);
      assert.equal(response.headers["x-content-type-options"], "nosniff");
      assert.equal(response.headers["x-powered-by"], undefined);
      assert.ok(response.headers["referrer-policy"]);
    }
  });

  test("/api/v1/me describes the signed-in subject and their CSRF token", async () => {
    const lawyer = await harness.clientFor(people.lawyer);
    const me = created<{ civilId: string; nameEn: string; staffRoles: unknown[]; mandates: { principalCivilId: string; scopes: string[] }[]; csrfToken: string }>(
      await lawyer.get("/api/v1/me"),
      200,
    );
    assert.equal(me.civilId, people.lawyer);
    assert.equal(me.nameEn, "Test lawyer");
    assert.deepEqual(me.staffRoles, []);
    assert.equal(me.mandates.length, 1);
    assert.equal(me.mandates[0]!.principalCivilId, people.creditor);
    assert.deepEqual([...me.mandates[0]!.scopes].sort(), ["request", "view", "waive"]);
    assert.ok(me.csrfToken.length >= 16);
    const before = await rowCounts(db);
    // Reading writes nothing.
    await lawyer.get("/api/v1/files");
    assert.deepEqual(await rowCounts(db), before);
  });
});
