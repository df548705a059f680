/**
 * An instalment plan the creditors agreed that needs a judge's order (the amount, or a
 * travel ban in force — the rules say which): the schedule, the answers, the measures it
 * lifts while kept; the judge orders it or declines, with reasons (…/decision).
 */
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { answer, api } from "../../api/client.ts";
import { useFilePlans } from "../../api/resources.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { PlanList } from "../../components/disputes.tsx";
import { hasRole } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";
import { FileItemReview } from "./file-context.tsx";
import { FiledDocuments } from "./procedure-review.tsx";

export function PlanReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSession();
  return (
    <FileItemReview title={t("review.planTitle")} queue="judge" useItems={useFilePlans} param="planId" subject="data-plan-id">
      {(file, plan) => {
        const measures = plan.measures.map((measure) => file.procedures.find((procedure) => procedure.id === measure.procedureId)).filter((procedure) => procedure !== undefined);
        return (
          <>
            {plan.orderGrounds && plan.orderGrounds.length > 0 ? (
              <p className="notice">
                {t("review.orderNeeded")} {plan.orderGrounds.map((ground) => t(`review.orderGrounds.${ground}`, { defaultValue: t("states.other") })).join(t("list.separator"))}
              </p>
            ) : null}
            <PlanList plans={[plan]} />
            <FiledDocuments fileId={file.id} filed={(document) => document.instalmentPlanId === plan.id} none="papers.noneWithPlan" />
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
          </>
        );
      }}
    </FileItemReview>
  );
}
