/**
 * The creditor withdraws a measure. Before anything was sent it simply ends; once an
 * agency may hold something, every order gets a lift order in the same transaction.
 */
import { DomainError } from "../domain/errors.ts";
import { ordersOfProcedures, proceduresOfFile } from "../storage/procedures-repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";

export interface WaiveInput {
  fileId: string;
  procedureId: string;
  reason: string;
}

export async function waiveProcedure(deps: AppDeps, context: UseCaseContext, input: WaiveInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { changes } = await openFileSession(tx, context, input.fileId, "procedure.waive", now);
    const procedure = (await proceduresOfFile(tx, input.fileId)).find((candidate) => candidate.id === input.procedureId);
    if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
    const orders = await ordersOfProcedures(tx, [procedure.id]);
    await changes.endProcedure(procedure, orders, "waive", input.reason);
    await changes.commit();
    return { id: procedure.id, status: procedure.status };
  });
}
