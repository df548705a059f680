/**
 * Several procedures at once (issue 18, item 2; docs/request-batches.md): a creditor, a
 * company's representative or a lawyer asks for several measures on one file, or for a
 * measure on many files (every file they may act on: their own, their company's, those
 * their mandates cover), in one request.
 *
 * 1. `checkRequestBatch`: every row goes through the very use case a single request does
 *    (`requestProcedureIn`: the file, the right to act on it, the debtor, suspensions,
 *    amounts, duplicates, the rules and their fee), in order, inside a transaction that is
 *    rolled back: nothing is written; each row's outcome and reasons are returned.
 * 2. `requestBatchSignature`: the same checks; if every row passes, one signing request is
 *    pushed to the phone over the digest of all rows (purpose procedure.request.batch).
 * 3. `submitRequestBatch`: in one transaction, each row is requested again (every check
 *    again), then the one signature is checked (signer, purpose, digest, freshness, single
 *    use) and recorded; a row refused, or the signature, refuses the whole batch and
 *    nothing is written. Each procedure then lives its own life on its file; their fees are
 *    paid at once with POST /api/v1/fee-payments (start-fees-payment.ts).
 */
import { DomainError, isDomainError } from "../domain/errors.ts";
import type { Fils } from "../domain/money/index.ts";
import { BATCH_MAX_ITEMS, REQUEST_BATCH_PURPOSE } from "../domain/procedures/batch.ts";
import { failureReasons, type Bilingual, type RuleOutcome } from "../domain/rules/index.ts";
import { authorizeGlobally } from "../domain/access/authorization.ts";
import { appendActions } from "../storage/action-log.ts";
import { requestBatchBySignature } from "../storage/identity/repository.ts";
import { withSavepoint } from "../storage/savepoint.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { requestProcedureIn, type ProcedureRequest } from "./request-procedure.ts";
import { describeFile, pushSigningRequest, subjectStream, summarize, type SigningRequestView } from "./signing-requests.ts";
import { acceptSignedDigest, intentDigest, procedureRequestIntent, type PresentedSignature, type SigningIntent } from "./signing.ts";

export interface BatchRowCheck {
  index: number;
  fileId: string;
  kind: ProcedureRequest["kind"];
  /** The row may be requested: no refusal, and the rules do not reject it outright. */
  ok: boolean;
  /** What the rules would decide (null when the request is refused before them). */
  outcome: RuleOutcome | null;
  /** The fee the rules charge for it. */
  fee: Fils | null;
  /** A refusal before the rules: its stable code and details (the API words it). */
  error: { code: string; details: Record<string, unknown> } | null;
  /** Why the rules reject it, one line per failed check. */
  reasons: Bilingual | null;
}

/** The intent a batch's one signature binds: every request, in order, each normalized as a single request's. */
export function batchIntent(items: readonly ProcedureRequest[]): SigningIntent {
  return {
    purpose: REQUEST_BATCH_PURPOSE,
    fileId: items[0]!.fileId,
    procedureId: null,
    request: { items: items.map((item) => ({ fileId: item.fileId, ...procedureRequestIntent(item).request })) },
  };
}

function assertBatchSize(items: readonly ProcedureRequest[]): void {
  if (items.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "items", reason: "empty" });
  if (items.length > BATCH_MAX_ITEMS) throw new DomainError("VALIDATION_FAILED", { field: "items", reason: "too_many", maxItems: BATCH_MAX_ITEMS });
}

/** Thrown to roll the checks' transaction back once every row has been tried. */
class ChecksDone extends Error {}

/** Every row checked as it would be requested, in order (a row sees the rows before it), writing nothing. */
export async function checkRequestBatch(deps: AppDeps, context: UseCaseContext, items: readonly ProcedureRequest[]): Promise<BatchRowCheck[]> {
  assertBatchSize(items);
  const rows: BatchRowCheck[] = [];
  try {
    await deps.db.transaction().execute(async (tx) => {
      for (const [index, item] of items.entries()) {
        const base = { index, fileId: item.fileId, kind: item.kind };
        try {
          const requested = await withSavepoint(tx, () => requestProcedureIn(tx, deps, context, item), { keep: true });
          const { decision } = requested;
          const rejected = decision.outcome === "reject";
          rows.push({ ...base, ok: !rejected, outcome: decision.outcome, fee: decision.fee, error: null, reasons: rejected ? failureReasons(decision) : null });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          rows.push({ ...base, ok: false, outcome: null, fee: null, error: { code: error.code, details: error.details }, reasons: null });
        }
      }
      throw new ChecksDone();
    });
  } catch (error) {
    if (!(error instanceof ChecksDone)) throw error;
  }
  return rows;
}

/** The rows that would be refused, as a refusal names them. */
function refusedRows(rows: readonly BatchRowCheck[]) {
  return rows.filter((row) => !row.ok).map((row) => ({ row: row.index, code: row.error?.code ?? "RULES_REJECTED", ...(row.reasons ? { reasons: row.reasons } : {}) }));
}

/** Pushes one signing request for the whole batch to the phone, once every row passes its checks. */
export async function requestBatchSignature(deps: AppDeps, context: UseCaseContext, items: readonly ProcedureRequest[]): Promise<SigningRequestView> {
  authorizeGlobally(context.subject, "signing.request");
  const rows = await checkRequestBatch(deps, context, items);
  const refused = refusedRows(rows);
  if (refused.length > 0) throw new DomainError("BATCH_ROW_REFUSED", { rows: refused });
  const lines: Bilingual[] = [];
  for (const item of items) {
    const intent = procedureRequestIntent(item);
    lines.push(summarize(intent, await describeFile(deps, intent)));
  }
  // Digits as the app writes them in Arabic too (Latin), like the amounts and file numbers beside them.
  const summary = {
    ar: `تقديم ${items.length} طلبات تنفيذ بتوقيع واحد:\n${lines.map((line, index) => `${index + 1}. ${line.ar}`).join("\n")}`,
    en: `Submit ${items.length} enforcement requests with one signature:\n${lines.map((line, index) => `${index + 1}. ${line.en}`).join("\n")}`,
  };
  return pushSigningRequest(deps, context, batchIntent(items), summary);
}

export interface SubmittedBatch {
  batchId: string;
  /** True when this very signed batch had been carried out before: what it made, nothing new. */
  replayed: boolean;
  procedures: { index: number; fileId: string; id: string; kind: ProcedureRequest["kind"]; status: string; fee: Fils; ruleOutcome: RuleOutcome }[];
}

/** Creates every procedure of the batch under its one signature, all or none. */
export async function submitRequestBatch(deps: AppDeps, context: UseCaseContext, items: readonly ProcedureRequest[], presented: PresentedSignature): Promise<SubmittedBatch> {
  assertBatchSize(items);
  const intent = batchIntent(items);
  const digest = intentDigest(intent);
  // The same signed batch again (a retry after a lost answer): what it made, by the signer's own proof.
  if (presented !== null && !(presented instanceof DomainError) && presented.method === "mobile_id" && presented.signer === context.subject.civilId && presented.digest === digest) {
    const earlier = await requestBatchBySignature(deps.db, context.subject.civilId, presented.jti);
    if (earlier && earlier.digest === digest) return replayOf(earlier);
  }
  const batchId = deps.newId();
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const procedures: SubmittedBatch["procedures"] = [];
    for (const [index, item] of items.entries()) {
      let requested;
      try {
        requested = await requestProcedureIn(tx, deps, context, item, { method: "request_batch", batchId, signedBy: context.subject.civilId, index, batchDigest: digest });
      } catch (error) {
        // The row's own refusal, naming the row: the whole batch is refused and nothing is written.
        if (isDomainError(error)) throw new DomainError(error.code, { ...error.details, row: index });
        throw error;
      }
      if (requested.decision.outcome === "reject") {
        throw new DomainError("BATCH_ROW_REFUSED", { rows: [{ row: index, code: "RULES_REJECTED", reasons: failureReasons(requested.decision) }] });
      }
      procedures.push({ index, fileId: item.fileId, id: requested.id, kind: requested.kind, status: requested.status, fee: requested.decision.fee, ruleOutcome: requested.decision.outcome });
    }
    // After every row's own checks, as a single request checks its signature after its rules.
    const signature = await acceptSignedDigest(tx, context.subject, REQUEST_BATCH_PURPOSE, digest, presented, now);
    await appendActions(tx, [
      {
        stream: subjectStream(context.subject.civilId),
        actor: { id: context.subject.civilId, role: "signer" },
        kind: "procedure.request.batch",
        payload: {
          batchId,
          digest,
          procedures: procedures.map((procedure) => ({ fileId: procedure.fileId, procedureId: procedure.id, kind: procedure.kind, status: procedure.status, fee: procedure.fee, ruleOutcome: procedure.ruleOutcome })),
          signature,
        },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
    return { batchId, replayed: false, procedures };
  });
}

/** A batch as its action recorded it (amounts were stored as strings of fils). */
function replayOf(recorded: Record<string, unknown>): SubmittedBatch {
  const procedures = recorded.procedures as { fileId: string; procedureId: string; kind: ProcedureRequest["kind"]; status: string; fee: string | number; ruleOutcome: RuleOutcome }[];
  return {
    batchId: String(recorded.batchId),
    replayed: true,
    procedures: procedures.map((procedure, index) => ({ index, fileId: procedure.fileId, id: procedure.procedureId, kind: procedure.kind, status: procedure.status, fee: BigInt(procedure.fee), ruleOutcome: procedure.ruleOutcome })),
  };
}
