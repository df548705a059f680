/**
 * Paying a request's fee through the card network's hosted page
 * (POST /api/v1/files/:id/procedures/:pid/fee-payment with returnTo "app"): the browser
 * goes there and comes back to /payments/:paymentId. A second click while a payment is
 * open gets the same payment.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, call } from "../api/client.ts";
import type { StartedPayment } from "../api/debtor-types.ts";
import { currentLang } from "../i18n/index.ts";
import { goToGateway } from "../pages/debtor/pay.tsx";
import { ErrorMessage } from "./states.tsx";

export function PayFeeButton({ fileId, procedureId, id, label }: { fileId: string; procedureId: string; id?: string; label?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const pay = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const started = await call<StartedPayment>(`/api/v1/files/${fileId}/procedures/${procedureId}/fee-payment`, { json: { language: currentLang(), returnTo: "app" } });
      goToGateway(started.paymentPageUrl);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button pay-fee" id={id} disabled={busy} onClick={() => void pay()}>
        {busy ? t("pay.opening") : (label ?? t("fees.pay"))}
      </button>
      {failure ? <ErrorMessage error={failure} /> : null}
    </>
  );
}
