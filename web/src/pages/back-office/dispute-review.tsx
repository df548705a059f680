/**
 * An enforcement dispute before the department: the grounds and the bond. A clerk checks a
 * declared deposit against the department's records and posts it (reference, amount) or
 * rejects the declaration (…/bond-verification); the judge suspends enforcement, refuses
 * to, upholds the dispute (naming the measures to lift) or dismisses it, with reasons
 * (…/decision). Which decisions are open follows the dispute's state machine.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { disputeMachine } from "#domain/disputes/dispute-machine.ts";
import { isActiveProcedureStatus, type ProcedureStatus } from "#domain/procedures/index.ts";
import { answer, api } from "../../api/client.ts";
import { useFileDisputes } from "../../api/resources.ts";
import type { Dispute, FileDetail } from "../../api/types.ts";
import { MeasureChoice } from "../../components/choices.tsx";
import { DecisionForm } from "../../components/decision-form.tsx";
import { DisputeList } from "../../components/disputes.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { compareAmounts, parseAmountInput } from "../../i18n/format.ts";
import { hasRole } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";
import { FileItemReview } from "./file-context.tsx";
import { FiledDocuments } from "./procedure-review.tsx";

type JudgeDecision = "suspend" | "refuse_suspension" | "uphold" | "dismiss";
const decisionOfEvent: Record<string, JudgeDecision> = { suspend: "suspend", refuseSuspension: "refuse_suspension", uphold: "uphold", dismiss: "dismiss" };

function BondVerification({ file, dispute, onDone }: { file: FileDetail; dispute: Dispute; onDone: () => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState(dispute.bond.reference ?? "");
  const [amount, setAmount] = useState(dispute.bond.amount);
  return (
    <DecisionForm<"posted" | "rejected">
      id="bond-verification"
      legend={t("disputes.verifyBond")}
      options={{ posted: "disputes.bondPosted", ...(dispute.bond.status === "declared" ? { rejected: "disputes.bondRejected" } : {}) }}
      reasonsLabel={t("decisions.reasonsOrNote")}
      reasonsFor={["rejected"]}
      extra={(decision) =>
        decision === "posted" ? (
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="bond-reference">{t("disputes.depositReference")}</label>
              <input id="bond-reference" dir="ltr" maxLength={100} value={reference} onChange={(event) => setReference(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="bond-amount">{t("disputes.depositedAmount")}</label>
              <input id="bond-amount" dir="ltr" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
            </div>
          </div>
        ) : null
      }
      validate={(decision) => {
        if (decision !== "posted") return null;
        if (!reference.trim()) return { message: t("disputes.referenceRequired"), field: "bond-reference" };
        const parsed = parseAmountInput(amount);
        if (parsed === null || compareAmounts(parsed, "0") <= 0) return { message: t("pay.errors.amountInvalid"), field: "bond-amount" };
        return null;
      }}
      onSubmit={async (decision, reasons) => {
        await answer(
          api.POST("/api/v1/files/{fileId}/disputes/{disputeId}/bond-verification", {
            params: { path: { fileId: file.id, disputeId: dispute.id } },
            body: decision === "posted" ? { outcome: "posted", reference: reference.trim(), amount: parseAmountInput(amount)!, ...(reasons ? { notes: reasons } : {}) } : { outcome: "rejected", reasons },
          }),
        );
        onDone();
      }}
    />
  );
}

export function DisputeReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const [lift, setLift] = useState<string[]>([]);
  return (
    <FileItemReview title={t("review.disputeTitle")} queue="judge" useItems={useFileDisputes} param="disputeId" subject="data-dispute-id">
      {(file, dispute, reloadDisputes) => {
        const decisions = Object.keys(disputeMachine[dispute.status]).map((event) => decisionOfEvent[event]!);
        const active = file.procedures.filter((procedure) => isActiveProcedureStatus(procedure.status as ProcedureStatus));
        const bondOpen = dispute.bond.status !== "posted" && decisions.length > 0;
        return (
          <>
            <section aria-labelledby="dispute-facts">
              <h2 id="dispute-facts">{t("disputes.title")}</h2>
              <p className="muted">
                {t("review.filedBy", { name: partyName(file.parties.find((party) => party.id === dispute.debtorPartyId)) })} — {t("review.outstandingAtFiling")} <Kwd value={dispute.outstandingAtFiling} />
                {dispute.suspendedAt ? (
                  <>
                    {" "}
                    — {t("review.suspendedSince")} <DateTime iso={dispute.suspendedAt} />
                  </>
                ) : null}
              </p>
              <DisputeList fileId={file.id} disputes={[dispute]} debtorSide={false} />
            </section>
            <FiledDocuments fileId={file.id} filed={(document) => document.disputeId === dispute.id} none="papers.noneWithDispute" />
            {hasRole(me, "clerk") && bondOpen ? <BondVerification file={file} dispute={dispute} onDone={reloadDisputes} /> : null}
            {hasRole(me, "judge") && decisions.length > 0 ? (
              <DecisionForm<JudgeDecision>
                id="dispute-decision"
                legend={t("review.judgeDecision")}
                options={Object.fromEntries(decisions.map((decision) => [decision, `decisions.dispute.${decision}`]))}
                extra={(decision) =>
                  decision === "uphold" ? (
                    <MeasureChoice legend={t("decisions.dispute.liftWhich")} procedures={active} chosen={lift} onChange={setLift} />
                  ) : decision === "suspend" && dispute.bond.status !== "posted" ? (
                    <p className="notice">{t("decisions.dispute.bondNotPosted")}</p>
                  ) : null
                }
                onSubmit={async (decision, reasons) => {
                  await answer(
                    api.POST("/api/v1/files/{fileId}/disputes/{disputeId}/decision", {
                      params: { path: { fileId: file.id, disputeId: dispute.id } },
                      body: { decision, reasons, ...(decision === "uphold" ? { liftProcedureIds: lift } : {}) },
                    }),
                  );
                  navigate("/back-office?queue=judge", { state: { notice: "decisions.recorded" } });
                }}
              />
            ) : null}
            {decisions.length === 0 ? <p className="notice">{t("review.disputeRuled")}</p> : null}
          </>
        );
      }}
    </FileItemReview>
  );
}
