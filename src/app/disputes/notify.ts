/** Queues the notice of a dispute's step to the file's creditors and debtors, in the step's transaction. */
import type { FileChanges } from "../file-changes.ts";
import type { DisputeNoticeEvent } from "../../domain/disputes/dispute-machine.ts";

export type { DisputeNoticeEvent };

/** `key` tells repeated events apart (a second declaration of a deposit names its own reference). */
export function notifyDispute(changes: FileChanges, disputeId: string, event: DisputeNoticeEvent, now: Date, key: string = event): void {
  changes.sideEffect({ topic: "notice.dispute_changed", payload: { disputeId, event, key, at: now.toISOString() } });
}
