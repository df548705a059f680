/** Where each kind of review item is worked on in the back office (the queue links there). */
import type { QueueItem, ReviewItemKind } from "../../api/types.ts";

/** The kinds of review item, in the order the queue's filter and the dashboard list them. */
export const itemKinds: ReviewItemKind[] = ["procedure_decision", "verify_document", "open_file_from_title", "dispute", "instalment_plan"];

export function reviewPath(item: Pick<QueueItem, "itemKind" | "fileId" | "procedureId" | "subjectRef">): string | null {
  // The API answers with the kinds above; one it adds later has no page here yet.
  switch (item.itemKind) {
    case "procedure_decision":
      return item.fileId && item.procedureId ? `/back-office/files/${item.fileId}/procedures/${item.procedureId}` : null;
    case "verify_document":
      return item.fileId && item.subjectRef ? `/back-office/files/${item.fileId}/documents/${item.subjectRef}` : null;
    case "open_file_from_title":
      return item.subjectRef ? `/back-office/title-submissions/${item.subjectRef}` : null;
    case "dispute":
      return item.fileId && item.subjectRef ? `/back-office/files/${item.fileId}/disputes/${item.subjectRef}` : null;
    case "instalment_plan":
      return item.fileId && item.subjectRef ? `/back-office/files/${item.fileId}/instalment-plans/${item.subjectRef}` : null;
    default:
      return null;
  }
}
