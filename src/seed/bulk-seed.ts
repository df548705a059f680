/**
 * A country's worth of files, fast: `tanfeeth seed --files 1000000` goes through here
 * (the demo seeder in demo.ts goes through the use cases, about 20 ms a file: hours for a
 * million). Rows are made in memory a chunk of files at a time and written set-based, one
 * `INSERT … SELECT … FROM json_populate_recordset($1)` per table per chunk (both engines),
 * so a chunk of 2,000 files costs a dozen round trips.
 *
 * Valid, not a shortcut around the rules of the log: every file's stream gets its actions
 * chained by the same code as `appendActions` (`chainActions`), each projection row is the
 * fold of its actions (`tanfeeth verify-audit` passes), the rule checks are those the real
 * rules give, and the heads in `action_streams` match. Each file: a title, a bench company
 * as creditor, one debtor (a person, identity confirmed), a principal and costs, and five
 * procedures — a bank attachment in force at one bank, one rejected by the checks, one
 * waived after approval (its order cancelled), a vehicle seizure in force (one vehicle
 * flagged by traffic), and a travel ban in the judges' queue. Nothing is left overdue, so
 * the worker's deadline sweep finds no backlog in a seeded database. What it does not make: electronic notices (the title's
 * service is left unrecorded), fees, and agency messages (the orders are as if answered
 * through the portal).
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { kuwaitYear } from "../domain/file/calendar.ts";
import type { ExecutoryTitle } from "../domain/file/title.ts";
import { commercialBankCodes, formatFileNumber, makeCivilId } from "../domain/identifiers/index.ts";
import { evaluateRequest, kuwaitRules, ruleVersionFor, serviceLevel, type RuleDecision } from "../domain/rules/index.ts";
import type { FileActionKind, PayloadOf, ProcedureEventPayload } from "../domain/audit/action-kinds.ts";
import type { ProcedureEvent, ProcedureKind } from "../domain/procedures/index.ts";
import { actionOf, chainActions, fileStream, type Actor, type NewAction, type StreamHead } from "../storage/action-log.ts";
import type { Db } from "../storage/database.ts";
import { reserveFileSequences } from "../storage/files/repository.ts";

export interface BulkSeedOptions {
  files: number;
  /** Files written per chunk (default 2,000). */
  chunk?: number;
  now?: Date;
  /** Files only, without the five procedures each (e.g. files to ask measures on in a benchmark). */
  withoutProcedures?: boolean;
  /** Every file for this one of `benchCreditors` (by index), instead of round robin. */
  creditor?: number;
  /** Chunks written side by side (PostgreSQL: 2 on this 2-core machine; PGlite: 1). */
  parallel?: number;
  /** Called after each chunk with the files written so far. */
  progress?: (written: number) => void;
}

export interface BulkSeedSummary {
  files: number;
  procedures: number;
  actions: number;
  persons: number;
  seconds: number;
  creditors: string[];
}

/** The institutional creditors every bulk-seeded file belongs to (round robin). */
export const benchCreditors = [
  { crNumber: "770001", nameAr: "بنك الاختبار الوطني", nameEn: "Bench National Bank" },
  { crNumber: "770002", nameAr: "شركة اتصالات الاختبار", nameEn: "Bench Telecom" },
  { crNumber: "770003", nameAr: "تمويل الاختبار الاستهلاكي", nameEn: "Bench Consumer Finance" },
  { crNumber: "770004", nameAr: "شركة تأجير الاختبار", nameEn: "Bench Leasing" },
  { crNumber: "770005", nameAr: "بنك الخليج للاختبار", nameEn: "Bench Gulf Bank" },
] as const;

const clerkActor: Actor = { id: "system", role: "clerk" };
const rulesActor: Actor = { id: "system", role: "rules" };
const workerActor: Actor = { id: "system", role: "worker" };
const DAY = 86_400_000;
// Every order row carries every column (one column list per statement; an absent one would be NULL, not its default).
const orderDefaults = { max_amount: null, frozen_declared: 0n, declaration_sequence: 0, first_executed_at: null, details: {}, sent_at: null, answer_due_at: null };
const MINUTE = 60_000;

/** Inserts rows as one statement: the column list from the first row (all rows have the same keys); types from the table's row type. */
async function insertRows(db: Db, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const list = sql.join(columns.map((column) => sql.id(column)));
  const json = JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  await sql`INSERT INTO ${sql.table(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json)`.execute(db);
}

/** Civil IDs that are valid (check digit) and unlikely to meet the demo's: born 1940–1999, serials from 5,000 up. */
function* civilIds(start: number): Generator<string> {
  for (let index = start; ; index++) {
    const day = index % 21_900;
    const serial = 5_000 + Math.floor(index / 21_900);
    const birth = new Date(Date.UTC(1940, 0, 1) + day * DAY);
    const id = makeCivilId({ year: birth.getUTCFullYear(), month: birth.getUTCMonth() + 1, day: birth.getUTCDate() }, serial % 10_000);
    if (id) yield id;
  }
}

/** What the shipped rules decide for each kind, once: the checks stored with every seeded procedure. */
function decisions(now: Date) {
  const version = ruleVersionFor(kuwaitRules, now);
  const title: ExecutoryTitle = { type: "final_judgment", court: "Capital Court", caseNumber: "x", issuedOn: "2024-01-10", isFinal: true, hasExecutoryFormula: true, grantsInterest: false };
  const servedAt = new Date(now.getTime() - 90 * DAY);
  const evidence = { debtCertainAndDue: "Final judgment, due.", flightRisk: "One-way ticket booked.", abilityToPay: "Owns a leased property." };
  const of = (facts: Partial<Parameters<typeof evaluateRequest>[0]>): RuleDecision =>
    evaluateRequest({ kind: "bank_attachment", requestedAt: now, titles: [title], outstanding: 5_000_000n, amount: 1_000_000n, titleServedAt: servedAt, ...facts }, version);
  return {
    version,
    approve: of({}),
    reject: of({ titles: [{ ...title, isFinal: false, type: "payment_order", hasExecutoryFormula: false }] }),
    seizure: of({ kind: "vehicle_seizure", amount: null }),
    judge: of({ kind: "travel_ban", amount: null, evidence }),
    evidence,
  };
}

export async function bulkSeed(db: Db, options: BulkSeedOptions): Promise<BulkSeedSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const chunk = options.chunk ?? 2_000;
  const rules = decisions(now);
  for (const company of benchCreditors) {
    await sql`INSERT INTO companies (cr_number, name_ar, name_en, created_at) VALUES (${company.crNumber}, ${company.nameAr}, ${company.nameEn}, ${now}) ON CONFLICT DO NOTHING`.execute(db);
  }
  // Persons continue after those a previous bulk seed made.
  const before = await sql<{ n: bigint }>`SELECT count(*) AS n FROM persons WHERE name_en LIKE 'Bench debtor %'`.execute(db);
  const ids = civilIds(Number(before.rows[0]!.n) * 2);
  let procedures = 0;
  let actions = 0;
  let persons = 0;
  let claimed = 0;
  let written = 0;
  // Chunks are independent (their own files and streams): on PostgreSQL two go side by side,
  // one building its rows while the other's are written (PGlite has one connection: no gain).
  const lane = async () => {
    while (claimed < options.files) {
      const count = Math.min(chunk, options.files - claimed);
      claimed += count;
      const sequences = await reserveFileSequences(db, count);
      const rows = buildChunk(sequences, ids, now, rules, options);
      // Persons may exist already (a civil ID a demo made): they are then debtors as they are.
      await sql`INSERT INTO persons (civil_id, name_ar, name_en, nationality, email, phone, created_at, identity_confirmed_at)
        SELECT civil_id, name_ar, name_en, nationality, email, phone, created_at, identity_confirmed_at
        FROM json_populate_recordset(NULL::persons, ${JSON.stringify(rows.persons)}::json) ON CONFLICT DO NOTHING`.execute(db);
      for (const [table, tableRows] of [
        ["enforcement_files", rows.files],
        ["executory_titles", rows.titles],
        ["file_parties", rows.parties],
        ["claim_items", rows.claimItems],
        ["procedures", rows.procedures],
        ["procedure_checks", rows.checks],
        ["review_items", rows.reviewItems],
        ["agency_orders", rows.orders],
        ["actions", rows.actions],
        ["action_streams", rows.heads],
      ] as const) {
        await insertRows(db, table, tableRows);
      }
      procedures += rows.procedures.length;
      actions += rows.actions.length;
      persons += rows.persons.length;
      written += count;
      options.progress?.(written);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 1) }, lane));
  return { files: options.files, procedures, actions, persons, seconds: (performance.now() - started) / 1000, creditors: benchCreditors.map((company) => company.crNumber) };
}

function buildChunk(sequences: number[], ids: Generator<string>, now: Date, rules: ReturnType<typeof decisions>, options: BulkSeedOptions) {
  const out = {
    persons: [] as Record<string, unknown>[],
    files: [] as Record<string, unknown>[],
    titles: [] as Record<string, unknown>[],
    parties: [] as Record<string, unknown>[],
    claimItems: [] as Record<string, unknown>[],
    procedures: [] as Record<string, unknown>[],
    checks: [] as Record<string, unknown>[],
    reviewItems: [] as Record<string, unknown>[],
    orders: [] as Record<string, unknown>[],
    actions: [] as Record<string, unknown>[],
    heads: [] as Record<string, unknown>[],
  };
  const headOf = new Map<string, StreamHead>();
  const newActions: NewAction[] = [];
  for (const sequence of sequences) {
    // Opened over the past year, a file every few seconds; its procedures follow within days.
    const openedAt = new Date(now.getTime() - 2 * DAY - (sequence % 360) * DAY - (sequence % 86_400) * 1_000);
    const year = kuwaitYear(openedAt);
    const fileId = randomUUID();
    const titleId = randomUUID();
    const number = formatFileNumber(year, sequence);
    const creditor = benchCreditors[options.creditor ?? sequence % benchCreditors.length]!;
    const civilId = ids.next().value as string;
    const creditorPartyId = randomUUID();
    const debtorPartyId = randomUUID();
    const principal = BigInt(500_000 + (sequence % 97) * 37_000);
    const costs = 25_000n;
    const claimTotal = principal + costs;
    const correlationId = `bulk-seed-${sequence}`;
    const stream = fileStream(fileId);
    const title = { type: "final_judgment", court: "Capital Court", caseNumber: `BULK/${year}/${sequence}`, issuedOn: "2024-01-10", isFinal: true, hasExecutoryFormula: true, grantsInterest: false };
    let clock = openedAt.getTime();
    const act = <K extends FileActionKind>(kind: K, fields: { payload: PayloadOf<K>; procedureId?: string; orderId?: string; reason?: string | null; actor?: Actor }) => {
      clock += MINUTE;
      newActions.push(actionOf<K>({ stream, actor: fields.actor ?? clerkActor, kind, fileId, procedureId: fields.procedureId ?? null, orderId: fields.orderId ?? null, payload: fields.payload, reason: fields.reason ?? null, correlationId, occurredAt: new Date(clock) }));
      return new Date(clock);
    };

    out.persons.push({ civil_id: civilId, name_ar: `مدين تجريبي ${sequence}`, name_en: `Bench debtor ${sequence}`, nationality: "KWT", email: null, phone: null, created_at: openedAt, identity_confirmed_at: now });
    out.files.push({ id: fileId, number, status: "open", claim_total: claimTotal, recovered_total: 0n, opened_by: "system", opened_at: openedAt, satisfied_at: null, updated_at: openedAt });
    out.titles.push({ id: titleId, file_id: fileId, title_type: title.type, court: title.court, case_number: title.caseNumber, issued_on: title.issuedOn, is_final: true, has_executory_formula: true, grants_interest: false });
    const parties = [
      { id: creditorPartyId, file_id: fileId, party_role: "creditor", civil_id: null, cr_number: creditor.crNumber, payout_iban: null },
      { id: debtorPartyId, file_id: fileId, party_role: "debtor", civil_id: civilId, cr_number: null, payout_iban: null },
    ];
    out.parties.push(...parties);
    out.claimItems.push(
      { id: randomUUID(), file_id: fileId, title_id: titleId, item_kind: "principal", amount: principal },
      { id: randomUUID(), file_id: fileId, title_id: titleId, item_kind: "costs", amount: costs },
    );
    act("file.open", {
      payload: {
        number,
        title: { ...title, id: titleId },
        parties: parties.map((party) => ({ id: party.id, role: party.party_role, civilId: party.civil_id, crNumber: party.cr_number })),
        claim: { principal, costs, fees: 0n, interest: 0n },
        claimTotal,
      },
    });

    const procedure = (kind: ProcedureKind, decision: RuleDecision, status: string, amount: bigint | null, parameters: Record<string, unknown>) => {
      const id = randomUUID();
      const requestedAt = act("procedure.request", {
        procedureId: id,
        actor: { id: creditor.crNumber, role: "creditor" },
        payload: { kind, debtorPartyId, amount, parameters, outstanding: claimTotal, ruleVersion: decision.ruleVersion, ruleOutcome: decision.outcome, fee: decision.fee, feeHoldsDispatch: false, checks: decision.checks },
      });
      out.procedures.push({ id, file_id: fileId, procedure_kind: kind, status, debtor_party_id: debtorPartyId, amount, parameters, requested_by: creditor.crNumber, requested_at: requestedAt, updated_at: requestedAt });
      out.checks.push({ procedure_id: id, file_id: fileId, rule_version: decision.ruleVersion, outcome: decision.outcome, queue: decision.queue, fee: decision.fee, checks: decision.checks, evaluated_at: requestedAt });
      return { id, requestedAt };
    };
    const order = (procedureId: string, agency: string, status: string, extra: Record<string, unknown> = {}) => {
      const id = randomUUID();
      const key = agency === "traffic" ? agency : `bank:${agency}`;
      out.orders.push({ id, procedure_id: procedureId, file_id: fileId, agency_key: key, status, amount_held: 0n, created_at: new Date(clock), updated_at: new Date(clock), ...orderDefaults, ...extra });
      act("order.create", { procedureId, orderId: id, payload: { agencyKey: key }, actor: { id: creditor.crNumber, role: "creditor" } });
      return id;
    };
    const event = (procedureId: string, name: ProcedureEvent, payload: Omit<ProcedureEventPayload, "event">, actor: Actor, reason: string | null = null) =>
      act(`procedure.${name}`, { procedureId, actor, reason, payload: { event: name, ...payload } });

    if (options.withoutProcedures) continue;

    // 1. A bank attachment in force at one bank, its holding under the cap.
    const bank = commercialBankCodes[sequence % commercialBankCodes.length]!;
    const amount = principal / 2n;
    const inForce = procedure("bank_attachment", rules.approve, "in_force", amount, { banks: [bank] });
    event(inForce.id, "approve", { automatic: true, ruleVersion: rules.approve.ruleVersion }, rulesActor);
    const frozen = amount / 2n;
    const orderId = order(inForce.id, bank, "executed", { amount_held: frozen, frozen_declared: frozen, max_amount: amount, declaration_sequence: 1, sent_at: new Date(clock), first_executed_at: new Date(clock + 2 * MINUTE) });
    act("order.send", { procedureId: inForce.id, orderId, actor: workerActor, payload: { event: "send", agencyKey: `bank:${bank}` } });
    event(inForce.id, "dispatch", { derivedFromOrders: true }, rulesActor);
    act("order.execute", { procedureId: inForce.id, orderId, actor: { id: `bank:${bank}`, role: "agency" }, payload: { event: "execute", agencyKey: `bank:${bank}`, totalFrozen: frozen, sequence: 1 } });
    act("order.hold", { procedureId: inForce.id, orderId, actor: { id: `bank:${bank}`, role: "agency" }, payload: { held: frozen, frozenDeclared: frozen, released: 0n } });
    event(inForce.id, "execute", { derivedFromOrders: true }, rulesActor);

    // 2. Rejected by the checks.
    const rejected = procedure("bank_attachment", rules.reject, "rejected", amount, { banks: [...commercialBankCodes] });
    event(rejected.id, "reject", { automatic: true, ruleVersion: rules.reject.ruleVersion, failedChecks: rules.reject.checks.filter((check) => check.outcome === "fail") }, rulesActor, "Rejected by the automatic checks.");

    // 3. Approved, then waived by the creditor before it left: its order cancelled.
    const waived = procedure("bank_attachment", rules.approve, "waived", amount / 2n, { banks: [bank] });
    event(waived.id, "approve", { automatic: true, ruleVersion: rules.approve.ruleVersion }, rulesActor);
    const cancelled = order(waived.id, bank, "cancelled");
    event(waived.id, "waive", {}, { id: creditor.crNumber, role: "creditor" }, "Settled with the debtor.");
    act("order.cancel", { procedureId: waived.id, orderId: cancelled, actor: { id: creditor.crNumber, role: "creditor" }, payload: { event: "cancel", agencyKey: `bank:${bank}` } });

    // 4. A vehicle seizure in force: traffic flagged one vehicle (answered within its day: no deadline left to watch).
    const seizure = procedure("vehicle_seizure", rules.seizure, "in_force", null, {});
    event(seizure.id, "approve", { automatic: true, ruleVersion: rules.seizure.ruleVersion }, rulesActor);
    // As traffic reports it (the protocol's vehicle: plate, VIN, make, model, year).
    const vehicles = [{ plate: `${1 + (sequence % 99)}/${10_000 + (sequence % 89_999)}`, vin: `JTMHV05J${String(sequence % 1_000_000_000).padStart(9, "0")}`, make: "Toyota", model: "Land Cruiser", year: 2018 }];
    const seizureOrder = order(seizure.id, "traffic", "executed", { sent_at: new Date(clock), answer_due_at: new Date(clock + DAY), details: { vehicles } });
    act("order.send", { procedureId: seizure.id, orderId: seizureOrder, actor: workerActor, payload: { event: "send", agencyKey: "traffic" } });
    event(seizure.id, "dispatch", { derivedFromOrders: true }, rulesActor);
    act("order.execute", { procedureId: seizure.id, orderId: seizureOrder, actor: { id: "traffic", role: "agency" }, payload: { event: "execute", agencyKey: "traffic", vehicles: 1 } });
    event(seizure.id, "execute", { derivedFromOrders: true }, rulesActor);

    // 5. A travel ban waiting in the judges' queue (Art. 297).
    const ban = procedure("travel_ban", rules.judge, "under_review", null, { evidence: rules.evidence });
    const itemId = randomUUID();
    const dueAt = serviceLevel("judge", ban.requestedAt, ban.requestedAt, rules.version).dueAt;
    event(ban.id, "refer", { queue: "judge", ruleVersion: rules.judge.ruleVersion, reviewItemId: itemId, dueAt: dueAt.toISOString() }, rulesActor, "Referred to a judge: a judge's order is required (Art. 297).");
    out.reviewItems.push({ id: itemId, item_kind: "procedure_decision", queue: "judge", file_id: fileId, procedure_id: ban.id, subject_ref: null, procedure_kind: "travel_ban", rule_version: rules.judge.ruleVersion, entered_at: ban.requestedAt, due_at: dueAt, assigned_to: null, assigned_at: null, closed_at: null, closed_by: null, outcome: null });
  }
  const { rows } = chainActions(headOf, newActions);
  out.actions = rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
  out.heads = [...headOf.entries()].map(([stream, head]) => ({ stream, last_seq: head.seq, head_hash: head.hash }));
  return out;
}
