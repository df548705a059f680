/**
 * A clerk or judge decides a procedure referred for review: grant (its orders are created
 * and dispatched) or reject, with reasons. A travel ban is for a judge only.
 */
import { DomainError } from "../domain/errors.ts";
import { agenciesForProcedure, agencyKey } from "../domain/procedures/index.ts";
import { procedureKind, proceduresOfFile } from "../storage/procedures-repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";

// Measures the law leaves to a judge's order on a petition.
const judicialKinds: ReadonlySet<string> = new Set(["travel_ban"]);

export interface DecideInput {
  fileId: string;
  procedureId: string;
  decision: "grant" | "reject";
  reasons: string;
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
    if (input.decision === "reject") {
      await changes.procedureEvent(procedure, "reject", {}, input.reasons);
    } else {
      await changes.procedureEvent(procedure, "approve", { automatic: false }, input.reasons);
      const row = await tx.selectFrom("procedures").select("parameters").where("id", "=", procedure.id).executeTakeFirstOrThrow();
      const banks = ((row.parameters as { banks?: string[] }).banks ?? []) as string[];
      await changes.createOrders(procedure, agenciesForProcedure(procedure.kind, banks).map(agencyKey), deps.newId);
    }
    await changes.commit();
    return { id: procedure.id, status: procedure.status };
  });
}
