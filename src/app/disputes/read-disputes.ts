/** The disputes of a file, for anyone who may read the file (parties, their lawyers, staff). */
import { DomainError } from "../../domain/errors.ts";
import { disputesOfFile, type StoredDispute } from "../../storage/disputes/repository.ts";
import { fileParties } from "../../storage/files/repository.ts";
import { actingRole, authorizeOnFile } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export async function readDisputes(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<StoredDispute[]> {
  const parties = await fileParties(deps.db, fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId });
  const access = authorizeOnFile(context.subject, "file.read", fileId, parties, deps.clock.now());
  deps.readLog.record(context, { fileIds: [fileId], what: "disputes", role: actingRole(context.subject, access, "file.read") });
  return disputesOfFile(deps.db, fileId);
}
