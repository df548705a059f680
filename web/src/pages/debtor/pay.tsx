/**
 * Paying what a file owes, all or part: the amount, then the card network's hosted page
 * (POST /api/v1/files/:id/payments with returnTo "app" answers with its address; the
 * browser goes there and comes back to /payments/:paymentId). The card never touches
 * this application.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, call } from "../../api/client.ts";
import type { StartedPayment } from "../../api/debtor-types.ts";
import type { FileDetail } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorMessage, ErrorState, Loading } from "../../components/states.tsx";
import { compareAmounts, formatKwd, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { mayPay } from "./debts.tsx";

/** Sends the browser to the gateway's hosted page (a full navigation: the page is the gateway's, not ours). */
export function goToGateway(url: string): void {
  window.location.assign(url);
}

function PayForm({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [mode, setMode] = useState<"all" | "part">("all");
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let amount = file.outstanding;
    if (mode === "part") {
      const parsed = parseAmountInput(typed);
      const wrong = parsed === null ? "pay.errors.amountInvalid" : compareAmounts(parsed, "0") <= 0 ? "pay.errors.amountZero" : compareAmounts(parsed, file.outstanding) > 0 ? "pay.errors.amountTooHigh" : null;
      if (wrong) {
        setProblem(wrong);
        document.getElementById("pay-amount")?.focus();
        return;
      }
      amount = parsed!;
    }
    setProblem(null);
    setBusy(true);
    setFailure(null);
    try {
      const started = await call<StartedPayment>(`/api/v1/files/${file.id}/payments`, { json: { amount, language: lang, returnTo: "app" } });
      goToGateway(started.paymentPageUrl);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
      setBusy(false);
    }
  };

  return (
    <form className="card step-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("pay.howMuch")}</legend>
        <label className="choice">
          <input type="radio" name="pay-mode" id="pay-all" checked={mode === "all"} onChange={() => setMode("all")} />
          <span>
            <strong>{t("pay.all")}</strong> <Kwd value={file.outstanding} />
            <span className="hint block">{t("pay.allHint")}</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="pay-mode" id="pay-part" checked={mode === "part"} onChange={() => setMode("part")} />
          <span>
            <strong>{t("pay.part")}</strong>
            <span className="hint block">{t("pay.partHint")}</span>
          </span>
        </label>
        {mode === "part" ? (
          <div className="field">
            <label htmlFor="pay-amount">{t("pay.amount")}</label>
            <input
              id="pay-amount"
              inputMode="decimal"
              dir="ltr"
              autoComplete="off"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              aria-invalid={problem !== null}
              aria-describedby={problem ? "pay-amount-hint pay-amount-error" : "pay-amount-hint"}
            />
            <p className="hint" id="pay-amount-hint">
              {t("request.amountHint", { outstanding: formatKwd(file.outstanding, lang) })}
            </p>
            {problem ? (
              <p className="error-text" role="alert" id="pay-amount-error">
                {t(problem)}
              </p>
            ) : null}
          </div>
        ) : null}
      </fieldset>
      <p className="hint">{t("pay.gatewayNote")}</p>
      {failure ? <ErrorMessage error={failure} /> : null}
      <div className="step-buttons">
        <button type="submit" className="button" id="pay-continue" disabled={busy}>
          {busy ? t("pay.opening") : t("pay.continue")}
        </button>
      </div>
    </form>
  );
}

export function PayPage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  usePageTitle(t("pay.title"));
  return (
    <div className="pay-page narrow">
      <h1>{t("pay.title")}</h1>
      {detail.state === "loading" ? <Loading /> : null}
      {detail.state === "error" ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      {detail.state === "ready" ? (
        <>
          <p className="muted">
            {t("debts.file", { number: "" })}
            <bdi dir="ltr">{detail.data.number}</bdi>
          </p>
          {mayPay({ status: detail.data.status, outstanding: detail.data.outstanding }) ? <PayForm file={detail.data} /> : <Empty>{t("pay.nothingOwed")}</Empty>}
        </>
      ) : null}
      <p>
        <Link to={`/debts/${fileId}`}>{t("request.cancel")}</Link>
      </p>
    </div>
  );
}
