/**
 * Art. 298: a travel ban lapses when a condition stops holding, the creditor consents in
 * writing, a sufficient guarantee or solvent guarantor is accepted, the debtor deposits
 * the debt earmarked for the creditor, or — for a ban before suit — the creditor does not
 * prove filing within 7 days. A clerk or judge records the ground; the ports lift the ban.
 */
import { DomainError } from "../domain/errors.ts";
import { ordersOfProcedures, proceduresOfFile } from "../storage/procedures/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";

export const travelBanLapseGrounds = ["condition_ceased", "creditor_consent", "guarantee_accepted", "deposit_made", "suit_not_filed"] as const;
export type TravelBanLapseGround = (typeof travelBanLapseGrounds)[number];

export interface LapseInput {
  fileId: string;
  procedureId: string;
  ground: TravelBanLapseGround;
  /** The document or receipt that proves the ground (consent letter, guarantee, deposit receipt). */
  reference: string;
  reasons: string;
}

export async function lapseTravelBan(deps: AppDeps, context: UseCaseContext, input: LapseInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { changes } = await openFileSession(tx, context, input.fileId, "procedure.decide", now);
    const procedure = (await proceduresOfFile(tx, input.fileId)).find((candidate) => candidate.id === input.procedureId);
    if (!procedure || procedure.kind !== "travel_ban") throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: input.procedureId });
    await changes.endProcedure(procedure, await ordersOfProcedures(tx, [procedure.id]), "lift", input.reasons, {
      cause: "art_298",
      ground: input.ground,
      reference: input.reference,
    });
    await changes.commit();
    return { id: procedure.id, status: procedure.status };
  });
}
