/**
 * The civil-information authority's answer about a person the hub asked about before
 * dispatching orders against them: confirmed (found, alive), every procedure waiting on
 * the person goes on to dispatch; otherwise each ends (expires) with the reason recorded.
 */
import type { AgencyMessage } from "../../domain/exchange/messages.ts";
import type { Tx } from "../../storage/action-log.ts";
import { askedOf } from "../../storage/exchange/repository.ts";
import { orderedProceduresAgainstPerson } from "../../storage/procedures/repository.ts";
import { confirmIdentity } from "../../storage/registry/repository.ts";
import { ordersOfProcedures, proceduresOfFile } from "../../storage/procedures/repository.ts";
import type { AppDeps } from "../deps.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { dispatchProcedure } from "./dispatch-procedure.ts";
import type { ApplyOutcome } from "./outcomes.ts";

export async function applyIdentityResult(options: { tx: Tx; deps: AppDeps; agencyKey: string; message: Extract<AgencyMessage, { type: "identity.result" }>; now: Date }): Promise<ApplyOutcome> {
  const { tx, deps, agencyKey, message, now } = options;
  if (agencyKey !== "civil_info") return { status: "refused", code: "NOT_ALLOWED" };
  if (!(await askedOf(tx, "civil_info", message.queryId))) return { status: "refused", code: "UNKNOWN_REQUEST" };
  const confirmed = message.found && message.person?.alive === true;
  if (confirmed) await confirmIdentity(tx, message.civilId, now);
  // Every procedure waiting on this person goes on (dispatch) or ends (expire).
  for (const procedure of await orderedProceduresAgainstPerson(tx, message.civilId)) {
    if (confirmed) {
      await dispatchProcedure({ tx, now, deps }, { procedureId: procedure.id, correlationId: message.messageId });
    } else {
      const { changes } = await openFileAsSystem(tx, procedure.fileId, { id: agencyKey, role: "agency" }, message.messageId, now);
      const stored = (await proceduresOfFile(tx, procedure.fileId)).find((candidate) => candidate.id === procedure.id)!;
      await changes.endProcedure(stored, await ordersOfProcedures(tx, [procedure.id]), "expire", "The civil-information authority did not confirm the debtor's identity.", { found: message.found });
      await changes.commit();
    }
  }
  return { status: "applied" };
}
