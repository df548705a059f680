/** Queues the notice of a dispute's step to the file's creditors and debtors, in the step's transaction. */
import { outboxTopics, type FileChanges } from "../file-changes.ts";

export type DisputeNoticeEvent = "filed" | "bond_declared" | "bond_posted" | "bond_rejected" | "suspended" | "suspension_refused" | "upheld" | "dismissed";

/** `key` tells repeated events apart (a second declaration of a deposit names its own reference). */
export function notifyDispute(changes: FileChanges, disputeId: string, event: DisputeNoticeEvent, now: Date, key: string = event): void {
  changes.sideEffect({ topic: outboxTopics.noticeDisputeChanged, payload: { disputeId, event, key, at: now.toISOString() } });
}
