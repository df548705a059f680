/**
 * The service of the title on a file's debtors, for those who may read the file: each
 * recorded service (notice or process server), and per debtor the earliest one and the
 * Kuwait date enforcement may start on under the rules in force today.
 */
import { addCalendarDays, kuwaitDate, ruleVersionFor } from "../../domain/rules/index.ts";
import { titleServicesOfFile, type StoredTitleService } from "../../storage/titles/repository.ts";
import { fileExists, fileParties } from "../../storage/files/repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { actingRole, authorizeOnFile } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export interface DebtorService {
  debtorPartyId: string;
  /** The earliest service recorded, null when none is. */
  servedAt: Date | null;
  waitingDays: number;
  /** Kuwait date from which enforcement may start, null until served. */
  mayStartOn: string | null;
}

export async function readTitleServices(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<{ services: StoredTitleService[]; debtors: DebtorService[] }> {
  const now = deps.clock.now();
  if (!(await fileExists(deps.db, fileId))) throw new DomainError("FILE_NOT_FOUND", { fileId });
  const parties = await fileParties(deps.db, fileId);
  const access = authorizeOnFile(context.subject, "file.read", fileId, parties, now);
  deps.readLog.record(context, { fileIds: [fileId], what: "title_services", role: actingRole(context.subject, access, "file.read") });
  const services = await titleServicesOfFile(deps.db, fileId);
  const { waitingDays } = ruleVersionFor(deps.rules, now).values.service;
  const debtors = parties
    .filter((party) => party.partyRole === "debtor")
    .map((party) => {
      const servedAt = services.find((service) => service.debtorPartyId === party.id)?.servedAt ?? null;
      return { debtorPartyId: party.id, servedAt, waitingDays, mayStartOn: servedAt ? addCalendarDays(kuwaitDate(servedAt), waitingDays) : null };
    });
  return { services, debtors };
}
