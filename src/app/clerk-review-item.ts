/**
 * Puts work that is not a procedure's decision in the clerks' queue, in the caller's
 * transaction: a document to verify, a title submitted online to open as a file. Its
 * service level is the clerks' of the rules in force now, in working days.
 */
import { ruleVersionFor, serviceLevel } from "../domain/rules/index.ts";
import type { Tx } from "../storage/action-log.ts";
import { openReviewItem } from "../storage/review/repository.ts";
import type { AppDeps } from "./deps.ts";

export interface ClerkItem {
  id: string;
  ruleVersion: string;
  dueAt: Date;
}

export async function openClerkItem(
  tx: Tx,
  deps: AppDeps,
  item: { itemKind: "verify_document" | "open_file_from_title"; fileId: string | null; subjectRef: string },
  now: Date,
): Promise<ClerkItem> {
  const version = ruleVersionFor(deps.rules, now);
  const { dueAt } = serviceLevel("clerk", now, now, version);
  const id = deps.newId();
  await openReviewItem(tx, {
    id,
    itemKind: item.itemKind,
    queue: "clerk",
    fileId: item.fileId,
    procedureId: null,
    procedureKind: null,
    subjectRef: item.subjectRef,
    ruleVersion: version.id,
    enteredAt: now,
    dueAt,
  });
  return { id, ruleVersion: version.id, dueAt };
}
