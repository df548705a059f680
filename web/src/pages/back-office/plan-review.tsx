/**
 * An instalment plan the creditors agreed that needs a judge's order (the amount, or a
 * travel ban in force — the rules say which): the schedule, the answers, the measures it
 * lifts while kept; the judge orders it or declines, with reasons (…/decision).
 */
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { answer, api } from "../../api/client.ts";
import { useFile, useFilePlans } from "../../api/resources.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { PlanList } from "../../components/disputes.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ReadyAll } from "../../components/states.tsx";
import { hasRole } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";
import { ReviewFrame } from "./file-context.tsx";

export function PlanReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSession();
  const { fileId = "", planId = "" } = useParams();
  const detail = useFile(fileId);
  const plans = useFilePlans(fileId);
  usePageTitle(t("review.planTitle"));
  return (
    <ReadyAll resources={[detail, plans] as const}>
      {(file, list) => {
        const plan = list.find((candidate) => candidate.id === planId);
        if (!plan) return <Empty>{t("states.notFoundText")}</Empty>;
        const measures = plan.measures.map((measure) => file.procedures.find((procedure) => procedure.id === measure.procedureId)).filter((procedure) => procedure !== undefined);
        return (
          <ReviewFrame queue="judge" title={t("review.planTitle")} file={file} subject={{ "data-plan-id": plan.id }}>
            {plan.orderGrounds && plan.orderGrounds.length > 0 ? (
              <p className="notice">
                {t("review.orderNeeded")} {plan.orderGrounds.map((ground) => t(`review.orderGrounds.${ground}`, { defaultValue: t("actions.other") })).join(t("list.separator"))}
              </p>
            ) : null}
            <PlanList plans={[plan]} />
            <section className="card" aria-labelledby="plan-measures">
              <h2 id="plan-measures">{t("plans.liftTitle")}</h2>
              {measures.length === 0 ? (
                <p className="muted">{t("plans.nothingToLift")}</p>
              ) : (
                <ul>
                  {measures.map((procedure) => (
                    <li key={procedure.id}>
                      {t(`vocab.procedureKind.${procedure.kind}`)} — {t(`vocab.procedureStatus.${procedure.status}`)}
                    </li>
                  ))}
                </ul>
              )}
              {plan.note ? (
                <p>
                  {t("plans.note")}: <span dir="auto">{plan.note}</span>
                </p>
              ) : null}
            </section>
            {plan.status === "agreed" && hasRole(session.state === "signed-in" ? session.me : null, "judge") ? (
              <DecisionForm<"order" | "decline">
                id="plan-decision"
                legend={t("review.judgeDecision")}
                options={{ order: "decisions.plan.order", decline: "decisions.plan.decline" }}
                onSubmit={async (decision, reasons) => {
                  await answer(api.POST("/api/v1/files/{fileId}/instalment-plans/{planId}/decision", { params: { path: { fileId: file.id, planId: plan.id } }, body: { decision, reasons } }));
                  navigate("/back-office?queue=judge", { state: { notice: "decisions.recorded" } });
                }}
              />
            ) : (
              <p className="notice">{t("review.planNotAwaiting", { status: t(`plans.status.${plan.status}`) })}</p>
            )}
          </ReviewFrame>
        );
      }}
    </ReadyAll>
  );
}
