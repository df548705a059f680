/**
 * Paying through the card network's hosted page: a request's fee
 * (POST /api/v1/files/:id/procedures/:pid/fee-payment with returnTo "app"); the browser
 * goes there and comes back to /payments/:paymentId. A second click while a payment is
 * open gets the same payment.
 */
import { useTranslation } from "react-i18next";
import { answer, api } from "../api/client.ts";
import { useAction } from "../api/use-action.ts";
import { currentLang } from "../i18n/index.ts";
import { ErrorMessage } from "./states.tsx";

/** Sends the browser to the gateway's hosted page (a full navigation: the page is the gateway's, not ours). */
export function goToGateway(url: string): void {
  window.location.assign(url);
}

export function PayFeeButton({ fileId, procedureId, id, label }: { fileId: string; procedureId: string; id?: string; label?: string }) {
  const { t } = useTranslation();
  const paying = useAction();
  const pay = () =>
    paying.run(
      async () => {
        const started = await answer(api.POST("/api/v1/files/{fileId}/procedures/{procedureId}/fee-payment", { params: { path: { fileId, procedureId } }, body: { language: currentLang(), returnTo: "app" } }));
        goToGateway(started.paymentPageUrl);
      },
      { leaving: true },
    );
  return (
    <>
      <button type="button" className="button pay-fee" id={id} disabled={paying.busy} onClick={() => void pay()}>
        {paying.busy ? t("pay.opening") : (label ?? t("fees.pay"))}
      </button>
      {paying.failure ? <ErrorMessage error={paying.failure} /> : null}
    </>
  );
}
