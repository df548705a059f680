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
import { answer, api } from "../../api/client.ts";
import { useFile, useFileDocuments } from "../../api/resources.ts";
import type { DocumentInfo, FileDetail, Procedure } from "../../api/types.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { MeasureResults } from "../../components/measure-results.tsx";
import { DocumentViewer } from "../../components/document-viewer.tsx";
import { Facts } from "../../components/facts.tsx";
import { CheckItems, procedureFacts } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, Ready } from "../../components/states.tsx";
import { compareAmounts, parseAmountInput } from "../../i18n/format.ts";
import { ReviewFrame } from "./file-context.tsx";

type Decision = "grant" | "grant_in_part" | "reject";

export function EvidenceDocuments({ documents, none = "review.noEvidence" }: { documents: DocumentInfo[]; none?: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  if (documents.length === 0) return <p className="muted">{t(none)}</p>;
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

/** The documents filed with a dispute or a plan (the debtor's papers), each opened in the viewer. */
export function FiledDocuments({ fileId, filed, none }: { fileId: string; filed: (document: DocumentInfo) => boolean; none: string }) {
  const { t } = useTranslation();
  const documents = useFileDocuments(fileId);
  return (
    <section className="card" aria-labelledby="filed-documents-title">
      <h2 id="filed-documents-title">{t("papers.filed")}</h2>
      <Ready resource={documents}>{(list) => <EvidenceDocuments documents={list.filter(filed)} none={none} />}</Ready>
    </section>
  );
}

function RequestFacts({ file, procedure }: { file: FileDetail; procedure: Procedure }) {
  const { t } = useTranslation();
  const facts = procedureFacts(file, procedure, t);
  const evidence = procedure.parameters?.evidence;
  return (
    <section className="card" aria-labelledby="request-facts-title">
      <h2 id="request-facts-title">{t("review.theRequest")}</h2>
      <Facts facts={[facts.kindWithStatus, facts.debtor, facts.requestedAt, facts.amount, facts.banks(false)]} />
      {evidence ? (
        <>
          <h3 className="h4">{t("request.reviewEvidence")}</h3>
          <Facts
            className="facts evidence-text"
            facts={[
              { label: t("request.evidenceDebt"), value: evidence.debtCertainAndDue, dir: "auto" },
              { label: t("request.evidenceFlight"), value: evidence.flightRisk, dir: "auto" },
              { label: t("request.evidenceAbility"), value: evidence.abilityToPay, dir: "auto" },
            ]}
          />
        </>
      ) : null}
      {procedure.decision ? (
        <>
          <h3 className="h4">{t("file.checks")}</h3>
          <ul className="checks-list">
            <CheckItems checks={procedure.decision.checks} />
          </ul>
        </>
      ) : null}
      <MeasureResults procedure={procedure} outstanding={file.outstanding} />
    </section>
  );
}

export function ProcedureReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { fileId = "", procedureId = "" } = useParams();
  const detail = useFile(fileId);
  const documents = useFileDocuments(fileId);
  const [amount, setAmount] = useState("");
  const [conditions, setConditions] = useState("");
  usePageTitle(t("review.decideTitle"));

  return (
    <Ready resource={detail}>
      {(file) => {
        const procedure = file.procedures.find((candidate) => candidate.id === procedureId);
        if (!procedure) return <Empty>{t("states.notFoundText")}</Empty>;
        const queue = procedure.kind === "travel_ban" ? "judge" : "clerk";
        const decidable = procedure.status === "under_review" || procedure.status === "requested";
        const bank = procedure.kind === "bank_attachment";
        const decide = async (decision: Decision, reasons: string) => {
          const partial = decision === "grant_in_part";
          await answer(
            api.POST("/api/v1/files/{fileId}/procedures/{procedureId}/decision", {
              params: { path: { fileId: file.id, procedureId: procedure.id } },
              body: { decision, reasons, ...(partial && bank && amount.trim() ? { amount: parseAmountInput(amount)! } : {}), ...(partial && conditions.trim() ? { conditions: conditions.trim() } : {}) },
            }),
          );
          navigate(`/back-office?queue=${queue}`, { state: { notice: "decisions.recorded" } });
        };
        return (
          <ReviewFrame queue={queue} title={t("review.decideTitle")} file={file} subject={{ "data-procedure-id": procedure.id }}>
            <RequestFacts file={file} procedure={procedure} />
            <section className="card" aria-labelledby="evidence-title">
              <h2 id="evidence-title">{t("review.evidence")}</h2>
              <Ready resource={documents}>{(list) => <EvidenceDocuments documents={list.filter((document) => document.procedureId === procedure.id)} />}</Ready>
            </section>
            {decidable ? (
              <DecisionForm<Decision>
                id="procedure-decision"
                legend={t("review.decision")}
                options={{ grant: "decisions.grant", grant_in_part: "decisions.grantInPart", reject: "decisions.reject" }}
                hints={{ grant_in_part: bank ? "decisions.grantInPartBankHint" : "decisions.grantInPartHint" }}
                reasonsHint={t("decisions.reasonsHint")}
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
                onSubmit={decide}
              />
            ) : (
              <p className="notice" id="already-decided">
                {t("review.alreadyDecided", { status: t(`vocab.procedureStatus.${procedure.status}`) })}
              </p>
            )}
          </ReviewFrame>
        );
      }}
    </Ready>
  );
}
