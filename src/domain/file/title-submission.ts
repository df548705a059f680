/**
 * An executory title submitted online (DESIGN: the back office opens files from titles
 * submitted by creditors): the submitter gives the title's details, then its copy; a clerk
 * checks the copy against the details and opens the enforcement file, or rejects the
 * submission with reasons. A transition table the compiler checks, like the procedures.
 */
import { DomainError } from "../errors.ts";
import type { Label } from "../procedures/labels.ts";

export type TitleSubmissionStatus = "awaiting_copy" | "submitted" | "opened" | "rejected";
export type TitleSubmissionEvent = "attachCopy" | "open" | "reject";

export const titleSubmissionMachine = {
  awaiting_copy: { attachCopy: "submitted" },
  submitted: { open: "opened", reject: "rejected" },
  opened: {},
  rejected: {},
} as const satisfies Record<TitleSubmissionStatus, Partial<Record<TitleSubmissionEvent, TitleSubmissionStatus>>>;

export const titleSubmissionStatuses = Object.keys(titleSubmissionMachine) as TitleSubmissionStatus[];

export const titleSubmissionStatusLabels = {
  awaiting_copy: { ar: "بانتظار صورة السند", en: "Waiting for the copy of the title" },
  submitted: { ar: "قيد المراجعة لدى الموظف", en: "With a clerk for review" },
  opened: { ar: "فُتح ملف التنفيذ", en: "Enforcement file opened" },
  rejected: { ar: "مرفوض", en: "Rejected" },
} as const satisfies Record<TitleSubmissionStatus, Label>;

/** The status after `event`, or TITLE_SUBMISSION_NOT_PENDING when the submission is not waiting for it. */
export function nextTitleSubmissionStatus(status: TitleSubmissionStatus, event: TitleSubmissionEvent): TitleSubmissionStatus {
  const next = (titleSubmissionMachine[status] as Partial<Record<TitleSubmissionEvent, TitleSubmissionStatus>>)[event];
  if (next === undefined) throw new DomainError("TITLE_SUBMISSION_NOT_PENDING", { status, event });
  return next;
}
