/**
 * What the automatic checks decided, applied to a new request in its use case's
 * transaction: the checks are stored with the rule version; a failure rejects the request
 * with the failed checks as reasons; a referral puts it in the clerks' or judges' queue
 * with its service level. An approval is left to the caller (it creates the orders).
 */
import { failureReasons, ruleVersionById, serviceLevel, type ReviewQueue, type RuleDecision } from "../domain/rules/index.ts";
import type { Tx } from "../storage/action-log.ts";
import type { StoredProcedure } from "../storage/procedures/repository.ts";
import { openReviewItem, saveProcedureChecks } from "../storage/review/repository.ts";
import type { AppDeps } from "./deps.ts";
import { rulesActor, type FileChanges } from "./file-changes.ts";

export async function recordRuleDecision(
  tx: Tx,
  deps: AppDeps,
  changes: FileChanges,
  procedure: StoredProcedure,
  decision: RuleDecision,
  now: Date,
): Promise<void> {
  await saveProcedureChecks(tx, procedure.id, procedure.fileId, decision, now);
  if (decision.outcome === "reject") {
    const failedChecks = decision.checks.filter((check) => check.outcome === "fail");
    await changes.procedureEvent(procedure, "reject", { automatic: true, ruleVersion: decision.ruleVersion, failedChecks }, failureReasons(decision).en, rulesActor);
  } else if (decision.outcome === "refer") {
    await enqueueForReview(tx, deps, changes, procedure, decision.queue!, decision.ruleVersion, now);
  }
}

/** Refers a procedure to a queue: the refer event (with the queue) and an open review item due by the service level. */
export async function enqueueForReview(
  tx: Tx,
  deps: AppDeps,
  changes: FileChanges,
  procedure: StoredProcedure,
  queue: ReviewQueue,
  ruleVersionId: string,
  now: Date,
): Promise<void> {
  const version = ruleVersionById(deps.rules, ruleVersionId)!;
  const level = serviceLevel(queue, now, now, version);
  const itemId = deps.newId();
  const reason = queue === "judge" ? "Referred to a judge: a judge's order is required (Art. 297)." : "Referred to a clerk for review.";
  await changes.procedureEvent(procedure, "refer", { queue, ruleVersion: ruleVersionId, reviewItemId: itemId, dueAt: level.dueAt.toISOString() }, reason, rulesActor);
  await openReviewItem(tx, {
    id: itemId,
    itemKind: "procedure_decision",
    queue,
    fileId: procedure.fileId,
    procedureId: procedure.id,
    procedureKind: procedure.kind,
    ruleVersion: ruleVersionId,
    enteredAt: now,
    dueAt: level.dueAt,
  });
}
