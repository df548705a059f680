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

/**
 * Disputes or plans as cards, each headed by its status badge and when it was made
 * (`since`); `none` when there are none.
 */
function StatusCards<T extends { id: string; status: string }>({ kind, items, none, since, children }: { kind: "dispute" | "plan"; items: T[]; none: string; since: (item: T) => ReactNode; children: (item: T) => ReactNode }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted">{none}</p>;
  return (
    <ul className={`cards ${kind}s`} id={`${kind}s`}>
      {items.map((item) => (
        <li key={item.id} className="card" {...{ [`data-${kind}-id`]: item.id }} data-status={item.status}>
          <p>
            <span className={`badge ${kind}-${item.status}`}>{t(`${kind}s.status.${item.status}`)}</span> {since(item)}
          </p>
          {children(item)}
        </li>
      ))}
    </ul>
  );
}

export function DisputeList({ fileId, disputes, onChanged, debtorSide, actions }: { fileId: string; disputes: Dispute[]; onChanged?: () => void; debtorSide: boolean; actions?: (dispute: Dispute) => ReactNode }) {
  const { t } = useTranslation();
  const filedAt = (dispute: Dispute) => (
    <>
      {t("disputes.filedAt", { time: "" })}
      <DateTime iso={dispute.filedAt} />
    </>
  );
  return (
    <StatusCards kind="dispute" items={disputes} none={t("disputes.none")} since={filedAt}>
      {(dispute) => (
        <>
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
        </>
      )}
    </StatusCards>
  );
}

export function PlanList({ plans, actions }: { plans: InstalmentPlan[]; actions?: (plan: InstalmentPlan) => ReactNode }) {
  const { t } = useTranslation();
  const proposedAt = (plan: InstalmentPlan) => (
    <>
      {t("plans.proposedAt", { time: "" })}
      <DateTime iso={plan.proposedAt} /> — {t("plans.total")}: <Kwd value={plan.total} />
    </>
  );
  return (
    <StatusCards kind="plan" items={plans} none={t("plans.none")} since={proposedAt}>
      {(plan) => (
        <>
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
                  {t(`plans.answers.${consent.answer}`, { defaultValue: t("states.other") })} — <DateTime iso={consent.answeredAt} />
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
        </>
      )}
    </StatusCards>
  );
}

