/**
 * Notices read back. A person lists the notices they received (a debtor: the service of
 * the title and each measure; a creditor: each status change), with each one's legal-effect
 * time. Staff (clerks, judges, auditors) list a file's notices with every channel attempt,
 * address, legal-effect time and proof: a read of personal data, so an action on the file.
 */
import { noticesOfFile, noticesReceivedBy, type FileNoticeRecord, type ReceivedNotice } from "../../storage/notices/repository.ts";
import { actingRole, authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";

export async function listMyNotices(deps: AppDeps, context: UseCaseContext, filter: { fileId?: string; limit: number }): Promise<ReceivedNotice[]> {
  authorizeGlobally(context.subject, "notice.own");
  return noticesReceivedBy(deps.db, context.subject.civilId, filter);
}

export async function listFileNotices(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<FileNoticeRecord[]> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { changes, access } = await openFileSession(tx, context, fileId, "notice.read_all", now);
    deps.readLog.record(context, { fileIds: [fileId], what: "notices", role: actingRole(context.subject, access, "notice.read_all") });
    const notices = await noticesOfFile(tx, fileId);
    changes.record("notices.read", { payload: { notices: notices.length } });
    await changes.commit();
    return notices;
  });
}
