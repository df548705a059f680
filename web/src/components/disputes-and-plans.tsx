/**
 * A file's enforcement disputes and instalment plans, as every reader of the file sees
 * them (GET …/disputes, …/instalment-plans), with what the reader may do: a creditor (or
 * their lawyer) answers a proposed plan — agree, or refuse with reasons
 * (POST …/instalment-plans/:id/answer); clerks and judges open the dispute or the plan in
 * the back office. The API decides again on every act.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { answer, api } from "../api/client.ts";
import { useFileDisputes, useFilePlans } from "../api/resources.ts";
import type { FileDetail, InstalmentPlan } from "../api/types.ts";
import { useAction } from "../api/use-action.ts";
import { hasRole } from "../session/roles.ts";
import { useSession } from "../session/session.tsx";
import { DisputeList, PlanList } from "./disputes.tsx";
import { Field, useRequired } from "./field.tsx";
import { ReadyAll, Submit } from "./states.tsx";

function PlanAnswer({ file, plan, onAnswered }: { file: FileDetail; plan: InstalmentPlan; onAnswered: () => void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<"agree" | "refuse">("agree");
  const [reasons, setReasons] = useState("");
  const answering = useAction();
  const id = `plan-answer-${plan.id}`;
  const required = useRequired(`${id}-reasons`);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Refusing needs reasons; agreeing may give some.
    if (!required.filled(reasons, choice === "refuse")) return;
    await answering.run(async () => {
      await answer(api.POST("/api/v1/files/{fileId}/instalment-plans/{planId}/answer", { params: { path: { fileId: file.id, planId: plan.id } }, body: { answer: choice, ...(reasons.trim() ? { reasons: reasons.trim() } : {}) } }));
      onAnswered();
    });
  };
  return (
    <form className="plan-answer" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("plans.yourAnswer")}</legend>
        <label className="check">
          <input type="radio" name={id} checked={choice === "agree"} onChange={() => setChoice("agree")} />
          <span>{t("plans.agree")}</span>
        </label>
        <label className="check">
          <input type="radio" name={id} checked={choice === "refuse"} onChange={() => setChoice("refuse")} />
          <span>{t("plans.refuse")}</span>
        </label>
      </fieldset>
      <Field id={`${id}-reasons`} label={`${t("decisions.reasons")}${choice === "refuse" ? "" : ` ${t("decisions.optional")}`}`} error={required.missing && t("decisions.reasonsRequired")}>
        {(described) => <textarea id={`${id}-reasons`} rows={2} maxLength={4000} value={reasons} onChange={(event) => setReasons(event.target.value)} {...described} />}
      </Field>
      <p className="hint">{t("plans.answerHint")}</p>
      <Submit action={answering} label={t("plans.sendAnswer")} className="button secondary" />
    </form>
  );
}

export function DisputesAndPlans({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const disputes = useFileDisputes(file.id);
  const plans = useFilePlans(file.id);
  const creditorSide = file.myCapacities.includes("creditor") || file.myCapacities.includes("lawyer_for_creditor");
  const staff = hasRole(me, "clerk", "judge");
  return (
    <ReadyAll resources={[disputes, plans] as const}>
      {(disputeList, planList) =>
        disputeList.length === 0 && planList.length === 0 ? (
          <p className="muted">{t("plans.noneOnFile")}</p>
        ) : (
          <>
            {disputeList.length > 0 ? (
              <>
                <h3 className="h4">{t("disputes.title")}</h3>
                <DisputeList
                  fileId={file.id}
                  disputes={disputeList}
                  debtorSide={false}
                  actions={(dispute) => (staff ? <Link to={`/back-office/files/${file.id}/disputes/${dispute.id}`}>{t("review.openInBackOffice")}</Link> : null)}
                />
              </>
            ) : null}
            {planList.length > 0 ? (
              <>
                <h3 className="h4">{t("plans.title")}</h3>
                <PlanList
                  plans={planList}
                  actions={(plan) =>
                    plan.status === "proposed" && creditorSide ? (
                      <PlanAnswer file={file} plan={plan} onAnswered={plans.reload} />
                    ) : staff && plan.status === "agreed" ? (
                      <Link to={`/back-office/files/${file.id}/instalment-plans/${plan.id}`}>{t("review.openInBackOffice")}</Link>
                    ) : null
                  }
                />
              </>
            ) : null}
          </>
        )
      }
    </ReadyAll>
  );
}
