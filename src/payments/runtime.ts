/**
 * Payments assembled from configuration (src/payments/config.ts): the gateway client the
 * API and worker use, the worker's money pass, and the stand-in gateway for development.
 */
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.ts";
import { documentServicesFor } from "../app/documents/services.ts";
import type { Config } from "../config.ts";
import { createPaymentJobs, type PaymentJobs } from "../jobs/payment-jobs.ts";
import { knetGateway } from "./knet-gateway.ts";
import type { PaymentServices } from "./ports.ts";
import { createPaymentStandIn, type PaymentStandIn } from "./standin/server.ts";

const hostForUrl = (host: string) => (host === "0.0.0.0" || host === "::" ? "localhost" : host);

/** Where the gateway is: the configured one, else the stand-in (PAYMENTS_STANDIN_URL, or this host's stand-in port); none in production without one. */
export function gatewayUrlOf(config: Config): string | undefined {
  if (config.payments.gatewayUrl) return config.payments.gatewayUrl;
  if (!config.payments.standIn) return undefined;
  return config.payments.standInUrl ?? `http://${hostForUrl(config.host)}:${config.payments.standInPort}`;
}

export function paymentServicesFor(config: Config): PaymentServices | undefined {
  const baseUrl = gatewayUrlOf(config);
  if (!baseUrl) return undefined;
  return {
    gateway: knetGateway({ baseUrl, merchantId: config.payments.merchantId, secret: config.payments.secret }),
    publicUrl: config.agencies.hubUrl ?? config.identity.publicUrl,
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

/** The stand-in gateway on its own port (`start`, `serve --role simulators`); never in production. */
export async function startPaymentStandIn(config: Config): Promise<{ standIn: PaymentStandIn; url: string }> {
  if (!config.payments.standIn) throw new Error("the stand-in payment gateway is not available here (a real gateway is configured, or NODE_ENV=production)");
  const standIn = createPaymentStandIn({ merchants: [{ merchantId: config.payments.merchantId, secret: config.payments.secret, name: { ar: "الإدارة العامة للتنفيذ", en: "Enforcement Department" } }] });
  const url = await standIn.listen({ port: config.payments.standInPort, host: config.host });
  return { standIn, url };
}
