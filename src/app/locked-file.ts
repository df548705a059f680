/** Opens a use case on one file: lock it, check the subject may do this, name the actor. */
import { DomainError } from "../domain/errors.ts";
import type { Tx } from "../storage/action-log.ts";
import { lockFile, type LockedFile } from "../storage/files/repository.ts";
import { actingRole, authorizeOnFile, type FileAccess, type FilePermission } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import { FileChanges } from "./file-changes.ts";

export interface FileSession {
  file: LockedFile;
  access: FileAccess;
  changes: FileChanges;
}

export async function openFileSession(
  tx: Tx,
  context: UseCaseContext,
  fileId: string,
  permission: FilePermission,
  now: Date,
): Promise<FileSession> {
  const file = await lockFile(tx, fileId);
  if (!file) throw new DomainError("FILE_NOT_FOUND", { fileId });
  const access = authorizeOnFile(context.subject, permission, file.id, file.parties, now);
  const actor = { id: context.subject.civilId, role: actingRole(context.subject, access, permission) };
  return { file, access, changes: new FileChanges(tx, { actor, correlationId: context.correlationId, now }, file.id) };
}

/**
 * Opens a change on a file for the system itself (workers, agency replies): no subject to
 * authorize, the actor says who acted ("system" as worker, or the agency).
 */
export async function openFileAsSystem(
  tx: Tx,
  fileId: string,
  actor: { id: string; role: string },
  correlationId: string,
  now: Date,
): Promise<{ file: LockedFile; changes: FileChanges }> {
  const file = await lockFile(tx, fileId);
  if (!file) throw new DomainError("FILE_NOT_FOUND", { fileId });
  return { file, changes: new FileChanges(tx, { actor, correlationId, now }, file.id) };
}
