/** What the creditor's pages offer on a file (only what to show: the API decides again on every act). */
import type { FileDetail } from "../../api/types.ts";

/** A creditor, or their lawyer, on an open file. */
export function canRequestMeasures(file: Pick<FileDetail, "status" | "myCapacities">): boolean {
  return file.status === "open" && (file.myCapacities.includes("creditor") || file.myCapacities.includes("lawyer_for_creditor"));
}

/** Measures that can no longer be waived (the state machine refuses them anyway). */
export const endedStatuses = new Set(["waived", "lifted", "rejected", "expired", "lifting"]);
