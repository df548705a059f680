/**
 * The other way the title is served: by a process server, on paper. A clerk attests it from
 * the server's report (its number, the time of service, optionally the scanned report
 * filed on the file); the waiting period then counts from that time, or from an earlier
 * electronic service if there was one (the earliest service counts). An action on the file.
 */
import { DomainError } from "../../domain/errors.ts";
import { kuwaitDate } from "../../domain/file/calendar.ts";
import { insertTitleService } from "../../storage/titles/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { titlesOfFile } from "../../storage/files/repository.ts";
import { documentOfFile } from "../../storage/documents/repository.ts";

export interface AttestServiceInput {
  fileId: string;
  debtorPartyId: string;
  servedAt: Date;
  /** The process server's report number. */
  reference: string;
  /** The scanned report, uploaded to the file first. */
  documentId?: string | null;
  note?: string | null;
}

export interface AttestedService {
  id: string;
  fileId: string;
  debtorPartyId: string;
  servedAt: Date;
  channel: "process_server";
  reference: string;
  documentId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export async function attestTitleService(deps: AppDeps, context: UseCaseContext, input: AttestServiceInput): Promise<AttestedService> {
  const now = deps.clock.now();
  const reference = input.reference.trim();
  if (reference.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reference", reason: "required" });
  if (input.servedAt > now) throw new DomainError("VALIDATION_FAILED", { field: "servedAt", reason: "in the future" });
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "title_service.attest", now);
    // A file opened for a ban before suit has no title to serve (Art. 297).
    if (file.basis === "ban_before_suit") throw new DomainError("FILE_HAS_NO_TITLE");
    if (!file.parties.some((party) => party.id === input.debtorPartyId && party.partyRole === "debtor")) {
      throw new DomainError("DEBTOR_NOT_ON_FILE", { debtorPartyId: input.debtorPartyId });
    }
    // A title cannot be served before it was issued.
    const issuedOn = (await titlesOfFile(tx, file.id)).map((title) => title.issuedOn).sort()[0];
    if (issuedOn !== undefined && kuwaitDate(input.servedAt) < issuedOn) {
      throw new DomainError("VALIDATION_FAILED", { field: "servedAt", reason: "before the title was issued", issuedOn });
    }
    const documentId = input.documentId ?? null;
    if (documentId !== null) {
      if (!(await documentOfFile(tx, file.id, documentId))) throw new DomainError("DOCUMENT_NOT_FOUND", { documentId });
    }
    const service: AttestedService = {
      id: deps.newId(),
      fileId: file.id,
      debtorPartyId: input.debtorPartyId,
      servedAt: input.servedAt,
      channel: "process_server",
      reference,
      documentId,
      recordedBy: context.subject.civilId,
      recordedAt: now,
    };
    const recorded = await insertTitleService(tx, { ...service, noticeId: null });
    if (!recorded) throw new DomainError("TITLE_SERVICE_DUPLICATE", { reference });
    changes.record("title.served", {
      payload: { debtorPartyId: service.debtorPartyId, channel: service.channel, reference, servedAt: service.servedAt.toISOString(), ...(documentId ? { documentId } : {}) },
      reason: input.note?.trim() || null,
    });
    await changes.commit();
    return service;
  });
}
