/**
 * Payments under test: the stand-in gateway on its own port, sharing the world's clock,
 * attached to the hub's deps; the payer's browser played with plain HTTP (fetch the hosted
 * page, post its form); signed-in HTTP clients for the hub's API over real HTTP; and
 * callbacks made by hand (forged, replayed, altered).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { World } from "../support/fixtures.ts";
import type { Db } from "../../src/storage/database.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { knetGateway } from "../../src/payments/knet-gateway.ts";
import { CALLBACK_SIGNATURE_HEADER, MERCHANT_HEADER, callbackSignature, type CallbackBody } from "../../src/payments/knet-protocol.ts";
import { createPaymentStandIn, type PaymentFaults, type PaymentStandIn } from "../../src/payments/standin/server.ts";
import { STANDIN_MERCHANT_ID, STANDIN_MERCHANT_SECRET, standInTestCards } from "../../src/payments/standin/defaults.ts";
import { canonicalJson } from "../../src/domain/audit/canonical-json.ts";

export interface AttachedGateway {
  standIn: PaymentStandIn;
  url: string;
  close(): Promise<void>;
}

/** Starts the stand-in gateway and makes it the hub's (deps.payments); `feesBeforeDispatch` turns the department's collection on. */
export async function attachStandInGateway(world: World, options: { feesBeforeDispatch?: boolean; faults?: Partial<PaymentFaults>; publicUrl?: string } = {}): Promise<AttachedGateway> {
  const now = () => world.clock.now();
  const standIn = createPaymentStandIn({ now, retry: { baseMs: 20, maxAttempts: 4 }, ...(options.faults ? { faults: options.faults } : {}) });
  const url = await standIn.listen({ port: 0, host: "127.0.0.1" });
  world.deps.payments = { gateway: knetGateway({ baseUrl: url, merchantId: STANDIN_MERCHANT_ID, secret: STANDIN_MERCHANT_SECRET, now }), ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) };
  if (options.feesBeforeDispatch !== undefined) world.deps.settings = { ...world.deps.settings, feesBeforeDispatch: options.feesBeforeDispatch };
  return {
    standIn,
    url,
    close: async () => {
      delete world.deps.payments;
      await standIn.close();
    },
  };
}

/** A signed-in person calling the hub over real HTTP (cookie and CSRF header, as a browser would). */
export interface HttpClient {
  civilId: string;
  get(path: string): Promise<{ status: number; body: any }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function httpClient(baseUrl: string, db: Db, civilId: string, now: Date): Promise<HttpClient> {
  const session = await createSession(db, civilId, now);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie: `${SESSION_COOKIE}=${session.token}`,
        [CSRF_HEADER]: session.csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : JSON.parse(text) };
  };
  return { civilId, get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

/**
 * The payer's browser on the hosted page: GET the page, read the form's token, POST the
 * form (a test card, or cancel). Returns where the gateway redirects the browser.
 */
export async function payOnHostedPage(pageUrl: string, choice: { card?: string; cancel?: boolean } = {}): Promise<{ status: number; location: string | null; page: string }> {
  const page = await fetch(pageUrl);
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, "the hosted page carries its form token");
  const form = new URLSearchParams({ token, action: choice.cancel ? "cancel" : "pay", card: choice.card ?? standInTestCards.approved, expiry: "12/30", pin: "1234" });
  const response = await fetch(pageUrl, { method: "POST", body: form, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), page: await response.text() };
}

/** A callback as the gateway would send it for a payment it knows, signed with `secret` (the merchant's, unless forging). */
export function callbackFor(fields: { paymentId: string; reference: string; amountFils: string; result: CallbackBody["result"]; timestamp: Date }, secret = STANDIN_MERCHANT_SECRET): { body: CallbackBody; headers: Record<string, string> } {
  const body: CallbackBody = {
    type: "payment.result",
    merchantId: STANDIN_MERCHANT_ID,
    paymentId: fields.paymentId,
    reference: fields.reference,
    amountFils: fields.amountFils,
    currency: "KWD",
    result: fields.result,
    ...(fields.result === "CAPTURED" ? { authCode: "123456" } : {}),
    gatewayReference: "600000000001",
    transactionId: "7000000000000001",
    decidedAt: fields.timestamp.toISOString(),
    timestamp: fields.timestamp.toISOString(),
    nonce: randomBytes(18).toString("base64url"),
  };
  return { body, headers: signedHeaders(body, secret) };
}

export function signedHeaders(body: unknown, secret = STANDIN_MERCHANT_SECRET): Record<string, string> {
  return { "content-type": "application/json", [MERCHANT_HEADER]: STANDIN_MERCHANT_ID, [CALLBACK_SIGNATURE_HEADER]: callbackSignature(secret, body) };
}

/** Posts a callback to the hub over HTTP, as the gateway does. */
export async function postCallback(hubUrl: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${hubUrl}/payments/v1/callback`, { method: "POST", headers, body: canonicalJson(body) });
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}
