/**
 * Requesting a measure as a guided flow: the measure, the debtor, what the measure needs
 * (an amount and banks, or the reasons for a travel ban), a review, then signing on the
 * phone (POST /api/v1/signing-requests), submitting the signed request
 * (POST /api/v1/files/:id/procedures with its signingRequestId) and, where the rules charge
 * a fee for it (GET /api/v1/files/:id/fees), paying it on the card network's page.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, call } from "../api/client.ts";
import type { Fee } from "../api/debtor-types.ts";
import type { FileDetail, ProcedureKind, ProcedureRequestBody, SigningRequest } from "../api/types.ts";
import { PayFeeButton } from "../components/fee-payment.tsx";
import { useResource } from "../api/use-resource.ts";
import { Kwd } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { SigningPanel } from "../components/signing-panel.tsx";
import { Empty, ErrorMessage, ErrorState, Loading } from "../components/states.tsx";
import { partyName } from "../components/vocabulary.ts";
import { compareAmounts, formatAmount, formatKwd, parseAmountInput } from "../i18n/format.ts";
import { currentLang } from "../i18n/index.ts";
import { orderableBanks } from "../i18n/vocabulary.ts";
import { canRequestMeasures } from "./file.tsx";

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
}

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

/** The request as the API takes it, or the first problem with it (a translation key). */
export function requestBody(draft: Draft, outstanding: string): { body: ProcedureRequestBody } | { problem: string; field: string } {
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
  return { body: { kind: "travel_ban", debtorPartyId: draft.debtorPartyId, evidence } };
}

function RequestFlow({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lang = currentLang();
  const debtors = file.parties.filter((party) => party.role === "debtor");
  const [step, setStep] = useState<Step>("measure");
  const [draft, setDraft] = useState<Draft>({
    kind: "bank_attachment",
    debtorPartyId: debtors[0]?.id ?? "",
    amountText: formatAmount(file.outstanding, "en") ?? file.outstanding,
    banksMode: "all",
    banks: [],
    evidence: { debtCertainAndDue: "", flightRisk: "", abilityToPay: "" },
  });
  const [problem, setProblem] = useState<{ key: string; field: string } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [signing, setSigning] = useState<SigningRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [fee, setFee] = useState<Fee | null>(null);

  const go = (next: Step) => {
    setProblem(null);
    setFailure(null);
    setStep(next);
    // The new step's question is announced and keyboard focus starts there.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(".step-form legend, #signing-title, #fee-title")?.focus());
  };
  const update = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const checked = requestBody(draft, file.outstanding);
  const validateDetails = () => {
    if ("problem" in checked) {
      setProblem({ key: checked.problem, field: checked.field });
      requestAnimationFrame(() => document.getElementById(checked.field === "amount" ? "amount" : checked.field === "banks" ? "banks-chosen" : "evidence-debt")?.focus());
      return;
    }
    go("review");
  };

  const startSigning = async () => {
    if ("problem" in checked) return go("details");
    setBusy(true);
    setFailure(null);
    try {
      const created = await call<SigningRequest>("/api/v1/signing-requests", { json: { purpose: "procedure.request", fileId: file.id, request: checked.body } });
      setSigning(created);
      go("sign");
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (signingRequestId: string) => {
    if ("problem" in checked) return;
    const created = await call<{ id: string }>(`/api/v1/files/${file.id}/procedures`, { json: { ...checked.body, signingRequestId } });
    // Where the rules charge a fee for the request, it is paid now (or later, from the file page).
    const due = await call<{ fees: Fee[] }>(`/api/v1/files/${file.id}/fees`)
      .then((answer) => answer.fees.find((fee) => fee.procedureId === created.id && fee.status === "due") ?? null)
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
      <Progress step={step} />
      {step === "measure" ? (
        <StepForm legend={t("request.chooseMeasure")} onNext={() => go("debtor")}>
          <div className="choices">
            {kinds.map((kind) => (
              <label key={kind} className="choice">
                <input type="radio" name="kind" value={kind} checked={draft.kind === kind} onChange={() => update({ kind })} aria-describedby={`kind-${kind}-help`} />
                <span>
                  <strong>{t(`vocab.procedureKind.${kind}`)}</strong>
                  <span id={`kind-${kind}-help`} className="hint block">
                    {t(`request.measureHelp.${kind}`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </StepForm>
      ) : null}

      {step === "debtor" ? (
        <StepForm legend={t("request.chooseDebtor")} onBack={() => go("measure")} onNext={() => go("details")}>
          <div className="choices">
            {debtors.map((party) => (
              <label key={party.id} className="choice">
                <input type="radio" name="debtor" value={party.id} checked={draft.debtorPartyId === party.id} onChange={() => update({ debtorPartyId: party.id })} />
                <span>
                  <strong>{partyName(party)}</strong>
                  <span className="hint block">
                    <bdi dir="ltr">{party.civilId ?? party.crNumber}</bdi>
                  </span>
                </span>
              </label>
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
              <fieldset className="field" aria-describedby={problem?.field === "banks" ? "banks-error" : undefined}>
                <legend>{t("request.banks")}</legend>
                <label className="choice">
                  <input type="radio" name="banksMode" id="banks-all" checked={draft.banksMode === "all"} onChange={() => update({ banksMode: "all" })} />
                  <span>{t("request.banksAll")}</span>
                </label>
                <label className="choice">
                  <input type="radio" name="banksMode" id="banks-chosen" checked={draft.banksMode === "chosen"} onChange={() => update({ banksMode: "chosen" })} />
                  <span>{t("request.banksChosen")}</span>
                </label>
                {draft.banksMode === "chosen" ? (
                  <fieldset className="bank-list">
                    <legend>{t("request.chooseBanks")}</legend>
                    {orderableBanks.map((code) => (
                      <label key={code} className="check">
                        <input
                          type="checkbox"
                          value={code}
                          checked={draft.banks.includes(code)}
                          onChange={(event) => update({ banks: event.target.checked ? [...draft.banks, code] : draft.banks.filter((chosen) => chosen !== code) })}
                        />
                        <span>{t(`vocab.bank.${code}`)}</span>
                      </label>
                    ))}
                  </fieldset>
                ) : null}
                {problem?.field === "banks" ? problemText : null}
              </fieldset>
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
            </>
          ) : null}
        </StepForm>
      ) : null}

      {step === "review" && "body" in checked ? (
        <StepForm legend={t("request.reviewTitle")} onBack={() => go("details")} onNext={() => void startSigning()} nextLabel={t("request.signWithPhone")} nextId="sign-with-phone">
          <dl className="facts review">
            <div>
              <dt>{t("request.reviewMeasure")}</dt>
              <dd>{t(`vocab.procedureKind.${draft.kind}`)}</dd>
            </div>
            <div>
              <dt>{t("request.reviewDebtor")}</dt>
              <dd>{partyName(debtor)}</dd>
            </div>
            {checked.body.kind === "bank_attachment" ? (
              <>
                <div>
                  <dt>{t("request.reviewAmount")}</dt>
                  <dd id="review-amount">
                    <Kwd value={checked.body.amount} />
                  </dd>
                </div>
                <div>
                  <dt>{t("request.reviewBanks")}</dt>
                  <dd>{checked.body.banks === "all" ? t("file.banksAll") : checked.body.banks.map((code) => t(`vocab.bank.${code}`)).join(lang === "ar" ? "، " : ", ")}</dd>
                </div>
              </>
            ) : null}
            {checked.body.kind === "travel_ban" ? (
              <div>
                <dt>{t("request.reviewEvidence")}</dt>
                <dd>
                  <ul>
                    <li>{checked.body.evidence.debtCertainAndDue}</li>
                    <li>{checked.body.evidence.flightRisk}</li>
                    <li>{checked.body.evidence.abilityToPay}</li>
                  </ul>
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="hint">{t("request.reviewNote")}</p>
          {busy ? <Loading /> : null}
          {failure ? <ErrorMessage error={failure} /> : null}
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
  const { fileId = "" } = useParams();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  usePageTitle(t("request.title"));
  return (
    <div className="request-page narrow">
      <h1>{t("request.title")}</h1>
      {detail.state === "loading" ? <Loading /> : null}
      {detail.state === "error" ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      {detail.state === "ready" ? (
        <>
          <p className="muted">
            {t("request.forFile", { number: "" })}
            <bdi dir="ltr">{detail.data.number}</bdi>
          </p>
          {canRequestMeasures(detail.data) ? <RequestFlow file={detail.data} /> : <Empty>{t(detail.data.status === "open" ? "request.notAllowed" : "file.closedNote")}</Empty>}
        </>
      ) : null}
    </div>
  );
}
