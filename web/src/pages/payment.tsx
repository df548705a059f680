/**
 * A payment's result, where the card network's page sends the payer back: what the hub
 * recorded (GET /api/v1/payments/:id, never what the address says), followed until the
 * result arrives; then the way back — to the debtor's file for a payment, to the file's
 * measures for a fee.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { call } from "../api/client.ts";
import type { Payment } from "../api/debtor-types.ts";
import { useResource } from "../api/use-resource.ts";
import { DateTime, Kwd } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { ErrorState, Loading } from "../components/states.tsx";

export const PAYMENT_POLL_MS = 1500;

export function PaymentPage() {
  const { t } = useTranslation();
  const { paymentId = "" } = useParams();
  const [settled, setSettled] = useState(false);
  const payment = useResource((signal) => call<Payment>(`/api/v1/payments/${encodeURIComponent(paymentId)}`, { signal }), [paymentId], { pollMs: settled ? undefined : PAYMENT_POLL_MS });
  // Once the result is in, nothing more will change: stop asking.
  if (!settled && payment.data !== null && payment.data.status !== "pending") setSettled(true);
  usePageTitle(t("payment.title"));
  if (payment.state === "loading") return <Loading />;
  if (payment.state === "error" && !payment.data) return <ErrorState error={payment.error} onRetry={payment.reload} />;
  const shown = payment.data!;
  const back = shown.purpose === "debt" ? `/debts/${shown.fileId}` : `/files/${shown.fileId}`;
  const tone = shown.status === "captured" ? "success" : shown.status === "pending" ? "" : "danger";
  return (
    <div className="payment-page narrow" data-payment-status={shown.status}>
      <h1>{t(shown.purpose === "fee" ? "payment.feeTitle" : "payment.title")}</h1>
      <p className={`notice ${tone}`} role="status" id="payment-status" data-status={shown.status}>
        {t(`payment.status.${shown.status}`)}
      </p>
      {!settled ? <Loading label={t("payment.waiting")} /> : null}
      <dl className="facts card">
        <div>
          <dt>{t("payment.amount")}</dt>
          <dd id="payment-amount">
            <Kwd value={shown.amount} />
          </dd>
        </div>
        {shown.status === "captured" && shown.purpose === "debt" ? (
          <div>
            <dt>{t("payment.credited")}</dt>
            <dd>
              <Kwd value={shown.creditedAmount} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("payment.startedAt")}</dt>
          <dd>
            <DateTime iso={shown.initiatedAt} />
          </dd>
        </div>
        {shown.settledAt ? (
          <div>
            <dt>{t("payment.settledAt")}</dt>
            <dd>
              <DateTime iso={shown.settledAt} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("payment.reference")}</dt>
          <dd>
            <code dir="ltr">{shown.id}</code>
          </dd>
        </div>
      </dl>
      {shown.status === "captured" ? <p>{t(shown.purpose === "debt" ? "payment.debtNext" : "payment.feeNext")}</p> : null}
      {shown.status === "pending" && shown.paymentPageUrl ? (
        <p>
          <a className="button secondary" href={shown.paymentPageUrl}>
            {t("payment.resume")}
          </a>
        </p>
      ) : null}
      <p>
        <Link className="button" to={back} id="payment-back">
          {t(shown.purpose === "debt" ? "payment.backToDebt" : "payment.backToFile")}
        </Link>
      </p>
    </div>
  );
}
