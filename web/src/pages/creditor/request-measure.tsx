/**
 * Requesting a measure as a guided flow: the measure, the debtor, what the measure needs
 * (an amount and banks, or the reasons for a travel ban), a review, then signing on the
 * phone (POST /api/v1/signing-requests), submitting the signed request
 * (POST /api/v1/files/:id/procedures with its signingRequestId) and, where the rules charge
 * a fee for it (GET /api/v1/files/:id/fees), paying it on the card network's page.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { answer, api } from "../../api/client.ts";
import { readFees } from "../../api/resources.ts";
import type { Fee, FileDetail, ProcedureKind, ProcedureRequestBody, SigningRequest } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { Choice } from "../../components/choices.tsx";
import { DocumentUpload, type Uploaded } from "../../components/document-upload.tsx";
import { Facts } from "../../components/facts.tsx";
import { PayFeeButton } from "../../components/fee-payment.tsx";
import { bankNames } from "../../components/file-facts.tsx";
import { FileTask } from "../../components/file-task.tsx";
import { Kwd } from "../../components/format.tsx";
import { PageNotice } from "../../components/page-notice.tsx";
import { SigningPanel } from "../../components/signing-panel.tsx";
import { Empty, ErrorMessage, Loading } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { compareAmounts, formatAmount, formatKwd, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { BankChoice } from "../../components/bank-choice.tsx";
import { canRequestMeasures } from "./rights.ts";

const kinds: ProcedureKind[] = ["bank_attachment", "vehicle_seizure", "travel_ban"];
const stepNames = ["measure", "debtor", "details", "review", "sign", "pay"] as const;
type Step = (typeof stepNames)[number];

interface Draft {
  kind: ProcedureKind;
  debtorPartyId: string;
  amountText: string;
  banksMode: "all" | "chosen";
  banks: string[];
  evidence: { debtCertainAndDue: string; flightRisk: string; abilityToPay: string };
  /** Evidence uploaded to the file, filed with the request when it is submitted (and signed with it). */
  documents: Uploaded[];
}

/** The measures whose rules ask for evidence (Art. 297: a travel ban's petition carries it). */
const needsEvidence = (kind: ProcedureKind) => kind === "travel_ban";

function Progress({ step }: { step: Step }) {
  const { t } = useTranslation();
  const index = stepNames.indexOf(step);
  return (
    <div className="progress">
      <p className="muted" id="request-progress">
        {t("request.progress", { step: index + 1, total: stepNames.length })}
      </p>
      <ol className="stepper">
        {stepNames.map((name, position) => (
          <li key={name} className={position < index ? "done" : position === index ? "current" : ""} aria-current={position === index ? "step" : undefined}>
            {t(`request.steps.${name}`)}
          </li>
        ))}
      </ol>
    </div>
  );
}

function StepForm({ legend, children, onBack, onNext, nextLabel, nextId }: { legend: string; children: ReactNode; onBack?: () => void; onNext: () => void; nextLabel?: string; nextId?: string }) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onNext();
  };
  return (
    <form className="card step-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend tabIndex={-1}>{legend}</legend>
        {children}
      </fieldset>
      <div className="step-buttons">
        <button type="submit" className="button" id={nextId ?? "step-next"}>
          {nextLabel ?? t("request.next")}
        </button>
        {onBack ? (
          <button type="button" className="button secondary" onClick={onBack}>
            {t("request.back")}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/**
 * The request as the API takes it, or the first problem with it (a translation key).
 * `beforeSuit`: a file opened for a ban before suit, with no title (Art. 297).
 */
export function requestBody(draft: Draft, outstanding: string, beforeSuit = false): { body: ProcedureRequestBody } | { problem: string; field: string } {
  if (draft.kind === "bank_attachment") {
    const amount = parseAmountInput(draft.amountText);
    if (amount === null) return { problem: "request.errors.amountInvalid", field: "amount" };
    if (compareAmounts(amount, "0") <= 0) return { problem: "request.errors.amountZero", field: "amount" };
    if (compareAmounts(amount, outstanding) > 0) return { problem: "request.errors.amountTooHigh", field: "amount" };
    if (draft.banksMode === "chosen" && draft.banks.length === 0) return { problem: "request.errors.chooseBank", field: "banks" };
    return { body: { kind: "bank_attachment", debtorPartyId: draft.debtorPartyId, amount, banks: draft.banksMode === "all" ? "all" : draft.banks } };
  }
  if (draft.kind === "vehicle_seizure") return { body: { kind: "vehicle_seizure", debtorPartyId: draft.debtorPartyId } };
  const evidence = { debtCertainAndDue: draft.evidence.debtCertainAndDue.trim(), flightRisk: draft.evidence.flightRisk.trim(), abilityToPay: draft.evidence.abilityToPay.trim() };
  if (!evidence.debtCertainAndDue || !evidence.flightRisk || !evidence.abilityToPay) return { problem: "request.errors.evidenceRequired", field: "evidence" };
  const papers = needsEvidence(draft.kind) && draft.documents.length > 0 ? { documentIds: draft.documents.map((document) => document.id) } : {};
  return { body: { kind: "travel_ban", debtorPartyId: draft.debtorPartyId, evidence, ...papers, ...(beforeSuit ? { beforeSuit: true } : {}) } };
}

function RequestFlow({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lang = currentLang();
  const debtors = file.parties.filter((party) => party.role === "debtor");
  // A file opened for a ban before suit has no title: only that ban may be asked on it (Art. 297).
  const beforeSuit = file.titles.length === 0;
  const offered = beforeSuit ? (["travel_ban"] as ProcedureKind[]) : kinds;
  const [step, setStep] = useState<Step>("measure");
  const [draft, setDraft] = useState<Draft>({
    kind: beforeSuit ? "travel_ban" : "bank_attachment",
    debtorPartyId: debtors[0]?.id ?? "",
    amountText: formatAmount(file.outstanding, "en") ?? file.outstanding,
    banksMode: "all",
    banks: [],
    evidence: { debtCertainAndDue: "", flightRisk: "", abilityToPay: "" },
    documents: [],
  });
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<{ key: string; field: string } | null>(null);
  const signingUp = useAction();
  const [signing, setSigning] = useState<SigningRequest | null>(null);
  const [fee, setFee] = useState<Fee | null>(null);

  const go = (next: Step) => {
    setProblem(null);
    signingUp.setFailure(null);
    setStep(next);
    // The new step's question is announced and keyboard focus starts there.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(".step-form legend, #signing-title, #fee-title")?.focus());
  };
  const update = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const checked = requestBody(draft, file.outstanding, beforeSuit);
  const validateDetails = () => {
    if (uploading) {
      setProblem({ key: "upload.waitForUploads", field: "evidence-documents" });
      return;
    }
    if ("problem" in checked) {
      setProblem({ key: checked.problem, field: checked.field });
      requestAnimationFrame(() => document.getElementById(checked.field === "amount" ? "amount" : checked.field === "banks" ? "banks-chosen" : "evidence-debt")?.focus());
      return;
    }
    go("review");
  };

  const startSigning = async () => {
    if ("problem" in checked) return go("details");
    const request = checked.body;
    await signingUp.run(async () => {
      setSigning(await answer(api.POST("/api/v1/signing-requests", { body: { purpose: "procedure.request", fileId: file.id, request } })));
      go("sign");
    });
  };

  const submit = async (signingRequestId: string) => {
    if ("problem" in checked) return;
    const created = await answer(api.POST("/api/v1/files/{fileId}/procedures", { params: { path: { fileId: file.id } }, body: { ...checked.body, signingRequestId } }));
    // Where the rules charge a fee for the request, it is paid now (or later, from the file page).
    const due = await readFees(file.id)
      .then((fees) => fees.find((fee) => fee.procedureId === created.id && fee.status === "due") ?? null)
      .catch(() => null);
    if (due) {
      setFee(due);
      go("pay");
      return;
    }
    navigate(`/files/${file.id}`, { state: { notice: "request.submitted" } });
  };

  if (debtors.length === 0) return <Empty>{t("request.noDebtors")}</Empty>;
  const debtor = debtors.find((party) => party.id === draft.debtorPartyId);
  const problemText = problem ? <p className="error-text" role="alert" id={`${problem.field}-error`}>{t(problem.key)}</p> : null;

  return (
    <>
      <PageNotice />
      <Progress step={step} />
      {step === "measure" ? (
        <StepForm legend={t("request.chooseMeasure")} onNext={() => go("debtor")}>
          {beforeSuit ? (
            <p className="notice" id="before-suit-note">
              {t("banBeforeSuit.requestNote")}
            </p>
          ) : null}
          <div className="choices">
            {offered.map((kind) => (
              <Choice
                key={kind}
                name="kind"
                value={kind}
                checked={draft.kind === kind}
                onChoose={() => update({ kind })}
                label={t(`vocab.procedureKind.${kind}`)}
                hint={t(`request.measureHelp.${kind}`)}
                hintId={`kind-${kind}-help`}
              />
            ))}
          </div>
        </StepForm>
      ) : null}

      {step === "debtor" ? (
        <StepForm legend={t("request.chooseDebtor")} onBack={() => go("measure")} onNext={() => go("details")}>
          <div className="choices">
            {debtors.map((party) => (
              <Choice
                key={party.id}
                name="debtor"
                value={party.id}
                checked={draft.debtorPartyId === party.id}
                onChoose={() => update({ debtorPartyId: party.id })}
                label={partyName(party)}
                hint={<bdi dir="ltr">{party.civilId ?? party.crNumber}</bdi>}
              />
            ))}
          </div>
        </StepForm>
      ) : null}

      {step === "details" ? (
        <StepForm legend={t(`vocab.procedureKind.${draft.kind}`)} onBack={() => go("debtor")} onNext={validateDetails}>
          {draft.kind === "bank_attachment" ? (
            <>
              <div className="field">
                <label htmlFor="amount">{t("request.amount")}</label>
                <input
                  id="amount"
                  inputMode="decimal"
                  dir="ltr"
                  autoComplete="off"
                  value={draft.amountText}
                  onChange={(event) => update({ amountText: event.target.value })}
                  aria-invalid={problem?.field === "amount"}
                  aria-describedby={problem?.field === "amount" ? "amount-hint amount-error" : "amount-hint"}
                />
                <p className="hint" id="amount-hint">
                  {t("request.amountHint", { outstanding: formatKwd(file.outstanding, lang) })}
                </p>
                {problem?.field === "amount" ? problemText : null}
              </div>
              <BankChoice idPrefix="" selection={draft} onChange={update} describedBy={problem?.field === "banks" ? "banks-error" : undefined}>
                {problem?.field === "banks" ? problemText : null}
              </BankChoice>
            </>
          ) : null}
          {draft.kind === "vehicle_seizure" ? <p>{t("request.vehicleNote")}</p> : null}
          {draft.kind === "travel_ban" ? (
            <>
              <p className="hint" id="evidence-hint">
                {t("request.evidenceHint")}
              </p>
              {(
                [
                  ["debtCertainAndDue", "evidence-debt", "request.evidenceDebt"],
                  ["flightRisk", "evidence-flight", "request.evidenceFlight"],
                  ["abilityToPay", "evidence-ability", "request.evidenceAbility"],
                ] as const
              ).map(([key, id, label]) => (
                <div className="field" key={key}>
                  <label htmlFor={id}>{t(label)}</label>
                  <textarea
                    id={id}
                    rows={3}
                    maxLength={4000}
                    value={draft.evidence[key]}
                    onChange={(event) => update({ evidence: { ...draft.evidence, [key]: event.target.value } })}
                    aria-invalid={problem?.field === "evidence" && !draft.evidence[key].trim()}
                    aria-describedby="evidence-hint"
                  />
                </div>
              ))}
              {problem?.field === "evidence" ? problemText : null}
              {needsEvidence(draft.kind) ? (
                <DocumentUpload
                  id="evidence-documents"
                  label={t("papers.evidence")}
                  hint={t("papers.evidenceHint")}
                  target={`/api/v1/files/${file.id}/documents?kind=evidence`}
                  initial={draft.documents}
                  onChange={(documents) => update({ documents })}
                  onBusyChange={setUploading}
                />
              ) : null}
              {problem?.field === "evidence-documents" ? problemText : null}
            </>
          ) : null}
        </StepForm>
      ) : null}

      {step === "review" && "body" in checked ? (
        <StepForm legend={t("request.reviewTitle")} onBack={() => go("details")} onNext={() => void startSigning()} nextLabel={t("request.signWithPhone")} nextId="sign-with-phone">
          <Facts
            className="facts review"
            facts={[
              { label: t("request.reviewMeasure"), value: t(`vocab.procedureKind.${draft.kind}`) },
              { label: t("request.reviewDebtor"), value: partyName(debtor) },
              checked.body.kind === "bank_attachment" && { label: t("request.reviewAmount"), value: <Kwd value={checked.body.amount} />, id: "review-amount" },
              checked.body.kind === "bank_attachment" && { label: t("request.reviewBanks"), value: bankNames(checked.body.banks, t) },
              checked.body.kind === "travel_ban" && checked.body.beforeSuit === true && { label: t("banBeforeSuit.reviewLabel"), value: t("banBeforeSuit.reviewValue"), id: "review-before-suit" },
              checked.body.kind === "travel_ban" && {
                label: t("request.reviewEvidence"),
                value: (
                  <ul>
                    <li>{checked.body.evidence.debtCertainAndDue}</li>
                    <li>{checked.body.evidence.flightRisk}</li>
                    <li>{checked.body.evidence.abilityToPay}</li>
                  </ul>
                ),
              },
              checked.body.kind === "travel_ban" && {
                label: t("papers.attached"),
                value:
                  draft.documents.length === 0 ? (
                    t("papers.none")
                  ) : (
                    <ul id="review-documents">
                      {draft.documents.map((document) => (
                        <li key={document.id}>
                          <bdi dir="ltr">{document.name ?? t("vocab.documentKind.evidence")}</bdi>
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />
          <p className="hint">{t("request.reviewNote")}</p>
          {signingUp.busy ? <Loading /> : null}
          {signingUp.failure ? <ErrorMessage error={signingUp.failure} /> : null}
        </StepForm>
      ) : null}

      {step === "sign" && signing ? (
        <SigningPanel key={signing.id} signing={signing} onRestart={startSigning} onSubmit={submit} />
      ) : null}

      {step === "pay" && fee ? (
        <section className="card fee-step" aria-labelledby="fee-title" data-procedure-id={fee.procedureId}>
          <h2 id="fee-title" tabIndex={-1}>
            {t("fees.stepTitle")}
          </h2>
          <p className="notice success" role="status" id="request-submitted">
            {t("request.submitted")}
          </p>
          <p>
            {t("fees.stepText")} <strong id="fee-amount"><Kwd value={fee.amount} /></strong>
          </p>
          {fee.holdsDispatch ? <p className="hint">{t("fees.holdsDispatch")}</p> : null}
          <p className="hint">{t("pay.gatewayNote")}</p>
          <p className="step-buttons">
            <PayFeeButton fileId={file.id} procedureId={fee.procedureId} id="pay-fee-now" />
            <Link className="button secondary" to={`/files/${file.id}`} id="pay-fee-later">
              {t("fees.later")}
            </Link>
          </p>
        </section>
      ) : null}

      {step !== "pay" ? (
        <p>
          <Link to={`/files/${file.id}`}>{t("request.cancel")}</Link>
        </p>
      ) : null}
    </>
  );
}

export function RequestMeasurePage() {
  const { t } = useTranslation();
  return (
    <FileTask
      title={t("request.title")}
      className="request-page narrow"
      fileLabel="request.forFile"
      allows={canRequestMeasures}
      refusal={(file) => t(file.status === "open" ? "request.notAllowed" : "file.closedNote")}
    >
      {(file) => <RequestFlow file={file} />}
    </FileTask>
  );
}
