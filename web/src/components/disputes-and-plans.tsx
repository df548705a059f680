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
import { ApiError, call } from "../api/client.ts";
import type { Dispute, InstalmentPlan } from "../api/debtor-types.ts";
import type { FileDetail } from "../api/types.ts";
import { useResource } from "../api/use-resource.ts";
import { DisputeList, PlanList } from "./disputes.tsx";
import { hasRole } from "../session/roles.ts";
import { useSession } from "../session/session.tsx";
import { ErrorMessage, ErrorState, Loading } from "./states.tsx";

function PlanAnswer({ file, plan, onAnswered }: { file: FileDetail; plan: InstalmentPlan; onAnswered: () => void }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<"agree" | "refuse">("agree");
  const [reasons, setReasons] = useState("");
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `plan-answer-${plan.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (answer === "refuse" && !reasons.trim()) {
      setMissing(true);
      document.getElementById(`${id}-reasons`)?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    setFailure(null);
    try {
      await call(`/api/v1/files/${file.id}/instalment-plans/${plan.id}/answer`, { json: { answer, ...(reasons.trim() ? { reasons: reasons.trim() } : {}) } });
      onAnswered();
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="plan-answer" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("plans.yourAnswer")}</legend>
        <label className="check">
          <input type="radio" name={id} checked={answer === "agree"} onChange={() => setAnswer("agree")} />
          <span>{t("plans.agree")}</span>
        </label>
        <label className="check">
          <input type="radio" name={id} checked={answer === "refuse"} onChange={() => setAnswer("refuse")} />
          <span>{t("plans.refuse")}</span>
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reasons`}>
          {t("decisions.reasons")}
          {answer === "refuse" ? "" : ` ${t("decisions.optional")}`}
        </label>
        <textarea id={`${id}-reasons`} rows={2} maxLength={4000} value={reasons} onChange={(event) => setReasons(event.target.value)} aria-invalid={missing} />
        {missing ? (
          <p className="error-text" role="alert">
            {t("decisions.reasonsRequired")}
          </p>
        ) : null}
      </div>
      <p className="hint">{t("plans.answerHint")}</p>
      {failure ? <ErrorMessage error={failure} /> : null}
      <button type="submit" className="button secondary" disabled={busy}>
        {t("plans.sendAnswer")}
      </button>
    </form>
  );
}

export function DisputesAndPlans({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const disputes = useResource((signal) => call<{ disputes: Dispute[] }>(`/api/v1/files/${file.id}/disputes`, { signal }), [file.id]);
  const plans = useResource((signal) => call<{ plans: InstalmentPlan[] }>(`/api/v1/files/${file.id}/instalment-plans`, { signal }), [file.id]);
  const creditorSide = file.myCapacities.includes("creditor") || file.myCapacities.includes("lawyer_for_creditor");
  const staff = hasRole(me, "clerk", "judge");
  if (disputes.state === "loading" || plans.state === "loading") return <Loading />;
  if (disputes.state === "error") return <ErrorState error={disputes.error} onRetry={disputes.reload} />;
  if (plans.state === "error") return <ErrorState error={plans.error} onRetry={plans.reload} />;
  if (disputes.data.disputes.length === 0 && plans.data.plans.length === 0) return <p className="muted">{t("plans.noneOnFile")}</p>;
  return (
    <>
      {disputes.data.disputes.length > 0 ? (
        <>
          <h3 className="h4">{t("disputes.title")}</h3>
          <DisputeList
            fileId={file.id}
            disputes={disputes.data.disputes}
            debtorSide={false}
            actions={(dispute) => (staff ? <Link to={`/back-office/files/${file.id}/disputes/${dispute.id}`}>{t("review.openInBackOffice")}</Link> : null)}
          />
        </>
      ) : null}
      {plans.data.plans.length > 0 ? (
        <>
          <h3 className="h4">{t("plans.title")}</h3>
          <PlanList
            plans={plans.data.plans}
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
  );
}
