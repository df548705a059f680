/** A title submission as the use cases return it, and its details back as the input of openFile. */
import type { Claim } from "../../domain/file/claim.ts";
import type { ExecutoryTitle } from "../../domain/file/title.ts";
import type { TitleSubmissionStatus } from "../../domain/file/title-submission.ts";
import { claimItemKinds } from "../../domain/file/claim.ts";
import type { TitleSubmissionRow } from "../../storage/titles/repository.ts";
import type { CreditorIdentity, OpenFileInput, PartyIdentity } from "../open-file.ts";

export interface TitleSubmissionView {
  id: string;
  status: TitleSubmissionStatus;
  submittedBy: string;
  submitterRole: "creditor" | "lawyer";
  title: ExecutoryTitle;
  creditors: CreditorIdentity[];
  debtors: PartyIdentity[];
  claim: Claim;
  copy: { mediaType: string; sha256: string; sizeBytes: number; name: string | null; uploadedAt: Date } | null;
  reviewItemId: string | null;
  decidedAt: Date | null;
  rejectionReasons: string | null;
  fileId: string | null;
  fileNumber: string | null;
  documentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Money is stored as fils in decimal strings (JSON has no bigint). */
export function claimToJson(claim: Claim): Record<string, string> {
  return Object.fromEntries(claimItemKinds.map((kind) => [kind, claim[kind].toString()]));
}

export function submissionInput(row: TitleSubmissionRow): OpenFileInput {
  const claim = row.claim as Record<string, string>;
  return {
    title: row.title as ExecutoryTitle,
    creditors: row.creditors as CreditorIdentity[],
    debtors: row.debtors as PartyIdentity[],
    claim: Object.fromEntries(claimItemKinds.map((kind) => [kind, BigInt(claim[kind] ?? "0")])) as Claim,
  };
}

/** The creditors named, as the authorization reads parties. */
export function submissionCreditors(row: Pick<TitleSubmissionRow, "creditor_civil_ids" | "creditor_cr_numbers">) {
  return [
    ...row.creditor_civil_ids.map((civilId) => ({ civilId, crNumber: null })),
    ...row.creditor_cr_numbers.map((crNumber) => ({ civilId: null, crNumber })),
  ];
}

export function submissionView(row: TitleSubmissionRow, fileNumber: string | null): TitleSubmissionView {
  const input = submissionInput(row);
  return {
    id: row.id,
    status: row.status,
    submittedBy: row.submitted_by,
    submitterRole: row.submitter_role,
    title: input.title,
    creditors: input.creditors,
    debtors: input.debtors,
    claim: input.claim,
    copy:
      row.copy_sha256 !== null && row.copy_media_type !== null && row.copy_uploaded_at !== null
        ? { mediaType: row.copy_media_type, sha256: row.copy_sha256, sizeBytes: Number(row.copy_size_bytes), name: row.copy_name, uploadedAt: row.copy_uploaded_at }
        : null,
    reviewItemId: row.review_item_id,
    decidedAt: row.decided_at,
    rejectionReasons: row.rejection_reasons,
    fileId: row.file_id,
    fileNumber,
    documentId: row.document_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
