/**
 * Disputes and instalment plans as lists: each dispute with its bond (and, for the debtor,
 * declaring the bond's deposit: POST …/disputes/:id/bond-deposit), each plan with its
 * schedule and the creditors' answers; `actions` adds what the reader may do with each.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, call } from "../api/client.ts";
import type { Dispute, InstalmentPlan } from "../api/debtor-types.ts";
import { DateTime, Kwd } from "./format.tsx";
import { ErrorMessage } from "./states.tsx";

function BondDeposit({ fileId, dispute, onDone }: { fileId: string; dispute: Dispute; onDone: () => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState("");
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = `bond-reference-${dispute.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reference.trim()) {
      setMissing(true);
      document.getElementById(inputId)?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    setFailure(null);
    try {
      await call(`/api/v1/files/${fileId}/disputes/${dispute.id}/bond-deposit`, { json: { reference: reference.trim() } });
      onDone();
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={inputId}>{t("disputes.depositReference")}</label>
        <input
          id={inputId}
          dir="ltr"
          maxLength={100}
          value={reference}
          onChange={(event) => setReference(event.target.value)}
          aria-invalid={missing}
          aria-describedby={missing ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
        />
        <p className="hint" id={`${inputId}-hint`}>
          {t("disputes.depositHint", { amount: "" })}
          <Kwd value={dispute.bond.amount} />
        </p>
        {missing ? (
          <p className="error-text" role="alert" id={`${inputId}-error`}>
            {t("disputes.referenceRequired")}
          </p>
        ) : null}
      </div>
      {failure ? <ErrorMessage error={failure} /> : null}
      <button type="submit" className="button secondary" disabled={busy}>
        {t("disputes.declareDeposit")}
      </button>
    </form>
  );
}

export function DisputeList({ fileId, disputes, onChanged, debtorSide, actions }: { fileId: string; disputes: Dispute[]; onChanged?: () => void; debtorSide: boolean; actions?: (dispute: Dispute) => ReactNode }) {
  const { t } = useTranslation();
  if (disputes.length === 0) return <p className="muted">{t("disputes.none")}</p>;
  return (
    <ul className="cards disputes" id="disputes">
      {disputes.map((dispute) => (
        <li key={dispute.id} className="card" data-dispute-id={dispute.id} data-status={dispute.status}>
          <p>
            <span className={`badge dispute-${dispute.status}`}>{t(`disputes.status.${dispute.status}`)}</span> {t("disputes.filedAt", { time: "" })}
            <DateTime iso={dispute.filedAt} />
          </p>
          <p dir="auto" className="grounds">
            {dispute.grounds}
          </p>
          <dl className="facts inline">
            <div>
              <dt>{t("disputes.bond")}</dt>
              <dd>
                <Kwd value={dispute.bond.amount} />
              </dd>
            </div>
            <div>
              <dt>{t("disputes.bondStatus")}</dt>
              <dd>
                <span className={`badge bond-${dispute.bond.status}`}>{t(`disputes.bondStatuses.${dispute.bond.status}`)}</span>
              </dd>
            </div>
            {dispute.bond.reference ? (
              <div>
                <dt>{t("disputes.depositReference")}</dt>
                <dd>
                  <bdi dir="ltr">{dispute.bond.reference}</bdi>
                </dd>
              </div>
            ) : null}
            {dispute.ruledAt ? (
              <div>
                <dt>{t("disputes.ruledAt")}</dt>
                <dd>
                  <DateTime iso={dispute.ruledAt} />
                </dd>
              </div>
            ) : null}
          </dl>
          {debtorSide && dispute.bond.status === "required" && (dispute.status === "filed" || dispute.status === "not_suspended") && onChanged ? (
            <BondDeposit fileId={fileId} dispute={dispute} onDone={onChanged} />
          ) : null}
          {actions ? actions(dispute) : null}
        </li>
      ))}
    </ul>
  );
}

export function PlanList({ plans, actions }: { plans: InstalmentPlan[]; actions?: (plan: InstalmentPlan) => ReactNode }) {
  const { t } = useTranslation();
  if (plans.length === 0) return <p className="muted">{t("plans.none")}</p>;
  return (
    <ul className="cards plans" id="plans">
      {plans.map((plan) => (
        <li key={plan.id} className="card" data-plan-id={plan.id} data-status={plan.status}>
          <p>
            <span className={`badge plan-${plan.status}`}>{t(`plans.status.${plan.status}`)}</span> {t("plans.proposedAt", { time: "" })}
            <DateTime iso={plan.proposedAt} /> — {t("plans.total")}: <Kwd value={plan.total} />
          </p>
          {plan.orderGrounds && plan.orderGrounds.length > 0 ? <p className="muted">{t("plans.needsJudge")}</p> : null}
          <div className="table-wrap">
            <table className="simple instalments">
              <caption className="visually-hidden">{t("plans.schedule")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("plans.number")}</th>
                  <th scope="col">{t("plans.dueOn")}</th>
                  <th scope="col">{t("plans.amount")}</th>
                  <th scope="col">{t("plans.paid")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.instalments.map((instalment) => (
                  <tr key={instalment.number}>
                    <th scope="row">{instalment.number}</th>
                    <td>
                      <DateTime iso={instalment.dueOn} dateOnly />
                    </td>
                    <td>
                      <Kwd value={instalment.amount} />
                    </td>
                    <td>
                      <Kwd value={instalment.paid} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {plan.consents.length > 0 ? (
            <ul className="consents">
              {plan.consents.map((consent) => (
                <li key={consent.creditorPartyId}>
                  {t(`plans.answers.${consent.answer}`, { defaultValue: t("actions.other") })} — <DateTime iso={consent.answeredAt} />
                  {consent.reasons ? (
                    <>
                      : <span dir="auto">{consent.reasons}</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {actions ? actions(plan) : null}
        </li>
      ))}
    </ul>
  );
}

