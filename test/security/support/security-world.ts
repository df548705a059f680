/**
 * The world the attack tests work in: the real HTTP app over a test database with files,
 * procedures in several states, an order sent to NBOK, a disclosure request, a signing
 * request and an issued document; a signed-in session (cookie + CSRF) for every person of
 * the fixtures, an institutional creditor's machine client (bearer token) and an
 * anonymous caller; and pools of every id in the database, to aim requests at real rows.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { grantedDisclosure } from "../../support/disclosure.ts";
import { requestProcedure } from "../../../src/app/request-procedure.ts";
import { companyCr, people } from "../../support/fixtures.ts";
import { startHttpHarness, type Client, type HttpHarness } from "../../support/http.ts";
import { dispatchNow, machineCaller, type MachineCaller } from "../../http/authorization-support.ts";
import { travelBanEvidence } from "../../http/helpers.ts";

export type Person = keyof typeof people;
export type CallerName = Person | "machineClient" | "anonymous";
export const callerNames: readonly CallerName[] = [...(Object.keys(people) as Person[]), "machineClient", "anonymous"];

export interface Seeded {
  /** creditor v. debtor: a bank attachment sent to NBOK, a travel ban, a disclosure request, a document. */
  fileA: string;
  /** otherCreditor v. otherDebtor: a vehicle seizure. */
  fileB: string;
  /** the company v. debtor. */
  fileC: string;
  attachmentA: string;
  travelBanA: string;
  seizureB: string;
  orderA: string;
  disclosureA: string;
  signingRequestA: string;
  documentA: string;
  debtorPartyA: string;
  debtorPartyB: string;
}

export interface Pools {
  /** Every uuid in the database's id columns. */
  ids: string[];
  /** The ids a field or parameter of this name refers to ("fileId" → the files'), when that can be told. */
  idsFor(name: string): string[];
  civilIds: string[];
  crNumbers: string[];
  clientIds: string[];
}

export interface SecurityWorld {
  harness: HttpHarness;
  seeded: Seeded;
  callers: Record<CallerName, Client>;
  machine: MachineCaller;
  /** New sessions and a new token for everyone (after a fuzzed logout or revocation). */
  refreshCallers(): Promise<void>;
  pools(): Promise<Pools>;
  close(): Promise<void>;
}

async function debtorParty(harness: HttpHarness, fileId: string): Promise<string> {
  const row = await harness.database.db.selectFrom("file_parties").select("id").where("file_id", "=", fileId).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  return row.id;
}

/** The issued document's id, from the answer ({ document: { id } }, or the document itself). */
function documentIdOf(body: unknown): string {
  const answer = body as { id?: string; document?: { id?: string } };
  const id = answer.document?.id ?? answer.id;
  assert.ok(id, `no document id in ${JSON.stringify(body)}`);
  return id;
}

export async function startSecurityWorld(options: Parameters<typeof startHttpHarness>[0] = {}): Promise<SecurityWorld> {
  const harness = await startHttpHarness(options);
  const { world } = harness;
  const db = harness.database.db;
  const fileA = (await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor })).id;
  const fileB = (await world.openFileFor({ civilId: people.otherCreditor }, { civilId: people.otherDebtor })).id;
  const fileC = (await world.openFileFor({ crNumber: companyCr }, { civilId: people.debtor })).id;
  const debtorPartyA = await debtorParty(harness, fileA);
  const debtorPartyB = await debtorParty(harness, fileB);
  const creditor = await world.as(people.creditor);
  const attachmentA = (await requestProcedure(world.deps, creditor, { kind: "bank_attachment", fileId: fileA, debtorPartyId: debtorPartyA, amount: 100_000n, banks: ["NBOK"] })).id;
  await dispatchNow(db, world.clock.now(), attachmentA);
  const orderA = (await db.selectFrom("agency_orders").select("id").where("procedure_id", "=", attachmentA).executeTakeFirstOrThrow()).id;
  const travelBanA = (await requestProcedure(world.deps, creditor, { kind: "travel_ban", fileId: fileA, debtorPartyId: debtorPartyA, evidence: travelBanEvidence })).id;
  const seizureB = (await requestProcedure(world.deps, await world.as(people.otherCreditor), { kind: "vehicle_seizure", fileId: fileB, debtorPartyId: debtorPartyB })).id;
  const disclosureA = (await grantedDisclosure(world, { fileId: fileA, debtorPartyId: debtorPartyA })).requestId;

  const creditorClient = await harness.clientFor(people.creditor);
  const signing = await creditorClient.post("/api/v1/signing-requests", { purpose: "procedure.request", fileId: fileA, request: { kind: "vehicle_seizure", debtorPartyId: debtorPartyA } });
  assert.equal(signing.statusCode, 201, signing.body);
  const document = await creditorClient.post(`/api/v1/files/${fileA}/documents/issue`, { kind: "request_receipt", procedureId: attachmentA });
  assert.equal(document.statusCode, 201, document.body);

  let machine = await machineCaller(harness);
  const callers = {} as Record<CallerName, Client>;
  const refreshCallers = async () => {
    for (const name of callerNames) {
      if (name === "anonymous") callers[name] = harness.anonymous;
      else if (name === "machineClient") {
        // A fuzzed revocation may have ended the client: then a new one.
        const client = await machine.client().catch(() => null);
        if (client) callers[name] = client;
        else {
          machine = await machineCaller(harness);
          callers[name] = await machine.client();
        }
      } else callers[name] = await harness.clientFor(people[name]);
    }
  };
  await refreshCallers();

  const seeded: Seeded = {
    fileA,
    fileB,
    fileC,
    attachmentA,
    travelBanA,
    seizureB,
    orderA,
    disclosureA,
    signingRequestA: (signing.json() as { id: string }).id,
    documentA: documentIdOf(document.json()),
    debtorPartyA,
    debtorPartyB,
  };
  return {
    harness,
    seeded,
    callers,
    get machine() {
      return machine;
    },
    refreshCallers,
    pools: async () => {
      // Every uuid column of every table the application may read.
      const columns = await sql<{ table_name: string; column_name: string }>`
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
        WHERE c.table_schema = current_schema() AND c.data_type = 'uuid' AND t.table_type = 'BASE TABLE'`.execute(db);
      const ids = new Set<string>();
      for (const { table_name: table, column_name: column } of columns.rows) {
        const rows = await sql<{ id: string }>`SELECT DISTINCT ${sql.ref(column)}::text AS id FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL LIMIT 200`.execute(db);
        for (const row of rows.rows) ids.add(row.id);
      }
      const clients = await db.selectFrom("machine_clients").select("client_id").execute();
      const byTable = new Map<string, string[]>();
      for (const { table_name: table, column_name: column } of columns.rows) {
        if (column !== "id") continue;
        const rows = await sql<{ id: string }>`SELECT id::text AS id FROM ${sql.table(table)} ORDER BY id LIMIT 200`.execute(db);
        byTable.set(table, rows.rows.map((row) => row.id));
      }
      const debtorParties = (await db.selectFrom("file_parties").select("id").where("party_role", "=", "debtor").execute()).map((row) => row.id);
      // Names whose table is not simply the name's plural; the rest: "disputeId" → disputes, "instalmentPlanId" → instalment_plans.
      const special: Record<string, string> = { fileId: "enforcement_files", requestId: "disclosure_requests", id: "signing_requests", signingRequestId: "signing_requests" };
      const idsFor = (name: string): string[] => {
        if (/^(debtor)?PartyId$/i.test(name)) return debtorParties;
        const match = /^(.*)Id$/.exec(name);
        if (!match) return [];
        const table = special[name] ?? `${match[1]!.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}s`;
        return byTable.get(table) ?? [];
      };
      return { ids: [...ids].sort(), idsFor, civilIds: Object.values(people), crNumbers: [companyCr], clientIds: clients.map((client) => client.client_id) };
    },
    close: () => harness.close(),
  };
}
