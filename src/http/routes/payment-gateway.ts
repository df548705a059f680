/**
 * What the payment gateway and the payer's browser reach, outside the session API:
 *   POST /payments/v1/callback            the gateway's signed result (the signature is the authentication)
 *   GET  /payments/return/:paymentId      where the payer's browser lands after the hosted page
 *                                         (?to=app: sent on to the web application's page for the payment)
 * The return page proves nothing (anyone can open it): it shows what the hub recorded, and
 * when no result has arrived yet it asks the gateway itself (a lost callback).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import { acceptGatewayCallback } from "../../app/payments/accept-callback.ts";
import { reconcilePayment } from "../../app/payments/reconcile-payments.ts";
import { paymentForReturnPage } from "../../app/payments/read-payments.ts";
import { isDomainError } from "../../domain/errors.ts";
import { formatKwd } from "../../domain/money/index.ts";
import { esc, langOf, page } from "../../lib/html.ts";

const statusText = {
  pending: { ar: "لم تصل نتيجة الدفع بعد. حدّث الصفحة بعد قليل.", en: "The payment's result has not arrived yet. Refresh in a moment." },
  captured: { ar: "تم الدفع وسُجِّل في ملف التنفيذ.", en: "The payment was received and recorded on the enforcement file." },
  declined: { ar: "رُفضت عملية الدفع. لم يُخصم أي مبلغ.", en: "The payment was declined. Nothing was charged." },
  cancelled: { ar: "أُلغيت عملية الدفع.", en: "The payment was cancelled." },
  expired: { ar: "انتهت مهلة عملية الدفع. ابدأ عملية جديدة.", en: "The payment session expired. Start a new payment." },
} as const;

export function paymentGatewayRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post("/payments/v1/callback", { schema: { hide: true } }, async (request, reply) => {
    try {
      const accepted = await acceptGatewayCallback(deps, request.headers, request.body);
      return reply.code(200).send({ accepted: true, paymentId: accepted.paymentId, outcome: accepted.outcome });
    } catch (error) {
      // Refusals are evidence of a fault or an attack: logged by code, never with the body.
      if (isDomainError(error)) request.log.warn({ code: error.code }, "payment callback refused");
      throw error;
    }
  });

  app.get("/payments/return/:paymentId", { schema: { hide: true } }, async (request, reply) => {
    const params = z.object({ paymentId: z.string().max(64) }).safeParse(request.params);
    const lang = langOf(request.query, request.cookies ?? {});
    let payment = params.success ? await paymentForReturnPage(deps, params.data.paymentId) : undefined;
    if (payment && payment.status === "pending" && payment.gatewayPaymentId !== null) {
      await reconcilePayment(deps, payment);
      payment = await paymentForReturnPage(deps, payment.id);
    }
    // Started from the web application: its own page shows the result (read again from the API, never from this address).
    if (payment && (request.query as { to?: unknown }).to === "app") return reply.code(303).header("cache-control", "no-store").header("location", `/app/payments/${payment.id}`).send();
    void reply.type("text/html; charset=utf-8").header("cache-control", "no-store");
    if (!payment) {
      return reply.code(404).send(page({ lang, title: { ar: "عملية دفع غير موجودة", en: "Payment not found" }, body: `<p><a href="/">${lang === "ar" ? "الصفحة الرئيسية" : "Home"}</a></p>` }));
    }
    const text = statusText[payment.status];
    const body = `<p role="status" id="payment-status" data-status="${esc(payment.status)}">${esc(text[lang])}</p>
<p>${lang === "ar" ? "المبلغ" : "Amount"}: <strong>${esc(formatKwd(payment.amount))} KWD</strong></p>
<p><a href="/">${lang === "ar" ? "العودة إلى البوابة" : "Back to the portal"}</a></p>`;
    return reply.send(page({ lang, title: { ar: "نتيجة الدفع", en: "Payment result" }, body, switchTo: `/payments/return/${payment.id}`, ...(payment.status === "pending" ? { refreshSeconds: 5 } : {}) }));
  });
}
