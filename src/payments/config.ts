/**
 * Settings for payments, read by src/config.ts (the one place that reads the environment)
 * through `paymentsConfig(env)`:
 *   PAYMENT_GATEWAY_URL        the gateway's API base (KNET-style, docs/payments.md); unset: the stand-in
 *                              (in the process under `start`, at PAYMENTS_STANDIN_URL for other roles)
 *   PAYMENT_MERCHANT_ID        the department's merchant id at the gateway (default "tanfeeth")
 *   PAYMENT_GATEWAY_SECRET     the HMAC secret the gateway registered for it (required with PAYMENT_GATEWAY_URL)
 *   PAYMENTS_STANDIN_URL       where a separately run stand-in gateway listens (`serve --role simulators`)
 *   PAYMENTS_STANDIN_PORT      the stand-in's port under `start` and `serve --role simulators` (default 3103)
 *   FEES_BEFORE_DISPATCH       "false": a request's orders leave without waiting for its fee (default true
 *                              when payments can be taken: a gateway configured, or the stand-in outside production)
 *   PAYMENT_RECONCILE_SECONDS  a payment pending this long is asked about (status query) (default 120)
 */
import { DEFAULT_PAYMENTS_STANDIN_PORT, STANDIN_MERCHANT_ID, STANDIN_MERCHANT_SECRET } from "./standin/defaults.ts";

export interface PaymentsConfig {
  /** The real gateway, or undefined for the stand-in. */
  gatewayUrl: string | undefined;
  /** No real gateway and not in production: the stand-in takes payments (never in production). */
  standIn: boolean;
  standInUrl: string | undefined;
  merchantId: string;
  secret: string;
  standInPort: number;
  feesBeforeDispatch: boolean;
  reconcileAfterMs: number;
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

export function paymentsConfig(env: Record<string, string | undefined>, production: boolean): PaymentsConfig {
  const gatewayUrl = env.PAYMENT_GATEWAY_URL ? env.PAYMENT_GATEWAY_URL.replace(/\/+$/, "") : undefined;
  // In production without a gateway nothing can be paid online, so nothing may wait for it.
  const standIn = gatewayUrl === undefined && !production;
  const secret = env.PAYMENT_GATEWAY_SECRET || (standIn ? STANDIN_MERCHANT_SECRET : "");
  if (gatewayUrl && secret.length < 32) throw new Error("PAYMENT_GATEWAY_SECRET (at least 32 characters) is required with PAYMENT_GATEWAY_URL");
  return {
    gatewayUrl,
    standIn,
    standInUrl: env.PAYMENTS_STANDIN_URL ? env.PAYMENTS_STANDIN_URL.replace(/\/+$/, "") : undefined,
    merchantId: env.PAYMENT_MERCHANT_ID || STANDIN_MERCHANT_ID,
    secret,
    standInPort: whole("PAYMENTS_STANDIN_PORT", env.PAYMENTS_STANDIN_PORT, DEFAULT_PAYMENTS_STANDIN_PORT),
    feesBeforeDispatch: env.FEES_BEFORE_DISPATCH ? env.FEES_BEFORE_DISPATCH !== "false" : gatewayUrl !== undefined || standIn,
    reconcileAfterMs: whole("PAYMENT_RECONCILE_SECONDS", env.PAYMENT_RECONCILE_SECONDS, 120) * 1000,
  };
}
