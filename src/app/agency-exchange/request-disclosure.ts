/**
 * Art. 204 bis: on the creditor's petition, the director asks every bank and the
 * clearing company for a statement of the debtor's funds and securities. The statements
 * come back as agency messages linked to this request.
 */
import { randomUUID } from "node:crypto";
import { DomainError } from "../../domain/errors.ts";
import { commercialBankCodes } from "../../domain/identifiers/index.ts";
import { queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { wireDebtor } from "../../domain/exchange/order-messages.ts";
import { insertDisclosureRequest } from "../../storage/exchange/repository.ts";
import { debtorForAgencies } from "../../storage/files/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";

export async function requestDisclosure(deps: AppDeps, context: UseCaseContext, input: { fileId: string; debtorPartyId: string }) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "disclosure.order", now);
    const party = file.parties.find((candidate) => candidate.id === input.debtorPartyId && candidate.partyRole === "debtor");
    if (!party) throw new DomainError("DEBTOR_NOT_ON_FILE");
    const debtor = wireDebtor(await debtorForAgencies(tx, party.id));
    const agencies = [...commercialBankCodes.map((code) => `bank:${code}`), "clearing"];
    const requestId = randomUUID();
    await insertDisclosureRequest(tx, { id: requestId, fileId: file.id, debtorPartyId: party.id, requestedBy: context.subject.civilId, agencies }, now);
    await queueAgencyMessages(
      tx,
      agencies.map((agencyKey) => ({ agencyKey, fileId: file.id, requestId, message: { type: "disclosure.request" as const, requestId, fileNumber: file.number, debtor } })),
      now,
    );
    changes.record("disclosure.request", { payload: { requestId, debtorPartyId: party.id, agencies } });
    await changes.commit();
    return { requestId, agencies };
  });
}
