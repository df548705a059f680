/**
 * Who may use the agency portal, over HTTP: every operation under /api/v1/agency × every
 * person in the fixtures, officers of three other agencies, a machine client and an
 * anonymous caller, each cell stated in one table and asserted as in authorization.test.ts.
 * An agency officer reads and answers what was sent to their own agency only; an order
 * or request of another agency does not exist for them (404); nobody else has a portal
 * at all (403), whatever their other rights; anonymous callers are asked to sign in (401).
 *
 * Orders reach `sent` without the stand-in agencies: the worker's dispatch is run here
 * directly, after taking the debtor's identity as confirmed (see authorization-support.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { answerAgencyOrder } from "../../src/app/agency-portal/answer-order.ts";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { grantStaffRole, registerPersons } from "../../src/app/registry.ts";
import { grantedDisclosure } from "../support/disclosure.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { isBankCode, makeIban } from "../../src/domain/identifiers/index.ts";
import type { Db } from "../../src/storage/database.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import {
  A,
  agencyPortalOperations,
  apiOperations,
  assertRefused,
  assertUnchanged,
  dispatchNow,
  DNF,
  F,
  LISTED,
  machineCaller,
  ONF,
  outcomeLabel,
  sendLiftNow,
  U,
  UNLISTED,
  type AgencyPortalOperation,
  type Allowed,
  type MachineCaller,
  type Outcome,
} from "./authorization-support.ts";
import { travelBanEvidence, unregisteredCivilId } from "./helpers.ts";

let harness: HttpHarness;
let db: Db;
let machine: MachineCaller;

type Person = keyof typeof people;
/** Officers of agencies other than `bankOfficer`'s bank:NBOK, registered for this file. */
type Officer = "otherBankOfficer" | "trafficOfficer" | "portsOfficer";
type Who = Person | Officer | "machineClient" | "anonymous";

const officers: Record<Officer, { civilId: string; agencyKey: string }> = {
  otherBankOfficer: { civilId: unregisteredCivilId(801), agencyKey: "bank:KFHO" },
  trafficOfficer: { civilId: unregisteredCivilId(802), agencyKey: "traffic" },
  portsOfficer: { civilId: unregisteredCivilId(803), agencyKey: "ports" },
};
const agencyOf: Partial<Record<Who, string>> = {
  bankOfficer: "bank:NBOK",
  ...Object.fromEntries(Object.entries(officers).map(([who, officer]) => [who, officer.agencyKey])),
};

const everyone: readonly Who[] = [...(Object.keys(people) as Person[]), ...(Object.keys(officers) as Officer[]), "machineClient", "anonymous"];

/*
 * Orders: a bank attachment sent to bank:NBOK (the answer it needs next: acknowledgement,
 * declaration, nothing held, rejection; a lift confirmation once its lift was sent; a
 * transfer confirmation once the clerk ordered the transfer), a vehicle seizure sent to
 * traffic (seizure result) and a travel ban sent to the ports (ban registration).
 * Disclosure requests go to every bank and the clearing company: the KFHO officer
 * answers for KFHO as the NBOK officer does for NBOK; traffic and the ports got none.
 */
// prettier-ignore
const matrix: Record<AgencyPortalOperation, Record<Who, Outcome>> = {
  //                                                           staff and parties: no portal                                                                                                                                                                                  officers of the order's agency and of others                                         callers without a session
  "GET /api/v1/agency/orders":                                 { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: LISTED, otherBankOfficer: UNLISTED, trafficOfficer: UNLISTED, portsOfficer: UNLISTED, machineClient: F, anonymous: U },
  "GET /api/v1/agency/orders/{orderId}":                       { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/acknowledgement":      { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/declaration":          { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/nothing-held":         { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/seizure-result":       { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: ONF,    otherBankOfficer: ONF,      trafficOfficer: A,        portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/ban-registration":     { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: ONF,    otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: A,        machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/rejection":            { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/lift-confirmation":    { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/orders/{orderId}/transfer-confirmation":{ clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: ONF,      trafficOfficer: ONF,      portsOfficer: ONF,      machineClient: F, anonymous: U },
  "GET /api/v1/agency/disclosures":                            { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: LISTED, otherBankOfficer: LISTED,   trafficOfficer: UNLISTED, portsOfficer: UNLISTED, machineClient: F, anonymous: U },
  "POST /api/v1/agency/disclosures/{requestId}/statement":     { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: A,        trafficOfficer: DNF,      portsOfficer: DNF,      machineClient: F, anonymous: U },
  "POST /api/v1/agency/disclosures/{requestId}/rejection":     { clerk: F, judge: F, auditor: F, administrator: F, creditor: F, otherCreditor: F, debtor: F, otherDebtor: F, lawyer: F, expiredLawyer: F, unverifiedLawyer: F, companyRep: F, stranger: F, bankOfficer: A,      otherBankOfficer: A,        trafficOfficer: DNF,      portsOfficer: DNF,      machineClient: F, anonymous: U },
};

/** One call of an endpoint, on state made fresh for it, and what success must look like. */
interface Call {
  method: "GET" | "POST";
  url: string;
  /** The body; a function when it depends on the caller's agency (an IBAN of their own bank). */
  payload?: object | ((agencyKey: string | undefined) => object);
  allowed(response: LightMyRequestResponse, outcome: Allowed, client: Client, who: Who): Promise<void>;
}

/** An account at the caller's bank (at NBOK for anyone who is not a bank's officer). */
const bankIban = (agencyKey: string | undefined) => {
  const code = agencyKey?.startsWith("bank:") ? agencyKey.slice("bank:".length) : "NBOK";
  assert.ok(isBankCode(code));
  return makeIban(code, "0000000000000000424242");
};

async function debtorParty(fileId: string): Promise<string> {
  const party = await db.selectFrom("file_parties").select("id").where("file_id", "=", fileId).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  return party.id;
}

async function orderRow(orderId: string) {
  return db.selectFrom("agency_orders").select(["id", "agency_key", "status", "amount_held", "procedure_id", "file_id"]).where("id", "=", orderId).executeTakeFirstOrThrow();
}

/** A procedure of each kind against `debtor` on a fresh file, its one order sent; returns the order. */
async function sentOrder(kind: "bank_attachment" | "vehicle_seizure" | "travel_ban") {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const debtorPartyId = await debtorParty(file.id);
  const creditor = await harness.world.as(people.creditor);
  const procedure = await requestProcedure(
    harness.world.deps,
    creditor,
    kind === "bank_attachment"
      ? { kind, fileId: file.id, debtorPartyId, amount: 100_000n, banks: ["NBOK"] }
      : kind === "travel_ban"
        ? { kind, fileId: file.id, debtorPartyId, evidence: travelBanEvidence }
        : { kind, fileId: file.id, debtorPartyId },
  );
  if (kind === "travel_ban") {
    await decideProcedure(harness.world.deps, await harness.world.as(people.judge), { fileId: file.id, procedureId: procedure.id, decision: "grant", reasons: "The three conditions of Art. 297 are shown." });
  }
  await dispatchNow(db, harness.world.clock.now(), procedure.id);
  const order = await db.selectFrom("agency_orders").select(["id", "agency_key", "status"]).where("procedure_id", "=", procedure.id).executeTakeFirstOrThrow();
  assert.equal(order.status, "sent");
  return { fileId: file.id, procedureId: procedure.id, orderId: order.id, agencyKey: order.agency_key };
}

/** NBOK's order once NBOK declared 60 KWD frozen under it. */
async function executedAttachment() {
  const sent = await sentOrder("bank_attachment");
  await answerAgencyOrder(harness.world.deps, await harness.world.as(people.bankOfficer), sent.orderId, { kind: "declare", accounts: [{ iban: bankIban("bank:NBOK"), frozen: "60.000" }], otherAttachments: 0 });
  return sent;
}

/** A disclosure request (Art. 204 bis) on the creditor's petition, granted by the judge: to every bank and the clearing company. */
async function disclosureRequest() {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const { requestId } = await grantedDisclosure(harness.world, { fileId: file.id, debtorPartyId: await debtorParty(file.id) });
  return { fileId: file.id, requestId };
}

/** Every page of a portal list, following the cursor. */
async function everyPage<T>(client: Client, url: string, key: "orders" | "requests"): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const response = await client.get(`${url}?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json() as Record<typeof key, T[]> & { nextCursor: string | null };
    rows.push(...page[key]);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

interface AnswerBody {
  messageId: string;
  messageType: string;
  outcome: "applied" | "ignored";
  order: { id: string; agencyKey: string; status: string; amountHeld: string };
}

/** An answer the hub applied: the order moved, and the inbound message names the officer who gave it. */
async function assertAnswered(response: LightMyRequestResponse, client: Client, orderId: string, expected: { messageType: string; status: string }): Promise<AnswerBody> {
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as AnswerBody;
  assert.deepEqual([body.messageType, body.outcome, body.order.id, body.order.status], [expected.messageType, "applied", orderId, expected.status]);
  assert.equal((await orderRow(orderId)).status, expected.status);
  const stored = await db.selectFrom("agency_messages").select(["direction", "order_id", "submitted_by", "status"]).where("message_id", "=", body.messageId).executeTakeFirstOrThrow();
  assert.deepEqual(stored, { direction: "in", order_id: orderId, submitted_by: client.civilId, status: "applied" });
  return body;
}

/** The answer endpoints on a freshly sent order of `kind`. */
function answerScenario(
  kind: "bank_attachment" | "vehicle_seizure" | "travel_ban",
  path: string,
  payload: object | undefined,
  expected: { messageType: string; status: string },
): () => Promise<Call> {
  return async () => {
    const { orderId } = await sentOrder(kind);
    return {
      method: "POST",
      url: `/api/v1/agency/orders/${orderId}/${path}`,
      ...(payload ? { payload } : {}),
      allowed: async (response, _outcome, client) => {
        await assertAnswered(response, client, orderId, expected);
      },
    };
  };
}

/** The disclosure answers: stored as the officer's agency's answer, applied. */
function disclosureAnswerScenario(path: "statement" | "rejection", payload: (agencyKey: string | undefined) => object, messageType: string): () => Promise<Call> {
  return async () => {
    const { requestId } = await disclosureRequest();
    return {
      method: "POST",
      url: `/api/v1/agency/disclosures/${requestId}/${path}`,
      payload,
      allowed: async (response, _outcome, client, who) => {
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as { messageId: string; messageType: string; agencyKey: string; requestId: string };
        assert.deepEqual([body.messageType, body.agencyKey, body.requestId], [messageType, agencyOf[who], requestId]);
        const stored = await db.selectFrom("agency_messages").select(["direction", "agency_key", "request_id", "submitted_by", "status"]).where("message_id", "=", body.messageId).executeTakeFirstOrThrow();
        assert.deepEqual(stored, { direction: "in", agency_key: agencyOf[who], request_id: requestId, submitted_by: client.civilId, status: "applied" });
      },
    };
  };
}

const vehicle = { plate: "12/34567", vin: "JTMHV05J604123456", make: "Toyota", model: "Land Cruiser", year: 2021 };

const scenarios: Record<AgencyPortalOperation, () => Promise<Call>> = {
  "GET /api/v1/agency/orders": async () => {
    const { orderId } = await sentOrder("bank_attachment");
    return {
      method: "GET",
      url: "/api/v1/agency/orders",
      allowed: async (_response, outcome, client, who) => {
        // Every page: the officer's own agency's orders and nothing else; the NBOK order only to NBOK.
        const orders = await assertUnchanged(db, () => everyPage<{ id: string; agencyKey: string }>(client, "/api/v1/agency/orders", "orders"));
        assert.deepEqual([...new Set(orders.map((order) => order.agencyKey))].filter((key) => key !== agencyOf[who]), [], "another agency's order listed");
        assert.equal(orders.some((order) => order.id === orderId), outcome === "listed");
      },
    };
  },
  "GET /api/v1/agency/orders/{orderId}": async () => {
    const { orderId } = await sentOrder("bank_attachment");
    return {
      method: "GET",
      url: `/api/v1/agency/orders/${orderId}`,
      allowed: async (response) => {
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as { id: string; agencyKey: string; status: string; maxAmount: string; debtor: { civilId: string }; messages: { direction: string; type: string }[] };
        assert.deepEqual([body.id, body.agencyKey, body.status, body.maxAmount, body.debtor.civilId], [orderId, "bank:NBOK", "sent", "100.000", people.debtor]);
        assert.deepEqual(body.messages.map((message) => [message.direction, message.type]), [["out", "attachment.order"]]);
      },
    };
  },
  "POST /api/v1/agency/orders/{orderId}/acknowledgement": answerScenario("bank_attachment", "acknowledgement", undefined, { messageType: "ack", status: "acknowledged" }),
  "POST /api/v1/agency/orders/{orderId}/declaration": async () => {
    const { orderId } = await sentOrder("bank_attachment");
    return {
      method: "POST",
      url: `/api/v1/agency/orders/${orderId}/declaration`,
      payload: { accounts: [{ iban: bankIban("bank:NBOK"), frozen: "40.000" }] },
      allowed: async (response, _outcome, client) => {
        const body = await assertAnswered(response, client, orderId, { messageType: "attachment.declaration", status: "executed" });
        assert.equal(body.order.amountHeld, "40.000");
        assert.equal((await orderRow(orderId)).amount_held, 40_000n);
      },
    };
  },
  "POST /api/v1/agency/orders/{orderId}/nothing-held": answerScenario("bank_attachment", "nothing-held", undefined, { messageType: "attachment.declaration", status: "nothing_found" }),
  "POST /api/v1/agency/orders/{orderId}/seizure-result": answerScenario("vehicle_seizure", "seizure-result", { vehicles: [vehicle] }, { messageType: "seizure.result", status: "executed" }),
  "POST /api/v1/agency/orders/{orderId}/ban-registration": answerScenario("travel_ban", "ban-registration", { reference: "PORTS-BAN-2026-0042" }, { messageType: "travel_ban.registered", status: "executed" }),
  "POST /api/v1/agency/orders/{orderId}/rejection": answerScenario("bank_attachment", "rejection", { code: "UNKNOWN_PERSON", reason: "No customer with this civil ID." }, { messageType: "rejection", status: "rejected" }),
  "POST /api/v1/agency/orders/{orderId}/lift-confirmation": async () => {
    const { fileId, procedureId, orderId } = await sentOrder("bank_attachment");
    await waiveProcedure(harness.world.deps, await harness.world.as(people.creditor), { fileId, procedureId, reason: "Settled." });
    await sendLiftNow(db, harness.world.clock.now(), orderId);
    assert.equal((await orderRow(orderId)).status, "lift_sent");
    return {
      method: "POST",
      url: `/api/v1/agency/orders/${orderId}/lift-confirmation`,
      allowed: async (response, _outcome, client) => {
        await assertAnswered(response, client, orderId, { messageType: "lift.confirmation", status: "lifted" });
      },
    };
  },
  "POST /api/v1/agency/orders/{orderId}/transfer-confirmation": async () => {
    const { fileId, orderId } = await executedAttachment();
    await orderTransfer(harness.world.deps, await harness.world.as(people.clerk), { fileId });
    return {
      method: "POST",
      url: `/api/v1/agency/orders/${orderId}/transfer-confirmation`,
      payload: { amount: "60.000", transferReference: "TRF-AUTHZ-1" },
      allowed: async (response, _outcome, client) => {
        await assertAnswered(response, client, orderId, { messageType: "transfer.confirmation", status: "executed" });
        const ledger = await db.selectFrom("ledger_entries").select(["amount", "source", "reference"]).where("file_id", "=", fileId).execute();
        const held = await db.selectFrom("treasury_distributions").select(["amount", "reference"]).where("source_file_id", "=", fileId).execute();
        // Earlier cells attach the same debtor's funds from other files: the transfer is then
        // held to be shared among them (docs/treasury.md); on its own it is credited to the file.
        if (held.length > 0) {
          assert.deepEqual(held, [{ amount: 60_000n, reference: "transfer:bank:NBOK:TRF-AUTHZ-1" }]);
          assert.deepEqual(ledger, []);
        } else {
          assert.deepEqual(ledger, [{ amount: 60_000n, source: "frozen_funds_transfer", reference: "transfer:bank:NBOK:TRF-AUTHZ-1" }]);
        }
      },
    };
  },
  "GET /api/v1/agency/disclosures": async () => {
    const { requestId } = await disclosureRequest();
    return {
      method: "GET",
      url: "/api/v1/agency/disclosures",
      allowed: async (_response, outcome, client, who) => {
        const requests = await assertUnchanged(db, () => everyPage<{ requestId: string; agencyKey: string }>(client, "/api/v1/agency/disclosures", "requests"));
        assert.deepEqual([...new Set(requests.map((request) => request.agencyKey))].filter((key) => key !== agencyOf[who]), [], "another agency's request listed");
        assert.equal(requests.some((request) => request.requestId === requestId), outcome === "listed");
      },
    };
  },
  "POST /api/v1/agency/disclosures/{requestId}/statement": disclosureAnswerScenario(
    "statement",
    (agencyKey) => ({ accounts: [{ iban: bankIban(agencyKey), balance: "1250.500" }] }),
    "disclosure.statement",
  ),
  "POST /api/v1/agency/disclosures/{requestId}/rejection": disclosureAnswerScenario(
    "rejection",
    () => ({ code: "UNKNOWN_PERSON", reason: "Not a customer of this bank." }),
    "rejection",
  ),
};

const clientOf = async (who: Who): Promise<Client> => {
  if (who === "anonymous") return harness.anonymous;
  if (who === "machineClient") return machine.client();
  return harness.clientFor(who in officers ? officers[who as Officer].civilId : people[who as Person]);
};

before(async () => {
  harness = await startHttpHarness();
  db = harness.database.db;
  machine = await machineCaller(harness);
  const system = { subject: systemSubject, correlationId: "authz-agency" };
  await registerPersons(
    harness.world.deps,
    system,
    Object.entries(officers).map(([who, officer]) => ({ civilId: officer.civilId, nameAr: `موظف ${who}`, nameEn: who, nationality: "KWT", email: null, phone: null })),
  );
  for (const officer of Object.values(officers)) await grantStaffRole(harness.world.deps, system, { civilId: officer.civilId, role: "agency_officer", agencyKey: officer.agencyKey });
});

after(async () => {
  await harness?.close();
});

describe("agency portal authorization matrix", () => {
  test("every operation under /api/v1/agency in the OpenAPI document has a row here, and every row is published", async () => {
    const published = (await apiOperations(harness.app)).filter((operation) => operation.split(" ")[1]!.startsWith("/api/v1/agency/"));
    assert.deepEqual([...agencyPortalOperations].sort(), published);
    assert.deepEqual(Object.keys(matrix).sort(), published);
  });

  test("every row has a cell per person in the fixtures, each other officer, the machine client and anonymous", () => {
    for (const [endpoint, row] of Object.entries(matrix)) assert.deepEqual(Object.keys(row).sort(), [...everyone].sort(), endpoint);
  });

  for (const endpoint of agencyPortalOperations) {
    describe(endpoint, () => {
      for (const who of everyone) {
        const outcome = matrix[endpoint][who];
        test(`${who}: ${outcomeLabel(outcome)}`, async () => {
          const call = await scenarios[endpoint]();
          const client = await clientOf(who);
          const payload = typeof call.payload === "function" ? call.payload(agencyOf[who]) : call.payload;
          const send = () => client.request({ method: call.method, url: call.url, ...(payload ? { payload } : {}) });
          if (typeof outcome === "string") {
            await call.allowed(await send(), outcome, client, who);
          } else {
            await assertRefused(db, send, outcome);
          }
        });
      }
    });
  }
});
