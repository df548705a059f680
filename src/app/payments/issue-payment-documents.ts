/**
 * The department's PDFs that money causes, issued by the worker (the documents' QR codes
 * and hashes: src/app/documents/issue-document.ts): a receipt for every fee paid, and a
 * release certificate for every file satisfied once every lift has been sent to its agency.
 * Issuing is idempotent, so two workers or a repeated pass issue each document once.
 */
import { issueDocument } from "../documents/issue-document.ts";
import type { DocumentServices } from "../documents/services.ts";
import { feesWithoutReceipt, paymentsWithoutReceipt, satisfiedFilesAwaitingCertificate } from "../../storage/payments/repository.ts";
import type { AppDeps } from "../deps.ts";
import { systemSubject } from "../../domain/access/system-subject.ts";

/** Only recent payments and satisfactions are looked for: older ones had their documents issued long ago. */
export const DOCUMENT_LOOKBACK_MS = 7 * 86_400_000;

export async function issuePaymentDocuments(deps: AppDeps, documents: DocumentServices, baseUrl: string): Promise<{ feeReceipts: number; paymentReceipts: number; releaseCertificates: number }> {
  const since = new Date(deps.clock.now().getTime() - DOCUMENT_LOOKBACK_MS);
  const base = documents.publicUrl ?? baseUrl;
  let feeReceipts = 0;
  for (const fee of await feesWithoutReceipt(deps.db, since)) {
    await issueDocument(deps, documents, { subject: systemSubject, correlationId: `fee-receipt-${fee.procedureId}` }, { kind: "fee_receipt", fileId: fee.fileId, procedureId: fee.procedureId }, base);
    feeReceipts++;
  }
  // A receipt for every payment by the debtor, part payments included (issue 18).
  let paymentReceipts = 0;
  for (const payment of await paymentsWithoutReceipt(deps.db, since)) {
    await issueDocument(deps, documents, { subject: systemSubject, correlationId: `payment-receipt-${payment.ledgerEntryId}` }, { kind: "payment_receipt", fileId: payment.fileId, ledgerEntryId: payment.ledgerEntryId }, base);
    paymentReceipts++;
  }
  let releaseCertificates = 0;
  for (const fileId of await satisfiedFilesAwaitingCertificate(deps.db, since)) {
    await issueDocument(deps, documents, { subject: systemSubject, correlationId: `release-${fileId}` }, { kind: "release_certificate", fileId }, base);
    releaseCertificates++;
  }
  return { feeReceipts, paymentReceipts, releaseCertificates };
}
