/** Queues the notice of an instalment plan's step to the file's creditors and debtors, in the step's transaction. */
import type { FileChanges } from "../file-changes.ts";
import type { PlanNoticeEvent } from "../../domain/instalments/plan-machine.ts";

export type { PlanNoticeEvent };

/** `key` tells repeated events apart (the instalment's number for instalment_paid). */
export function notifyPlan(changes: FileChanges, planId: string, event: PlanNoticeEvent, now: Date, key: string = event): void {
  changes.sideEffect({ topic: "notice.instalment_plan_changed", payload: { planId, event, key, at: now.toISOString() } });
}
