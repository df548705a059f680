/**
 * Documents of files as stored (the bytes live in the document store, keyed by their
 * sha256), and clerks' verification of uploaded ones (migration 0009).
 */
import type { DocumentKind, DocumentMediaType } from "../../domain/documents/documents.ts";
import type { VerificationDecision } from "../../domain/documents/verification.ts";
import type { Tx } from "../action-log.ts";
import type { Db } from "../database.ts";
import type { DocumentsTable, DocumentVerificationStatus, DocumentVerificationsTable } from "./schema.ts";

export interface StoredDocument {
  id: string;
  fileId: string;
  procedureId: string | null;
  orderId: string | null;
  kind: DocumentKind;
  origin: "uploaded" | "generated";
  mediaType: DocumentMediaType;
  sha256: string;
  sizeBytes: bigint;
  /** The name the uploader gave (metadata only). */
  name: string | null;
  createdBy: string;
  createdAt: Date;
  /** Documents the department issues: the code of their public verification address. */
  verificationCode: string | null;
  /** A payment receipt: the ledger entry it is the receipt of. */
  ledgerEntryId?: string | null;
  /** Uploaded papers filed with an enforcement dispute or an instalment plan (linked when it is filed). */
  disputeId?: string | null;
  instalmentPlanId?: string | null;
}

const toDocument = (row: DocumentsTable): StoredDocument => ({
  id: row.id,
  fileId: row.file_id,
  procedureId: row.procedure_id,
  orderId: row.order_id,
  kind: row.document_kind,
  origin: row.origin,
  mediaType: row.media_type,
  sha256: row.sha256,
  sizeBytes: row.size_bytes,
  name: row.original_name,
  createdBy: row.created_by,
  createdAt: row.created_at,
  verificationCode: row.verification_code,
  disputeId: row.dispute_id,
  instalmentPlanId: row.instalment_plan_id,
});

export async function insertDocument(tx: Tx, document: StoredDocument): Promise<void> {
  await tx
    .insertInto("documents")
    .values({
      id: document.id,
      file_id: document.fileId,
      procedure_id: document.procedureId,
      order_id: document.orderId,
      document_kind: document.kind,
      origin: document.origin,
      media_type: document.mediaType,
      sha256: document.sha256,
      size_bytes: document.sizeBytes,
      original_name: document.name,
      created_by: document.createdBy,
      created_at: document.createdAt,
      verification_code: document.verificationCode,
      ledger_entry_id: document.ledgerEntryId ?? null,
      dispute_id: document.disputeId ?? null,
      instalment_plan_id: document.instalmentPlanId ?? null,
    })
    .execute();
}

export async function documentById(db: Db | Tx, documentId: string): Promise<StoredDocument | undefined> {
  const row = await db.selectFrom("documents").selectAll().where("id", "=", documentId).executeTakeFirst();
  return row ? toDocument(row) : undefined;
}

/** The file a document belongs to (undefined: no such document). */
export async function fileOfDocument(db: Db | Tx, documentId: string): Promise<string | undefined> {
  const row = await db.selectFrom("documents").select("file_id").where("id", "=", documentId).executeTakeFirst();
  return row?.file_id;
}

/** A document of this file (undefined: none with this id on this file). */
export async function documentOfFile(db: Db | Tx, fileId: string, documentId: string): Promise<StoredDocument | undefined> {
  const row = await db.selectFrom("documents").selectAll().where("id", "=", documentId).where("file_id", "=", fileId).executeTakeFirst();
  return row ? toDocument(row) : undefined;
}

/** The file's documents, oldest first. */
export async function documentsOfFile(db: Db | Tx, fileId: string): Promise<StoredDocument[]> {
  const rows = await db.selectFrom("documents").selectAll().where("file_id", "=", fileId).orderBy("created_at").orderBy("id").execute();
  return rows.map(toDocument);
}

/** What uploaded papers are filed with: a request (its evidence), an enforcement dispute or an instalment plan. */
export type DocumentAttachment = { procedureId: string } | { disputeId: string } | { instalmentPlanId: string };

/** The kinds of uploaded papers a request, a dispute or a plan may carry (never the title's copy). */
const attachableKinds = ["evidence", "power_of_attorney", "other"] as const;

/**
 * Links documents uploaded on this file by this person, and filed with nothing yet, to what
 * they are filed with. Returns the ids it linked: the caller refuses the whole filing when
 * one is missing (someone else's, another file's, already filed, issued, or a title copy).
 */
export async function attachUploadedDocuments(
  tx: Tx,
  input: { fileId: string; documentIds: readonly string[]; uploadedBy: string; to: DocumentAttachment },
): Promise<string[]> {
  if (input.documentIds.length === 0) return [];
  const set =
    "procedureId" in input.to ? { procedure_id: input.to.procedureId } : "disputeId" in input.to ? { dispute_id: input.to.disputeId } : { instalment_plan_id: input.to.instalmentPlanId };
  const rows = await tx
    .updateTable("documents")
    .set(set)
    .where("id", "in", [...input.documentIds])
    .where("file_id", "=", input.fileId)
    .where("origin", "=", "uploaded")
    .where("created_by", "=", input.uploadedBy)
    .where("document_kind", "in", [...attachableKinds])
    .where("procedure_id", "is", null)
    .where("dispute_id", "is", null)
    .where("instalment_plan_id", "is", null)
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

/** The document of this kind the department issued already for the file (for this order, or none; for this procedure, if given). */
export async function issuedDocument(
  tx: Db | Tx,
  issued: { fileId: string; kind: DocumentKind; orderId: string | null; procedureId: string | null; ledgerEntryId?: string | null },
): Promise<StoredDocument | undefined> {
  let query = tx.selectFrom("documents").selectAll().where("file_id", "=", issued.fileId).where("origin", "=", "generated").where("document_kind", "=", issued.kind);
  if (issued.ledgerEntryId) query = query.where("ledger_entry_id", "=", issued.ledgerEntryId);
  query = issued.orderId !== null ? query.where("order_id", "=", issued.orderId) : query.where("order_id", "is", null);
  query = issued.procedureId !== null ? query.where("procedure_id", "=", issued.procedureId) : query;
  const row = await query.orderBy("created_at").executeTakeFirst();
  return row ? toDocument(row) : undefined;
}

/** An issued document by its verification code, with its file's number: what public verification shows. */
export async function issuedDocumentByCode(db: Db | Tx, code: string): Promise<{ kind: DocumentKind; sha256: string; createdAt: Date; fileNumber: string } | undefined> {
  const row = await db
    .selectFrom("documents")
    .innerJoin("enforcement_files", "enforcement_files.id", "documents.file_id")
    .select(["documents.document_kind", "documents.sha256", "documents.created_at", "enforcement_files.number"])
    .where("documents.verification_code", "=", code)
    .where("documents.origin", "=", "generated")
    .executeTakeFirst();
  return row && { kind: row.document_kind, sha256: row.sha256, createdAt: row.created_at, fileNumber: row.number };
}

// Clerks' verification of uploaded documents.

export interface StoredVerification {
  documentId: string;
  fileId: string;
  status: DocumentVerificationStatus;
  reviewItemId: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reasons: string | null;
}

const toVerification = (row: DocumentVerificationsTable): StoredVerification => ({
  documentId: row.document_id,
  fileId: row.file_id,
  status: row.status,
  reviewItemId: row.review_item_id,
  requestedAt: row.requested_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  reasons: row.reasons,
});

export async function requestVerification(tx: Tx, row: { documentId: string; fileId: string; reviewItemId: string; at: Date }): Promise<void> {
  await tx
    .insertInto("document_verifications")
    .values({ document_id: row.documentId, file_id: row.fileId, status: "pending", review_item_id: row.reviewItemId, requested_at: row.at, decided_by: null, decided_at: null, reasons: null })
    .execute();
}

/** Records a decision on a pending verification; false when it was not pending. */
export async function decideVerification(tx: Tx, documentId: string, decision: VerificationDecision, by: string, reasons: string | null, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable("document_verifications")
    .set({ status: decision === "verify" ? "verified" : "rejected", decided_by: by, decided_at: at, reasons })
    .where("document_id", "=", documentId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}

/** A document filed already verified (the title copy of a submission a clerk opened a file from). */
export async function recordVerified(tx: Tx, row: { documentId: string; fileId: string; by: string; reasons: string | null; at: Date }): Promise<void> {
  await tx
    .insertInto("document_verifications")
    .values({ document_id: row.documentId, file_id: row.fileId, status: "verified", review_item_id: null, requested_at: row.at, decided_by: row.by, decided_at: row.at, reasons: row.reasons })
    .execute();
}

export async function verificationsOfFile(db: Db | Tx, fileId: string): Promise<Map<string, StoredVerification>> {
  const rows = await db.selectFrom("document_verifications").selectAll().where("file_id", "=", fileId).execute();
  return new Map(rows.map((row) => [row.document_id, toVerification(row)]));
}

export async function verificationOf(db: Db | Tx, documentId: string): Promise<StoredVerification | undefined> {
  const row = await db.selectFrom("document_verifications").selectAll().where("document_id", "=", documentId).executeTakeFirst();
  return row ? toVerification(row) : undefined;
}
