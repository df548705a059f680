/**
 * Submitting an executory title online (a creditor, or their lawyer): the title, the
 * parties and the claim (POST /api/v1/title-submissions, checked at once as a clerk would),
 * then the copy of the title (POST /api/v1/title-submissions/:id/copy, uploaded with its
 * progress, the limits said first); a clerk then opens the file or rejects it with reasons.
 * The list follows every submission (GET /api/v1/title-submissions).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { answer, api } from "../../api/client.ts";
import { useTitleSubmission, useTitleSubmissions } from "../../api/resources.ts";
import type { TitleSubmission } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { DocumentUpload } from "../../components/document-upload.tsx";
import { Field } from "../../components/field.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { Page } from "../../components/page.tsx";
import { PageNotice } from "../../components/page-notice.tsx";
import { Empty, Ready, Submit } from "../../components/states.tsx";
import { parseAmountInput } from "../../i18n/format.ts";
import { useSession } from "../../session/session.tsx";

const titleTypes = ["final_judgment", "provisional_judgment", "payment_order", "notarized_instrument", "ratified_settlement"] as const;
const debtKinds = ["general", "alimony", "state"] as const;
type IdKind = "civilId" | "crNumber";

type Submission = TitleSubmission;

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge submission-${status}`}>{t(`vocab.titleSubmissionStatus.${status}`, { defaultValue: status })}</span>;
}

/** GET /api/v1/title-submissions: mine and my principals', newest first. */
export function TitlesPage() {
  const { t } = useTranslation();
  const submissions = useTitleSubmissions();
  return (
    <Page className="titles-page narrow" title={t("titles.title")} intro={t("titles.intro")}>
      <p>
        <Link className="button" to="/titles/new" id="submit-title">
          {t("titles.submitNew")}
        </Link>
      </p>
      <Ready resource={submissions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t("titles.none")}</Empty>
          ) : (
            <ul className="cards submissions" id="submissions">
              {list.map((submission) => (
                <li key={submission.id} className="card" data-submission-id={submission.id} data-status={submission.status}>
                  <p>
                    <Link to={`/titles/${submission.id}`}>
                      <bdi lang="ar" dir="rtl">{submission.title.caseNumber}</bdi> — <bdi lang="ar" dir="rtl">{submission.title.court}</bdi>
                    </Link>{" "}
                    <StatusBadge status={submission.status} />
                  </p>
                  <p className="muted">
                    {t("titles.submittedAt")} <DateTime iso={submission.createdAt} />
                  </p>
                  {submission.fileId ? (
                    <p>
                      <Link to={`/files/${submission.fileId}`}>
                        {t("titles.openFile")} <bdi dir="ltr">{submission.fileNumber}</bdi>
                      </Link>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </Ready>
    </Page>
  );
}

interface Draft {
  type: (typeof titleTypes)[number];
  court: string;
  caseNumber: string;
  issuedOn: string;
  isFinal: boolean;
  hasExecutoryFormula: boolean;
  grantsInterest: boolean;
  debtKind: (typeof debtKinds)[number];
  creditorKind: IdKind;
  creditorId: string;
  payoutIban: string;
  debtorKind: IdKind;
  debtorId: string;
  principal: string;
  costs: string;
  fees: string;
  interest: string;
}

/** The form's first problem (a field id and a translation key), or the body the API takes. */
function submissionBody(draft: Draft) {
  const required: [keyof Draft, string][] = [
    ["court", "title-court"],
    ["caseNumber", "title-case"],
    ["issuedOn", "title-issued"],
    ["creditorId", "title-creditor"],
    ["debtorId", "title-debtor"],
    ["principal", "title-principal"],
  ];
  for (const [key, field] of required) if (String(draft[key]).trim() === "") return { problem: "titles.errors.required", field };
  const amounts = { principal: parseAmountInput(draft.principal), costs: parseAmountInput(draft.costs || "0"), fees: parseAmountInput(draft.fees || "0"), interest: parseAmountInput(draft.interest || "0") };
  for (const [key, value] of Object.entries(amounts)) if (value === null) return { problem: "titles.errors.amount", field: `title-${key}` };
  const party = (kind: IdKind, id: string) => (kind === "civilId" ? { civilId: id.trim() } : { crNumber: id.trim() });
  const iban = draft.payoutIban.replace(/\s+/g, "").toUpperCase();
  return {
    body: {
      title: {
        type: draft.type,
        court: draft.court.trim(),
        caseNumber: draft.caseNumber.trim(),
        issuedOn: draft.issuedOn,
        isFinal: draft.isFinal,
        hasExecutoryFormula: draft.hasExecutoryFormula,
        grantsInterest: draft.grantsInterest,
        debtKind: draft.debtKind,
      },
      creditors: [{ ...party(draft.creditorKind, draft.creditorId), ...(iban ? { payoutIban: iban } : {}) }],
      debtors: [party(draft.debtorKind, draft.debtorId)],
      claim: { principal: amounts.principal!, costs: amounts.costs!, fees: amounts.fees!, interest: amounts.interest! },
    },
  };
}

/** POST /api/v1/title-submissions, then on to the copy. */
export function SubmitTitlePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const [draft, setDraft] = useState<Draft>({
    type: "final_judgment",
    court: "",
    caseNumber: "",
    issuedOn: "",
    isFinal: true,
    hasExecutoryFormula: true,
    grantsInterest: false,
    debtKind: "general",
    creditorKind: "civilId",
    creditorId: me?.civilId ?? "",
    payoutIban: "",
    debtorKind: "civilId",
    debtorId: "",
    principal: "",
    costs: "",
    fees: "",
    interest: "",
  });
  const [problem, setProblem] = useState<{ key: string; field: string } | null>(null);
  const submitting = useAction();
  const update = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const errorOf = (field: string) => (problem?.field === field ? t(problem.key) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = submissionBody(draft);
    if ("problem" in checked) {
      setProblem({ key: checked.problem!, field: checked.field! });
      requestAnimationFrame(() => document.getElementById(checked.field!)?.focus());
      return;
    }
    setProblem(null);
    await submitting.run(
      async () => {
        const created = await answer(api.POST("/api/v1/title-submissions", { body: checked.body }));
        navigate(`/titles/${created.id}`, { state: { notice: "titles.detailsAccepted" } });
      },
      { leaving: true },
    );
  };

  const text = (id: string, key: keyof Draft, label: string, options: { hint?: string; ltr?: boolean; type?: string; decimal?: boolean } = {}) => (
    <Field id={id} label={label} hint={options.hint} error={errorOf(id)}>
      {(described) => (
        <input
          id={id}
          type={options.type ?? "text"}
          dir={options.ltr ? "ltr" : "auto"}
          inputMode={options.decimal ? "decimal" : undefined}
          autoComplete="off"
          value={String(draft[key])}
          onChange={(event) => update({ [key]: event.target.value } as Partial<Draft>)}
          {...described}
        />
      )}
    </Field>
  );
  const idKind = (id: string, key: "creditorKind" | "debtorKind", label: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={draft[key]} onChange={(event) => update({ [key]: event.target.value as IdKind } as Partial<Draft>)}>
        <option value="civilId">{t("titles.civilId")}</option>
        <option value="crNumber">{t("titles.crNumber")}</option>
      </select>
    </div>
  );

  return (
    <Page className="submit-title-page narrow" title={t("titles.submitTitle")} intro={t("titles.submitIntro")}>
      <form className="card step-form" onSubmit={submit} noValidate id="title-form">
        <fieldset>
          <legend>{t("titles.theTitle")}</legend>
          <div className="field">
            <label htmlFor="title-type">{t("file.titleType")}</label>
            <select id="title-type" value={draft.type} onChange={(event) => update({ type: event.target.value as Draft["type"] })}>
              {titleTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`file.titleTypes.${type}`)}
                </option>
              ))}
            </select>
          </div>
          {text("title-court", "court", t("files.court"))}
          {text("title-case", "caseNumber", t("files.case"))}
          {text("title-issued", "issuedOn", t("titles.issuedOn"), { type: "date" })}
          <label className="check">
            <input type="checkbox" id="title-final" checked={draft.isFinal} onChange={(event) => update({ isFinal: event.target.checked })} />
            <span>{t("titles.isFinal")}</span>
          </label>
          <label className="check">
            <input type="checkbox" id="title-formula" checked={draft.hasExecutoryFormula} onChange={(event) => update({ hasExecutoryFormula: event.target.checked })} />
            <span>{t("titles.hasExecutoryFormula")}</span>
          </label>
          <label className="check">
            <input type="checkbox" id="title-interest" checked={draft.grantsInterest} onChange={(event) => update({ grantsInterest: event.target.checked })} />
            <span>{t("titles.grantsInterest")}</span>
          </label>
          <div className="field">
            <label htmlFor="title-debt-kind">{t("file.debtKind")}</label>
            <select id="title-debt-kind" value={draft.debtKind} onChange={(event) => update({ debtKind: event.target.value as Draft["debtKind"] })}>
              {debtKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`file.debtKinds.${kind}`)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("titles.creditor")}</legend>
          <p className="hint">{t("titles.creditorHint")}</p>
          {idKind("title-creditor-kind", "creditorKind", t("titles.identifiedBy"))}
          {text("title-creditor", "creditorId", t("titles.identifier"), { ltr: true })}
          {text("title-iban", "payoutIban", t("titles.payoutIban"), { ltr: true, hint: t("titles.payoutIbanHint") })}
        </fieldset>
        <fieldset>
          <legend>{t("titles.debtor")}</legend>
          {idKind("title-debtor-kind", "debtorKind", t("titles.identifiedBy"))}
          {text("title-debtor", "debtorId", t("titles.identifier"), { ltr: true })}
        </fieldset>
        <fieldset>
          <legend>{t("titles.claim")}</legend>
          {text("title-principal", "principal", t("titles.principal"), { ltr: true, decimal: true })}
          {text("title-costs", "costs", t("titles.costs"), { ltr: true, decimal: true })}
          {text("title-fees", "fees", t("titles.fees"), { ltr: true, decimal: true })}
          {text("title-interest-amount", "interest", t("titles.interest"), { ltr: true, decimal: true })}
        </fieldset>
        <p className="hint">{t("titles.copyNext")}</p>
        <Submit action={submitting} label={t("titles.continue")} id="title-submit" steps />
      </form>
      <p>
        <Link to="/titles">{t("titles.backToList")}</Link>
      </p>
    </Page>
  );
}

/** One submission: its status, the clerk's answer, and the copy's upload while it waits for it. */
export function TitleSubmissionPage() {
  const { t } = useTranslation();
  const { submissionId = "" } = useParams();
  const submission = useTitleSubmission(submissionId);
  return (
    <Page className="title-submission-page narrow" title={t("titles.submissionTitle")}>
      <PageNotice />
      <Ready resource={submission}>{(found) => <SubmissionDetail submission={found} onChanged={submission.reload} />}</Ready>
      <p>
        <Link to="/titles">{t("titles.backToList")}</Link>
      </p>
    </Page>
  );
}

function SubmissionDetail({ submission, onChanged }: { submission: Submission; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-submission-id={submission.id} data-status={submission.status} id="submission">
      <h2>
        <bdi lang="ar" dir="rtl">{submission.title.caseNumber}</bdi> — <bdi lang="ar" dir="rtl">{submission.title.court}</bdi>
      </h2>
      <p>
        <StatusBadge status={submission.status} />
      </p>
      <dl className="facts">
        <div>
          <dt>{t("file.titleType")}</dt>
          <dd>{t(`file.titleTypes.${submission.title.type}`, { defaultValue: t("states.other") })}</dd>
        </div>
        <div>
          <dt>{t("titles.principal")}</dt>
          <dd>
            <Kwd value={submission.claim.principal} />
          </dd>
        </div>
        <div>
          <dt>{t("titles.submittedAt")}</dt>
          <dd>
            <DateTime iso={submission.createdAt} />
          </dd>
        </div>
        {submission.copy ? (
          <div>
            <dt>{t("titles.copy")}</dt>
            <dd>
              <bdi dir="ltr">{submission.copy.name ?? t("vocab.documentKind.executory_title_copy")}</bdi>
            </dd>
          </div>
        ) : null}
      </dl>
      {submission.status === "awaiting_copy" ? (
        <DocumentUpload
          id="title-copy"
          label={t("titles.copyLabel")}
          hint={t("titles.copyHint")}
          multiple={false}
          target={`/api/v1/title-submissions/${submission.id}/copy`}
          toUploaded={(answer) => ({ id: (answer as Submission).id, name: (answer as Submission).copy?.name ?? null })}
          onChange={(uploaded) => {
            if (uploaded.length > 0) onChanged();
          }}
        />
      ) : null}
      {submission.status === "submitted" ? (
        <p className="notice success" role="status" id="submission-sent">
          {t("titles.sentToClerks")}
        </p>
      ) : null}
      {submission.status === "rejected" && submission.rejectionReasons ? (
        <p className="notice" id="submission-rejected">
          {t("titles.rejectedBecause")} <span dir="auto">{submission.rejectionReasons}</span>
        </p>
      ) : null}
      {submission.fileId ? (
        <p>
          <Link to={`/files/${submission.fileId}`} id="submission-file">
            {t("titles.openFile")} <bdi dir="ltr">{submission.fileNumber}</bdi>
          </Link>
        </p>
      ) : null}
    </section>
  );
}
