/**
 * Takes an item of a review queue for oneself, or gives it to another staff member who
 * holds the queue's role: a referred procedure (by its id), or any item by the item's id
 * (a document to verify, a title submitted online). The assignment is an action in the
 * stream of what is reviewed: the file's, or the title submission's before a file exists.
 */
import type { ReviewAssignment } from "../domain/audit/action-kinds.ts";
import { DomainError } from "../domain/errors.ts";
import type { ReviewQueue } from "../domain/rules/index.ts";
import { appendActions, type Tx } from "../storage/action-log.ts";
import { assignReviewItem, openItemById, openItemOfProcedure } from "../storage/review/repository.ts";
import type { StaffRole } from "../storage/schema.ts";
import { holdsStaffRole, loadSubject } from "../storage/registry/repository.ts";
import { lockTitleSubmission, titleSubmissionStream } from "../storage/titles/repository.ts";
import { actingRole, authorizeGlobally, refuseConflictedStaffAct, type FilePartyRef, type FilePermission } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";

export interface AssignInput {
  queue: ReviewQueue;
  /** A referred procedure's open item… */
  procedureId?: string;
  /** …or any open item by its id. */
  itemId?: string;
  /** Civil ID of the staff member; omitted: the one asking. */
  to?: string;
}

export interface Assignment {
  reviewItemId: string;
  itemKind: string;
  procedureId: string | null;
  queue: ReviewQueue;
  assignedTo: string;
  assignedAt: Date;
}

const queueRoles: Record<ReviewQueue, readonly StaffRole[]> = { clerk: ["clerk", "judge"], judge: ["judge"] };

interface Located {
  id: string;
  itemKind: string;
  queue: ReviewQueue;
  fileId: string | null;
  procedureId: string | null;
  subjectRef: string | null;
  assignedTo: string | null;
}

async function locate(tx: Tx, input: AssignInput): Promise<Located | undefined> {
  if (input.itemId !== undefined) return openItemById(tx, input.itemId);
  const item = await openItemOfProcedure(tx, input.procedureId!);
  return item ? { ...item, itemKind: "procedure_decision", procedureId: input.procedureId!, subjectRef: null } : undefined;
}

/** Deciding the item needs this permission on its file; the same is needed to take it. */
function permissionFor(item: Located): FilePermission {
  if (item.itemKind === "verify_document") return "document.verify";
  if (item.itemKind === "dispute") return "dispute.decide";
  if (item.itemKind === "instalment_plan") return "instalment.order";
  return item.queue === "judge" ? "procedure.decide_judicial" : "procedure.decide";
}

export async function assignReview(deps: AppDeps, context: UseCaseContext, input: AssignInput): Promise<Assignment> {
  authorizeGlobally(context.subject, input.queue === "judge" ? "queue.judge" : "queue.clerk");
  if ((input.procedureId === undefined) === (input.itemId === undefined)) throw new DomainError("VALIDATION_FAILED", { field: "itemId", reason: "an item or a procedure" });
  const now = deps.clock.now();
  const assignee = input.to ?? context.subject.civilId;
  const missing = () => new DomainError("QUEUE_ITEM_NOT_FOUND", { ...(input.procedureId ? { procedureId: input.procedureId } : { itemId: input.itemId }), queue: input.queue });
  return deps.db.transaction().execute(async (tx) => {
    const located = await locate(tx, input);
    if (!located || located.queue !== input.queue) throw missing();
    // Lock what the item is about, authorize as for deciding it, and name where the action goes.
    let record: (payload: ReviewAssignment) => Promise<void>;
    // The file's parties, to keep the item from an assignee conflicted on it (separation of duties).
    let onFile: { fileId: string; parties: readonly FilePartyRef[] } | null = null;
    if (located.fileId !== null) {
      const { file, changes } = await openFileSession(tx, context, located.fileId, permissionFor(located), now);
      onFile = { fileId: file.id, parties: file.parties };
      record = async (payload) => {
        changes.record("review.assign", { ...(located.procedureId ? { procedureId: located.procedureId } : {}), payload });
        await changes.commit();
      };
    } else if (located.itemKind === "open_file_from_title" && located.subjectRef !== null) {
      authorizeGlobally(context.subject, "title_submission.decide");
      await lockTitleSubmission(tx, located.subjectRef);
      const submissionId = located.subjectRef;
      record = async (payload) => {
        await appendActions(tx, [
          {
            stream: titleSubmissionStream(submissionId),
            actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "title_submission.decide") },
            kind: "review.assign",
            payload: { titleSubmissionId: submissionId, ...payload },
            correlationId: context.correlationId,
            occurredAt: now,
          },
        ]);
      };
    } else {
      throw missing();
    }
    // Re-read under the lock: the item may have been decided meanwhile.
    const item = await locate(tx, input);
    if (!item || item.id !== located.id) throw missing();
    if (assignee !== context.subject.civilId) {
      if (!(await holdsStaffRole(tx, assignee, queueRoles[input.queue]))) throw new DomainError("ASSIGNEE_NOT_STAFF", { queue: input.queue });
      if (onFile) refuseConflictedStaffAct(await loadSubject(tx, assignee, now), permissionFor(located), onFile.fileId, onFile.parties);
    }
    await assignReviewItem(tx, item.id, assignee, now);
    await record({ reviewItemId: item.id, queue: input.queue, assignedTo: assignee, previouslyAssignedTo: item.assignedTo });
    return { reviewItemId: item.id, itemKind: item.itemKind, procedureId: item.procedureId, queue: input.queue, assignedTo: assignee, assignedAt: now };
  });
}
