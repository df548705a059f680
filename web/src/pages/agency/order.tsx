/**
 * One order sent to my agency (GET /api/v1/agency/orders/:id): the debtor, the file, what
 * is ordered (up to an amount, for a bank), what we answered so far and every message
 * exchanged; and the answers this kind of order takes at this moment — acknowledge,
 * declare the accounts and amounts frozen (absolute, the hub numbers them and applies the
 * cross-bank cap), nothing held, the vehicles flagged, the ban registered, a refusal, the
 * lift confirmed, a transfer confirmed. Each answer is the protocol message the agency's
 * machine would send, applied the same way (docs/agency-portal.md).
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { PortalAnswerKind } from "@domain/procedures/portal-answers.ts";
import { answer, api } from "../../api/client.ts";
import { useAgencyOrder } from "../../api/resources.ts";
import type { paths } from "../../api/schema.d.ts";
import type { AnswerResult, ApiBody, ExchangedMessage, PortalOrderDetail, Vehicle } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { Facts } from "../../components/facts.tsx";
import { Accounts, StatusHead } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { ErrorMessage, Ready } from "../../components/states.tsx";
import { Columns } from "../../components/table.tsx";
import { agencyName } from "../../components/vocabulary.ts";
import { compareAmounts, formatAmount, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { mayAnswer } from "./answers.ts";
import { AGENCY_POLL_MS } from "./orders.tsx";

const rejectionCodes = ["UNKNOWN_PERSON", "INVALID_ORDER", "NOT_ALLOWED", "OTHER"] as const;
const filsToKwd = (fils: string) => `${BigInt(fils) / 1000n}.${(BigInt(fils) % 1000n).toString().padStart(3, "0")}`;

/** The answers an order takes, each at its own address (…/orders/:orderId/<answer>). */
type AnswerAddress = Extract<keyof paths, `/api/v1/agency/orders/{orderId}/${string}`> extends `/api/v1/agency/orders/{orderId}/${infer A}` ? A : never;

/** Sends one answer (its body as the API takes it); reports what the hub did with it. */
function useAnswer(orderId: string, onAnswered: (result: AnswerResult) => void) {
  const sending = useAction();
  const send = <A extends AnswerAddress>(address: A, body: ApiBody<`/api/v1/agency/orders/{orderId}/${A}`>) =>
    sending.run(async () => {
      const route = `/api/v1/agency/orders/{orderId}/${address}` as "/api/v1/agency/orders/{orderId}/acknowledgement";
      onAnswered(await answer(api.POST(route, { params: { path: { orderId } }, body: body as never })));
    });
  return { send, failure: sending.failure, busy: sending.busy };
}

function AnswerCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card answer" aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
    </section>
  );
}

interface AccountRow {
  iban: string;
  frozen: string;
}

function Declaration({ order, onAnswered }: { order: PortalOrderDetail; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const previous = "accounts" in order.details && order.details.accounts ? order.details.accounts.map((account) => ({ iban: account.iban, frozen: account.frozen })) : [];
  const [rows, setRows] = useState<AccountRow[]>(previous.length > 0 ? previous : [{ iban: "", frozen: "" }]);
  const [others, setOthers] = useState("0");
  const [problem, setProblem] = useState<{ row: number; field: "iban" | "frozen" } | null>(null);
  const { send, failure, busy } = useAnswer(order.id, onAnswered);
  const update = (index: number, patch: Partial<AccountRow>) => setRows((list) => list.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    for (const [index, row] of rows.entries()) {
      const iban = row.iban.replace(/\s+/g, "").toUpperCase();
      if (!/^KW\d{2}[A-Z]{4}[A-Z0-9]{22}$/.test(iban)) {
        setProblem({ row: index, field: "iban" });
        document.getElementById(`declare-iban-${index}`)?.focus();
        return;
      }
      const frozen = parseAmountInput(row.frozen);
      if (frozen === null) {
        setProblem({ row: index, field: "frozen" });
        document.getElementById(`declare-frozen-${index}`)?.focus();
        return;
      }
    }
    setProblem(null);
    void send("declaration", {
      accounts: rows.map((row) => ({ iban: row.iban.replace(/\s+/g, "").toUpperCase(), frozen: parseAmountInput(row.frozen)! })),
      otherAttachments: Number.parseInt(others, 10) || 0,
    });
  };
  const total = rows.map((row) => parseAmountInput(row.frozen)).filter((amount): amount is string => amount !== null);
  const sum = total.reduce((acc, amount) => acc + BigInt(amount.replace(".", "")), 0n);
  const over = order.maxAmount !== null && compareAmounts(filsToKwd(sum.toString()), order.maxAmount) > 0;
  return (
    <AnswerCard id="answer-declare" title={t("agency.answers.declare")}>
      <p className="hint">{t("agency.declareHint")}</p>
      <form onSubmit={submit} noValidate>
        <div className="table-wrap">
          <table className="simple declare-table">
            <Columns labels={["IBAN", t("agency.frozen"), <span className="visually-hidden">{t("plans.remove")}</span>]} />
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  <td>
                    <input
                      id={`declare-iban-${index}`}
                      dir="ltr"
                      className="iban-input"
                      aria-label={t("agency.ibanOf", { number: index + 1 })}
                      value={row.iban}
                      onChange={(event) => update(index, { iban: event.target.value })}
                      aria-invalid={problem?.row === index && problem.field === "iban"}
                    />
                  </td>
                  <td>
                    <input
                      id={`declare-frozen-${index}`}
                      dir="ltr"
                      inputMode="decimal"
                      aria-label={t("agency.frozenOf", { number: index + 1 })}
                      value={row.frozen}
                      onChange={(event) => update(index, { frozen: event.target.value })}
                      aria-invalid={problem?.row === index && problem.field === "frozen"}
                    />
                  </td>
                  <td>
                    {rows.length > 1 ? (
                      <button type="button" className="link-button" onClick={() => setRows((list) => list.filter((_, at) => at !== index))} aria-label={t("plans.removeOf", { number: index + 1 })}>
                        {t("plans.remove")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="button secondary small" onClick={() => setRows((list) => [...list, { iban: "", frozen: "" }])}>
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
        {problem ? (
          <p className="error-text" role="alert">
            {t(problem.field === "iban" ? "agency.errors.iban" : "agency.errors.amount", { number: problem.row + 1 })}
          </p>
        ) : null}
        {failure ? <ErrorMessage error={failure} /> : null}
        <button type="submit" className="button" id="declare-submit" disabled={busy}>
          {t("agency.sendDeclaration")}
        </button>
      </form>
    </AnswerCard>
  );
}

function Vehicles({ order, onAnswered }: { order: PortalOrderDetail; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Record<keyof Vehicle, string>[]>([{ plate: "", vin: "", make: "", model: "", year: "" }]);
  const [problem, setProblem] = useState<number | null>(null);
  const { send, failure, busy } = useAnswer(order.id, onAnswered);
  const columns: (keyof Vehicle)[] = ["plate", "vin", "make", "model", "year"];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = rows.findIndex((row) => !/^\d{1,2}\/\d{1,5}$/.test(row.plate.trim()) || !/^[A-HJ-NPR-Z0-9]{17}$/.test(row.vin.trim().toUpperCase()) || !row.make.trim() || !row.model.trim() || !/^\d{4}$/.test(row.year.trim()));
    if (wrong >= 0) {
      setProblem(wrong);
      document.getElementById(`vehicle-plate-${wrong}`)?.focus();
      return;
    }
    setProblem(null);
    void send("seizure-result", { vehicles: rows.map((row) => ({ plate: row.plate.trim(), vin: row.vin.trim().toUpperCase(), make: row.make.trim(), model: row.model.trim(), year: Number(row.year) })) });
  };
  return (
    <AnswerCard id="answer-vehicles" title={t("agency.answers.seizure_result")}>
      <form onSubmit={submit} noValidate>
        {rows.map((row, index) => (
          <fieldset key={index} className="inline-fields vehicle-row">
            <legend>{t("agency.vehicleNumber", { number: index + 1 })}</legend>
            {columns.map((column) => (
              <div className="field" key={column}>
                <label htmlFor={`vehicle-${column}-${index}`}>{t(`agency.vehicle.${column}`)}</label>
                <input
                  id={`vehicle-${column}-${index}`}
                  dir="ltr"
                  value={row[column]}
                  onChange={(event) => setRows((list) => list.map((item, at) => (at === index ? { ...item, [column]: event.target.value } : item)))}
                  aria-invalid={problem === index}
                />
              </div>
            ))}
          </fieldset>
        ))}
        <button type="button" className="button secondary small" onClick={() => setRows((list) => [...list, { plate: "", vin: "", make: "", model: "", year: "" }])}>
          {t("agency.addVehicle")}
        </button>
        {problem !== null ? (
          <p className="error-text" role="alert">
            {t("agency.errors.vehicle", { number: problem + 1 })}
          </p>
        ) : null}
        {failure ? <ErrorMessage error={failure} /> : null}
        <p>
          <button type="submit" className="button" id="vehicles-submit" disabled={busy}>
            {t("agency.sendVehicles")}
          </button>
        </p>
      </form>
    </AnswerCard>
  );
}

function BanRegistration({ order, onAnswered }: { order: PortalOrderDetail; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState("");
  const [missing, setMissing] = useState(false);
  const { send, failure, busy } = useAnswer(order.id, onAnswered);
  return (
    <AnswerCard id="answer-ban" title={t("agency.answers.ban_registered")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!reference.trim()) {
            setMissing(true);
            document.getElementById("ban-reference")?.focus();
            return;
          }
          setMissing(false);
          void send("ban-registration", { reference: reference.trim() });
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor="ban-reference">{t("agency.banReference")}</label>
          <input id="ban-reference" dir="ltr" maxLength={50} value={reference} onChange={(event) => setReference(event.target.value)} aria-invalid={missing} />
          {missing ? (
            <p className="error-text" role="alert">
              {t("disputes.referenceRequired")}
            </p>
          ) : null}
        </div>
        {failure ? <ErrorMessage error={failure} /> : null}
        <button type="submit" className="button" id="ban-submit" disabled={busy}>
          {t("agency.sendRegistration")}
        </button>
      </form>
    </AnswerCard>
  );
}

function Rejection({ order, onAnswered }: { order: PortalOrderDetail; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState<(typeof rejectionCodes)[number]>("UNKNOWN_PERSON");
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const { send, failure, busy } = useAnswer(order.id, onAnswered);
  return (
    <AnswerCard id="answer-reject" title={t("agency.answers.reject")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason.trim()) {
            setMissing(true);
            document.getElementById("reject-reason")?.focus();
            return;
          }
          setMissing(false);
          void send("rejection", { code, reason: reason.trim() });
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor="reject-code">{t("agency.rejectCode")}</label>
          <select id="reject-code" value={code} onChange={(event) => setCode(event.target.value as (typeof rejectionCodes)[number])}>
            {rejectionCodes.map((value) => (
              <option key={value} value={value}>
                {t(`agency.rejectCodes.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reject-reason">{t("agency.rejectReason")}</label>
          <textarea id="reject-reason" rows={3} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={missing} />
          {missing ? (
            <p className="error-text" role="alert">
              {t("decisions.reasonsRequired")}
            </p>
          ) : null}
        </div>
        {failure ? <ErrorMessage error={failure} /> : null}
        <button type="submit" className="button danger" id="reject-submit" disabled={busy}>
          {t("agency.sendRejection")}
        </button>
      </form>
    </AnswerCard>
  );
}

function Transfer({ order, ordered, onAnswered }: { order: PortalOrderDetail; ordered: ExchangedMessage; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const orderedAmount = typeof ordered.body.amount === "string" ? filsToKwd(ordered.body.amount) : "";
  const [amount, setAmount] = useState(formatAmount(orderedAmount, "en") ?? "");
  const [reference, setReference] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const { send, failure, busy } = useAnswer(order.id, onAnswered);
  return (
    <AnswerCard id="answer-transfer" title={t("agency.answers.confirm_transfer")}>
      <p>
        {t("agency.transferOrdered")} <Kwd value={orderedAmount} />
        {typeof ordered.body.toIban === "string" ? (
          <>
            {" "}
            — IBAN <bdi dir="ltr">{ordered.body.toIban}</bdi>
          </>
        ) : null}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parseAmountInput(amount);
          if (parsed === null || compareAmounts(parsed, "0") <= 0) return setProblem("transfer-amount");
          if (!reference.trim()) return setProblem("transfer-reference");
          setProblem(null);
          void send("transfer-confirmation", { amount: parsed, transferReference: reference.trim() });
        }}
        noValidate
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
        {problem ? (
          <p className="error-text" role="alert">
            {t(problem === "transfer-amount" ? "pay.errors.amountInvalid" : "disputes.referenceRequired")}
          </p>
        ) : null}
        {failure ? <ErrorMessage error={failure} /> : null}
        <button type="submit" className="button" disabled={busy}>
          {t("agency.sendTransfer")}
        </button>
      </form>
    </AnswerCard>
  );
}

function SimpleAnswer({ order, kind, path, onAnswered, tone = "" }: { order: PortalOrderDetail; kind: PortalAnswerKind; path: "acknowledgement" | "nothing-held" | "lift-confirmation"; onAnswered: (result: AnswerResult) => void; tone?: string }) {
  const { t } = useTranslation();
  const { send, failure, busy } = useAnswer(order.id, onAnswered);
  return (
    <div className="simple-answer">
      <button type="button" className={`button ${tone}`} id={`answer-${path}`} disabled={busy} onClick={() => void send(path, {})}>
        {t(`agency.answers.${kind}`)}
      </button>
      <span className="hint"> {t(`agency.answerHints.${kind}`)}</span>
      {failure ? <ErrorMessage error={failure} /> : null}
    </div>
  );
}

function Messages({ messages }: { messages: ExchangedMessage[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="responsive messages" id="order-messages">
        <caption className="visually-hidden">{t("agency.messages")}</caption>
        <Columns labels={[t("agency.when"), t("agency.direction"), t("agency.messageType"), t("agency.channel")]} />
        <tbody>
          {messages.map((message) => (
            <tr key={message.id} data-type={message.type} data-direction={message.direction}>
              <td data-label={t("agency.when")}>
                <DateTime iso={message.createdAt} />
              </td>
              <td data-label={t("agency.direction")}>{t(message.direction === "out" ? "agency.fromHub" : "agency.fromUs")}</td>
              <th scope="row" data-label={t("agency.messageType")}>
                {i18n.exists(`agency.messageTypes.${message.type}`) ? t(`agency.messageTypes.${message.type}`) : <code dir="ltr">{message.type}</code>}
              </th>
              <td data-label={t("agency.channel")}>{t(`agency.channels.${message.channel}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgencyOrderPage() {
  const { t } = useTranslation();
  const { orderId = "" } = useParams();
  const [result, setResult] = useState<AnswerResult | null>(null);
  const order = useAgencyOrder(orderId, { pollMs: AGENCY_POLL_MS });
  usePageTitle(t("agency.orderTitle"));
  const answered = (given: AnswerResult) => {
    setResult(given);
    order.reload();
    requestAnimationFrame(() => document.getElementById("answer-result")?.focus());
  };
  return <Ready resource={order}>{(shown) => <OrderView shown={shown} result={result} onAnswered={answered} />}</Ready>;
}

function OrderView({ shown, result, onAnswered: answered }: { shown: PortalOrderDetail; result: AnswerResult | null; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const transferOrder = shown.messages.find((message) => message.direction === "out" && message.type === "transfer.order");
  const transferConfirmed = shown.messages.some((message) => message.direction === "in" && message.type === "transfer.confirmation");
  const details = shown.details;

  return (
    <div className="agency-order-page" data-order-id={shown.id} data-order-status={shown.status}>
      <p>
        <Link to="/agency">{t("agency.back")}</Link>
      </p>
      <StatusHead title={t(`vocab.procedureKind.${shown.orderType}`)}>
        <span className={`badge order-status order-${shown.status}`} id="order-status">
          {t(`vocab.orderStatus.${shown.status}`, { defaultValue: t("actions.other") })}
        </span>
        {shown.deadlineMissed ? <span className="badge late">{t("agency.late")}</span> : null}
      </StatusHead>
      {result ? (
        <p className={`notice ${result.outcome === "applied" ? "success" : ""}`} role="status" id="answer-result" tabIndex={-1} data-outcome={result.outcome}>
          {t(result.outcome === "applied" ? "agency.applied" : "agency.ignored")}
          {result.reason ? (
            <>
              {" "}
              <code dir="ltr">{result.reason}</code>
            </>
          ) : null}
        </p>
      ) : null}
      <section className="card" aria-labelledby="order-facts">
        <h2 id="order-facts">{t("agency.theOrder")}</h2>
        <Facts
          className="facts inline"
          facts={[
            {
              label: t("agency.debtor"),
              value: (
                <>
                  {lang === "ar" ? shown.debtor.nameAr : shown.debtor.nameEn}{" "}
                  <bdi dir="ltr" id="debtor-id">
                    {shown.debtor.civilId ?? shown.debtor.crNumber}
                  </bdi>
                </>
              ),
            },
            { label: t("agency.file"), value: <bdi dir="ltr">{shown.fileNumber}</bdi> },
            { label: t("agency.agency"), value: agencyName(shown.agencyKey, t) },
            shown.maxAmount && { label: t("agency.upTo"), value: <Kwd value={shown.maxAmount} />, id: "max-amount" },
            shown.orderType === "bank_attachment" && { label: t("agency.declared"), value: <Kwd value={shown.frozenDeclared} /> },
            shown.orderType === "bank_attachment" && { label: t("agency.heldUnderOrder"), value: <Kwd value={shown.amountHeld} />, id: "amount-held" },
            { label: t("agency.received"), value: <DateTime iso={shown.sentAt} /> },
            { label: t("agency.answerDue"), value: <DateTime iso={shown.answerDueAt} /> },
          ]}
        />
        {details.accounts && details.accounts.length > 0 ? (
          <>
            <h3 className="h4">{t("agency.declaredAccounts")}</h3>
            <Accounts accounts={details.accounts} id="declared-accounts" />
          </>
        ) : null}
        {details.vehicles && details.vehicles.length > 0 ? (
          <ul className="accounts">
            {details.vehicles.map((vehicle) => (
              <li key={vehicle.vin}>
                <bdi dir="ltr">
                  {vehicle.plate} — {vehicle.make} {vehicle.model} {vehicle.year}
                </bdi>
              </li>
            ))}
          </ul>
        ) : null}
        {details.reference ? (
          <p>
            {t("agency.banReference")}: <bdi dir="ltr">{details.reference}</bdi>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="answers-title">
        <h2 id="answers-title">{t("agency.answerTitle")}</h2>
        {mayAnswer("acknowledge", shown) ? <SimpleAnswer order={shown} kind="acknowledge" path="acknowledgement" onAnswered={answered} tone="secondary" /> : null}
        {mayAnswer("declare", shown) ? <Declaration key={`${shown.status}-${shown.declarationSequence}`} order={shown} onAnswered={answered} /> : null}
        {mayAnswer("seizure_result", shown) ? <Vehicles order={shown} onAnswered={answered} /> : null}
        {mayAnswer("ban_registered", shown) ? <BanRegistration order={shown} onAnswered={answered} /> : null}
        {mayAnswer("nothing_held", shown) ? <SimpleAnswer order={shown} kind="nothing_held" path="nothing-held" onAnswered={answered} tone="secondary" /> : null}
        {mayAnswer("confirm_lift", shown) ? <SimpleAnswer order={shown} kind="confirm_lift" path="lift-confirmation" onAnswered={answered} /> : null}
        {transferOrder && !transferConfirmed ? <Transfer order={shown} ordered={transferOrder} onAnswered={answered} /> : null}
        {mayAnswer("reject", shown) ? <Rejection order={shown} onAnswered={answered} /> : null}
        {!shown.awaitingAnswer && !(transferOrder && !transferConfirmed) && !mayAnswer("declare", shown) ? <p className="muted">{t("agency.nothingToAnswer")}</p> : null}
      </section>

      <section aria-labelledby="messages-title">
        <h2 id="messages-title">{t("agency.messages")}</h2>
        <Messages messages={shown.messages} />
      </section>
    </div>
  );
}
