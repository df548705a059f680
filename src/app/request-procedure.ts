/**
 * A creditor (or their lawyer) asks for a measure against a debtor of the file. The
 * automatic checks approve what needs no judge: its agency orders are created and the
 * dispatch is queued in the same transaction. A travel ban goes to a judge.
 */
import { outstanding } from "../domain/file/claim.ts";
import { DomainError } from "../domain/errors.ts";
import { commercialBankCodes, isBankCode, type BankCode } from "../domain/identifiers/index.ts";
import {
  agenciesForProcedure,
  agencyKey,
  initialProcedureStatus,
  isTerminalProcedureStatus,
  procedureStatuses,
  type ProcedureKind,
} from "../domain/procedures/index.ts";
import { insertProcedure, proceduresOfFile, travelBansForCreditors, type StoredOrder, type StoredProcedure } from "../storage/procedures/repository.ts";
import type { Tx } from "../storage/action-log.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { rulesActor } from "./file-changes.ts";
import { openFileSession } from "./locked-file.ts";
import { assertEnforcementMayProceed } from "./enforcement-holds.ts";
import { recordRuleDecision } from "./rule-checks.ts";
import { titlesOfFile, type LockedFile } from "../storage/files/repository.ts";
import { creditorsActedFor } from "../domain/access/authorization.ts";
import { creditorDebtsOfFile } from "./travel-ban-creditor-debt.ts";
import { assessFee, feeHoldsDispatchFor } from "./payments/assess-fee.ts";
import { evaluateRequest, missingTravelBanEvidence, ruleVersionFor, type RuleDecision } from "../domain/rules/index.ts";
import { titleServedAt } from "../storage/titles/repository.ts";
import type { ProcedureRequest, TravelBanEvidence } from "../domain/procedures/request.ts";
import { attachDocuments } from "./documents/attach-documents.ts";
import { acceptSignature, procedureRequestIntent, type PresentedSignature } from "./signing.ts";

export type { ProcedureRequest, TravelBanEvidence };

export interface RequestedProcedure {
  id: string;
  kind: ProcedureKind;
  status: string;
  orders: { id: string; agencyKey: string; status: string }[];
  /** What the automatic checks decided, and the fee the rules charge (a batch shows them per row). */
  decision: RuleDecision;
}

// One measure of these kinds per debtor at a time: a second would duplicate the first.
const singleActiveKinds: ReadonlySet<ProcedureKind> = new Set(["vehicle_seizure", "travel_ban"]);

function chosenBanks(banks: "all" | readonly string[]): BankCode[] {
  if (banks === "all") return [...commercialBankCodes];
  for (const code of banks) {
    if (!isBankCode(code) || !commercialBankCodes.includes(code)) throw new DomainError("BANK_CODE_UNKNOWN", { bankCode: code });
  }
  return [...new Set(banks as BankCode[])];
}

function parametersOf(request: ProcedureRequest): Record<string, unknown> {
  switch (request.kind) {
    case "bank_attachment":
      return { banks: chosenBanks(request.banks) };
    case "vehicle_seizure":
      return {};
    case "travel_ban": {
      // An incomplete petition is refused before anything is recorded; the rules define what it must carry.
      const missing = missingTravelBanEvidence(request.evidence);
      if (missing.length > 0) throw new DomainError("EVIDENCE_REQUIRED", { missing });
      return { evidence: request.evidence, ...(request.beforeSuit === true ? { beforeSuit: true } : {}) };
    }
  }
}

/**
 * The creditor a travel ban is asked for: the one named (a creditor of the file the subject
 * acts for — staff may name any), else the only creditor the subject acts for, else the
 * file's only creditor.
 */
function petitioningCreditor(context: UseCaseContext, file: LockedFile, named: string | undefined, now: Date): string {
  const creditors = file.parties.filter((party) => party.partyRole === "creditor");
  const actedFor = creditorsActedFor(context.subject, file.id, file.parties, now, "request");
  if (named !== undefined) {
    if (!creditors.some((party) => party.id === named)) throw new DomainError("PARTY_NOT_ON_FILE", { partyId: named });
    if (actedFor.length > 0 && !actedFor.some((party) => party.id === named)) throw new DomainError("FORBIDDEN", { permission: "procedure.request", creditorPartyId: named });
    return named;
  }
  if (actedFor.length === 1) return actedFor[0]!.id;
  if (actedFor.length === 0 && creditors.length === 1) return creditors[0]!.id;
  throw new DomainError("VALIDATION_FAILED", { field: "creditorPartyId", reason: "required" });
}

/**
 * `signature`: what the request carried (the HTTP API always passes it; a missing or bad
 * one is refused after the authorization and rule checks, so it never reveals more than
 * they do). Omitted only by the department's own tools (demo data, imports), which have
 * no person's phone to ask.
 */
export async function requestProcedure(
  deps: AppDeps,
  context: UseCaseContext,
  request: ProcedureRequest,
  signature?: PresentedSignature,
): Promise<RequestedProcedure> {
  return deps.db.transaction().execute((tx) => requestProcedureIn(tx, deps, context, request, signature));
}

/** The same request inside the caller's transaction (a bulk row: its outcome commits with the procedure, or neither). */
export async function requestProcedureIn(
  tx: Tx,
  deps: AppDeps,
  context: UseCaseContext,
  request: ProcedureRequest,
  signature?: PresentedSignature,
): Promise<RequestedProcedure> {
  const now = deps.clock.now();
  const parameters = parametersOf(request);
  const { file, changes } = await openFileSession(tx, context, request.fileId, "procedure.request", now);
  if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
  // A file opened for a ban before suit has no title (Art. 297): only that ban is asked on it.
  const withoutTitle = file.basis === "ban_before_suit";
  if (withoutTitle && !(request.kind === "travel_ban" && request.beforeSuit === true)) throw new DomainError("FILE_HAS_NO_TITLE");
  if (withoutTitle) parameters.provisionalEstimate = file.claimTotal.toString();
  const debtor = file.parties.find((party) => party.id === request.debtorPartyId && party.partyRole === "debtor");
  if (!debtor) throw new DomainError("DEBTOR_NOT_ON_FILE");
  if (request.kind === "travel_ban" && debtor.civilId === null) throw new DomainError("TRAVEL_BAN_NEEDS_PERSON");
  // A dispute's suspension, or an instalment plan in force, holds new measures back.
  await assertEnforcementMayProceed(tx, file.id, debtor.id);
  // Judged by the rule version in force when the request is made (requested_at = now).
  const version = ruleVersionFor(deps.rules, now);
  let owed = outstanding(file.claimTotal, file.recoveredTotal);
  if (request.kind === "travel_ban" && version.values.travelBan.endsWith === "creditor") {
    // Art. 298: the ban is the petitioning creditor's and lasts until the debt to them ends;
    // the minimum is measured on that debt, not on what the file owes everyone.
    const creditor = petitioningCreditor(context, file, request.creditorPartyId, now);
    parameters.forCreditorPartyId = creditor;
    owed = (await creditorDebtsOfFile(tx, file)).find((debt) => debt.creditorId === creditor)!.outstanding;
  }
  if (request.kind === "bank_attachment") {
    if (request.amount <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "amount", reason: "positive" });
    if (request.amount > owed) throw new DomainError("AMOUNT_EXCEEDS_OUTSTANDING", { outstanding: owed.toString() });
  }
  if (singleActiveKinds.has(request.kind)) {
    const existing = await proceduresOfFile(tx, file.id);
    // A ban asked for one creditor (kw-2025.5) does not stand for another creditor of the file:
    // each may have their own, and each ends with the debt to its creditor (Art. 298).
    const creditorOf = parameters.forCreditorPartyId === undefined ? null : new Map((await travelBansForCreditors(tx, file.id, procedureStatuses)).map((ban) => [ban.procedure.id, ban.creditorPartyId]));
    const active = existing.find(
      (procedure) =>
        procedure.kind === request.kind &&
        procedure.debtorPartyId === debtor.id &&
        !isTerminalProcedureStatus(procedure.status) &&
        (creditorOf === null || (creditorOf.get(procedure.id) ?? parameters.forCreditorPartyId) === parameters.forCreditorPartyId),
    );
    if (active) throw new DomainError("PROCEDURE_ALREADY_ACTIVE", { procedureId: active.id });
  }
  const signed = signature === undefined ? null : await acceptSignature(tx, context.subject, procedureRequestIntent(request), signature, now);

  const procedure: StoredProcedure = {
    id: deps.newId(),
    fileId: file.id,
    kind: request.kind,
    status: initialProcedureStatus,
    debtorPartyId: debtor.id,
    amount: request.kind === "bank_attachment" ? request.amount : null,
  };
  await insertProcedure(tx, { ...procedure, parameters, requestedBy: context.subject.civilId, requestedAt: now });
  // The evidence uploaded for it (the judge reads it with the request); someone else's, or papers filed already, refuse it all.
  const documentIds = await attachDocuments(tx, { fileId: file.id, documentIds: request.documentIds, uploadedBy: context.subject.civilId, to: { procedureId: procedure.id } });
  const decision = evaluateRequest(
    {
      kind: request.kind,
      requestedAt: now,
      titles: await titlesOfFile(tx, file.id),
      outstanding: owed,
      amount: procedure.amount,
      titleServedAt: await titleServedAt(tx, debtor.id),
      ...(request.kind === "travel_ban" ? { evidence: request.evidence } : {}),
      ...(withoutTitle ? { withoutTitle: true } : {}),
    },
    version,
  );
  changes.record("procedure.request", {
    procedureId: procedure.id,
    payload: {
      kind: procedure.kind,
      debtorPartyId: debtor.id,
      amount: procedure.amount,
      parameters,
      outstanding: owed,
      ruleVersion: decision.ruleVersion,
      ruleOutcome: decision.outcome,
      fee: decision.fee,
      feeItems: decision.feeItems,
      // Whether the orders wait for the fee (FEES_BEFORE_DISPATCH): the fee row is assessed from this action.
      feeHoldsDispatch: feeHoldsDispatchFor(deps, decision),
      checks: decision.checks,
      ...(documentIds.length > 0 ? { documentIds } : {}),
      ...(signed ? { signature: signed } : {}),
    },
  });

  let orders: StoredOrder[] = [];
  await recordRuleDecision(tx, deps, changes, procedure, decision, now);
  await assessFee(tx, deps, procedure, decision, now);
  if (decision.outcome === "approve") {
    await changes.procedureEvent(procedure, "approve", { automatic: true, ruleVersion: decision.ruleVersion }, null, rulesActor);
    const banks = request.kind === "bank_attachment" ? (parameters.banks as string[]) : [];
    orders = await changes.createOrders(procedure, agenciesForProcedure(request.kind, banks).map(agencyKey), deps.newId);
  }
  await changes.commit();
  return {
    id: procedure.id,
    kind: procedure.kind,
    status: procedure.status,
    orders: orders.map((order) => ({ id: order.id, agencyKey: order.agencyKey, status: order.status })),
    decision,
  };
}
