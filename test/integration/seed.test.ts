import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { systemClock } from "../../src/app/clock.ts";
import { makeDeps } from "../../src/app/deps.ts";
import { mandateInForce } from "../../src/domain/access/authorization.ts";
import { kuwaitDate } from "../../src/domain/file/calendar.ts";
import { parseCivilId, parseCrNumber, parseIban } from "../../src/domain/identifiers/index.ts";
import type { Db } from "../../src/storage/database.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { loadSubject } from "../../src/storage/registry/repository.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { demoAccounts, demoCompanies, isDatabaseEmpty, seedDemo, type DemoSummary } from "../../src/seed/demo.ts";

const FILES = 30;
const SEED = 7;

/** What must come out the same from the same seed: everything but the generated UUIDs. */
async function fingerprint(db: Db) {
  const files = await sql<{ number: string; claim_total: string; status: string; case_number: string; court: string; issued_on: string; parties: string; procedures: string | null }>`
    SELECT f.number, f.claim_total::text AS claim_total, f.status, t.case_number, t.court, t.issued_on::text AS issued_on,
      (SELECT string_agg(p.party_role || ':' || coalesce(p.civil_id, p.cr_number) || ':' || coalesce(p.payout_iban, '-'), ',' ORDER BY p.party_role, coalesce(p.civil_id, p.cr_number))
         FROM file_parties p WHERE p.file_id = f.id) AS parties,
      (SELECT string_agg(pr.procedure_kind || ':' || pr.status || ':' || coalesce(pr.amount::text, '-'), ',' ORDER BY pr.procedure_kind, pr.status, pr.amount)
         FROM procedures pr WHERE pr.file_id = f.id) AS procedures
    FROM enforcement_files f JOIN executory_titles t ON t.file_id = f.id
    ORDER BY f.number`.execute(db);
  const persons = await db.selectFrom("persons").select(["civil_id", "name_ar", "name_en", "nationality", "email", "phone"]).orderBy("civil_id").execute();
  const ledger = await db.selectFrom("ledger_entries").select(["amount", "reference", "source"]).orderBy("reference").execute();
  return { files: files.rows, persons, ledger };
}

describe("seedDemo", () => {
  let database: TestDatabase;
  let summary: DemoSummary;

  before(async () => {
    database = await createTestDatabase();
    assert.equal(await isDatabaseEmpty(database.db), true);
    summary = await seedDemo(makeDeps(database.db, systemClock), { files: FILES, seed: SEED });
  });

  after(async () => {
    await database?.drop();
  });

  it("creates the requested number of files and reports true counts", async () => {
    const db = database.db;
    const count = async (table: "persons" | "companies" | "enforcement_files" | "procedures" | "mandates") =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    assert.equal(summary.files, FILES);
    assert.equal(await count("enforcement_files"), FILES);
    assert.equal(summary.persons, await count("persons"));
    assert.equal(summary.companies, await count("companies"));
    assert.equal(summary.mandates, await count("mandates"));
    assert.equal(summary.procedures.total, await count("procedures"));
    assert.ok(summary.persons >= Object.keys(demoAccounts).length + 20, `persons: ${summary.persons}`);
    assert.ok(summary.companies >= 5);
    assert.equal(summary.openFiles + summary.satisfiedFiles, FILES);
    assert.equal(
      Object.values(summary.procedures.byStatus).reduce((sum, n) => sum + n, 0),
      summary.procedures.total,
    );
    assert.equal(await isDatabaseEmpty(db), false);
  });

  it("gives every person a valid civil ID, every creditor payout a valid IBAN, every company a valid CR", async () => {
    const persons = await database.db.selectFrom("persons").select(["civil_id", "name_ar", "name_en", "phone", "email"]).execute();
    for (const person of persons) {
      assert.equal(parseCivilId(person.civil_id), person.civil_id);
      assert.match(person.name_ar, /^[\u0600-\u06FF ]+$/, person.name_ar);
      assert.match(person.name_en, /^[A-Za-z' -]+$/, person.name_en);
      assert.equal(person.name_ar.split(" ").length >= 3, true, person.name_ar);
      if (person.phone !== null) assert.match(person.phone, /^\+965[569]\d{7}$/);
      if (person.email !== null) assert.match(person.email, /^[a-z.0-9]+@example\.(com|net|org)$/);
    }
    const payouts = await database.db.selectFrom("file_parties").select("payout_iban").where("party_role", "=", "creditor").execute();
    const ibans = payouts.flatMap((row) => (row.payout_iban === null ? [] : [row.payout_iban]));
    assert.ok(ibans.length > payouts.length / 2, "most creditors have a payout IBAN");
    for (const iban of ibans) assert.equal(parseIban(iban), iban);
    for (const { cr_number } of await database.db.selectFrom("companies").select("cr_number").execute()) {
      assert.equal(parseCrNumber(cr_number), cr_number);
    }
  });

  it("issues titles in the past with interest only where granted, and claims in range", async () => {
    const today = kuwaitDate(new Date());
    const titles = await database.db.selectFrom("executory_titles").selectAll().execute();
    assert.equal(titles.length, FILES);
    for (const title of titles) {
      assert.ok(title.issued_on <= today && title.issued_on >= "2024-01-01", title.issued_on);
      assert.equal(title.has_executory_formula, true);
      assert.equal(title.is_final, title.title_type !== "provisional_judgment");
    }
    assert.ok(new Set(titles.map((title) => title.title_type)).size >= 3, "varied title types");
    const interest = await sql<{ n: string }>`
      SELECT count(*) AS n FROM claim_items c JOIN executory_titles t ON t.id = c.title_id
      WHERE c.item_kind = 'interest' AND NOT t.grants_interest`.execute(database.db);
    assert.equal(Number(interest.rows[0]!.n), 0);
    const principals = await database.db.selectFrom("claim_items").select("amount").where("item_kind", "=", "principal").execute();
    for (const { amount } of principals) assert.ok(amount >= 150_000n && amount <= 250_000_000n, String(amount));
  });

  it("leaves procedures in every state a demo needs, and a satisfied file", async () => {
    const byStatus = summary.procedures.byStatus;
    for (const status of ["under_review", "ordered", "rejected", "waived"] as const) {
      assert.ok(byStatus[status] > 0, `no procedure ${status}: ${JSON.stringify(byStatus)}`);
    }
    assert.ok(byStatus.lifted + byStatus.lifting + byStatus.expired > 0, "satisfaction ended some procedure");
    assert.ok(summary.satisfiedFiles > 0);
    for (const kind of ["bank_attachment", "vehicle_seizure", "travel_ban"] as const) assert.ok(summary.procedures.byKind[kind] > 0, kind);
    // A satisfied file has nothing running and nothing owed.
    const satisfied = await sql<{ id: string; owed: string; running: string }>`
      SELECT f.id, (f.claim_total - f.recovered_total)::text AS owed,
        (SELECT count(*) FROM procedures p WHERE p.file_id = f.id AND p.status NOT IN ('lifted', 'rejected', 'waived', 'expired'))::text AS running
      FROM enforcement_files f WHERE f.status = 'satisfied'`.execute(database.db);
    assert.ok(satisfied.rows.length > 0);
    for (const row of satisfied.rows) assert.deepEqual([row.owed, row.running], ["0", "0"]);
    // No attachment asks for more than the claim.
    const over = await sql<{ n: string }>`
      SELECT count(*) AS n FROM procedures p JOIN enforcement_files f ON f.id = p.file_id
      WHERE p.amount > f.claim_total`.execute(database.db);
    assert.equal(Number(over.rows[0]!.n), 0);
  });

  it("sets up the demo accounts so each can sign in as what it is", async () => {
    const db = database.db;
    const now = new Date();
    assert.deepEqual(summary.accounts.map((entry) => entry.key).sort(), Object.keys(demoAccounts).sort());
    for (const entry of Object.values(demoAccounts)) {
      assert.equal(parseCivilId(entry.civilId), entry.civilId);
      const subject = await loadSubject(db, entry.civilId, now);
      if (entry.staffRole) assert.deepEqual(subject.staffRoles, [entry.staffRole]);
      else assert.deepEqual(subject.staffRoles, []);
      if (entry.represents) assert.deepEqual(subject.companies, [entry.represents]);
    }
    const officer = await loadSubject(db, demoAccounts.bankOfficer.civilId, now);
    assert.deepEqual(officer.staffRoles, [{ role: "agency_officer", agencyKey: "bank:NBOK" }]);
    for (const company of Object.values(demoCompanies)) {
      const files = await db.selectFrom("file_parties").select("id").where("cr_number", "=", company.crNumber).where("party_role", "=", "creditor").execute();
      assert.ok(files.length > 0, `${company.nameEn} has files`);
    }

    const debtorFiles = await db.selectFrom("file_parties").select("file_id").where("civil_id", "=", demoAccounts.debtor.civilId).where("party_role", "=", "debtor").execute();
    assert.ok(debtorFiles.length >= 4, `demo debtor files: ${debtorFiles.length}`);
    assert.equal(summary.demoDebtorFiles.length, debtorFiles.length);

    const lawyer = await loadSubject(db, demoAccounts.lawyer.civilId, now);
    const inForce = lawyer.mandates.filter((mandate) => mandateInForce(mandate, now));
    assert.ok(inForce.length >= 2, "the lawyer holds mandates in force");
    assert.ok(lawyer.mandates.some((mandate) => mandate.verified && mandate.validUntil <= now), "and an expired one");
    assert.ok(inForce.some((mandate) => mandate.fileId !== null), "one mandate is for a single file");
    const lawyerActs = await db.selectFrom("actions").select("id").where("actor", "=", demoAccounts.lawyer.civilId).where("actor_role", "=", "lawyer").execute();
    assert.ok(lawyerActs.length > 0, "the lawyer acted under a mandate");
    const creditorActs = await db.selectFrom("actions").select("id").where("actor", "=", demoAccounts.creditor.civilId).where("actor_role", "=", "creditor").execute();
    assert.ok(creditorActs.length > 0, "the demo creditor acted in person");
  });

  it("logs every change on intact hash chains whose projections match", async () => {
    const report = await verifyAudit(database.db);
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
    assert.equal(report.actions, summary.actions);
    const correlations = await database.db.selectFrom("actions").select("correlation_id").distinct().execute();
    for (const { correlation_id } of correlations) assert.match(correlation_id, /^seed-\d+$/);
  });

  it("refuses to seed a database that already holds files", async () => {
    await assert.rejects(seedDemo(makeDeps(database.db, systemClock), { files: 1, seed: SEED }), /already holds enforcement files/);
  });

  it("builds the same country from the same seed", async () => {
    const second = await createTestDatabase();
    try {
      const again = await seedDemo(makeDeps(second.db, systemClock), { files: FILES, seed: SEED });
      assert.deepEqual({ ...again }, { ...summary });
      const [first, other] = [await fingerprint(database.db), await fingerprint(second.db)];
      assert.equal(first.files.length, FILES);
      assert.deepEqual(other, first);
    } finally {
      await second.drop();
    }
  });
});
