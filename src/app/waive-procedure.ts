/**
 * The creditor withdraws a measure. Before anything was sent it simply ends; once an
 * agency may hold something, every order gets a lift order in the same transaction.
 */
import { DomainError } from "../domain/errors.ts";
import { nextProcedureStatus } from "../domain/procedures/index.ts";
import { ordersOfProcedures, proceduresOfFile } from "../storage/procedures/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { enforceBankCap } from "./agency-exchange/enforce-bank-cap.ts";
import { openFileSession } from "./locked-file.ts";
import { acceptSignature, waiveIntent, type PresentedSignature } from "./signing.ts";

export interface WaiveInput {
  fileId: string;
  procedureId: string;
  reason: string;
}

/** `signature`: as for requestProcedure — always passed by the HTTP API, omitted only by the department's own tools. */
export async function waiveProcedure(deps: AppDeps, context: UseCaseContext, input: WaiveInput, signature?: PresentedSignature) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "procedure.waive", now);
    const procedure = (await proceduresOfFile(tx, input.fileId)).find((candidate) => candidate.id === input.procedureId);
    if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
    const orders = await ordersOfProcedures(tx, [procedure.id]);
    // A waiver the state machine refuses is refused as such, before any signature is asked for.
    nextProcedureStatus(procedure.kind, procedure.status, "waive");
    const signed = signature === undefined ? null : await acceptSignature(tx, context.subject, waiveIntent(input), signature, now);
    await changes.endProcedure(procedure, orders, "waive", input.reason, signed ? { signature: signed } : {});
    await enforceBankCap(tx, changes, file, now);
    await changes.commit();
    return { id: procedure.id, status: procedure.status };
  });
}
