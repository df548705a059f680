/**
 * Several requests at once (docs/request-batches.md): the files (one or many: a lawyer's
 * mandated files, a company's), the measures, then every (file, debtor, measure) row checked
 * against the rules without writing (POST /api/v1/request-batches/check) with its reasons
 * shown, rows left out at will; one signature on the phone for all of them
 * (POST /api/v1/request-batches/signing-requests), the batch submitted
 * (POST /api/v1/request-batches) and every fee paid in one payment (POST /api/v1/fee-payments).
 * Prefilled from the address: ?file=<id> (repeatable), ?kinds=a,b, ?debtor=<partyId> (the
 * file page's "next measures" open it so).
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { answer, api } from "../../api/client.ts";
import { useFiles } from "../../api/resources.ts";
import type { BatchItem, BatchRow, FileDetail, ProcedureKind, SigningRequest, SubmittedBatch } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { goToGateway } from "../../components/fee-payment.tsx";
import { Kwd } from "../../components/format.tsx";
import { Page } from "../../components/page.tsx";
import { SigningPanel } from "../../components/signing-panel.tsx";
import { Empty, ErrorMessage, Loading, Ready } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { compareAmounts, formatKwd, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { BankChoice } from "../../components/bank-choice.tsx";

const kinds: ProcedureKind[] = ["bank_attachment", "vehicle_seizure", "travel_ban"];
const stepNames = ["files", "measures", "check", "sign", "pay"] as const;
type Step = (typeof stepNames)[number];

interface Measures {
  kinds: ProcedureKind[];
  amountMode: "outstanding" | "fixed";
  amountText: string;
  banksMode: "all" | "chosen";
  banks: string[];
  evidence: { debtCertainAndDue: string; flightRisk: string; abilityToPay: string };
}

/** A row of the batch as shown: what is asked, on which file, against whom. */
interface Row {
  item: BatchItem;
  fileNumber: string;
  debtor: string;
}

/** KWD decimal strings (three decimals, as the API writes them) to fils and back: no floating point for money. */
const filsOf = (kwd: string): bigint => BigInt(kwd.replace(".", ""));
const kwdOf = (fils: bigint): string => `${fils / 1000n}.${(fils % 1000n).toString().padStart(3, "0")}`;

const readFile = (fileId: string) => answer(api.GET("/api/v1/files/{fileId}", { params: { path: { fileId } } })) as Promise<unknown> as Promise<FileDetail>;

function Steps({ step }: { step: Step }) {
  const { t } = useTranslation();
  const index = stepNames.indexOf(step);
  return (
    <div className="progress">
      <p className="muted" id="batch-progress">
        {t("request.progress", { step: index + 1, total: stepNames.length })}
      </p>
      <ol className="stepper">
        {stepNames.map((name, position) => (
          <li key={name} className={position < index ? "done" : position === index ? "current" : ""} aria-current={position === index ? "step" : undefined}>
            {t(`batch.steps.${name}`)}
          </li>
        ))}
      </ol>
    </div>
  );
}

function StepCard({ legend, children, onBack, onNext, nextLabel, nextId, busy }: { legend: string; children: ReactNode; onBack?: () => void; onNext: () => void; nextLabel?: string; nextId: string; busy?: boolean }) {
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
        <button type="submit" className="button" id={nextId} disabled={busy}>
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

/** The rows for these files and measures: each debtor of each file (or the one named), each measure. */
function rowsFor(files: FileDetail[], measures: Measures, onlyDebtor: string | null): Row[] | { problem: string } {
  const rows: Row[] = [];
  const fixed = measures.amountMode === "fixed" ? parseAmountInput(measures.amountText) : null;
  if (measures.kinds.includes("bank_attachment") && measures.amountMode === "fixed" && (fixed === null || compareAmounts(fixed, "0") <= 0)) return { problem: "request.errors.amountInvalid" };
  if (measures.kinds.includes("bank_attachment") && measures.banksMode === "chosen" && measures.banks.length === 0) return { problem: "request.errors.chooseBank" };
  const evidence = { debtCertainAndDue: measures.evidence.debtCertainAndDue.trim(), flightRisk: measures.evidence.flightRisk.trim(), abilityToPay: measures.evidence.abilityToPay.trim() };
  if (measures.kinds.includes("travel_ban") && (!evidence.debtCertainAndDue || !evidence.flightRisk || !evidence.abilityToPay)) return { problem: "request.errors.evidenceRequired" };
  for (const file of files) {
    const debtors = file.parties.filter((party) => party.role === "debtor" && (onlyDebtor === null || party.id === onlyDebtor));
    for (const debtor of debtors) {
      for (const kind of kinds.filter((candidate) => measures.kinds.includes(candidate))) {
        const request: BatchItem["request"] =
          kind === "bank_attachment"
            ? { kind, debtorPartyId: debtor.id, amount: fixed ?? file.outstanding, banks: measures.banksMode === "all" ? "all" : measures.banks }
            : kind === "vehicle_seizure"
              ? { kind, debtorPartyId: debtor.id }
              : { kind, debtorPartyId: debtor.id, evidence };
        rows.push({ item: { fileId: file.id, request }, fileNumber: file.number, debtor: partyName(debtor) });
      }
    }
  }
  return rows;
}

function FilesStep({ chosen, onChange, onNext, problem }: { chosen: string[]; onChange: (files: string[]) => void; onNext: () => void; problem: string | null }) {
  const { t } = useTranslation();
  const files = useFiles({ limit: 50, status: "open" });
  return (
    <StepCard legend={t("batch.chooseFiles")} onNext={onNext} nextId="batch-next">
      <p className="hint" id="batch-files-hint">
        {t("batch.filesHint")}
      </p>
      <Ready resource={files}>
        {(found) =>
          found.files.length === 0 ? (
            <Empty>{t("batch.noFiles")}</Empty>
          ) : (
            <div className="batch-files">
              {found.files.map((file) => (
                <label key={file.id} className="check" data-file-id={file.id}>
                  <input
                    type="checkbox"
                    name="file"
                    value={file.id}
                    checked={chosen.includes(file.id)}
                    onChange={(event) => onChange(event.target.checked ? [...chosen, file.id] : chosen.filter((id) => id !== file.id))}
                  />
                  <span>
                    <bdi dir="ltr">{file.number}</bdi>
                    <span className="muted block">
                      {file.debtors.map((debtor) => partyName(debtor)).join(currentLang() === "ar" ? "، " : ", ")} · <Kwd value={file.outstanding} />
                    </span>
                  </span>
                </label>
              ))}
            </div>
          )
        }
      </Ready>
      {problem ? (
        <p className="error-text" role="alert" id="batch-files-error">
          {t(problem)}
        </p>
      ) : null}
    </StepCard>
  );
}

function MeasuresStep({ measures, update, onBack, onNext, problem, busy, failure }: { measures: Measures; update: (patch: Partial<Measures>) => void; onBack: () => void; onNext: () => void; problem: string | null; busy: boolean; failure: ReactNode }) {
  const { t } = useTranslation();
  return (
    <StepCard legend={t("batch.chooseMeasures")} onBack={onBack} onNext={onNext} nextId="batch-check" nextLabel={t("batch.checkTitle")} busy={busy}>
      <div className="batch-kinds">
        {kinds.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              name="kind"
              value={kind}
              checked={measures.kinds.includes(kind)}
              onChange={(event) => update({ kinds: event.target.checked ? [...measures.kinds, kind] : measures.kinds.filter((chosen) => chosen !== kind) })}
              aria-describedby={`batch-kind-${kind}-help`}
            />
            <span>
              <strong>{t(`vocab.procedureKind.${kind}`)}</strong>
              <span className="hint block" id={`batch-kind-${kind}-help`}>
                {t(`request.measureHelp.${kind}`)}
              </span>
            </span>
          </label>
        ))}
      </div>
      {measures.kinds.includes("bank_attachment") ? (
        <fieldset className="field">
          <legend>{t("batch.amountMode")}</legend>
          <label className="choice">
            <input type="radio" name="amountMode" id="amount-outstanding" checked={measures.amountMode === "outstanding"} onChange={() => update({ amountMode: "outstanding" })} />
            <span>{t("batch.amountOutstanding")}</span>
          </label>
          <label className="choice">
            <input type="radio" name="amountMode" id="amount-fixed" checked={measures.amountMode === "fixed"} onChange={() => update({ amountMode: "fixed" })} />
            <span>{t("batch.amountFixed")}</span>
          </label>
          {measures.amountMode === "fixed" ? (
            <div className="field">
              <label htmlFor="batch-amount">{t("request.amount")}</label>
              <input id="batch-amount" inputMode="decimal" dir="ltr" autoComplete="off" value={measures.amountText} onChange={(event) => update({ amountText: event.target.value })} />
            </div>
          ) : null}
          <BankChoice idPrefix="batch-" selection={measures} onChange={update} />
        </fieldset>
      ) : null}
      {measures.kinds.includes("travel_ban") ? (
        <fieldset className="field">
          <legend>{t("request.evidence")}</legend>
          <p className="hint" id="batch-evidence-hint">
            {t("request.evidenceHint")} {t("batch.evidenceNote")}
          </p>
          {(
            [
              ["debtCertainAndDue", "batch-evidence-debt", "request.evidenceDebt"],
              ["flightRisk", "batch-evidence-flight", "request.evidenceFlight"],
              ["abilityToPay", "batch-evidence-ability", "request.evidenceAbility"],
            ] as const
          ).map(([key, id, label]) => (
            <div className="field" key={key}>
              <label htmlFor={id}>{t(label)}</label>
              <textarea id={id} rows={3} maxLength={4000} value={measures.evidence[key]} aria-describedby="batch-evidence-hint" onChange={(event) => update({ evidence: { ...measures.evidence, [key]: event.target.value } })} />
            </div>
          ))}
        </fieldset>
      ) : null}
      {problem ? (
        <p className="error-text" role="alert" id="batch-measures-error">
          {t(problem)}
        </p>
      ) : null}
      {busy ? <Loading label={t("batch.checking")} /> : null}
      {failure}
    </StepCard>
  );
}

function resultOf(row: BatchRow, t: (key: string) => string, lang: "ar" | "en"): ReactNode {
  if (row.ok) return <span className={`badge batch-result result-${row.outcome}`}>{t(`batch.result.${row.outcome === "refer" ? "refer" : "approve"}`)}</span>;
  const reason = row.error ? row.error.message[lang] : (row.reasons?.[lang] ?? "");
  return (
    <>
      <span className="badge batch-result result-refused">{t("batch.result.refused")}</span>
      <span className="block batch-reason" data-code={row.error?.code ?? "RULES_REJECTED"}>
        {reason}
      </span>
    </>
  );
}

function CheckStep({ rows, checked, included, setIncluded, onBack, onSign, busy, failure }: { rows: Row[]; checked: BatchRow[]; included: boolean[]; setIncluded: (next: boolean[]) => void; onBack: () => void; onSign: () => void; busy: boolean; failure: ReactNode }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const count = included.filter(Boolean).length;
  const total = checked.reduce((sum, row, index) => (included[index] && row.fee ? sum + filsOf(row.fee) : sum), 0n);
  const columns = [t("batch.columns.include"), t("batch.columns.file"), t("batch.columns.debtor"), t("batch.columns.measure"), t("batch.columns.result"), t("batch.columns.fee")];
  return (
    <section className="card batch-check" aria-labelledby="batch-check-title">
      <h2 id="batch-check-title" tabIndex={-1}>
        {t("batch.checkTitle")}
      </h2>
      <p className="hint">{t("batch.checkIntro")}</p>
      <div className="table-wrap">
        <table className="batch-rows responsive" id="batch-rows">
          <thead>
            <tr>
              {columns.map((label) => (
                <th scope="col" key={label}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {checked.map((row, index) => (
              <tr key={index} data-row={index} data-ok={row.ok ? "true" : "false"}>
                <td data-label={columns[0]}>
                  <input
                    type="checkbox"
                    className="batch-include"
                    aria-label={t("batch.include", { n: index + 1 })}
                    checked={included[index] ?? false}
                    disabled={!row.ok}
                    onChange={(event) => setIncluded(included.map((value, position) => (position === index ? event.target.checked : value)))}
                  />
                </td>
                <th scope="row" data-label={columns[1]}>
                  <bdi dir="ltr">{rows[index]!.fileNumber}</bdi>
                </th>
                <td data-label={columns[2]}>{rows[index]!.debtor}</td>
                <td data-label={columns[3]}>{t(`vocab.procedureKind.${row.kind}`)}</td>
                <td data-label={columns[4]}>{resultOf(row, t, lang)}</td>
                <td data-label={columns[5]}>{row.fee && row.ok ? <Kwd value={row.fee} /> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id="batch-selected">{t("batch.selected", { count })}</p>
      <p>
        {t("batch.total")} <strong id="batch-total">{formatKwd(kwdOf(total), lang)}</strong>
      </p>
      {count === 0 ? (
        <p className="error-text" role="alert">
          {t("batch.noneSelected")}
        </p>
      ) : null}
      {failure}
      <div className="step-buttons">
        <button type="button" className="button" id="batch-sign" disabled={busy || count === 0} onClick={onSign}>
          {t("batch.sign")}
        </button>
        <button type="button" className="button secondary" onClick={onBack}>
          {t("request.back")}
        </button>
      </div>
    </section>
  );
}

function PayStep({ submitted }: { submitted: SubmittedBatch }) {
  const { t } = useTranslation();
  const paying = useAction();
  const due = submitted.procedures.filter((procedure) => procedure.ruleOutcome !== "reject" && filsOf(procedure.fee) > 0n);
  const total = due.reduce((sum, procedure) => sum + filsOf(procedure.fee), 0n);
  const pay = () =>
    paying.run(
      async () => {
        const started = await answer(
          api.POST("/api/v1/fee-payments", { body: { fees: due.map((procedure) => ({ fileId: procedure.fileId, procedureId: procedure.id })), language: currentLang(), returnTo: "app" } }),
        );
        goToGateway(started.paymentPageUrl);
      },
      { leaving: true },
    );
  return (
    <section className="card fee-step" aria-labelledby="fee-title" data-batch-id={submitted.batchId}>
      <h2 id="fee-title" tabIndex={-1}>
        {t("batch.submittedTitle")}
      </h2>
      <p className="notice success" role="status" id="batch-submitted">
        {t("batch.submitted", { count: submitted.procedures.length })}
      </p>
      {due.length > 0 ? (
        <>
          <p>
            {t("batch.payText")} <strong id="fee-amount">{formatKwd(kwdOf(total), currentLang())}</strong>
          </p>
          <p className="hint">{t("pay.gatewayNote")}</p>
          <p className="step-buttons">
            <button type="button" className="button pay-fee" id="pay-all-fees" disabled={paying.busy} onClick={() => void pay()}>
              {paying.busy ? t("pay.opening") : t("batch.payAll")}
            </button>
            <Link className="button secondary" to="/files" id="pay-fees-later">
              {t("batch.later")}
            </Link>
          </p>
          {paying.failure ? <ErrorMessage error={paying.failure} /> : null}
        </>
      ) : (
        <>
          <p>{t("batch.noFee")}</p>
          <Link className="button" to="/files">
            {t("batch.done")}
          </Link>
        </>
      )}
    </section>
  );
}

export function RequestBatchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const prefilledFiles = params.getAll("file");
  const onlyDebtor = params.get("debtor");
  const prefilledKinds = (params.get("kinds") ?? "").split(",").filter((kind): kind is ProcedureKind => (kinds as string[]).includes(kind));
  const [step, setStep] = useState<Step>(prefilledFiles.length > 0 ? "measures" : "files");
  const [files, setFiles] = useState<string[]>(prefilledFiles);
  const [measures, setMeasures] = useState<Measures>({
    kinds: prefilledKinds.length > 0 ? prefilledKinds : ["bank_attachment"],
    amountMode: "outstanding",
    amountText: "",
    banksMode: "all",
    banks: [],
    evidence: { debtCertainAndDue: "", flightRisk: "", abilityToPay: "" },
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [checked, setChecked] = useState<BatchRow[]>([]);
  const [included, setIncluded] = useState<boolean[]>([]);
  const [signing, setSigning] = useState<SigningRequest | null>(null);
  const [submitted, setSubmitted] = useState<SubmittedBatch | null>(null);
  const acting = useAction();

  const go = (next: Step) => {
    setProblem(null);
    acting.setFailure(null);
    setStep(next);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(".step-form legend, #batch-check-title, #signing-title, #fee-title")?.focus());
  };

  const check = () => {
    if (measures.kinds.length === 0) return setProblem("batch.errors.chooseMeasures");
    void acting.run(async () => {
      const details = await Promise.all(files.map(readFile));
      const made = rowsFor(details, measures, onlyDebtor);
      if ("problem" in made) return setProblem(made.problem);
      const answered = await answer(api.POST("/api/v1/request-batches/check", { body: { items: made.map((row) => row.item) } }));
      setRows(made);
      setChecked(answered.rows);
      setIncluded(answered.rows.map((row) => row.ok));
      go("check");
    });
  };

  const chosenItems = () => rows.filter((_row, index) => included[index]).map((row) => row.item);
  const startSigning = async () => {
    setSigning(await answer(api.POST("/api/v1/request-batches/signing-requests", { body: { items: chosenItems() } })));
    go("sign");
  };
  const submit = async (signingRequestId: string) => {
    setSubmitted(await answer(api.POST("/api/v1/request-batches", { body: { items: chosenItems(), signingRequestId } })));
    go("pay");
  };

  const failure = acting.failure ? <ErrorMessage error={acting.failure} /> : null;
  return (
    <Page className="batch-page narrow" title={t("batch.title")} intro={t("batch.intro")}>
      <Steps step={step} />
      {step === "files" ? (
        <FilesStep chosen={files} onChange={setFiles} problem={problem} onNext={() => (files.length === 0 ? setProblem("batch.errors.chooseFiles") : go("measures"))} />
      ) : null}
      {step === "measures" ? (
        <MeasuresStep
          measures={measures}
          update={(patch) => setMeasures((previous) => ({ ...previous, ...patch }))}
          onBack={() => go("files")}
          onNext={check}
          problem={problem}
          busy={acting.busy}
          failure={failure}
        />
      ) : null}
      {step === "check" ? (
        <CheckStep rows={rows} checked={checked} included={included} setIncluded={setIncluded} onBack={() => go("measures")} onSign={() => void acting.run(startSigning)} busy={acting.busy} failure={failure} />
      ) : null}
      {step === "sign" && signing ? <SigningPanel key={signing.id} signing={signing} onRestart={startSigning} onSubmit={submit} /> : null}
      {step === "pay" && submitted ? <PayStep submitted={submitted} /> : null}
      {step !== "pay" ? (
        <p>
          <Link to={files.length === 1 ? `/files/${files[0]}` : "/files"}>{t("request.cancel")}</Link>
        </p>
      ) : null}
    </Page>
  );
}
