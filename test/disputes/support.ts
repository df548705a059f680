/**
 * Shared by the dispute and instalment-plan tests: a world on a fresh database, parties of
 * a file, the worker's dispatch run directly (no stand-in agencies), the outbox run once
 * (dispatches and notices), a lawyer holding the debtor's mandate, and counts proving a
 * refused call wrote nothing.
 */
import assert from "node:assert/strict";
import { dispatchProcedure } from "../../src/app/agency-exchange/dispatch-procedure.ts";
import { registerMandate, registerPersons } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { makeCivilId } from "../../src/domain/identifiers/index.ts";
import { outboxHandlers } from "../../src/jobs/outbox-handlers.ts";
import { runOutboxOnce } from "../../src/jobs/outbox-runner.ts";
import type { Db } from "../../src/storage/database.ts";
import { people, type World } from "../support/fixtures.ts";

export const KD = 1000n;
export const travelBanEvidence = { debtCertainAndDue: "حكم نهائي بات", flightRisk: "حجز تذكرة سفر ذهاب فقط", abilityToPay: "راتب شهري ثابت" };

export async function partiesOf(db: Db, fileId: string) {
  const parties = await db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", fileId).orderBy("id").execute();
  return { debtor: parties.find((party) => party.party_role === "debtor")!.id, creditor: parties.find((party) => party.party_role === "creditor")!.id };
}

/** What the worker does with a procedure's dispatch: the debtor's identity taken as confirmed, the pending orders sent. */
export async function dispatchNow(world: World, db: Db, procedureId: string): Promise<void> {
  const now = world.clock.now();
  const debtor = await db.selectFrom("procedures as p").innerJoin("file_parties as fp", "fp.id", "p.debtor_party_id").select("fp.civil_id").where("p.id", "=", procedureId).executeTakeFirstOrThrow();
  if (debtor.civil_id !== null) await db.updateTable("persons").set({ identity_confirmed_at: now }).where("civil_id", "=", debtor.civil_id).execute();
  await db.transaction().execute((tx) => dispatchProcedure({ tx, now, deps: world.deps }, { procedureId, correlationId: `test-dispatch-${procedureId}` }));
}

/** Runs every outbox entry due (dispatches, lifts, notices) once; returns how many ran. */
export async function runOutbox(world: World, db: Db): Promise<number> {
  const round = await runOutboxOnce({ ...world.deps, db }, outboxHandlers);
  assert.equal(round.failed, 0, "an outbox entry failed");
  return round.processed;
}

/** A lawyer holding the debtor's verified mandate with the given scopes (the fixtures' lawyer acts for the creditor). */
export async function debtorLawyer(world: World, serial: number, scopes: ("view" | "request" | "waive")[] = ["view", "request"]): Promise<string> {
  let civilId = "";
  for (let day = 1; !civilId; day++) civilId = makeCivilId({ year: 1970, month: 8, day }, serial) ?? "";
  const system = { subject: systemSubject, correlationId: "test-debtor-lawyer" };
  await registerPersons(world.deps, system, [{ civilId, nameAr: "محامي المدين", nameEn: "Debtor's lawyer", nationality: "KWT", email: null, phone: null }]);
  const now = world.clock.now().getTime();
  await registerMandate(world.deps, system, { lawyerCivilId: civilId, principal: { civilId: people.debtor }, fileId: null, scopes, validFrom: new Date(now - 86_400_000), validUntil: new Date(now + 365 * 86_400_000) });
  return civilId;
}

const counted = ["actions", "procedures", "agency_orders", "agency_messages", "outbox", "disputes", "review_items", "instalment_plans", "instalments", "instalment_plan_consents", "instalment_plan_measures", "instalment_credits", "ledger_entries"] as const;

/** Row counts and statuses of everything these use cases write. */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of counted) {
    const row = await db.selectFrom(table).select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    result[table] = String(row.n);
  }
  result["disputes.status"] = (await db.selectFrom("disputes").select(["status", "bond_status"]).orderBy("id").execute()).map((row) => `${row.status}/${row.bond_status}`).join(",");
  result["plans.status"] = (await db.selectFrom("instalment_plans").select("status").orderBy("id").execute()).map((row) => row.status).join(",");
  return result;
}

/** Asserts `act` throws the code and writes nothing. */
export async function refused(db: Db, act: () => Promise<unknown>, code: string): Promise<void> {
  const before = await snapshot(db);
  await assert.rejects(act, (error: { code?: string }) => {
    assert.equal(error.code, code);
    return true;
  });
  assert.deepEqual(await snapshot(db), before, "a refused call changed the database");
}
