/**
 * Bad input gets a 4xx with a stable code, the bilingual error body, no internals, and
 * writes nothing: every table a use case writes keeps its row count.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { InjectOptions } from "fastify";
import type { Db } from "../../src/storage/database.ts";
import { people } from "../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../support/http.ts";
import { signedRequest, signOnPhone } from "../support/signing.ts";
import {
  assertError,
  assertWritesNothing,
  commercialBanks,
  kuwaitIbanWithBankCode,
  openFileBody,
  rowCounts,
  travelBanEvidence,
  unregisteredCivilId,
  validIban,
  type OpenFileBody,
} from "./helpers.ts";

let harness: HttpHarness;
let db: Db;

before(async () => {
  harness = await startHttpHarness();
  db = harness.database.db;
});

after(async () => {
  await harness?.close();
});

const clerk = () => harness.clientFor(people.clerk);
const creditor = () => harness.clientFor(people.creditor);

/** Sends a request that must be refused with `status`/`code` and leave the database as it was. */
async function refused(client: Client, options: InjectOptions, status: number, code: string) {
  return assertWritesNothing(db, async () => assertError(await client.request(options), status, code));
}

const post = (url: string, payload: unknown): InjectOptions => ({ method: "POST", url, payload: payload as InjectOptions["payload"] });

/** A file for `creditor` against `debtor` (10,160.000 KWD owed) and its debtor's party id. */
async function freshFile(): Promise<{ id: string; debtorPartyId: string; creditorPartyId: string }> {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const parties = await db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return {
    id: file.id,
    debtorPartyId: parties.find((party) => party.party_role === "debtor")!.id,
    creditorPartyId: parties.find((party) => party.party_role === "creditor")!.id,
  };
}

const oversized = (body: object) => JSON.stringify({ ...body, padding: "x".repeat(257 * 1024) });

describe("POST /api/v1/files (clerk)", () => {
  const url = "/api/v1/files";

  test("positive control: a valid file opens (201) and writes the file, its title, parties, claim and action", async () => {
    const client = await clerk();
    const before = await rowCounts(db);
    const response = await client.post(url, openFileBody());
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json() as { id: string; number: string };
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    const after = await rowCounts(db);
    assert.equal(after.enforcement_files, before.enforcement_files + 1);
    assert.equal(after.executory_titles, before.executory_titles + 1);
    assert.equal(after.file_parties, before.file_parties + 2);
    assert.equal(after.actions, before.actions + 1);
  });

  const badCivilIds: [string, string, string][] = [
    ["wrong check digit", "292091998297", "checkDigit"],
    ["eleven digits", "29209199829", "length"],
    ["thirteen digits", "2920919982970", "length"],
    ["letters", "2920919982AB", "length"],
    ["empty", "", "length"],
  ];
  for (const [name, civilId, reason] of badCivilIds) {
    test(`creditor civil ID with ${name} → 400 CIVIL_ID_INVALID`, async () => {
      const body = openFileBody();
      body.creditors = [{ civilId, payoutIban: validIban }];
      const error = await refused(await clerk(), post(url, body), 400, "CIVIL_ID_INVALID");
      assert.equal(error.details.reason, reason);
    });
    test(`debtor civil ID with ${name} → 400 CIVIL_ID_INVALID`, async () => {
      const body = openFileBody();
      body.debtors = [{ civilId }];
      const error = await refused(await clerk(), post(url, body), 400, "CIVIL_ID_INVALID");
      assert.equal(error.details.reason, reason);
      // The civil ID is personal data: it is not echoed back.
      if (civilId.length > 0) assert.ok(!JSON.stringify(error).includes(civilId));
    });
  }

  const badIbans: [string, string, string, string | null][] = [
    ["bad checksum", validIban.slice(0, 2) + (validIban.slice(2, 4) === "00" ? "01" : "00") + validIban.slice(4), "IBAN_INVALID", "checksum"],
    ["wrong country (a valid British IBAN)", "GB82WEST12345698765432", "IBAN_INVALID", "country"],
    ["wrong length", validIban.slice(0, 29), "IBAN_INVALID", "length"],
    ["punctuation", `${validIban.slice(0, 29)}!`, "IBAN_INVALID", "format"],
    ["unknown bank code (checksum correct)", kuwaitIbanWithBankCode("ZZZZ"), "BANK_CODE_UNKNOWN", null],
  ];
  for (const [name, iban, code, reason] of badIbans) {
    test(`payout IBAN with ${name} → 400 ${code}`, async () => {
      const body = openFileBody();
      body.creditors = [{ civilId: people.creditor, payoutIban: iban }];
      const error = await refused(await clerk(), post(url, body), 400, code);
      if (reason) assert.equal(error.details.reason, reason);
      else assert.equal(error.details.bankCode, "ZZZZ");
    });
  }

  const badAmounts: [string, unknown, number, string][] = [
    ["negative", "-5.000", 400, "MONEY_NEGATIVE"],
    ["sub-fils", "1.2345", 400, "MONEY_SUB_FILS"],
    ["garbage", "five thousand", 400, "MONEY_INVALID"],
    ["two decimal points", "1.2.3", 400, "MONEY_INVALID"],
    ["exponent", "1e3", 400, "MONEY_INVALID"],
    ["a JSON number", 5000, 400, "VALIDATION_FAILED"],
    ["a JSON number with decimals", 5000.5, 400, "VALIDATION_FAILED"],
    ["null", null, 400, "VALIDATION_FAILED"],
    ["an empty string", "", 400, "VALIDATION_FAILED"],
  ];
  for (const [name, amount, status, code] of badAmounts) {
    test(`claim principal ${name} → ${status} ${code}`, async () => {
      const body = openFileBody();
      body.claim = { principal: amount, costs: "150.000" };
      await refused(await clerk(), post(url, body), status, code);
    });
  }
  test("claim costs as a JSON number → 400 VALIDATION_FAILED", async () => {
    const body = openFileBody();
    body.claim = { principal: "5000.000", costs: 150 };
    await refused(await clerk(), post(url, body), 400, "VALIDATION_FAILED");
  });
  test("claim fees negative → 400 MONEY_NEGATIVE", async () => {
    const body = openFileBody();
    body.claim = { principal: "5000.000", fees: "-0.001" };
    await refused(await clerk(), post(url, body), 400, "MONEY_NEGATIVE");
  });
  test("zero principal → 400 VALIDATION_FAILED", async () => {
    const body = openFileBody();
    body.claim = { principal: "0.000" };
    await refused(await clerk(), post(url, body), 400, "VALIDATION_FAILED");
  });

  const unknownFields: [string, (body: OpenFileBody) => void][] = [
    ["at the top level", (body) => (body.status = "satisfied")],
    ["at the top level (openedBy)", (body) => (body.openedBy = people.stranger)],
    ["in the title", (body) => (body.title.judge = "someone")],
    ["in the claim", (body) => (body.claim.discount = "100.000")],
    ["in a creditor", (body) => (body.creditors[0]!.name = "Someone")],
    ["in a debtor (a payout IBAN is for creditors)", (body) => (body.debtors[0]!.payoutIban = validIban)],
    ["in a party (both civil ID and CR number)", (body) => (body.debtors[0]!.crNumber = "1234567")],
  ];
  for (const [name, mutate] of unknownFields) {
    test(`an unknown field ${name} → 400 VALIDATION_FAILED`, async () => {
      const body = openFileBody();
      mutate(body);
      await refused(await clerk(), post(url, body), 400, "VALIDATION_FAILED");
    });
  }
  test("a missing required field → 400 VALIDATION_FAILED with the path in details", async () => {
    const body = openFileBody();
    delete body.title.caseNumber;
    const error = await refused(await clerk(), post(url, body), 400, "VALIDATION_FAILED");
    assert.ok(JSON.stringify(error.details).includes("caseNumber"), JSON.stringify(error.details));
  });
  test("an unknown title type → 400 VALIDATION_FAILED", async () => {
    const body = openFileBody();
    body.title.type = "rumour";
    await refused(await clerk(), post(url, body), 400, "VALIDATION_FAILED");
  });

  test("a title without executory formula → 422 FILE_NOT_ENFORCEABLE", async () => {
    const body = openFileBody();
    body.title.hasExecutoryFormula = false;
    const error = await refused(await clerk(), post(url, body), 422, "FILE_NOT_ENFORCEABLE");
    assert.deepEqual(error.details.failures, ["no_executory_formula"]);
  });
  test("a final judgment that is not final → 422 FILE_NOT_ENFORCEABLE", async () => {
    const body = openFileBody();
    body.title.isFinal = false;
    await refused(await clerk(), post(url, body), 422, "FILE_NOT_ENFORCEABLE");
  });
  test("interest on a title not granting it → 422 INTEREST_NOT_GRANTED", async () => {
    const body = openFileBody();
    body.claim = { principal: "5000.000", interest: "250.000" };
    await refused(await clerk(), post(url, body), 422, "INTEREST_NOT_GRANTED");
  });
  test("the same party as creditor and debtor → 422 PARTY_ON_BOTH_SIDES", async () => {
    await refused(await clerk(), post(url, openFileBody(people.creditor, people.creditor)), 422, "PARTY_ON_BOTH_SIDES");
  });
  test("a civil ID not registered → 422 PERSON_NOT_FOUND", async () => {
    await refused(await clerk(), post(url, openFileBody(people.creditor, unregisteredCivilId(7))), 422, "PERSON_NOT_FOUND");
  });
  test("a duplicate title (same court, case number and type) → 409 DUPLICATE_TITLE", async () => {
    const client = await clerk();
    const first = openFileBody();
    const opened = await client.post(url, first);
    assert.equal(opened.statusCode, 201, opened.body);
    // Another creditor and debtor do not make it another title.
    const again = openFileBody(people.otherCreditor, people.otherDebtor);
    again.title = { ...first.title };
    await refused(client, post(url, again), 409, "DUPLICATE_TITLE");
  });
});

describe("POST /api/v1/files/:fileId/procedures (creditor)", () => {
  const url = (fileId: string) => `/api/v1/files/${fileId}/procedures`;

  test("positive control: a bank attachment on every bank is ordered (201) with one order per commercial bank", async () => {
    const file = await freshFile();
    const before = await rowCounts(db);
    const response = await signedRequest(harness, await creditor(), file.id, {
      kind: "bank_attachment",
      debtorPartyId: file.debtorPartyId,
      amount: "1000.000",
      banks: "all",
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json() as { status: string; orders: { agencyKey: string }[] };
    assert.equal(body.status, "ordered");
    assert.equal(body.orders.length, commercialBanks.length);
    const after = await rowCounts(db);
    assert.equal(after.procedures, before.procedures + 1);
    assert.equal(after.agency_orders, before.agency_orders + commercialBanks.length);
    assert.ok(after.actions > before.actions);
    // The dispatch, and the creditor's electronic notice of the new status (src/notices).
    assert.equal(after.outbox, before.outbox + 2);
  });

  test("a non-uuid file id in the path → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    const body = { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId };
    for (const id of ["not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "%27%20OR%201%3D1"]) {
      const error = await refused(await creditor(), post(url(id), body), 400, "VALIDATION_FAILED");
      assert.ok(JSON.stringify(error.details).includes("fileId"), JSON.stringify(error.details));
    }
  });
  test("a well-formed file id that does not exist → 404 FILE_NOT_FOUND", async () => {
    const file = await freshFile();
    await refused(
      await creditor(),
      post(url("00000000-0000-4000-8000-000000000000"), { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId }),
      404,
      "FILE_NOT_FOUND",
    );
  });
  test("a non-uuid debtor party id → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(await creditor(), post(url(file.id), { kind: "vehicle_seizure", debtorPartyId: "debtor-1" }), 400, "VALIDATION_FAILED");
  });
  test("the creditor's own party id as debtor → 422 DEBTOR_NOT_ON_FILE", async () => {
    const file = await freshFile();
    await refused(await creditor(), post(url(file.id), { kind: "vehicle_seizure", debtorPartyId: file.creditorPartyId }), 422, "DEBTOR_NOT_ON_FILE");
  });

  const badAmounts: [string, unknown, string][] = [
    ["negative", "-100.000", "MONEY_NEGATIVE"],
    ["sub-fils", "1.2345", "MONEY_SUB_FILS"],
    ["garbage", "lots", "MONEY_INVALID"],
    ["a JSON number", 1000, "VALIDATION_FAILED"],
    ["zero", "0.000", "VALIDATION_FAILED"],
  ];
  for (const [name, amount, code] of badAmounts) {
    test(`a bank attachment amount ${name} → 400 ${code}`, async () => {
      const file = await freshFile();
      await refused(
        await creditor(),
        post(url(file.id), { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount, banks: "all" }),
        400,
        code,
      );
    });
  }

  test("an unknown field at the top level → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(
      await creditor(),
      post(url(file.id), { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId, status: "in_force" }),
      400,
      "VALIDATION_FAILED",
    );
  });
  test("an unknown field nested in the travel-ban evidence → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(
      await creditor(),
      post(url(file.id), { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: { ...travelBanEvidence, judgeApproved: "yes" } }),
      400,
      "VALIDATION_FAILED",
    );
  });
  test("a field of another kind (banks on a vehicle seizure) → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(
      await creditor(),
      post(url(file.id), { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId, banks: "all" }),
      400,
      "VALIDATION_FAILED",
    );
  });
  test("an unknown procedure kind → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(await creditor(), post(url(file.id), { kind: "house_arrest", debtorPartyId: file.debtorPartyId }), 400, "VALIDATION_FAILED");
  });

  test("a bank attachment above the outstanding → 422 AMOUNT_EXCEEDS_OUTSTANDING", async () => {
    const file = await freshFile();
    // Outstanding is 10,160.000: one fils more is refused.
    const error = await refused(
      await creditor(),
      post(url(file.id), { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "10160.001", banks: "all" }),
      422,
      "AMOUNT_EXCEEDS_OUTSTANDING",
    );
    assert.equal(error.details.outstanding, "10160000");
  });

  for (const banks of [["ZZZZ"], ["NBOK", "XXXX"], ["nbok"], ["CBKU"]]) {
    test(`a bank attachment to banks ${JSON.stringify(banks)} → 400 BANK_CODE_UNKNOWN`, async () => {
      const file = await freshFile();
      await refused(
        await creditor(),
        post(url(file.id), { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "100.000", banks }),
        400,
        "BANK_CODE_UNKNOWN",
      );
    });
  }
  test("a bank attachment to no bank → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(
      await creditor(),
      post(url(file.id), { kind: "bank_attachment", debtorPartyId: file.debtorPartyId, amount: "100.000", banks: [] }),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("a travel ban with blank evidence → 422 EVIDENCE_REQUIRED naming what is missing", async () => {
    const file = await freshFile();
    const error = await refused(
      await creditor(),
      post(url(file.id), { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: { ...travelBanEvidence, flightRisk: "   \n\t" } }),
      422,
      "EVIDENCE_REQUIRED",
    );
    assert.deepEqual(error.details.missing, ["flightRisk"]);
  });
  test("a travel ban with all evidence empty → 422 EVIDENCE_REQUIRED", async () => {
    const file = await freshFile();
    const error = await refused(
      await creditor(),
      post(url(file.id), { kind: "travel_ban", debtorPartyId: file.debtorPartyId, evidence: { debtCertainAndDue: "", flightRisk: "", abilityToPay: "" } }),
      422,
      "EVIDENCE_REQUIRED",
    );
    assert.deepEqual(error.details.missing, ["debtCertainAndDue", "flightRisk", "abilityToPay"]);
  });
  test("a travel ban without evidence → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(await creditor(), post(url(file.id), { kind: "travel_ban", debtorPartyId: file.debtorPartyId }), 400, "VALIDATION_FAILED");
  });
});

describe("POST /api/v1/files/:fileId/ledger-entries (clerk)", () => {
  const url = (fileId: string) => `/api/v1/files/${fileId}/ledger-entries`;
  let reference = 0;
  const payment = (amount: unknown) => ({ kind: "payment", amount, source: "cash_at_department", reference: `R-BAD-${++reference}` });

  test("positive control: a payment is recorded (201) and the outstanding falls", async () => {
    const file = await freshFile();
    const before = await rowCounts(db);
    const response = await (await clerk()).post(url(file.id), payment("160.000"));
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual({ ...(response.json() as object), entryId: "-" }, { entryId: "-", outstanding: "10000.000", fileStatus: "open", replayed: false });
    const after = await rowCounts(db);
    assert.equal(after.ledger_entries, before.ledger_entries + 1);
    assert.equal(after.actions, before.actions + 1);
  });

  test("a non-uuid file id in the path → 400 VALIDATION_FAILED", async () => {
    await freshFile();
    for (const id of ["abc", "123e4567-e89b-12d3-a456-42661417400", "..%2F..%2Fetc%2Fpasswd"]) {
      await refused(await clerk(), post(url(id), payment("1.000")), 400, "VALIDATION_FAILED");
    }
  });

  const badAmounts: [string, unknown, string][] = [
    ["negative", "-1.000", "MONEY_NEGATIVE"],
    ["sub-fils", "1.2345", "MONEY_SUB_FILS"],
    ["garbage", "12abc", "MONEY_INVALID"],
    ["a JSON number", 100, "VALIDATION_FAILED"],
    ["a JSON number with decimals", 100.5, "VALIDATION_FAILED"],
    ["zero", "0.000", "VALIDATION_FAILED"],
  ];
  for (const [name, amount, code] of badAmounts) {
    test(`an amount ${name} → 400 ${code}`, async () => {
      const file = await freshFile();
      await refused(await clerk(), post(url(file.id), payment(amount)), 400, code);
    });
  }

  test("a payment over the outstanding → 422 AMOUNT_EXCEEDS_OUTSTANDING", async () => {
    const file = await freshFile();
    const error = await refused(await clerk(), post(url(file.id), payment("10160.001")), 422, "AMOUNT_EXCEEDS_OUTSTANDING");
    assert.equal(error.details.outstanding, "10160000");
  });
  test("an unknown field → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(await clerk(), post(url(file.id), { ...payment("10.000"), recordedBy: people.judge }), 400, "VALIDATION_FAILED");
  });
  test("an unknown source or kind → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(await clerk(), post(url(file.id), { ...payment("10.000"), source: "found_on_street" }), 400, "VALIDATION_FAILED");
    await refused(await clerk(), post(url(file.id), { ...payment("10.000"), kind: "refund" }), 400, "VALIDATION_FAILED");
  });
  test("a blank reference → 400 VALIDATION_FAILED", async () => {
    const file = await freshFile();
    await refused(await clerk(), post(url(file.id), { ...payment("10.000"), reference: "   " }), 400, "VALIDATION_FAILED");
  });
});

describe("transport errors on every write endpoint", () => {
  interface Endpoint {
    name: string;
    client: () => Promise<Client>;
    target: () => Promise<{ url: string; body: object }>;
  }
  const endpoints: Endpoint[] = [
    { name: "POST /api/v1/files", client: clerk, target: async () => ({ url: "/api/v1/files", body: openFileBody() }) },
    {
      name: "POST /api/v1/files/:id/procedures",
      client: creditor,
      target: async () => {
        const file = await freshFile();
        // Signed on the phone first: the write endpoint needs the signature as well as a valid body.
        const body = { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId };
        const { id } = await signOnPhone(harness, await creditor(), { purpose: "procedure.request", fileId: file.id, request: body });
        return { url: `/api/v1/files/${file.id}/procedures`, body: { ...body, signingRequestId: id } };
      },
    },
    {
      name: "POST /api/v1/files/:id/ledger-entries",
      client: clerk,
      target: async () => {
        const file = await freshFile();
        return {
          url: `/api/v1/files/${file.id}/ledger-entries`,
          body: { kind: "payment", amount: "1.000", source: "bank_transfer", reference: `T-${file.id}` },
        };
      },
    },
  ];

  for (const endpoint of endpoints) {
    test(`${endpoint.name}: the valid body as raw JSON is accepted (control for the cases below)`, async () => {
      const { url, body } = await endpoint.target();
      const response = await (await endpoint.client()).request({
        method: "POST",
        url,
        headers: { "content-type": "application/json; charset=utf-8" },
        payload: JSON.stringify(body),
      });
      assert.equal(response.statusCode, 201, response.body);
    });
    test(`${endpoint.name}: a body over 256 KiB → 413 PAYLOAD_TOO_LARGE`, async () => {
      const { url, body } = await endpoint.target();
      await refused(
        await endpoint.client(),
        { method: "POST", url, headers: { "content-type": "application/json" }, payload: oversized(body) },
        413,
        "PAYLOAD_TOO_LARGE",
      );
    });
    test(`${endpoint.name}: invalid JSON → 400 VALIDATION_FAILED`, async () => {
      const { url, body } = await endpoint.target();
      const client = await endpoint.client();
      for (const payload of [JSON.stringify(body).slice(0, -1), "{'kind': 'payment'}", "not json at all", "{}}"]) {
        await refused(client, { method: "POST", url, headers: { "content-type": "application/json" }, payload }, 400, "VALIDATION_FAILED");
      }
    });
    test(`${endpoint.name}: an empty JSON body → 400 VALIDATION_FAILED`, async () => {
      const { url } = await endpoint.target();
      await refused(await endpoint.client(), { method: "POST", url, headers: { "content-type": "application/json" }, payload: "" }, 400, "VALIDATION_FAILED");
    });
    test(`${endpoint.name}: a JSON array or string instead of an object → 400 VALIDATION_FAILED`, async () => {
      const { url, body } = await endpoint.target();
      const client = await endpoint.client();
      for (const payload of [JSON.stringify([body]), JSON.stringify("text"), "null"]) {
        await refused(client, { method: "POST", url, headers: { "content-type": "application/json" }, payload }, 400, "VALIDATION_FAILED");
      }
    });
    for (const contentType of ["application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      test(`${endpoint.name}: content type ${contentType} → 415 UNSUPPORTED_MEDIA_TYPE`, async () => {
        const { url, body } = await endpoint.target();
        await refused(
          await endpoint.client(),
          { method: "POST", url, headers: { "content-type": contentType }, payload: JSON.stringify(body) },
          415,
          "UNSUPPORTED_MEDIA_TYPE",
        );
      });
    }
    // text/plain is what a cross-site form or a fetch() without headers sends: a JSON API
    // should refuse it as a media type, not parse it and fail validation.
    test(`${endpoint.name}: content type text/plain → 415 UNSUPPORTED_MEDIA_TYPE`, async () => {
      const { url, body } = await endpoint.target();
      await refused(
        await endpoint.client(),
        { method: "POST", url, headers: { "content-type": "text/plain" }, payload: JSON.stringify(body) },
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
    });
  }
});

describe("unknown routes", () => {
  test("an unknown /api/v1 route → 404 NOT_FOUND, for GET and POST", async () => {
    const client = await clerk();
    const error = await refused(client, { method: "GET", url: "/api/v1/filez" }, 404, "NOT_FOUND");
    assert.equal(error.details.path, "/api/v1/filez");
    await refused(client, post("/api/v1/files/00000000-0000-4000-8000-000000000000/refunds-requests", { amount: "1.000" }), 404, "NOT_FOUND");
    await refused(client, { method: "DELETE", url: "/api/v1/files" }, 404, "NOT_FOUND");
  });
  test("an unknown route outside the API → 404 NOT_FOUND, query string not echoed", async () => {
    const error = await refused(harness.anonymous, { method: "GET", url: "/wp-admin/setup.php?token=secret" }, 404, "NOT_FOUND");
    assert.equal(error.details.path, "/wp-admin/setup.php");
  });
});
