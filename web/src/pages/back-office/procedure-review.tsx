/**
 * Deciding a referred request (POST /api/v1/files/:id/procedures/:pid/decision): the
 * request as made (measure, debtor, amount and banks, or a travel ban's three reasons),
 * the automatic checks and why they referred it, the evidence filed with it (shown inline,
 * with its verification), then grant, grant in part (a smaller amount, conditions) or
 * reject — always with reasons. A travel ban is a judge's (Art. 297); the API decides who.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { call } from "../../api/client.ts";
import type { DocumentWithVerification } from "../../api/back-office-types.ts";
import type { FileDetail, Procedure } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { DocumentViewer } from "../../components/document-viewer.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { compareAmounts, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { BackToQueue, FileContext } from "./file-context.tsx";

type Decision = "grant" | "grant_in_part" | "reject";

export function EvidenceDocuments({ documents }: { documents: DocumentWithVerification[] }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  if (documents.length === 0) return <p className="muted">{t("review.noEvidence")}</p>;
  return (
    <ul className="documents evidence">
      {documents.map((document) => (
        <li key={document.id} data-document-id={document.id}>
          <strong>{t(`vocab.documentKind.${document.kind}`, { defaultValue: t("vocab.documentKind.other") })}</strong>{" "}
          <span className={`badge verification-${document.verification.status}`}>{t(`review.verification.${document.verification.status}`)}</span>
          <span className="muted block">
            <DateTime iso={document.createdAt} />
            {document.name ? (
              <>
                {" "}
                — <bdi dir="ltr">{document.name}</bdi>
              </>
            ) : null}
          </span>
          {document.verification.reasons ? <p dir="auto">{document.verification.reasons}</p> : null}
          <button type="button" className="link-button" aria-expanded={shown === document.id} onClick={() => setShown(shown === document.id ? null : document.id)}>
            {shown === document.id ? t("viewer.hide") : t("viewer.show")}
          </button>
          {shown === document.id ? <DocumentViewer src={`/api/v1/documents/${document.id}/content`} title={t(`vocab.documentKind.${document.kind}`, { defaultValue: t("vocab.documentKind.other") })} /> : null}
        </li>
      ))}
    </ul>
  );
}

function RequestFacts({ file, procedure }: { file: FileDetail; procedure: Procedure }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const evidence = (procedure.parameters as { evidence?: { debtCertainAndDue: string; flightRisk: string; abilityToPay: string } } | null)?.evidence;
  const banks = procedure.parameters?.banks;
  return (
    <section className="card" aria-labelledby="request-facts-title">
      <h2 id="request-facts-title">{t("review.theRequest")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("request.reviewMeasure")}</dt>
          <dd>
            {t(`vocab.procedureKind.${procedure.kind}`)} <span className={`badge status-${procedure.status}`}>{t(`vocab.procedureStatus.${procedure.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("request.reviewDebtor")}</dt>
          <dd>{partyName(file.parties.find((party) => party.id === procedure.debtorPartyId))}</dd>
        </div>
        <div>
          <dt>{t("file.requestedAt")}</dt>
          <dd>
            <DateTime iso={procedure.requestedAt} />
          </dd>
        </div>
        {procedure.amount ? (
          <div>
            <dt>{t("request.reviewAmount")}</dt>
            <dd>
              <Kwd value={procedure.amount} />
            </dd>
          </div>
        ) : null}
        {banks ? (
          <div>
            <dt>{t("request.reviewBanks")}</dt>
            <dd>{banks === "all" ? t("file.banksAll") : banks.map((code) => t(`vocab.bank.${code}`, { defaultValue: t("vocab.agencyKind.bank") })).join(t("list.separator"))}</dd>
          </div>
        ) : null}
      </dl>
      {evidence ? (
        <>
          <h3 className="h4">{t("request.reviewEvidence")}</h3>
          <dl className="facts evidence-text">
            <div>
              <dt>{t("request.evidenceDebt")}</dt>
              <dd dir="auto">{evidence.debtCertainAndDue}</dd>
            </div>
            <div>
              <dt>{t("request.evidenceFlight")}</dt>
              <dd dir="auto">{evidence.flightRisk}</dd>
            </div>
            <div>
              <dt>{t("request.evidenceAbility")}</dt>
              <dd dir="auto">{evidence.abilityToPay}</dd>
            </div>
          </dl>
        </>
      ) : null}
      {procedure.decision ? (
        <>
          <h3 className="h4">{t("file.checks")}</h3>
          <ul className="checks-list">
            {procedure.decision.checks.map((check) => (
              <li key={check.id} className={`check check-${check.outcome}`}>
                <span className={`badge check-${check.outcome}`}>{t(`file.checkOutcomes.${check.outcome}`)}</span> {check.message[lang]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function ProcedureReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { fileId = "", procedureId = "" } = useParams();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  const documents = useResource((signal) => call<{ documents: DocumentWithVerification[] }>(`/api/v1/files/${encodeURIComponent(fileId)}/documents`, { signal }), [fileId]);
  const [amount, setAmount] = useState("");
  const [conditions, setConditions] = useState("");
  usePageTitle(t("review.decideTitle"));

  if (detail.state === "loading") return <Loading />;
  if (detail.state === "error") return <ErrorState error={detail.error} onRetry={detail.reload} />;
  const file = detail.data;
  const procedure = file.procedures.find((candidate) => candidate.id === procedureId);
  if (!procedure) return <Empty>{t("states.notFoundText")}</Empty>;
  const queue = procedure.kind === "travel_ban" ? "judge" : "clerk";
  const decidable = procedure.status === "under_review" || procedure.status === "requested";
  const evidence = documents.data?.documents.filter((document) => document.procedureId === procedure.id) ?? [];
  const bank = procedure.kind === "bank_attachment";

  const decide = async (decision: Decision, reasons: string) => {
    const partial = decision === "grant_in_part";
    await call(`/api/v1/files/${file.id}/procedures/${procedure.id}/decision`, {
      json: { decision, reasons, ...(partial && bank && amount.trim() ? { amount: parseAmountInput(amount)! } : {}), ...(partial && conditions.trim() ? { conditions: conditions.trim() } : {}) },
    });
    navigate(`/back-office?queue=${queue}`, { state: { notice: "decisions.recorded" } });
  };

  return (
    <div className="review-page" data-procedure-id={procedure.id}>
      <BackToQueue queue={queue} />
      <h1>{t("review.decideTitle")}</h1>
      <FileContext file={file} />
      <RequestFacts file={file} procedure={procedure} />
      <section className="card" aria-labelledby="evidence-title">
        <h2 id="evidence-title">{t("review.evidence")}</h2>
        {documents.state === "loading" ? <Loading /> : null}
        {documents.state === "error" ? <ErrorState error={documents.error} onRetry={documents.reload} /> : null}
        {documents.state === "ready" ? <EvidenceDocuments documents={evidence} /> : null}
      </section>
      {decidable ? (
        <DecisionForm<Decision>
          id="procedure-decision"
          legend={t("review.decision")}
          options={[
            { value: "grant", label: t("decisions.grant"), hint: t("decisions.grantHint") },
            { value: "grant_in_part", label: t("decisions.grantInPart"), hint: t(bank ? "decisions.grantInPartBankHint" : "decisions.grantInPartHint") },
            { value: "reject", label: t("decisions.reject"), hint: t("decisions.rejectHint") },
          ]}
          reasonsLabel={t("decisions.reasons")}
          reasonsHint={t("decisions.reasonsHint")}
          reasonsRequired={() => true}
          extra={(decision) =>
            decision === "grant_in_part" ? (
              <>
                {bank ? (
                  <div className="field">
                    <label htmlFor="partial-amount">{t("decisions.partialAmount")}</label>
                    <input id="partial-amount" inputMode="decimal" dir="ltr" value={amount} onChange={(event) => setAmount(event.target.value)} aria-describedby="partial-amount-hint" />
                    <p className="hint" id="partial-amount-hint">
                      {t("decisions.partialAmountHint", { amount: "" })}
                      <Kwd value={procedure.amount} />
                    </p>
                  </div>
                ) : null}
                <div className="field">
                  <label htmlFor="partial-conditions">{t("decisions.conditions")}</label>
                  <textarea id="partial-conditions" rows={3} maxLength={4000} value={conditions} onChange={(event) => setConditions(event.target.value)} />
                </div>
              </>
            ) : null
          }
          validate={(decision) => {
            if (decision !== "grant_in_part") return null;
            if (bank && amount.trim()) {
              const parsed = parseAmountInput(amount);
              if (parsed === null || compareAmounts(parsed, "0") <= 0 || (procedure.amount !== null && compareAmounts(parsed, procedure.amount) >= 0)) return { message: t("decisions.partialAmountInvalid"), field: "partial-amount" };
            }
            // A grant in part is a smaller amount (bank attachments) or conditions, or both.
            if (!amount.trim() && !conditions.trim()) return { message: t(bank ? "decisions.partialNeedsSomething" : "decisions.conditionsRequired"), field: bank ? "partial-amount" : "partial-conditions" };
            return null;
          }}
          submitLabel={t("decisions.record")}
          onSubmit={decide}
        />
      ) : (
        <p className="notice" id="already-decided">
          {t("review.alreadyDecided", { status: t(`vocab.procedureStatus.${procedure.status}`) })}
        </p>
      )}
    </div>
  );
}
