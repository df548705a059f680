/**
 * Paying what a file owes, all or part: the amount, then the card network's hosted page
 * (POST /api/v1/files/:id/payments with returnTo "app" answers with its address; the
 * browser goes there and comes back to /payments/:paymentId). The card never touches
 * this application.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { answer, api } from "../../api/client.ts";
import type { FileDetail } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { goToGateway } from "../../components/fee-payment.tsx";
import { Choice } from "../../components/choices.tsx";
import { Field } from "../../components/field.tsx";
import { Kwd } from "../../components/format.tsx";
import { Submit } from "../../components/states.tsx";
import { compareAmounts, formatKwd, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { mayPay } from "./debtor-file.ts";
import { DebtorTask } from "./debtor-task.tsx";

function PayForm({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [mode, setMode] = useState<"all" | "part">("all");
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const paying = useAction();

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
    await paying.run(
      async () => {
        const started = await answer(api.POST("/api/v1/files/{fileId}/payments", { params: { path: { fileId: file.id } }, body: { amount, language: lang, returnTo: "app" } }));
        goToGateway(started.paymentPageUrl);
      },
      { leaving: true },
    );
  };

  return (
    <form className="card step-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("pay.howMuch")}</legend>
        <Choice name="pay-mode" id="pay-all" checked={mode === "all"} onChoose={() => setMode("all")} label={t("pay.all")} aside={<Kwd value={file.outstanding} />} hint={t("pay.allHint")} />
        <Choice name="pay-mode" id="pay-part" checked={mode === "part"} onChoose={() => setMode("part")} label={t("pay.part")} hint={t("pay.partHint")} />
        {mode === "part" ? (
          <Field id="pay-amount" label={t("pay.amount")} hint={t("request.amountHint", { outstanding: formatKwd(file.outstanding, lang) })} error={problem && t(problem)}>
            {(described) => <input id="pay-amount" inputMode="decimal" dir="ltr" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} {...described} />}
          </Field>
        ) : null}
      </fieldset>
      <p className="hint">{t("pay.gatewayNote")}</p>
      <Submit action={paying} label={paying.busy ? t("pay.opening") : t("pay.continue")} id="pay-continue" steps />
    </form>
  );
}

export function PayPage() {
  const { t } = useTranslation();
  return (
    <DebtorTask title={t("pay.title")} className="pay-page narrow" needsMe={false} allows={(file) => mayPay(file)} refusal={() => t("pay.nothingOwed")}>
      {(file) => <PayForm file={file} />}
    </DebtorTask>
  );
}
