/**
 * Takes a referred procedure in a review queue for oneself, or gives it to another staff
 * member who holds the queue's role. The assignment is an action in the file's stream.
 */
import { DomainError } from "../domain/errors.ts";
import type { ReviewQueue } from "../domain/rules/index.ts";
import { assignReviewItem, openItemOfProcedure } from "../storage/review-queue.ts";
import type { StaffRole } from "../storage/schema.ts";
import { authorizeGlobally } from "./authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { openFileSession } from "./locked-file.ts";

export interface AssignInput {
  queue: ReviewQueue;
  procedureId: string;
  /** Civil ID of the staff member; omitted: the one asking. */
  to?: string;
}

const queueRoles: Record<ReviewQueue, readonly StaffRole[]> = { clerk: ["clerk", "judge"], judge: ["judge"] };

export async function assignReview(deps: AppDeps, context: UseCaseContext, input: AssignInput) {
  authorizeGlobally(context.subject, input.queue === "judge" ? "queue.judge" : "queue.clerk");
  const now = deps.clock.now();
  const assignee = input.to ?? context.subject.civilId;
  return deps.db.transaction().execute(async (tx) => {
    const located = await openItemOfProcedure(tx, input.procedureId);
    if (!located || located.queue !== input.queue || located.fileId === null) throw new DomainError("QUEUE_ITEM_NOT_FOUND", { procedureId: input.procedureId, queue: input.queue });
    const { changes } = await openFileSession(tx, context, located.fileId, input.queue === "judge" ? "procedure.decide_judicial" : "procedure.decide", now);
    // Re-read under the file's lock: the item may have been decided meanwhile.
    const item = await openItemOfProcedure(tx, input.procedureId);
    if (!item || item.id !== located.id) throw new DomainError("QUEUE_ITEM_NOT_FOUND", { procedureId: input.procedureId, queue: input.queue });
    if (assignee !== context.subject.civilId) {
      const holds = await tx
        .selectFrom("staff_roles")
        .select("id")
        .where("civil_id", "=", assignee)
        .where("role", "in", [...queueRoles[input.queue]])
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (!holds) throw new DomainError("ASSIGNEE_NOT_STAFF", { queue: input.queue });
    }
    await assignReviewItem(tx, item.id, assignee, now);
    changes.record("review.assign", {
      procedureId: input.procedureId,
      payload: { reviewItemId: item.id, queue: input.queue, assignedTo: assignee, previouslyAssignedTo: item.assignedTo },
    });
    await changes.commit();
    return { reviewItemId: item.id, procedureId: input.procedureId, queue: input.queue, assignedTo: assignee, assignedAt: now };
  });
}
