/**
 * Payments assembled from configuration (src/payments/config.ts): the gateway client the
 * API and worker use, and the stand-in gateway for development (the worker's money pass is
 * src/jobs/payment-jobs.ts).
 */
import type { Config } from "../config.ts";
import { knetGateway } from "./knet-gateway.ts";
import type { PaymentServices } from "../app/ports/payments.ts";
import { createPaymentStandIn, type PaymentStandIn } from "./standin/server.ts";

export const hostForUrl = (host: string) => (host === "0.0.0.0" || host === "::" ? "localhost" : host);

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

/** The stand-in gateway on its own port (`start`, `serve --role simulators`); never in production. */
export async function startPaymentStandIn(config: Config): Promise<{ standIn: PaymentStandIn; url: string }> {
  if (!config.payments.standIn) throw new Error("the stand-in payment gateway is not available here (a real gateway is configured, or NODE_ENV=production)");
  const standIn = createPaymentStandIn({ merchants: [{ merchantId: config.payments.merchantId, secret: config.payments.secret, name: { ar: "الإدارة العامة للتنفيذ", en: "Enforcement Department" } }] });
  const url = await standIn.listen({ port: config.payments.standInPort, host: config.host });
  return { standIn, url };
}
