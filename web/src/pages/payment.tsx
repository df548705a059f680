/**
 * A payment's result, where the card network's page sends the payer back: what the hub
 * recorded (GET /api/v1/payments/:id, never what the address says), followed until the
 * result arrives; then the way back — to the debtor's file for a payment, to the file's
 * measures for a fee.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { usePayment } from "../api/resources.ts";
import type { Payment } from "../api/types.ts";
import { Facts } from "../components/facts.tsx";
import { DateTime, Kwd } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { Loading, Ready } from "../components/states.tsx";

export const PAYMENT_POLL_MS = 1500;

export function PaymentPage() {
  const { t } = useTranslation();
  const { paymentId = "" } = useParams();
  const [settled, setSettled] = useState(false);
  const payment = usePayment(paymentId, { pollMs: settled ? undefined : PAYMENT_POLL_MS });
  // Once the result is in, nothing more will change: stop asking.
  if (!settled && payment.data !== null && payment.data.status !== "pending") setSettled(true);
  usePageTitle(t("payment.title"));
  return <Ready resource={payment}>{(shown) => <PaymentResult shown={shown} settled={settled} />}</Ready>;
}

function PaymentResult({ shown, settled }: { shown: Payment; settled: boolean }) {
  const { t } = useTranslation();
  // The fees of several requests (purpose fees) may be on several files: back to the list of files.
  const back = shown.purpose === "debt" ? `/debts/${shown.fileId}` : shown.purpose === "fees" ? "/files" : `/files/${shown.fileId}`;
  const tone = shown.status === "captured" ? "success" : shown.status === "pending" ? "" : "danger";
  return (
    <div className="payment-page narrow" data-payment-status={shown.status}>
      <h1>{t(shown.purpose === "fee" ? "payment.feeTitle" : shown.purpose === "fees" ? "batch.paymentTitle" : "payment.title")}</h1>
      <p className={`notice ${tone}`} role="status" id="payment-status" data-status={shown.status}>
        {t(`payment.status.${shown.status}`)}
      </p>
      {!settled ? <Loading label={t("payment.waiting")} /> : null}
      <Facts
        className="facts card"
        facts={[
          { label: t("payment.amount"), value: <Kwd value={shown.amount} />, id: "payment-amount" },
          shown.status === "captured" && shown.purpose === "debt" && { label: t("payment.credited"), value: <Kwd value={shown.creditedAmount} /> },
          { label: t("payment.startedAt"), value: <DateTime iso={shown.initiatedAt} /> },
          shown.settledAt && { label: t("payment.settledAt"), value: <DateTime iso={shown.settledAt} /> },
          { label: t("payment.reference"), value: <code dir="ltr">{shown.id}</code> },
        ]}
      />
      {shown.status === "captured" ? <p>{t(shown.purpose === "debt" ? "payment.debtNext" : shown.purpose === "fees" ? "batch.paymentNext" : "payment.feeNext")}</p> : null}
      {shown.status === "pending" && shown.paymentPageUrl ? (
        <p>
          <a className="button secondary" href={shown.paymentPageUrl}>
            {t("payment.resume")}
          </a>
        </p>
      ) : null}
      <p>
        <Link className="button" to={back} id="payment-back">
          {t(shown.purpose === "debt" ? "payment.backToDebt" : shown.purpose === "fees" ? "batch.done" : "payment.backToFile")}
        </Link>
      </p>
    </div>
  );
}
