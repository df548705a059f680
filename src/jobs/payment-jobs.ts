/**
 * The worker's money pass, at most once per `intervalMs`: payments pending too long are
 * asked about (a lost callback never loses a payment), fees of requests that never left
 * are refunded, due refunds are sent, and fee receipts and release certificates are issued.
 * Each step is idempotent, so several workers may run it side by side.
 */
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.ts";
import { type DocumentServices } from "../app/documents/services.ts";
import { documentServicesFor } from "../documents/services.ts";
import type { Config } from "../config.ts";
import { hostForUrl } from "../payments/runtime.ts";
import { issuePaymentDocuments } from "../app/payments/issue-payment-documents.ts";
import { reconcilePendingPayments } from "../app/payments/reconcile-payments.ts";
import { refundUnusedFees, sendDueRefunds } from "../app/payments/refunds.ts";

export interface PaymentJobs {
  /** One pass when due; how many things it did. */
  tick(): Promise<number>;
}

export interface PaymentJobOptions {
  /** The use cases' deps, with the payment gateway (deps.payments). */
  deps: AppDeps;
  /** Where receipts and certificates are stored; absent: none is issued by the worker. */
  documents?: DocumentServices;
  /** Base of the verification addresses printed on them, when documents.publicUrl is unset. */
  publicUrl: string;
  /** A payment pending this long is asked about (default two minutes). */
  reconcileAfterMs?: number;
  intervalMs?: number;
  logger?: Logger;
}

/** Refunds of unused fees are looked for among fees paid this recently. */
const UNUSED_FEE_LOOKBACK_MS = 180 * 86_400_000;

export function createPaymentJobs(options: PaymentJobOptions): PaymentJobs {
  const { deps } = options;
  const interval = options.intervalMs ?? 1000;
  let last = Number.NEGATIVE_INFINITY;
  return {
    async tick() {
      // Throttled on the machine's clock (it is about load); what is due is judged on the use cases' clock.
      if (performance.now() - last < interval) return 0;
      last = performance.now();
      const now = deps.clock.now().getTime();
      // One step failing (the gateway, the document store) does not hold up the others or the worker's round.
      const step = async <T>(name: string, run: () => Promise<T>, none: T): Promise<T> => {
        try {
          return await run();
        } catch (error) {
          options.logger?.error({ err: error, step: name }, "payment job failed");
          return none;
        }
      };
      const reconciled = deps.payments ? await step("reconcile", () => reconcilePendingPayments(deps, options.reconcileAfterMs ?? 120_000), null) : null;
      const asked = await step("refund unused fees", () => refundUnusedFees(deps, new Date(now - UNUSED_FEE_LOOKBACK_MS)), 0);
      const refunds = await step("send refunds", () => sendDueRefunds(deps), { completed: 0, failed: 0 });
      const documents = options.documents ? await step("documents", () => issuePaymentDocuments(deps, options.documents!, options.publicUrl), { feeReceipts: 0, paymentReceipts: 0, releaseCertificates: 0 }) : { feeReceipts: 0, paymentReceipts: 0, releaseCertificates: 0 };
      if (refunds.failed > 0 || (reconciled?.refused ?? 0) > 0) options.logger?.warn({ refundsFailed: refunds.failed, reconcileRefused: reconciled?.refused ?? 0 }, "payment jobs had failures");
      return (reconciled ? reconciled.settled + reconciled.abandoned : 0) + asked + refunds.completed + documents.feeReceipts + documents.paymentReceipts + documents.releaseCertificates;
    },
  };
}

/** The worker's money pass: reconciliation, refunds, fee receipts and release certificates. */
export function paymentJobsFor(config: Config, deps: AppDeps, logger?: Logger): PaymentJobs {
  const publicUrl = config.documents.publicUrl ?? config.identity.publicUrl ?? `http://${hostForUrl(config.host)}:${config.port}`;
  return createPaymentJobs({
    deps,
    documents: documentServicesFor({ ...config.documents, publicUrl }),
    publicUrl,
    reconcileAfterMs: config.payments.reconcileAfterMs,
    ...(logger ? { logger } : {}),
  });
}
