/** A payment's state, and a file's fees: read as the file is (parties, their lawyers, staff). */
import { DomainError, isDomainError } from "../../domain/errors.ts";
import { fileParties } from "../../storage/files/repository.ts";
import { feesOfFile, findPayment, type StoredFee, type StoredPayment } from "../../storage/payments/repository.ts";
import { authorizeOnFile } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

/** One payment; PAYMENT_NOT_FOUND also for a payment of a file the subject may not read. */
export async function readPayment(deps: AppDeps, context: UseCaseContext, paymentId: string): Promise<StoredPayment> {
  const payment = await findPayment(deps.db, paymentId);
  if (!payment) throw new DomainError("PAYMENT_NOT_FOUND", { paymentId });
  try {
    authorizeOnFile(context.subject, "file.read", payment.fileId, await fileParties(deps.db, payment.fileId), deps.clock.now());
  } catch (error) {
    if (isDomainError(error) && error.code === "FILE_NOT_FOUND") throw new DomainError("PAYMENT_NOT_FOUND", { paymentId });
    throw error;
  }
  return payment;
}

/**
 * The payment a payer's browser comes back to from the gateway's page (src/http/routes/payment-gateway.ts):
 * no subject, since the return address proves nothing; what it shows is the status and the amount only.
 */
export async function paymentForReturnPage(deps: AppDeps, paymentId: string): Promise<StoredPayment | undefined> {
  return findPayment(deps.db, paymentId);
}

export async function listFees(deps: AppDeps, context: UseCaseContext, fileId: string): Promise<StoredFee[]> {
  const parties = await fileParties(deps.db, fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId });
  authorizeOnFile(context.subject, "file.read", fileId, parties, deps.clock.now());
  return feesOfFile(deps.db, fileId);
}
