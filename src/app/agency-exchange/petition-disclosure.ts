/**
 * Art. 204 bis (Decree-Law 38/1980 as amended in 2025): the creditor petitions the
 * department for a statement of the debtor's present and future funds. The petition is
 * recorded on the file; the director's delegate (a judge) decides it (request-disclosure.ts).
 */
import { randomUUID } from "node:crypto";
import { DomainError } from "../../domain/errors.ts";
import { insertDisclosurePetition } from "../../storage/exchange/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";

export interface DisclosurePetitionInput {
  fileId: string;
  debtorPartyId: string;
  /** Why the creditor asks (e.g. the debtor was served and has not paid). */
  grounds: string;
}

export async function petitionDisclosure(deps: AppDeps, context: UseCaseContext, input: DisclosurePetitionInput): Promise<{ petitionId: string; status: "pending" }> {
  const now = deps.clock.now();
  const grounds = input.grounds.trim();
  if (grounds.length === 0 || grounds.length > 2000) throw new DomainError("VALIDATION_FAILED", { field: "grounds", reason: "1 to 2000 characters" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "disclosure.petition", now);
    if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
    const party = file.parties.find((candidate) => candidate.id === input.debtorPartyId && candidate.partyRole === "debtor");
    if (!party) throw new DomainError("DEBTOR_NOT_ON_FILE");
    const petitionId = randomUUID();
    await insertDisclosurePetition(tx, { id: petitionId, fileId: file.id, debtorPartyId: party.id, petitionedBy: context.subject.civilId, petitionedAt: now, grounds });
    changes.record("disclosure.petition", { payload: { petitionId, debtorPartyId: party.id, grounds } });
    await changes.commit();
    return { petitionId, status: "pending" as const };
  });
}
