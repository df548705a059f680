/** Reads and conditional writes of procedures and their agency orders. */
import { sql, type SqlBool } from "kysely";
import { DomainError } from "../../domain/errors.ts";
import type { AgencyOrderStatus, ProcedureKind, ProcedureStatus } from "../../domain/procedures/index.ts";
import type { Tx } from "../action-log.ts";
import type { ProtectedCredit, ProtectionTerms } from "../../domain/cap/salary-protection.ts";
import type { AccountParticulars } from "../../domain/exchange/messages.ts";
import type { Db } from "../database.ts";

export interface StoredProcedure {
  id: string;
  fileId: string;
  kind: ProcedureKind;
  status: ProcedureStatus;
  debtorPartyId: string;
  amount: bigint | null;
}

export interface StoredOrder {
  id: string;
  procedureId: string;
  agencyKey: string;
  status: AgencyOrderStatus;
  amountHeld: bigint;
  /** A bank's last declaration's number, and when it first froze anything (as read; kept current by the answers applied). */
  declarationSequence?: number;
  firstExecutedAt?: Date | null;
  /** What the bank last declared frozen, and the most the order may hold now (null: not a bank order's limit). */
  frozenDeclared?: bigint;
  maxAmount?: bigint | null;
}

export async function procedureKind(tx: Db | Tx, fileId: string, procedureId: string): Promise<ProcedureKind | undefined> {
  const row = await tx
    .selectFrom("procedures")
    .select("procedure_kind")
    .where("id", "=", procedureId)
    .where("file_id", "=", fileId)
    .executeTakeFirst();
  return row?.procedure_kind;
}

/** A new procedure, as requested: its status, parameters and who asked. */
export interface NewProcedure {
  id: string;
  fileId: string;
  kind: ProcedureKind;
  status: ProcedureStatus;
  debtorPartyId: string;
  amount: bigint | null;
  parameters: Record<string, unknown>;
  requestedBy: string;
  requestedAt: Date;
}

export async function insertProcedure(tx: Tx, procedure: NewProcedure): Promise<void> {
  await tx
    .insertInto("procedures")
    .values({
      id: procedure.id,
      file_id: procedure.fileId,
      procedure_kind: procedure.kind,
      status: procedure.status,
      debtor_party_id: procedure.debtorPartyId,
      amount: procedure.amount,
      parameters: JSON.stringify(procedure.parameters),
      requested_by: procedure.requestedBy,
      requested_at: procedure.requestedAt,
      updated_at: procedure.requestedAt,
    })
    .execute();
}

/** A procedure's parameters (as requested, with what was decided since) and when it was requested; the procedure must exist. */
export async function procedureTerms(tx: Tx, procedureId: string): Promise<{ parameters: Record<string, unknown>; requestedAt: Date }> {
  const row = await tx.selectFrom("procedures").select(["parameters", "requested_at"]).where("id", "=", procedureId).executeTakeFirstOrThrow();
  return { parameters: row.parameters as Record<string, unknown>, requestedAt: row.requested_at };
}

/** Replaces a procedure's parameters; `now` also marks the procedure updated. */
export async function setProcedureParameters(tx: Tx, procedureId: string, parameters: Record<string, unknown>, now?: Date): Promise<void> {
  await tx
    .updateTable("procedures")
    .set({ parameters: JSON.stringify(parameters), ...(now !== undefined ? { updated_at: now } : {}) })
    .where("id", "=", procedureId)
    .execute();
}

/** The amount granted (a bank attachment granted in part). */
export async function setProcedureAmount(tx: Tx, procedureId: string, amount: bigint): Promise<void> {
  await tx.updateTable("procedures").set({ amount }).where("id", "=", procedureId).execute();
}

/** What a receipt for the request shows: the measure, its status and amount, when it was requested. */
export async function procedureSummary(tx: Db | Tx, fileId: string, procedureId: string): Promise<{ kind: ProcedureKind; status: ProcedureStatus; amount: bigint | null; requestedAt: Date } | undefined> {
  const row = await tx
    .selectFrom("procedures")
    .select(["procedure_kind", "status", "amount", "requested_at"])
    .where("id", "=", procedureId)
    .where("file_id", "=", fileId)
    .executeTakeFirst();
  return row && { kind: row.procedure_kind, status: row.status as ProcedureStatus, amount: row.amount, requestedAt: row.requested_at };
}

/** When the procedure was last approved (the latest `procedure.approve` action on it), or null. */
export async function lastApprovalAt(tx: Db | Tx, procedureId: string): Promise<Date | null> {
  const row = await tx
    .selectFrom("actions")
    .select("occurred_at")
    .where("procedure_id", "=", procedureId)
    .where("action_kind", "=", "procedure.approve")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? row.occurred_at : null;
}

/**
 * Travel bans ordered before suit that stand (in one of `statuses`) with no filing of the
 * suit reported, oldest first, each with when it was last approved (ordered).
 */
export async function standingBansBeforeSuit(db: Db | Tx, statuses: readonly ProcedureStatus[]): Promise<{ id: string; fileId: string; requestedAt: Date; orderedAt: Date | null }[]> {
  const rows = await db
    .selectFrom("procedures as p")
    .select(["p.id", "p.file_id", "p.requested_at"])
    .select(sql<Date | null>`(select max(a.occurred_at) from actions a where a.procedure_id = p.id and a.action_kind = 'procedure.approve')`.as("ordered_at"))
    .where("p.status", "in", [...statuses])
    .where("p.procedure_kind", "=", "travel_ban")
    .where(sql<boolean>`p.parameters->>'beforeSuit' = 'true'`)
    .where(sql<boolean>`p.parameters->'suitFiling' is null`)
    .orderBy("p.requested_at")
    .execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, requestedAt: row.requested_at, orderedAt: row.ordered_at === null ? null : new Date(row.ordered_at) }));
}

/**
 * The file's travel bans not yet ended that were ordered for one creditor (Art. 298, from
 * kw-2025.5: `parameters.forCreditorPartyId`), each with that creditor.
 */
export async function travelBansForCreditors(tx: Tx, fileId: string, statuses: readonly ProcedureStatus[]): Promise<{ procedure: StoredProcedure; creditorPartyId: string }[]> {
  const rows = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .select(sql<string>`parameters->>'forCreditorPartyId'`.as("creditor_party_id"))
    .where("file_id", "=", fileId)
    .where("procedure_kind", "=", "travel_ban")
    .where("status", "in", [...statuses])
    .where(sql<boolean>`parameters->>'forCreditorPartyId' is not null`)
    .orderBy("requested_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    procedure: { id: row.id, fileId: row.file_id, kind: row.procedure_kind, status: row.status as ProcedureStatus, debtorPartyId: row.debtor_party_id, amount: row.amount },
    creditorPartyId: row.creditor_party_id,
  }));
}

export async function proceduresOfFile(tx: Tx, fileId: string): Promise<StoredProcedure[]> {
  const rows = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .where("file_id", "=", fileId)
    .orderBy("requested_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fileId: row.file_id,
    kind: row.procedure_kind,
    status: row.status as ProcedureStatus,
    debtorPartyId: row.debtor_party_id,
    amount: row.amount,
  }));
}

/** Procedures by id (read after their files are locked). */
export async function proceduresById(tx: Tx, procedureIds: readonly string[]): Promise<StoredProcedure[]> {
  if (procedureIds.length === 0) return [];
  const rows = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .where("id", "in", [...procedureIds])
    .execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, kind: row.procedure_kind, status: row.status as ProcedureStatus, debtorPartyId: row.debtor_party_id, amount: row.amount }));
}

/** One procedure of the file (read after the file is locked), or undefined. */
export async function procedureById(tx: Db | Tx, fileId: string, procedureId: string): Promise<StoredProcedure | undefined> {
  const row = await tx
    .selectFrom("procedures")
    .select(["id", "file_id", "procedure_kind", "status", "debtor_party_id", "amount"])
    .where("id", "=", procedureId)
    .where("file_id", "=", fileId)
    .executeTakeFirst();
  return row && { id: row.id, fileId: row.file_id, kind: row.procedure_kind, status: row.status as ProcedureStatus, debtorPartyId: row.debtor_party_id, amount: row.amount };
}

export async function ordersOfProcedures(tx: Tx, procedureIds: readonly string[]): Promise<StoredOrder[]> {
  if (procedureIds.length === 0) return [];
  const rows = await tx
    .selectFrom("agency_orders")
    .select(["id", "procedure_id", "agency_key", "status", "amount_held", "declaration_sequence", "first_executed_at", "frozen_declared", "max_amount"])
    .where("procedure_id", "in", procedureIds)
    .orderBy("agency_key")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    procedureId: row.procedure_id,
    agencyKey: row.agency_key,
    status: row.status as AgencyOrderStatus,
    amountHeld: row.amount_held,
    declarationSequence: row.declaration_sequence,
    firstExecutedAt: row.first_executed_at,
    frozenDeclared: row.frozen_declared,
    maxAmount: row.max_amount,
  }));
}

/** A procedure's new orders, one per agency, in the status given. */
export async function insertOrders(tx: Tx, procedure: { id: string; fileId: string }, orders: readonly { id: string; agencyKey: string; status: AgencyOrderStatus }[], now: Date): Promise<void> {
  await tx
    .insertInto("agency_orders")
    .values(
      orders.map((order) => ({
        id: order.id,
        procedure_id: procedure.id,
        file_id: procedure.fileId,
        agency_key: order.agencyKey,
        status: order.status,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** An order of the file with its procedure's kind: what an issued order or lift certificate shows. */
export async function orderSummary(
  tx: Db | Tx,
  fileId: string,
  orderId: string,
): Promise<{ procedureId: string; agencyKey: string; status: AgencyOrderStatus; maxAmount: bigint | null; updatedAt: Date; procedureKind: ProcedureKind } | undefined> {
  const order = await tx
    .selectFrom("agency_orders")
    .innerJoin("procedures", "procedures.id", "agency_orders.procedure_id")
    .select(["agency_orders.procedure_id", "agency_orders.agency_key", "agency_orders.status", "agency_orders.max_amount", "agency_orders.updated_at", "procedures.procedure_kind"])
    .where("agency_orders.id", "=", orderId)
    .where("agency_orders.file_id", "=", fileId)
    .executeTakeFirst();
  return (
    order && {
      procedureId: order.procedure_id,
      agencyKey: order.agency_key,
      status: order.status as AgencyOrderStatus,
      maxAmount: order.max_amount,
      updatedAt: order.updated_at,
      procedureKind: order.procedure_kind,
    }
  );
}

/** Moves a procedure only from the status it was read in; anything else is a lost race. */
export async function moveProcedure(tx: Tx, id: string, from: ProcedureStatus, to: ProcedureStatus, now: Date) {
  const result = await tx
    .updateTable("procedures")
    .set({ status: to, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new DomainError("TRANSITION_NOT_ALLOWED", { procedureId: id, from, to });
}

export async function moveOrder(tx: Tx, id: string, from: AgencyOrderStatus, to: AgencyOrderStatus, now: Date) {
  const result = await tx
    .updateTable("agency_orders")
    .set({ status: to, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new DomainError("TRANSITION_NOT_ALLOWED", { orderId: id, from, to });
}

/** Moves several orders from one status to another in one statement; any not in `from` is a lost race. */
export async function moveOrders(tx: Tx, ids: readonly string[], from: AgencyOrderStatus, to: AgencyOrderStatus, now: Date) {
  if (ids.length === 0) return;
  const result = await tx
    .updateTable("agency_orders")
    .set({ status: to, updated_at: now })
    .where("id", "in", [...ids])
    .where("status", "=", from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== BigInt(ids.length)) throw new DomainError("TRANSITION_NOT_ALLOWED", { orderIds: ids, from, to });
}

/**
 * Marks a procedure's pending orders sent, all in one statement: the status move (only from
 * `pending`; anything else is a lost race), when each was sent and is due, and the maximum.
 */
export async function markOrdersSent(tx: Tx, orders: readonly { id: string; answerDueAt: Date; maxAmount: bigint | null }[], now: Date) {
  if (orders.length === 0) return;
  const result = await sql`
    UPDATE agency_orders AS o SET status = 'sent', updated_at = ${now}, sent_at = ${now},
      answer_due_at = v.answer_due_at::timestamptz, max_amount = v.max_amount::bigint
    FROM (VALUES ${sql.join(orders.map((order) => sql`(${order.id}::uuid, ${order.answerDueAt.toISOString()}, ${order.maxAmount === null ? null : order.maxAmount.toString()})`))})
      AS v (id, answer_due_at, max_amount)
    WHERE o.id = v.id AND o.status = 'pending'`.execute(tx);
  if (result.numAffectedRows !== BigInt(orders.length)) {
    throw new DomainError("TRANSITION_NOT_ALLOWED", { orderIds: orders.map((order) => order.id), from: "pending", to: "sent" });
  }
}

// Agency orders as the exchange reads and writes them besides their status moves
// (above): where an order belongs, what a bank declared under it, what
// the cap lets it hold, and what an agency reported (vehicles, a ban's reference).

export interface OrderLocation {
  id: string;
  fileId: string;
  procedureId: string;
}

/** The orders among `orderIds` that belong to `agencyKey` (an agency answers only its own orders); an order's file and procedure never change. */
export async function ordersOfAgency(tx: Tx, agencyKey: string, orderIds: readonly string[]): Promise<OrderLocation[]> {
  if (orderIds.length === 0) return [];
  const rows = await tx.selectFrom("agency_orders").select(["id", "file_id", "procedure_id"]).where("id", "in", [...orderIds]).where("agency_key", "=", agencyKey).execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, procedureId: row.procedure_id }));
}

/** The file an order belongs to and the agency it is addressed to (undefined: no such order). */
export async function orderAddressee(tx: Db | Tx, orderId: string): Promise<{ fileId: string; agencyKey: string } | undefined> {
  const row = await tx.selectFrom("agency_orders").select(["file_id", "agency_key"]).where("id", "=", orderId).executeTakeFirst();
  return row && { fileId: row.file_id, agencyKey: row.agency_key };
}

/** Where the orders are, whoever they belong to. */
export async function locateOrders(tx: Tx, orderIds: readonly string[]): Promise<OrderLocation[]> {
  if (orderIds.length === 0) return [];
  const rows = await tx.selectFrom("agency_orders").select(["id", "file_id", "procedure_id"]).where("id", "in", [...orderIds]).execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, procedureId: row.procedure_id }));
}

/** When the procedure an order belongs to was requested: the rule version judging it (undefined: no such order). */
export async function orderRequestedAt(tx: Db | Tx, orderId: string): Promise<Date | undefined> {
  const row = await tx.selectFrom("agency_orders as o").innerJoin("procedures as p", "p.id", "o.procedure_id").select("p.requested_at").where("o.id", "=", orderId).executeTakeFirst();
  return row?.requested_at;
}

/** The file a procedure belongs to (undefined: no such procedure). */
export async function fileOfProcedure(tx: Tx, procedureId: string): Promise<string | undefined> {
  const row = await tx.selectFrom("procedures").select("file_id").where("id", "=", procedureId).executeTakeFirst();
  return row?.file_id;
}

export interface DeclarationState {
  sequence: number;
  firstExecutedAt: Date | null;
}

export async function declarationState(tx: Tx, orderId: string): Promise<DeclarationState> {
  const row = await tx.selectFrom("agency_orders").select(["declaration_sequence", "first_executed_at"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  return { sequence: row.declaration_sequence, firstExecutedAt: row.first_executed_at };
}

/** A bank's declaration under an order: its number, the total frozen, and (when applied) when it first froze and the accounts. */
export async function recordDeclaration(
  tx: Tx,
  orderId: string,
  declaration: { sequence: number; frozen: bigint; firstExecutedAt?: Date | null; details?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await tx
    .updateTable("agency_orders")
    .set({
      declaration_sequence: declaration.sequence,
      frozen_declared: declaration.frozen,
      ...(declaration.firstExecutedAt !== undefined ? { first_executed_at: declaration.firstExecutedAt } : {}),
      ...(declaration.details !== undefined ? { details: JSON.stringify(declaration.details) } : {}),
      updated_at: now,
    })
    .where("id", "=", orderId)
    .execute();
}

/** What an agency reported under an order (the vehicles flagged, a ban's reference). */
export async function setOrderDetails(tx: Tx, orderId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  await tx.updateTable("agency_orders").set({ details: JSON.stringify(details), updated_at: now }).where("id", "=", orderId).execute();
}

/** A lifted order holds nothing. */
export async function clearHoldings(tx: Tx, orderId: string, now: Date): Promise<void> {
  await tx.updateTable("agency_orders").set({ amount_held: 0n, frozen_declared: 0n, updated_at: now }).where("id", "=", orderId).execute();
}

export interface BankOrderHolding {
  id: string;
  agencyKey: string;
  procedureId: string;
  status: AgencyOrderStatus;
  procedureStatus: ProcedureStatus;
  /** The attachment's amount (the procedure's). */
  attachmentAmount: bigint | null;
  frozenDeclared: bigint;
  amountHeld: bigint;
  maxAmount: bigint | null;
  firstExecutedAt: Date | null;
  /** The salary share and exempt kinds the order was sent with; null: left to the bank (rules before kw-2025.3). */
  protection: ProtectionTerms | null;
  /** The salary and exempt credits its bank last declared under it. */
  protectedCredits: ProtectedCredit[];
  /** The declaration those credits detail, and the last declaration applied: the credits are current when they match. */
  protectionSequence: number;
  declarationSequence: number;
}

const parsedJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

function protectedCreditsOf(value: unknown): ProtectedCredit[] {
  const stored = (parsedJson(value) ?? []) as { iban: string; reference: string; category: string; credited: string; frozen: string }[];
  return stored.map((credit) => ({ iban: credit.iban, reference: credit.reference, category: credit.category, credited: BigInt(credit.credited), frozen: BigInt(credit.frozen) }));
}

/** When the procedure was requested: the rules in force then judge it. */
export async function procedureRequestedAt(tx: Tx, procedureId: string): Promise<Date | undefined> {
  const row = await tx.selectFrom("procedures").select("requested_at").where("id", "=", procedureId).executeTakeFirst();
  return row?.requested_at;
}

/** The terms an attachment order is sent with (Art. 216): kept on the order, read by the cap. */
export async function setOrderProtection(tx: Tx, orderIds: readonly string[], terms: ProtectionTerms, now: Date): Promise<void> {
  if (orderIds.length === 0) return;
  await tx.updateTable("agency_orders").set({ protection: JSON.stringify(terms), updated_at: now }).where("id", "in", [...orderIds]).execute();
}

/**
 * The salary and exempt credits a bank declared under an order (protection.declaration):
 * stored unless a later declaration's are already; returns whether they were stored.
 */
export async function recordProtectedCredits(tx: Tx, orderId: string, declaration: { sequence: number; credits: readonly ProtectedCredit[] }, now: Date): Promise<boolean> {
  const stored = await tx
    .updateTable("agency_orders")
    .set({
      protection_sequence: declaration.sequence,
      protected_credits: JSON.stringify(declaration.credits.map((credit) => ({ ...credit, credited: credit.credited.toString(), frozen: credit.frozen.toString() }))),
      updated_at: now,
    })
    .where("id", "=", orderId)
    .where("protection_sequence", "<=", declaration.sequence)
    .executeTakeFirst();
  return Number(stored.numUpdatedRows) > 0;
}

/**
 * The cause and documents a bank stated under an order (declaration.particulars, Art. 234(2)):
 * stored unless particulars of a later declaration are already there (the highest sequence is
 * the truth). False: superseded.
 */
export async function recordParticulars(tx: Tx, orderId: string, particulars: { sequence: number; accounts: readonly AccountParticulars[] }, now: Date): Promise<boolean> {
  const stored = await tx
    .updateTable("agency_orders")
    .set({ particulars_sequence: particulars.sequence, particulars: JSON.stringify(particulars.accounts), updated_at: now })
    .where("id", "=", orderId)
    .where("particulars_sequence", "<=", particulars.sequence)
    .executeTakeFirst();
  return Number(stored.numUpdatedRows) > 0;
}

/** The order's last declaration as the particulars check reads it: its sequence and the accounts holding money. */
export async function declaredHoldings(tx: Tx, orderId: string): Promise<{ sequence: number; holdingIbans: string[] }> {
  const row = await tx.selectFrom("agency_orders").select(["declaration_sequence", "details"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  const details = (typeof row.details === "string" ? JSON.parse(row.details) : row.details) as { accounts?: { iban: string; frozen: string }[] } | null;
  return { sequence: row.declaration_sequence, holdingIbans: (details?.accounts ?? []).filter((account) => BigInt(account.frozen) > 0n).map((account) => account.iban) };
}

/** Every bank-attachment order of a file, with what it declared and holds: what the cap reads. */
export async function bankOrderHoldings(tx: Tx, fileId: string): Promise<BankOrderHolding[]> {
  const rows = await tx
    .selectFrom("agency_orders as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select(["o.id", "o.agency_key", "o.procedure_id", "o.status", "o.frozen_declared", "o.amount_held", "o.max_amount", "o.first_executed_at", "o.protection", "o.protected_credits", "o.protection_sequence", "o.declaration_sequence", "p.status as procedure_status", "p.amount"])
    .where("o.file_id", "=", fileId)
    .where("p.procedure_kind", "=", "bank_attachment")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    agencyKey: row.agency_key,
    procedureId: row.procedure_id,
    status: row.status as AgencyOrderStatus,
    procedureStatus: row.procedure_status as ProcedureStatus,
    attachmentAmount: row.amount,
    frozenDeclared: row.frozen_declared,
    amountHeld: row.amount_held,
    maxAmount: row.max_amount,
    firstExecutedAt: row.first_executed_at,
    protection: (parsedJson(row.protection) ?? null) as ProtectionTerms | null,
    protectedCredits: protectedCreditsOf(row.protected_credits),
    protectionSequence: row.protection_sequence,
    declarationSequence: row.declaration_sequence,
  }));
}

/** What the cap lets an order hold, and (when it must release) the new most it may hold. */
export async function setHolding(tx: Tx, orderId: string, holding: { held: bigint; maxAmount?: bigint }, now: Date): Promise<void> {
  await tx
    .updateTable("agency_orders")
    .set({ amount_held: holding.held, updated_at: now, ...(holding.maxAmount !== undefined ? { max_amount: holding.maxAmount } : {}) })
    .where("id", "=", orderId)
    .execute();
}

/** Procedures waiting (ordered, not yet dispatched) against the person with this civil ID, on any file. */
export async function orderedProceduresAgainstPerson(tx: Tx, civilId: string): Promise<{ id: string; fileId: string }[]> {
  const rows = await tx
    .selectFrom("procedures as p")
    .innerJoin("file_parties as fp", "fp.id", "p.debtor_party_id")
    .select(["p.id", "p.file_id"])
    .where("fp.civil_id", "=", civilId)
    .where("p.status", "=", "ordered")
    .execute();
  return rows.map((row) => ({ id: row.id, fileId: row.file_id }));
}

/** A file's orders holding frozen funds now (executed, something held): what a transfer order asks for. */
export async function ordersHoldingFunds(tx: Tx, fileId: string): Promise<{ id: string; procedureId: string; agencyKey: string; amountHeld: bigint }[]> {
  const rows = await tx
    .selectFrom("agency_orders")
    .select(["id", "procedure_id", "agency_key", "amount_held"])
    .where("file_id", "=", fileId)
    .where("status", "=", "executed")
    .where("amount_held", ">", 0n)
    .execute();
  return rows.map((row) => ({ id: row.id, procedureId: row.procedure_id, agencyKey: row.agency_key, amountHeld: row.amount_held }));
}

/**
 * Bank orders owing their first answer (sent or acknowledged), delivered to the bank, whose
 * bank has been silent since before `silentSince` — since the order was sent or last asked
 * about — and with no status query still waiting to leave: locked (others
 * skipped) and marked asked now, with their file's number: the orders to ask `order.status`.
 */
export async function claimSilentOrders(tx: Tx, options: { silentSince: Date; now: Date; limit: number }): Promise<{ id: string; fileId: string; agencyKey: string; fileNumber: string }[]> {
  const rows = await tx
    .selectFrom("agency_orders as o")
    .innerJoin("enforcement_files as f", "f.id", "o.file_id")
    .select(["o.id", "o.file_id", "o.agency_key", "f.number"])
    .where("o.status", "in", ["sent", "acknowledged"])
    .where("o.agency_key", "like", "bank:%")
    .where(sql<SqlBool>`coalesce(o.status_asked_at, o.sent_at) < ${options.silentSince}`)
    // Only orders the bank accepted (a receipt said so), and not while a query is still on its way.
    .where(sql<SqlBool>`EXISTS (SELECT 1 FROM agency_messages m WHERE m.order_id = o.id AND m.direction = 'out' AND m.message_type = 'attachment.order' AND m.status = 'delivered')`)
    .where(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM agency_messages m WHERE m.order_id = o.id AND m.direction = 'out' AND m.message_type = 'order.status' AND m.status IN ('pending', 'dead'))`)
    .orderBy(sql`coalesce(o.status_asked_at, o.sent_at)`)
    .limit(options.limit)
    .forUpdate("o")
    .skipLocked()
    .execute();
  if (rows.length > 0) {
    await tx
      .updateTable("agency_orders")
      .set({ status_asked_at: options.now })
      .where("id", "in", rows.map((row) => row.id))
      .execute();
  }
  return rows.map((row) => ({ id: row.id, fileId: row.file_id, agencyKey: row.agency_key, fileNumber: row.number }));
}

/** The agency's answer is due at this time (its period counted again from service on the agency). */
export async function setOrderAnswerDue(tx: Tx, orderId: string, answerDueAt: Date, now: Date): Promise<void> {
  await tx.updateTable("agency_orders").set({ answer_due_at: answerDueAt, updated_at: now }).where("id", "=", orderId).execute();
}

/**
 * The file's orders that were lifted or whose lift was sent, with the agency's reference
 * (when it gave one), when the lift was sent and when the agency confirmed it: what a
 * release certificate lists.
 */
export async function liftsOfFile(
  db: Db | Tx,
  fileId: string,
): Promise<{ orderId: string; procedureKind: ProcedureKind; agencyKey: string; status: AgencyOrderStatus; agencyReference: string | null; liftSentAt: Date | null; liftConfirmedAt: Date | null; confirmationMessageId: string | null }[]> {
  const orders = await db
    .selectFrom("agency_orders as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select(["o.id", "o.agency_key", "o.status", "o.details", "p.procedure_kind"])
    .where("o.file_id", "=", fileId)
    .where("o.status", "in", ["lift_sent", "lifted"])
    .orderBy("p.requested_at")
    .orderBy("o.agency_key")
    .execute();
  if (orders.length === 0) return [];
  const messages = await db
    .selectFrom("agency_messages")
    .select(["order_id", "direction", "message_type", "message_id", "created_at"])
    .where("order_id", "in", orders.map((order) => order.id))
    .where((eb) => eb.or([eb.and([eb("direction", "=", "out"), eb("message_type", "=", "lift.order")]), eb.and([eb("direction", "=", "in"), eb("message_type", "=", "lift.confirmation")])]))
    .orderBy("created_at")
    .execute();
  return orders.map((order) => {
    const sent = messages.find((message) => message.order_id === order.id && message.message_type === "lift.order");
    const confirmed = messages.find((message) => message.order_id === order.id && message.message_type === "lift.confirmation");
    const details = (typeof order.details === "string" ? JSON.parse(order.details) : order.details) as { reference?: unknown } | null;
    return {
      orderId: order.id,
      procedureKind: order.procedure_kind,
      agencyKey: order.agency_key,
      status: order.status as AgencyOrderStatus,
      agencyReference: typeof details?.reference === "string" ? details.reference : null,
      liftSentAt: sent?.created_at ?? null,
      liftConfirmedAt: confirmed?.created_at ?? null,
      confirmationMessageId: confirmed?.message_id ?? null,
    };
  });
}

/** How many of the file's orders are still in force or waiting for their lift to be sent or confirmed. */
export async function liftsOutstanding(db: Db | Tx, fileId: string): Promise<number> {
  const row = await db
    .selectFrom("agency_orders")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("file_id", "=", fileId)
    .where("status", "in", ["pending", "lift_requested", "lift_sent"])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
