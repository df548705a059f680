/**
 * The stand-in gateway on its own, over HTTP, through the hub's adapter: every request and
 * answer authenticated with the merchant's secret, creation and refunds idempotent by the
 * merchant's references, status queries, session expiry, and the control API's faults.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { DomainError } from "../../src/domain/errors.ts";
import { knetGateway } from "../../src/payments/knet-gateway.ts";
import { GatewayUnavailableError, type PaymentGateway } from "../../src/app/ports/payments.ts";
import { STANDIN_MERCHANT_ID, STANDIN_MERCHANT_SECRET, standInTestCards } from "../../src/payments/standin/defaults.ts";
import { createPaymentStandIn, type PaymentStandIn } from "../../src/payments/standin/server.ts";
import { MERCHANT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, requestSignature } from "../../src/payments/knet-protocol.ts";
import { payOnHostedPage, signedHeaders } from "./support.ts";

let now = new Date("2026-03-01T08:00:00Z");
let standIn: PaymentStandIn;
let url: string;
let gateway: PaymentGateway;

before(async () => {
  standIn = createPaymentStandIn({ now: () => now });
  url = await standIn.listen();
  gateway = knetGateway({ baseUrl: url, merchantId: STANDIN_MERCHANT_ID, secret: STANDIN_MERCHANT_SECRET, now: () => now });
});
after(() => standIn.close());

const create = (reference = randomUUID(), amount = 12_345n) =>
  gateway.createPayment({ reference, amount, description: { ar: "رسوم", en: "Fee" }, language: "ar", returnUrl: "http://hub.test/return", callbackUrl: "http://127.0.0.1:9/unreachable" });

describe("the stand-in gateway", () => {
  test("creating is idempotent by the merchant's reference; the same reference for another amount is refused", async () => {
    const reference = randomUUID();
    const first = await create(reference);
    const again = await create(reference);
    assert.equal(again.gatewayPaymentId, first.gatewayPaymentId);
    assert.equal(first.paymentPageUrl, `${url}/pay/${first.gatewayPaymentId}`);
    await assert.rejects(create(reference, 99n), GatewayUnavailableError);
    const status = await gateway.paymentStatus(reference);
    assert.deepEqual([status?.result, status?.amount], ["pending", 12_345n]);
    assert.equal(await gateway.paymentStatus(randomUUID()), null);
  });

  test("the hosted page shows the hub's amount; paying captures; refunds are idempotent and bounded", async () => {
    const reference = randomUUID();
    const created = await create(reference);
    const page = await (await fetch(created.paymentPageUrl)).text();
    assert.match(page, /12\.345 KWD/);
    const paid = await payOnHostedPage(created.paymentPageUrl, { card: standInTestCards.approved });
    assert.equal(paid.status, 303);
    assert.equal(paid.location, `http://hub.test/return?reference=${reference}`);
    const status = await gateway.paymentStatus(reference);
    assert.equal(status?.result, "captured");
    assert.ok(status?.details.authCode && status.details.transactionId);
    const refundReference = randomUUID();
    const refund = await gateway.refund({ gatewayPaymentId: created.gatewayPaymentId, refundReference, amount: 5_000n });
    const repeated = await gateway.refund({ gatewayPaymentId: created.gatewayPaymentId, refundReference, amount: 5_000n });
    assert.equal(repeated.gatewayRefundId, refund.gatewayRefundId);
    await assert.rejects(gateway.refund({ gatewayPaymentId: created.gatewayPaymentId, refundReference: randomUUID(), amount: 8_000n }), GatewayUnavailableError, "more than was paid");
    assert.equal((await gateway.paymentStatus(reference))?.details.refundedAmount, "5000");
  });

  test("a page left unpaid expires; an expired page takes no payment", async () => {
    const reference = randomUUID();
    const created = await create(reference);
    now = new Date(now.getTime() + 16 * 60_000);
    assert.equal((await gateway.paymentStatus(reference))?.result, "expired");
    const page = await (await fetch(created.paymentPageUrl)).text();
    assert.doesNotMatch(page, /name="token"/);
  });

  test("a request not signed with the merchant's secret, or stale, is refused", async () => {
    const path = "/gateway/v1/payments/by-reference/" + randomUUID();
    const timestamp = now.toISOString();
    const forged = await fetch(`${url}${path}`, { headers: { [MERCHANT_HEADER]: STANDIN_MERCHANT_ID, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: requestSignature("not-the-secret", "GET", path, timestamp, "") } });
    assert.equal(forged.status, 401);
    const old = new Date(now.getTime() - 10 * 60_000).toISOString();
    const stale = await fetch(`${url}${path}`, { headers: { [MERCHANT_HEADER]: STANDIN_MERCHANT_ID, [TIMESTAMP_HEADER]: old, [SIGNATURE_HEADER]: requestSignature(STANDIN_MERCHANT_SECRET, "GET", path, old, "") } });
    assert.equal(stale.status, 401);
    assert.equal(((await stale.json()) as { code: string }).code, "STALE_REQUEST");
  });

  test("the adapter refuses an answer not signed by the gateway, and a callback not signed with the secret", async () => {
    const impostor = knetGateway({ baseUrl: url, merchantId: STANDIN_MERCHANT_ID, secret: "a-secret-the-gateway-does-not-know-0123", now: () => now });
    await assert.rejects(impostor.paymentStatus(randomUUID()), GatewayUnavailableError);
    const body = { type: "payment.result", merchantId: STANDIN_MERCHANT_ID };
    assert.throws(() => gateway.verifyCallback(signedHeaders(body, "another-secret-entirely-0123456789"), body), (error: DomainError) => error.code === "PAYMENT_SIGNATURE_INVALID");
    assert.throws(() => gateway.verifyCallback(signedHeaders(body), body), (error: DomainError) => error.code === "VALIDATION_FAILED");
  });

  test("faults: decline every payment; down answers 503 and the adapter reports the gateway unavailable", async () => {
    await fetch(`${url}/control/faults`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ decline: true }) });
    const reference = randomUUID();
    const created = await create(reference);
    await payOnHostedPage(created.paymentPageUrl);
    assert.equal((await gateway.paymentStatus(reference))?.result, "declined");
    const view = (await (await fetch(`${url}/control/payments/${created.gatewayPaymentId}`)).json()) as { declineReason: string };
    assert.match(view.declineReason, /fault injected/);
    standIn.setFaults({ decline: false, down: true });
    await assert.rejects(create(), GatewayUnavailableError);
    standIn.setFaults({ down: false });
    await create();
  });
});
