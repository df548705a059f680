/**
 * Which uploaded documents a clerk must verify: what a party or a lawyer brings (the copy
 * of the executory title, a power of attorney, evidence for a petition) is checked
 * against the original before anyone relies on it. What the department files itself, and
 * "other" papers that found no decision, need no verification.
 */
import { DomainError } from "../errors.ts";
import type { Label } from "../procedures/labels.ts";
import type { UploadedDocumentKind } from "./documents.ts";

export type VerificationStatus = "not_required" | "pending" | "verified" | "rejected";
export type VerificationDecision = "verify" | "reject";

const verifiedKinds: ReadonlySet<UploadedDocumentKind> = new Set(["executory_title_copy", "power_of_attorney", "evidence"]);

/** `byStaff`: the uploader acted as department staff (a clerk filing a paper). */
export function needsVerification(kind: UploadedDocumentKind, byStaff: boolean): boolean {
  return !byStaff && verifiedKinds.has(kind);
}

export const verificationStatusLabels = {
  not_required: { ar: "لا يلزم التحقق", en: "No verification needed" },
  pending: { ar: "بانتظار التحقق", en: "Waiting for verification" },
  verified: { ar: "تم التحقق", en: "Verified" },
  rejected: { ar: "مرفوض", en: "Rejected" },
} as const satisfies Record<VerificationStatus, Label>;

/** A rejection must say why (the uploader sees it); a verification may carry a note. */
export function assertVerificationReasons(decision: VerificationDecision, reasons: string | undefined | null): string | null {
  const text = reasons?.trim() ?? "";
  if (decision === "reject" && text.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required to reject" });
  return text.length > 0 ? text : null;
}
