/**
 * Disputes and instalment plans as lists: each dispute with its bond (and, for the debtor,
 * declaring the bond's deposit: POST …/disputes/:id/bond-deposit), each plan with its
 * schedule and the creditors' answers; `actions` adds what the reader may do with each.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { answer, api } from "../api/client.ts";
import type { Dispute, InstalmentPlan } from "../api/types.ts";
import { useAction } from "../api/use-action.ts";
import { Facts } from "./facts.tsx";
import { Field, useRequired } from "./field.tsx";
import { DateTime, Kwd } from "./format.tsx";
import { Submit } from "./states.tsx";
import { Table } from "./table.tsx";

function BondDeposit({ fileId, dispute, onDone }: { fileId: string; dispute: Dispute; onDone: () => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState("");
  const inputId = `bond-reference-${dispute.id}`;
  const required = useRequired(inputId);
  const declaring = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!required.filled(reference)) return;
    await declaring.run(async () => {
      await answer(api.POST("/api/v1/files/{fileId}/disputes/{disputeId}/bond-deposit", { params: { path: { fileId, disputeId: dispute.id } }, body: { reference: reference.trim() } }));
      onDone();
    });
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <Field
        id={inputId}
        label={t("disputes.depositReference")}
        hint={
          <>
            {t("disputes.depositHint", { amount: "" })}
            <Kwd value={dispute.bond.amount} />
          </>
        }
        error={required.missing && t("disputes.referenceRequired")}
      >
        {(described) => <input id={inputId} dir="ltr" maxLength={100} value={reference} onChange={(event) => setReference(event.target.value)} {...described} />}
      </Field>
      <Submit action={declaring} label={t("disputes.declareDeposit")} className="button secondary" />
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
          <Facts
            className="facts inline"
            facts={[
              { label: t("disputes.bond"), value: <Kwd value={dispute.bond.amount} /> },
              { label: t("disputes.bondStatus"), value: <span className={`badge bond-${dispute.bond.status}`}>{t(`disputes.bondStatuses.${dispute.bond.status}`)}</span> },
              dispute.bond.reference && { label: t("disputes.depositReference"), value: <bdi dir="ltr">{dispute.bond.reference}</bdi> },
              dispute.ruledAt && { label: t("disputes.ruledAt"), value: <DateTime iso={dispute.ruledAt} /> },
            ]}
          />
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
          <Table className="simple instalments" caption={t("plans.schedule")} columns={[t("plans.number"), t("plans.dueOn"), t("plans.amount"), t("plans.paid")]}>
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
          </Table>
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

