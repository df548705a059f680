/**
 * Carries out what a person signed on their phone from a signing request (the
 * server-rendered portal's flow): the request must be theirs; it is then submitted with
 * its signature like any other request, so every check applies again.
 */
import { DomainError } from "../domain/errors.ts";
import { signingRequestIntent } from "../storage/identity/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { presentSignature } from "./present-signature.ts";
import { requestProcedure } from "./request-procedure.ts";
import { procedureRequestFromIntent } from "./signing.ts";
import { waiveProcedure } from "./waive-procedure.ts";

/** Returns the file the request was about. */
export async function carryOutSignedRequest(deps: AppDeps, context: UseCaseContext, signingRequestId: string): Promise<{ fileId: string }> {
  const stored = await signingRequestIntent(deps.db, signingRequestId);
  if (!stored || stored.civilId !== context.subject.civilId) throw new DomainError("NOT_FOUND");
  const { intent } = stored;
  // A batch is submitted with its rows (POST /api/v1/request-batches), not from here.
  if (stored.purpose === "procedure.request.batch") throw new DomainError("VALIDATION_FAILED", { field: "purpose" });
  const signature = await presentSignature(deps, context, { signingRequestId });
  if (stored.purpose === "procedure.request") await requestProcedure(deps, context, procedureRequestFromIntent(intent), signature);
  else await waiveProcedure(deps, context, { fileId: intent.fileId, procedureId: intent.procedureId!, reason: String(intent.request.reason) }, signature);
  return { fileId: stored.fileId };
}
