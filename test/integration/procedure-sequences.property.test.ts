/**
 * Property: any sequence of what people may do to a file — request each measure, decide,
 * waive, pay — leaves every procedure and order in a declared state equal to the fold of
 * its actions, never holds more than is owed, and ends everything once the file is paid.
 * Refusals are DomainErrors that change nothing.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { sql } from "kysely";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { readFile } from "../../src/app/read-files.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { waiveProcedure } from "../../src/app/waive-procedure.ts";
import { isDomainError } from "../../src/domain/errors.ts";
import { agencyOrderStatuses, isTerminalProcedureStatus, procedureStatuses, type ProcedureStatus } from "../../src/domain/procedures/index.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, people, type World } from "../support/fixtures.ts";

let database: TestDatabase;
let world: World;
before(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
after(() => database.drop());

type Step =
  | { op: "attach"; share: number; banks: "all" | string[] }
  | { op: "seize" }
  | { op: "ban" }
  | { op: "decide"; pick: number; grant: boolean; asClerk: boolean }
  | { op: "waive"; pick: number }
  | { op: "pay"; share: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("attach" as const), share: fc.double({ min: 0, max: 1.2, noNaN: true }), banks: fc.oneof(fc.constant("all" as const), fc.subarray(["NBOK", "KFHO", "GULB", "BBYN"], { minLength: 1 })) }),
  fc.record({ op: fc.constant("seize" as const) }),
  fc.record({ op: fc.constant("ban" as const) }),
  fc.record({ op: fc.constant("decide" as const), pick: fc.nat(), grant: fc.boolean(), asClerk: fc.boolean() }),
  fc.record({ op: fc.constant("waive" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("pay" as const), share: fc.double({ min: 0, max: 1.1, noNaN: true }) }),
);

// Refusals a person can meet; anything else is a bug.
const expectedRefusals = new Set(["AMOUNT_EXCEEDS_OUTSTANDING", "FILE_CLOSED", "PROCEDURE_ALREADY_ACTIVE", "TRANSITION_NOT_ALLOWED", "FORBIDDEN", "VALIDATION_FAILED"]);

/** A fraction of an amount in whole fils (test input only; money itself stays bigint). */
const part = (amount: bigint, share: number) => (amount * BigInt(Math.round(share * 1000))) / 1000n;

async function snapshot(fileId: string) {
  const file = await database.db.selectFrom("enforcement_files").selectAll().where("id", "=", fileId).executeTakeFirstOrThrow();
  const procedures = await database.db.selectFrom("procedures").selectAll().where("file_id", "=", fileId).orderBy("requested_at").orderBy("id").execute();
  const orders = await database.db.selectFrom("agency_orders").selectAll().where("file_id", "=", fileId).execute();
  const actions = await sql<{ n: bigint }>`SELECT count(*) AS n FROM actions WHERE file_id = ${fileId}`.execute(database.db);
  return { file, procedures, orders, actionCount: actions.rows[0]!.n };
}

test("random sequences of requests, decisions, waivers and payments keep every invariant", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
      const file = await world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor }, 2_000n);
      const creditor = await world.as(people.creditor);
      const debtorId = (await readFile(world.deps, creditor, file.id)).parties.find((party) => party.party_role === "debtor")!.id;
      let reference = 0;
      for (const current of steps) {
        const beforeStep = await snapshot(file.id);
        const owed = beforeStep.file.claim_total - beforeStep.file.recovered_total;
        const pick = (index: number) => beforeStep.procedures[index % Math.max(1, beforeStep.procedures.length)];
        try {
          switch (current.op) {
            case "attach":
              await requestProcedure(world.deps, creditor, { kind: "bank_attachment", fileId: file.id, debtorPartyId: debtorId, amount: part(owed, current.share) || 1n, banks: current.banks });
              break;
            case "seize":
              await requestProcedure(world.deps, creditor, { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: debtorId });
              break;
            case "ban":
              await requestProcedure(world.deps, creditor, {
                kind: "travel_ban",
                fileId: file.id,
                debtorPartyId: debtorId,
                evidence: { debtCertainAndDue: "حكم نهائي", flightRisk: "حجز تذكرة سفر", abilityToPay: "راتب شهري" },
              });
              break;
            case "decide": {
              const target = pick(current.pick);
              if (!target) continue;
              await decideProcedure(world.deps, await world.as(current.asClerk ? people.clerk : people.judge), {
                fileId: file.id,
                procedureId: target.id,
                decision: current.grant ? "grant" : "reject",
                reasons: "أسباب القرار",
              });
              break;
            }
            case "waive": {
              const target = pick(current.pick);
              if (!target) continue;
              await waiveProcedure(world.deps, creditor, { fileId: file.id, procedureId: target.id, reason: "تنازل" });
              break;
            }
            case "pay":
              await recordLedgerEntry(world.deps, await world.as(people.clerk), {
                fileId: file.id,
                kind: "payment",
                amount: part(owed, current.share) || 1n,
                source: "cash_at_department",
                reference: `receipt-${++reference}`,
              });
              break;
          }
        } catch (error) {
          if (!isDomainError(error) || !expectedRefusals.has(error.code)) throw error;
          // A refusal changes nothing.
          assert.deepEqual(await snapshot(file.id), beforeStep);
        }
        const state = await snapshot(file.id);
        for (const procedure of state.procedures) assert.ok((procedureStatuses as readonly string[]).includes(procedure.status), procedure.status);
        for (const order of state.orders) assert.ok((agencyOrderStatuses as readonly string[]).includes(order.status), order.status);
        assert.ok(state.file.recovered_total <= state.file.claim_total);
        for (const procedure of state.procedures) {
          if (procedure.amount !== null && !isTerminalProcedureStatus(procedure.status as ProcedureStatus)) {
            assert.ok(procedure.amount > 0n);
          }
        }
        if (state.file.status === "satisfied") {
          // Nothing is still asked for or standing: only lifts waiting for an agency's confirmation.
          for (const procedure of state.procedures) {
            assert.ok(isTerminalProcedureStatus(procedure.status as ProcedureStatus) || procedure.status === "lifting", procedure.status);
          }
        }
      }
      const report = await verifyAudit(database.db);
      assert.deepEqual(report.chainProblems, []);
      assert.deepEqual(report.projectionProblems, []);
    }),
    { numRuns: 25 },
  );
});
