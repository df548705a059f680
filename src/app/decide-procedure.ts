/**
 * A clerk or judge decides a procedure referred for review: grant (its orders are created
 * and dispatched), grant in part (a bank attachment for a smaller amount, or a measure
 * with conditions), or reject, with reasons. A travel ban is for a judge only. The
 * decision closes the procedure's review item; each is an action with its reasons.
 */
import { DomainError } from "../domain/errors.ts";
import { agenciesForProcedure, agencyKey } from "../domain/procedures/index.ts";
import { procedureKind, proceduresOfFile, procedureTerms, setProcedureAmount, setProcedureParameters } from "../storage/procedures/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";
import { closeItemOfProcedure } from "../storage/review/repository.ts";
import type { Fils } from "../domain/money/index.ts";

// Measures the law leaves to a judge's order on a petition.
const judicialKinds: ReadonlySet<string> = new Set(["travel_ban"]);

export interface DecideInput {
  fileId: string;
  procedureId: string;
  decision: "grant" | "grant_in_part" | "reject";
  reasons: string;
  /** Grant in part of a bank attachment: the smaller amount granted. */
  amount?: Fils;
  /** Grant in part: the conditions the measure is granted on (e.g. of a travel ban). */
  conditions?: string;
}

/** What a grant in part changes, checked against the procedure; throws if it changes nothing. */
function partialGrant(input: DecideInput, kind: string, requested: Fils | null): { amount?: Fils; conditions?: string } {
  const conditions = input.conditions?.trim() ?? "";
  const partial: { amount?: Fils; conditions?: string } = {};
  if (input.amount !== undefined) {
    if (kind !== "bank_attachment" || requested === null) throw new DomainError("PARTIAL_GRANT_INVALID", { field: "amount", reason: "only for a bank attachment" });
    if (input.amount <= 0n || input.amount >= requested) throw new DomainError("PARTIAL_GRANT_INVALID", { field: "amount", reason: "between zero and the amount requested", requested: requested.toString() });
    partial.amount = input.amount;
  }
  if (conditions.length > 0) partial.conditions = conditions;
  if (partial.amount === undefined && partial.conditions === undefined) throw new DomainError("PARTIAL_GRANT_INVALID", { reason: "a smaller amount or conditions" });
  return partial;
}

export async function decideProcedure(deps: AppDeps, context: UseCaseContext, input: DecideInput) {
  const now = deps.clock.now();
  if (input.reasons.trim().length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required" });
  return deps.db.transaction().execute(async (tx) => {
    // The kind never changes, so it may be read before the lock to choose the permission.
    const kind = await procedureKind(tx, input.fileId, input.procedureId);
    const permission = judicialKinds.has(kind ?? "") ? "procedure.decide_judicial" : "procedure.decide";
    const { changes } = await openFileSession(tx, context, input.fileId, permission, now);
    const procedure = (await proceduresOfFile(tx, input.fileId)).find((candidate) => candidate.id === input.procedureId);
    if (!kind || !procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
    if (input.decision !== "grant_in_part" && (input.amount !== undefined || input.conditions !== undefined)) {
      throw new DomainError("PARTIAL_GRANT_INVALID", { reason: "amount and conditions belong to a grant in part" });
    }
    if (input.decision === "reject") {
      await changes.procedureEvent(procedure, "reject", { decision: "reject" }, input.reasons);
    } else {
      const partial = input.decision === "grant_in_part" ? partialGrant(input, procedure.kind, procedure.amount) : {};
      await changes.procedureEvent(
        procedure,
        "approve",
        {
          automatic: false,
          decision: input.decision,
          ...(partial.amount !== undefined ? { requestedAmount: procedure.amount, grantedAmount: partial.amount } : {}),
          ...(partial.conditions !== undefined ? { conditions: partial.conditions } : {}),
        },
        input.reasons,
      );
      if (partial.amount !== undefined) {
        await setProcedureAmount(tx, procedure.id, partial.amount);
        procedure.amount = partial.amount;
      }
      if (partial.conditions !== undefined) {
        const current = await procedureTerms(tx, procedure.id);
        await setProcedureParameters(tx, procedure.id, { ...current.parameters, conditions: partial.conditions });
      }
      const { parameters } = await procedureTerms(tx, procedure.id);
      const banks = ((parameters as { banks?: string[] }).banks ?? []) as string[];
      await changes.createOrders(procedure, agenciesForProcedure(procedure.kind, banks).map(agencyKey), deps.newId);
    }
    await closeItemOfProcedure(tx, procedure.id, input.decision, context.subject.civilId, now);
    await changes.commit();
    return { id: procedure.id, status: procedure.status };
  });
}
