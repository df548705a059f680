/**
 * A travel ban before suit (Art. 297): a creditor with no executory title yet opens a file on
 * a provisional estimate of the debt (POST /api/v1/bans-before-suit), then petitions the ban on
 * it in the usual guided flow — the evidence, the review, signing on the phone — where only a
 * ban before suit is offered. The ban lapses unless the suit is proven filed within the Art.
 * 298(e) period (shown from the rules in force).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { isCivilId } from "#domain/identifiers/civil-id.ts";
import { answer, api } from "../../api/client.ts";
import { useAction } from "../../api/use-action.ts";
import { Page } from "../../components/page.tsx";
import { ErrorMessage, Loading } from "../../components/states.tsx";
import { compareAmounts, parseAmountInput } from "../../i18n/format.ts";

export function BanBeforeSuitPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [debtorCivilId, setDebtorCivilId] = useState("");
  const [estimateText, setEstimateText] = useState("");
  const [problem, setProblem] = useState<{ key: string; field: "debtor" | "estimate" } | null>(null);
  const opening = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const civilId = debtorCivilId.trim();
    const estimate = parseAmountInput(estimateText);
    const found =
      !isCivilId(civilId)
        ? ({ key: "banBeforeSuit.errors.civilId", field: "debtor" } as const)
        : estimate === null || compareAmounts(estimate, "0") <= 0
          ? ({ key: "banBeforeSuit.errors.estimate", field: "estimate" } as const)
          : null;
    setProblem(found);
    if (found || estimate === null) {
      requestAnimationFrame(() => document.getElementById(found?.field === "debtor" ? "bbs-debtor" : "bbs-estimate")?.focus());
      return;
    }
    await opening.run(
      async () => {
        const opened = await answer(api.POST("/api/v1/bans-before-suit", { body: { debtorCivilId: civilId, provisionalEstimate: estimate } }));
        // The file number runs left to right inside Arabic text (LRI … PDI).
        navigate(`/files/${opened.id}/request`, { state: { notice: "banBeforeSuit.opened", params: { number: `\u2066${opened.number}\u2069` } } });
      },
      { leaving: true },
    );
  };
  const error = (field: "debtor" | "estimate") =>
    problem?.field === field ? (
      <p className="error-text" role="alert" id={`bbs-${field}-error`}>
        {t(problem.key)}
      </p>
    ) : null;

  return (
    <Page className="ban-before-suit-page narrow" title={t("banBeforeSuit.title")} intro={t("banBeforeSuit.intro")}>
      <form className="card step-form" onSubmit={(event) => void submit(event)} noValidate id="ban-before-suit">
        <fieldset>
          <legend>{t("banBeforeSuit.legend")}</legend>
          <ul className="hint" id="bbs-conditions">
            <li>{t("banBeforeSuit.conditionEvidence")}</li>
            <li>{t("banBeforeSuit.conditionJudge")}</li>
            <li>{t("banBeforeSuit.conditionSuit")}</li>
            <li>{t("banBeforeSuit.conditionMinimum")}</li>
          </ul>
          <div className="field">
            <label htmlFor="bbs-debtor">{t("banBeforeSuit.debtorCivilId")}</label>
            <input
              id="bbs-debtor"
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              maxLength={12}
              value={debtorCivilId}
              onChange={(event) => setDebtorCivilId(event.target.value)}
              aria-invalid={problem?.field === "debtor"}
              aria-describedby={problem?.field === "debtor" ? "bbs-debtor-hint bbs-debtor-error" : "bbs-debtor-hint"}
            />
            <p className="hint" id="bbs-debtor-hint">
              {t("banBeforeSuit.debtorHint")}
            </p>
            {error("debtor")}
          </div>
          <div className="field">
            <label htmlFor="bbs-estimate">{t("banBeforeSuit.estimate")}</label>
            <input
              id="bbs-estimate"
              inputMode="decimal"
              dir="ltr"
              autoComplete="off"
              value={estimateText}
              onChange={(event) => setEstimateText(event.target.value)}
              aria-invalid={problem?.field === "estimate"}
              aria-describedby={problem?.field === "estimate" ? "bbs-estimate-hint bbs-estimate-error" : "bbs-estimate-hint"}
            />
            <p className="hint" id="bbs-estimate-hint">
              {t("banBeforeSuit.estimateHint")}
            </p>
            {error("estimate")}
          </div>
        </fieldset>
        <div className="step-buttons">
          <button type="submit" className="button" id="bbs-open" disabled={opening.busy}>
            {t("banBeforeSuit.open")}
          </button>
          <Link className="button secondary" to="/files">
            {t("request.cancel")}
          </Link>
        </div>
        {opening.busy ? <Loading /> : null}
        {opening.failure ? <ErrorMessage error={opening.failure} /> : null}
      </form>
    </Page>
  );
}
