/**
 * Art. 204 bis (Decree-Law 38/1980 as amended in 2025): if a duly notified debtor does not
 * pay, at the creditor's request the director may ask banks and the clearing company for a
 * statement of the debtor's present and future funds. So the director's delegate (a judge:
 * `disclosure.order`) grants a creditor's petition recorded on the file, and only when:
 * - the petition is this file's and still pending (DISCLOSURE_PETITION_MISSING);
 * - the debtor was duly notified: service of the title recorded (a clerk's attestation or a
 *   notice's proof) and the waiting period of the rules in force over (DISCLOSURE_DEBTOR_NOT_NOTIFIED);
 * - something is still owed on the file (DISCLOSURE_DEBT_PAID).
 * A refusal writes nothing. The statements come back as agency messages linked to the request.
 */
import { randomUUID } from "node:crypto";
import { DomainError } from "../../domain/errors.ts";
import { wireDebtor } from "../../domain/exchange/order-messages.ts";
import { commercialBankCodes } from "../../domain/identifiers/index.ts";
import { outstanding } from "../../domain/file/claim.ts";
import { addCalendarDays, kuwaitDate, ruleVersionFor } from "../../domain/rules/index.ts";
import { disclosurePetitionOfFile, grantDisclosurePetition, insertDisclosureRequest, queueAgencyMessages } from "../../storage/exchange/repository.ts";
import { debtorForAgencies } from "../../storage/files/repository.ts";
import { titleServedAt } from "../../storage/titles/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";

export interface RequestDisclosureInput {
  fileId: string;
  /** The creditor's petition this grants (petition-disclosure.ts). */
  petitionId: string;
}

export async function requestDisclosure(deps: AppDeps, context: UseCaseContext, input: RequestDisclosureInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "disclosure.order", now);
    const petition = await disclosurePetitionOfFile(tx, file.id, input.petitionId);
    if (!petition || petition.status !== "pending") throw new DomainError("DISCLOSURE_PETITION_MISSING", { petitionId: input.petitionId, status: petition?.status ?? null });
    const party = file.parties.find((candidate) => candidate.id === petition.debtorPartyId && candidate.partyRole === "debtor");
    if (!party) throw new DomainError("DEBTOR_NOT_ON_FILE");
    // Duly notified: served, and the waiting period the rules give after service is over.
    const servedAt = await titleServedAt(tx, party.id);
    const { waitingDays } = ruleVersionFor(deps.rules, now).values.service;
    const mayStartOn = servedAt === null ? null : addCalendarDays(kuwaitDate(servedAt), waitingDays);
    if (mayStartOn === null || kuwaitDate(now) < mayStartOn) {
      throw new DomainError("DISCLOSURE_DEBTOR_NOT_NOTIFIED", { servedOn: servedAt === null ? null : kuwaitDate(servedAt), mayStartOn, waitingDays });
    }
    // Has not paid: something is still owed on the file.
    if (file.status !== "open" || outstanding(file.claimTotal, file.recoveredTotal) <= 0n) throw new DomainError("DISCLOSURE_DEBT_PAID", { status: file.status });

    const debtor = wireDebtor(await debtorForAgencies(tx, party.id));
    const agencies = [...commercialBankCodes.map((code) => `bank:${code}`), "clearing"];
    const requestId = randomUUID();
    if (!(await grantDisclosurePetition(tx, petition.id, context.subject.civilId, now))) throw new DomainError("DISCLOSURE_PETITION_MISSING", { petitionId: petition.id, status: "granted" });
    await insertDisclosureRequest(tx, { id: requestId, fileId: file.id, debtorPartyId: party.id, requestedBy: context.subject.civilId, agencies, petitionId: petition.id, funds: "present_and_future" }, now);
    await queueAgencyMessages(
      tx,
      agencies.map((agencyKey) => ({
        agencyKey,
        fileId: file.id,
        requestId,
        message: { type: "disclosure.request" as const, requestId, fileNumber: file.number, debtor, funds: "present_and_future" as const },
      })),
      now,
    );
    changes.record("disclosure.request", { payload: { requestId, debtorPartyId: party.id, agencies, petitionId: petition.id, funds: "present_and_future" } });
    await changes.commit();
    return { requestId, petitionId: petition.id, agencies, funds: "present_and_future" as const };
  });
}
