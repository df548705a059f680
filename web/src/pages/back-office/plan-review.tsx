/**
 * An instalment plan the creditors agreed that needs a judge's order (the amount, or a
 * travel ban in force — the rules say which): the schedule, the answers, the measures it
 * lifts while kept; the judge orders it or declines, with reasons (…/decision).
 */
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { call } from "../../api/client.ts";
import type { InstalmentPlan } from "../../api/debtor-types.ts";
import type { FileDetail } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { hasRole } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";
import { PlanList } from "../../components/disputes.tsx";
import { BackToQueue, FileContext } from "./file-context.tsx";

export function PlanReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSession();
  const { fileId = "", planId = "" } = useParams();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  const plans = useResource((signal) => call<{ plans: InstalmentPlan[] }>(`/api/v1/files/${encodeURIComponent(fileId)}/instalment-plans`, { signal }), [fileId]);
  usePageTitle(t("review.planTitle"));
  if (detail.state === "loading" || plans.state === "loading") return <Loading />;
  if (detail.state === "error") return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (plans.state === "error") return <ErrorState error={plans.error} onRetry={plans.reload} />;
  const file = detail.data;
  const plan = plans.data.plans.find((candidate) => candidate.id === planId);
  if (!plan) return <Empty>{t("states.notFoundText")}</Empty>;
  const measures = plan.measures.map((measure) => file.procedures.find((procedure) => procedure.id === measure.procedureId)).filter((procedure) => procedure !== undefined);
  return (
    <div className="review-page" data-plan-id={plan.id}>
      <BackToQueue queue="judge" />
      <h1>{t("review.planTitle")}</h1>
      <FileContext file={file} />
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
          options={[
            { value: "order", label: t("decisions.plan.order"), hint: t("decisions.plan.orderHint") },
            { value: "decline", label: t("decisions.plan.decline"), hint: t("decisions.plan.declineHint") },
          ]}
          reasonsLabel={t("decisions.reasons")}
          reasonsRequired={() => true}
          submitLabel={t("decisions.record")}
          onSubmit={async (decision, reasons) => {
            await call(`/api/v1/files/${file.id}/instalment-plans/${plan.id}/decision`, { json: { decision, reasons } });
            navigate("/back-office?queue=judge", { state: { notice: "decisions.recorded" } });
          }}
        />
      ) : (
        <p className="notice">{t("review.planNotAwaiting", { status: t(`plans.status.${plan.status}`) })}</p>
      )}
    </div>
  );
}
