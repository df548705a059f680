/**
 * The answers an agency officer gives on an order in the portal, each the protocol
 * message the agency's machine would send (docs/agency-portal.md): acknowledge, declare
 * the accounts and amounts frozen (absolute; the hub numbers them and applies the
 * cross-bank cap), nothing held, the vehicles flagged, the ban registered, a refusal,
 * the lift confirmed, a transfer confirmed.
 */
import type { PortalAnswerKind } from "#domain/procedures/portal-answers.ts";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { answer, api } from "../../api/client.ts";
import type { paths } from "../../api/schema.d.ts";
import type { AnswerResult, ApiBody, ExchangedMessage, PortalOrderDetail, Vehicle } from "../../api/types.ts";
import { useAction, type Action } from "../../api/use-action.ts";
import { Field, Problem, useRequired } from "../../components/field.tsx";
import { SelectField } from "../../components/filters.tsx";
import { Kwd } from "../../components/format.tsx";
import { CellInput, RemoveRow, useRows } from "../../components/rows.tsx";
import { ErrorMessage, Submit } from "../../components/states.tsx";
import { Table } from "../../components/table.tsx";
import { compareAmounts, formatAmount, parseAmountInput } from "../../i18n/format.ts";

const rejectionCodes = ["UNKNOWN_PERSON", "INVALID_ORDER", "NOT_ALLOWED", "OTHER"] as const;
export const filsToKwd = (fils: string) => `${BigInt(fils) / 1000n}.${(BigInt(fils) % 1000n).toString().padStart(3, "0")}`;

/** The answers an order takes, each at its own address (…/orders/:orderId/<answer>). */
type AnswerAddress = Extract<keyof paths, `/api/v1/agency/orders/{orderId}/${string}`> extends `/api/v1/agency/orders/{orderId}/${infer A}` ? A : never;

export interface AnswerProps {
  order: PortalOrderDetail;
  onAnswered: (result: AnswerResult) => void;
}

/** Sends one answer (its body as the API takes it); reports what the hub did with it. */
function useAnswer({ order, onAnswered }: AnswerProps) {
  const sending = useAction();
  const send = <A extends AnswerAddress>(address: A, body: ApiBody<`/api/v1/agency/orders/{orderId}/${A}`>) =>
    sending.run(async () => {
      const route = `/api/v1/agency/orders/{orderId}/${address}` as "/api/v1/agency/orders/{orderId}/acknowledgement";
      onAnswered(await answer(api.POST(route, { params: { path: { orderId: order.id } }, body: body as never })));
    });
  return { ...sending, send };
}

/** One answer as a form: its card, what it needs, what is wrong with it, and the button that sends it. */
function AnswerForm({
  id,
  title,
  intro,
  problem,
  sending,
  onSubmit,
  submit,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  problem?: ReactNode;
  sending: Action;
  onSubmit: () => void;
  submit: { label: string; id?: string; className?: string };
  children: ReactNode;
}) {
  return (
    <section className="card answer" aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      {intro}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
        noValidate
      >
        {children}
        <Problem>{problem}</Problem>
        <Submit action={sending} {...submit} />
      </form>
    </section>
  );
}

const ibanOf = (typed: string) => typed.replace(/\s+/g, "").toUpperCase();

/** Art. 234(2): the cause and one supporting document an officer gives per account (required from rule version kw-2025.4 for an account holding money). */
const particularsCauses = ["current_account", "savings_account", "term_deposit", "salary_account", "other"] as const;
const particularsDocumentKinds = ["account_statement", "account_agreement", "deposit_certificate", "salary_certificate", "other"] as const;
const noParticulars = () => ({ cause: "", causeText: "", documentKind: "account_statement", documentReference: "", documentIssuedOn: "" });
type ParticularsRow = ReturnType<typeof noParticulars>;
const particularsStarted = (row: ParticularsRow) => row.cause !== "" || row.causeText.trim() !== "" || row.documentReference.trim() !== "" || row.documentIssuedOn !== "";
const particularsComplete = (row: ParticularsRow) => row.cause !== "" && row.causeText.trim() !== "" && row.documentReference.trim() !== "" && /^\d{4}-\d{2}-\d{2}$/.test(row.documentIssuedOn);

export function Declaration(props: AnswerProps) {
  const { t } = useTranslation();
  const { order } = props;
  const previous = order.details.accounts ? order.details.accounts.map((account) => ({ iban: account.iban, frozen: account.frozen, ...noParticulars() })) : [];
  const accounts = useRows(previous.length > 0 ? previous : [{ iban: "", frozen: "", ...noParticulars() }]);
  const [others, setOthers] = useState("0");
  const [problem, setProblem] = useState<{ row: number; field: "iban" | "frozen" | "cause" } | null>(null);
  const sending = useAnswer(props);
  const submit = () => {
    for (const [index, row] of accounts.rows.entries()) {
      const field = !/^KW\d{2}[A-Z]{4}[A-Z0-9]{22}$/.test(ibanOf(row.iban)) ? "iban" : parseAmountInput(row.frozen) === null ? "frozen" : particularsStarted(row) && !particularsComplete(row) ? "cause" : null;
      if (field) {
        setProblem({ row: index, field });
        document.getElementById(`declare-${field}-${index}`)?.focus();
        return;
      }
    }
    setProblem(null);
    void sending.send("declaration", {
      accounts: accounts.rows.map((row) => ({
        iban: ibanOf(row.iban),
        frozen: parseAmountInput(row.frozen)!,
        ...(particularsComplete(row)
          ? { cause: row.cause as (typeof particularsCauses)[number], causeText: row.causeText.trim(), documents: [{ kind: row.documentKind as (typeof particularsDocumentKinds)[number], reference: row.documentReference.trim(), issuedOn: row.documentIssuedOn }] }
          : {}),
      })),
      otherAttachments: Number.parseInt(others, 10) || 0,
    });
  };
  const sum = accounts.rows
    .map((row) => parseAmountInput(row.frozen))
    .filter((amount): amount is string => amount !== null)
    .reduce((acc, amount) => acc + BigInt(amount.replace(".", "")), 0n);
  const over = order.maxAmount !== null && compareAmounts(filsToKwd(sum.toString()), order.maxAmount) > 0;
  const wrong = (index: number, field: "iban" | "frozen" | "cause") => problem?.row === index && problem.field === field;
  return (
    <AnswerForm
      id="answer-declare"
      title={t("agency.answers.declare")}
      intro={<p className="hint">{t("agency.declareHint")}</p>}
      problem={problem && t(problem.field === "iban" ? "agency.errors.iban" : problem.field === "cause" ? "agency.errors.particulars" : "agency.errors.amount", { number: problem.row + 1 })}
      sending={sending}
      onSubmit={submit}
      submit={{ label: t("agency.sendDeclaration"), id: "declare-submit" }}
    >
      <Table className="simple declare-table" columns={["IBAN", t("agency.frozen"), <span className="visually-hidden">{t("plans.remove")}</span>]}>
        {accounts.rows.map((row, index) => (
          <tr key={index}>
            <CellInput id={`declare-iban-${index}`} className="iban-input" label={t("agency.ibanOf", { number: index + 1 })} value={row.iban} onChange={(iban) => accounts.update(index, { iban })} invalid={wrong(index, "iban")} />
            <CellInput id={`declare-frozen-${index}`} decimal label={t("agency.frozenOf", { number: index + 1 })} value={row.frozen} onChange={(frozen) => accounts.update(index, { frozen })} invalid={wrong(index, "frozen")} />
            <td>{accounts.rows.length > 1 ? <RemoveRow index={index} onRemove={accounts.remove} /> : null}</td>
          </tr>
        ))}
      </Table>
      <fieldset className="particulars-fields">
        <legend>{t("agency.particulars.title")}</legend>
        <p className="hint">{t("agency.particulars.hint")}</p>
        {accounts.rows.map((row, index) => (
          <div key={index} className="particulars-row" data-row={index}>
            <p className="muted" dir="ltr">
              {ibanOf(row.iban) || t("agency.ibanOf", { number: index + 1 })}
            </p>
            <div className="field">
              <label htmlFor={`declare-cause-${index}`}>{t("agency.particulars.cause")}</label>
              <select id={`declare-cause-${index}`} value={row.cause} aria-invalid={wrong(index, "cause")} onChange={(event) => accounts.update(index, { cause: event.target.value })}>
                <option value="">—</option>
                {particularsCauses.map((cause) => (
                  <option key={cause} value={cause}>
                    {t(`file.particulars.cause.${cause}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`declare-cause-text-${index}`}>{t("agency.particulars.causeText")}</label>
              <input id={`declare-cause-text-${index}`} maxLength={500} value={row.causeText} onChange={(event) => accounts.update(index, { causeText: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`declare-document-kind-${index}`}>{t("agency.particulars.document")}</label>
              <select id={`declare-document-kind-${index}`} value={row.documentKind} onChange={(event) => accounts.update(index, { documentKind: event.target.value })}>
                {particularsDocumentKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`file.particulars.document.${kind}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`declare-document-reference-${index}`}>{t("agency.particulars.reference")}</label>
              <input id={`declare-document-reference-${index}`} dir="ltr" maxLength={100} value={row.documentReference} onChange={(event) => accounts.update(index, { documentReference: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`declare-document-date-${index}`}>{t("agency.particulars.issuedOn")}</label>
              <input id={`declare-document-date-${index}`} type="date" value={row.documentIssuedOn} onChange={(event) => accounts.update(index, { documentIssuedOn: event.target.value })} />
            </div>
          </div>
        ))}
      </fieldset>
      <button type="button" className="button secondary small" onClick={() => accounts.add(() => ({ iban: "", frozen: "", ...noParticulars() }))}>
        {t("agency.addAccount")}
      </button>
      <p className="muted">
        {t("agency.declaredTotal")} <Kwd value={filsToKwd(sum.toString())} />
        {order.maxAmount ? (
          <>
            {" "}
            — {t("agency.upTo")} <Kwd value={order.maxAmount} />
          </>
        ) : null}
      </p>
      {over ? <p className="notice">{t("agency.overMax")}</p> : null}
      <div className="field">
        <label htmlFor="declare-others">{t("agency.otherAttachments")}</label>
        <input id="declare-others" type="number" min={0} max={1000} inputMode="numeric" value={others} onChange={(event) => setOthers(event.target.value)} />
      </div>
    </AnswerForm>
  );
}

const vehicleFields: (keyof Vehicle)[] = ["plate", "vin", "make", "model", "year"];
const noVehicle = () => ({ plate: "", vin: "", make: "", model: "", year: "" });

export function Vehicles(props: AnswerProps) {
  const { t } = useTranslation();
  const vehicles = useRows<Record<keyof Vehicle, string>>([noVehicle()]);
  const [problem, setProblem] = useState<number | null>(null);
  const sending = useAnswer(props);
  const submit = () => {
    const wrong = vehicles.rows.findIndex((row) => !/^\d{1,2}\/\d{1,5}$/.test(row.plate.trim()) || !/^[A-HJ-NPR-Z0-9]{17}$/.test(row.vin.trim().toUpperCase()) || !row.make.trim() || !row.model.trim() || !/^\d{4}$/.test(row.year.trim()));
    if (wrong >= 0) {
      setProblem(wrong);
      document.getElementById(`vehicle-plate-${wrong}`)?.focus();
      return;
    }
    setProblem(null);
    void sending.send("seizure-result", { vehicles: vehicles.rows.map((row) => ({ plate: row.plate.trim(), vin: row.vin.trim().toUpperCase(), make: row.make.trim(), model: row.model.trim(), year: Number(row.year) })) });
  };
  return (
    <AnswerForm
      id="answer-vehicles"
      title={t("agency.answers.seizure_result")}
      problem={problem !== null && t("agency.errors.vehicle", { number: problem + 1 })}
      sending={sending}
      onSubmit={submit}
      submit={{ label: t("agency.sendVehicles"), id: "vehicles-submit" }}
    >
      {vehicles.rows.map((row, index) => (
        <fieldset key={index} className="inline-fields vehicle-row">
          <legend>{t("agency.vehicleNumber", { number: index + 1 })}</legend>
          {vehicleFields.map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`vehicle-${field}-${index}`}>{t(`agency.vehicle.${field}`)}</label>
              <input id={`vehicle-${field}-${index}`} dir="ltr" value={row[field]} onChange={(event) => vehicles.update(index, { [field]: event.target.value })} aria-invalid={problem === index} />
            </div>
          ))}
        </fieldset>
      ))}
      <button type="button" className="button secondary small" onClick={() => vehicles.add(noVehicle)}>
        {t("agency.addVehicle")}
      </button>
    </AnswerForm>
  );
}

export function BanRegistration(props: AnswerProps) {
  const { t } = useTranslation();
  const [reference, setReference] = useState("");
  const required = useRequired("ban-reference");
  const sending = useAnswer(props);
  return (
    <AnswerForm
      id="answer-ban"
      title={t("agency.answers.ban_registered")}
      sending={sending}
      onSubmit={() => {
        if (required.filled(reference)) void sending.send("ban-registration", { reference: reference.trim() });
      }}
      submit={{ label: t("agency.sendRegistration"), id: "ban-submit" }}
    >
      <Field id="ban-reference" label={t("agency.banReference")} error={required.missing && t("disputes.referenceRequired")}>
        {(described) => <input id="ban-reference" dir="ltr" maxLength={50} value={reference} onChange={(event) => setReference(event.target.value)} {...described} />}
      </Field>
    </AnswerForm>
  );
}

export function Rejection(props: AnswerProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState<(typeof rejectionCodes)[number]>("UNKNOWN_PERSON");
  const [reason, setReason] = useState("");
  const required = useRequired("reject-reason");
  const sending = useAnswer(props);
  return (
    <AnswerForm
      id="answer-reject"
      title={t("agency.answers.reject")}
      sending={sending}
      onSubmit={() => {
        if (required.filled(reason)) void sending.send("rejection", { code, reason: reason.trim() });
      }}
      submit={{ label: t("agency.sendRejection"), id: "reject-submit", className: "button danger" }}
    >
      <SelectField
        id="reject-code"
        label={t("agency.rejectCode")}
        value={code}
        onChange={(value) => setCode(value as (typeof rejectionCodes)[number])}
        options={rejectionCodes.map((value) => ({ value, label: t(`agency.rejectCodes.${value}`) }))}
      />
      <Field id="reject-reason" label={t("agency.rejectReason")} error={required.missing && t("decisions.reasonsRequired")}>
        {(described) => <textarea id="reject-reason" rows={3} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} {...described} />}
      </Field>
    </AnswerForm>
  );
}

export function Transfer({ ordered, ...props }: AnswerProps & { ordered: ExchangedMessage }) {
  const { t } = useTranslation();
  const orderedAmount = typeof ordered.body.amount === "string" ? filsToKwd(ordered.body.amount) : "";
  const [amount, setAmount] = useState(formatAmount(orderedAmount, "en") ?? "");
  const [reference, setReference] = useState("");
  const [problem, setProblem] = useState<"transfer-amount" | "transfer-reference" | null>(null);
  const sending = useAnswer(props);
  const submit = () => {
    const parsed = parseAmountInput(amount);
    if (parsed === null || compareAmounts(parsed, "0") <= 0) return setProblem("transfer-amount");
    if (!reference.trim()) return setProblem("transfer-reference");
    setProblem(null);
    void sending.send("transfer-confirmation", { amount: parsed, transferReference: reference.trim() });
  };
  return (
    <AnswerForm
      id="answer-transfer"
      title={t("agency.answers.confirm_transfer")}
      intro={
        <p>
          {t("agency.transferOrdered")} <Kwd value={orderedAmount} />
          {typeof ordered.body.toIban === "string" ? (
            <>
              {" "}
              — IBAN <bdi dir="ltr">{ordered.body.toIban}</bdi>
            </>
          ) : null}
        </p>
      }
      problem={problem && t(problem === "transfer-amount" ? "pay.errors.amountInvalid" : "disputes.referenceRequired")}
      sending={sending}
      onSubmit={submit}
      submit={{ label: t("agency.sendTransfer") }}
    >
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="transfer-amount">{t("agency.transferAmount")}</label>
          <input id="transfer-amount" dir="ltr" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} aria-invalid={problem === "transfer-amount"} />
        </div>
        <div className="field">
          <label htmlFor="transfer-reference">{t("agency.transferReference")}</label>
          <input id="transfer-reference" dir="ltr" maxLength={50} value={reference} onChange={(event) => setReference(event.target.value)} aria-invalid={problem === "transfer-reference"} />
        </div>
      </div>
    </AnswerForm>
  );
}

/** An answer that needs nothing but the click (acknowledge, nothing held, lift confirmed). */
export function SimpleAnswer({ kind, path, tone = "", ...props }: AnswerProps & { kind: PortalAnswerKind; path: "acknowledgement" | "nothing-held" | "lift-confirmation"; tone?: string }) {
  const { t } = useTranslation();
  const sending = useAnswer(props);
  return (
    <div className="simple-answer">
      <button type="button" className={`button ${tone}`} id={`answer-${path}`} disabled={sending.busy} onClick={() => void sending.send(path, {})}>
        {t(`agency.answers.${kind}`)}
      </button>
      <span className="hint"> {t(`agency.answerHints.${kind}`)}</span>
      {sending.failure ? <ErrorMessage error={sending.failure} /> : null}
    </div>
  );
}
