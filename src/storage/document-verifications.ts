/** Clerks' verification of uploaded documents (migration 0009). */
import type { VerificationDecision } from "../domain/documents/verification.ts";
import type { Tx } from "./action-log.ts";
import type { DocumentVerificationsTable } from "./back-office-schema.ts";
import type { Db } from "./database.ts";

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

export async function verificationsOfFile(db: Db | Tx, fileId: string): Promise<Map<string, DocumentVerificationsTable>> {
  const rows = await db.selectFrom("document_verifications").selectAll().where("file_id", "=", fileId).execute();
  return new Map(rows.map((row) => [row.document_id, row]));
}

export async function verificationOf(db: Db | Tx, documentId: string): Promise<DocumentVerificationsTable | undefined> {
  return db.selectFrom("document_verifications").selectAll().where("document_id", "=", documentId).executeTakeFirst();
}
